"""The OWL API (in owlready2's HermiT.jar) and HermiT, run with java: the way Protégé sees us.

Needs Java: without it these tests skip on a laptop, and fail under CI=true (see ``java``).
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from sovkg import export as ex
from sovkg import owlapi
from sovkg.resources import ontology_file, resource_dir

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
ONTOLOGY_IRI = "https://w3id.org/sovkg/ontology"
DATA_ONTOLOGY_IRI = "https://w3id.org/sovkg/data"
CATALOG = resource_dir("ontology") / "catalog-v001.xml"

HEADER = """\
@prefix : <urn:x:> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:x:o> a owl:Ontology .
"""


def require_java(in_ci: bool) -> None:
    """Skip the calling test when Java or HermiT.jar is missing, unless ``in_ci``: then fail."""
    try:
        owlapi.hermit_jar()
        owlapi.java_tools()
    except owlapi.JavaUnavailableError as exc:
        if in_ci:
            pytest.fail(f"CI=true and the OWL API check cannot run: {exc}")
        pytest.skip(f"the OWL API check cannot run here: {exc}")


@pytest.fixture(scope="module")
def java() -> None:
    """Java and HermiT.jar are present (see :func:`require_java`)."""
    require_java(IN_CI)


def fixture(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / f"{name}.ttl"
    path.write_text(HEADER + textwrap.dedent(body), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the project


@pytest.fixture(scope="module")
def ontology_result(java: None) -> owlapi.OwlCheckResult:
    """The check of ontology/sovkg.ttl alone, run once."""
    return owlapi.check_ontology()


def test_ontology_alone_is_owl2_dl_consistent_and_satisfiable(
    ontology_result: owlapi.OwlCheckResult,
) -> None:
    result = ontology_result
    assert result.ontology_iri == ONTOLOGY_IRI
    assert result.format == "Turtle"
    assert result.profile_violations == []
    assert result.unparsed_triples == []
    assert (result.consistent, result.classified, result.unsatisfiable) == (True, True, [])
    assert result.reasoner_error is None
    assert result.imports == 0
    assert result.ok


def test_merged_rdfxml_export_is_owl2_dl_consistent_and_classified(
    ontology_result: owlapi.OwlCheckResult,
) -> None:
    export = ex.export("xml")
    result = owlapi.check_export()
    assert result.ontology_iri == DATA_ONTOLOGY_IRI
    assert result.format == "RDF/XML"
    assert result.triples == export.statements  # the OWL API read every triple written
    assert result.profile_violations == []
    assert result.unparsed_triples == []
    assert (result.consistent, result.classified, result.unsatisfiable) == (True, True, [])
    assert result.reasoner_error is None
    assert result.imports == 0
    # The data's individuals are there: far more axioms than in the ontology alone.
    assert result.axioms > ontology_result.axioms + 500
    assert set(result.millis) == {"load", "profile", "consistency", "classification"}


def test_inferred_rdfxml_export_is_owl2_dl_too(java: None, tmp_path: Path) -> None:
    export = ex.export("xml", inferred=True)
    path = tmp_path / "sovkg-inferred.rdf"
    ex.write_export(export, path)
    result = owlapi.check(path)
    assert result.triples == export.statements
    assert result.ok, result.problems()


def test_merged_turtle_export_is_read_the_same_way(java: None, tmp_path: Path) -> None:
    export = ex.export("turtle")
    path = tmp_path / "sovkg.ttl"
    path.write_bytes(export.data)
    result = owlapi.check(path)
    assert result.ontology_iri == ONTOLOGY_IRI
    assert result.format == "Turtle"
    # OWL API 3.4's Turtle parser counts collection triples its own way, so no exact count here
    # (the RDF/XML test above checks it exactly).
    assert result.triples is not None and result.triples >= export.statements
    assert (result.profile_violations, result.unparsed_triples) == ([], [])
    assert (result.consistent, result.classified, result.unsatisfiable) == (True, True, [])


def test_data_only_export_beside_the_catalog_imports_the_ontology_offline(
    ontology_result: owlapi.OwlCheckResult, tmp_path: Path
) -> None:
    (tmp_path / "sovkg.ttl").write_bytes(ontology_file().read_bytes())
    (tmp_path / "catalog-v001.xml").write_bytes(CATALOG.read_bytes())
    target = tmp_path / "data.rdf"
    ex.write_export(ex.export("xml", ontology=False, output=target), target)
    result = owlapi.check(target)  # reads the catalog beside the document, like Protégé
    assert result.imports == 1
    assert result.closure_axioms == result.axioms + ontology_result.axioms
    assert result.ok, result.problems()


def test_the_catalog_resolves_the_ontology_iri_and_its_version_iri(
    java: None, tmp_path: Path
) -> None:
    entries = owlapi.catalog_entries(CATALOG)
    assert set(entries) == {ONTOLOGY_IRI, f"{ONTOLOGY_IRI}/{ex_version()}"}
    for iri in entries:
        path = fixture(tmp_path, "importer", f"<urn:x:o> owl:imports <{iri}> .\n")
        result = owlapi.check(path, catalog=CATALOG, reasoner=False)
        assert (result.imports, result.profile_violations, result.unparsed_triples) == (
            1,
            [],
            [],
        ), iri
    with pytest.raises(owlapi.OwlApiError, match="Could not load imported ontology"):
        owlapi.check(path)  # no catalog: the import cannot resolve, and nothing is fetched


def ex_version() -> str:
    from rdflib import Graph, URIRef
    from rdflib.namespace import OWL

    graph = Graph().parse(ontology_file(), format="turtle")
    return str(graph.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo))


# --------------------------------------------------------------------------- negative controls


def test_gyear_literal_stops_hermit(java: None, tmp_path: Path) -> None:
    path = fixture(
        tmp_path,
        "gyear",
        """\
        :year a owl:DatatypeProperty .
        :e a owl:NamedIndividual ; :year "1925"^^xsd:gYear .
        """,
    )
    result = owlapi.check(path)
    assert result.reasoner_error is not None
    assert result.reasoner_error.startswith("UnsupportedDatatypeException:")
    assert "http://www.w3.org/2001/XMLSchema#gYear" in result.reasoner_error
    assert (result.consistent, result.classified, result.ok) == (False, False, False)
    assert "HermiT could not reason: UnsupportedDatatypeException" in result.problems()[0]


def test_individual_in_two_disjoint_classes_is_inconsistent(java: None, tmp_path: Path) -> None:
    path = fixture(
        tmp_path,
        "disjoint",
        """\
        :A a owl:Class . :B a owl:Class . :A owl:disjointWith :B .
        :i a owl:NamedIndividual , :A , :B .
        """,
    )
    result = owlapi.check(path)
    assert result.profile_violations == []
    assert (result.consistent, result.classified, result.reasoner_error) == (False, False, None)
    assert result.problems() == ["HermiT: the ontology is inconsistent"]


def test_subclass_of_two_disjoint_classes_is_unsatisfiable(java: None, tmp_path: Path) -> None:
    path = fixture(
        tmp_path,
        "unsat",
        """\
        :A a owl:Class . :B a owl:Class . :A owl:disjointWith :B .
        :C a owl:Class ; rdfs:subClassOf :A , :B .
        """,
    )
    result = owlapi.check(path)
    assert (result.consistent, result.classified, result.unsatisfiable) == (True, True, ["urn:x:C"])
    assert result.problems() == ["unsatisfiable class: urn:x:C"]


def test_langstring_range_is_a_profile_violation(java: None, tmp_path: Path) -> None:
    path = fixture(
        tmp_path, "langstring", ":name a owl:DatatypeProperty ; rdfs:range rdf:langString .\n"
    )
    result = owlapi.check(path, reasoner=False)
    kinds = sorted({v.split(":")[0] for v in result.profile_violations})
    assert kinds == [
        "IllegalPunning",
        "UseOfReservedVocabularyForClassIRI",
        "UseOfUndeclaredClass",
        "UseOfUndeclaredObjectProperty",
    ]
    assert not result.ok


def test_undeclared_property_is_reported_as_violation_and_unparsed(
    java: None, tmp_path: Path
) -> None:
    path = fixture(tmp_path, "undeclared", ":A a owl:Class ; :undeclared :B . :B a owl:Class .\n")
    result = owlapi.check(path)
    assert result.profile_violations == [
        "UseOfUndeclaredAnnotationProperty: Use of undeclared annotation property: "
        "<urn:x:undeclared> [AnnotationAssertion(<urn:x:undeclared> <urn:x:A> <urn:x:B>) "
        "in OntologyID(OntologyIRI(<urn:x:o>))]"
    ]
    assert result.unparsed_triples == ["<urn:x:A> <urn:x:undeclared> <urn:x:B>."]


def test_unparseable_document_raises(java: None, tmp_path: Path) -> None:
    path = tmp_path / "garbage.ttl"
    path.write_text("this is not rdf\n")
    with pytest.raises(owlapi.OwlApiError, match=r"cannot load .*garbage\.ttl: Unparsable"):
        owlapi.check(path)


def test_source_launcher_gives_the_same_answer(java: None, tmp_path: Path) -> None:
    path = fixture(
        tmp_path,
        "unsat",
        ":A a owl:Class . :B a owl:Class . :A owl:disjointWith :B .\n"
        ":C a owl:Class ; rdfs:subClassOf :A , :B .\n",
    )
    compiled = owlapi.check(path)
    launched = owlapi.check(path, compile_java=False)
    assert (launched.unsatisfiable, launched.consistent) == (compiled.unsatisfiable, True)


def test_compiled_program_is_cached_by_content(java: None, tmp_path: Path) -> None:
    tools, jar = owlapi.java_tools(), owlapi.hermit_jar()
    first = owlapi.compiled_classes(tools, jar, cache=tmp_path)
    stamp = (first / "OwlCheck.class").stat().st_mtime_ns
    second = owlapi.compiled_classes(tools, jar, cache=tmp_path)
    assert first == second
    assert first.parent == tmp_path / "java"
    assert first.name.startswith("owlcheck-")
    assert (second / "OwlCheck.class").stat().st_mtime_ns == stamp
    assert [p.name for p in (tmp_path / "java").iterdir()] == [first.name]


# --------------------------------------------------------------------------- without Java


def test_missing_java_is_a_typed_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(owlapi.JavaUnavailableError, match="java is not installed") as info:
        owlapi.java_tools()
    assert info.value.exit_code == 2


def test_missing_java_fails_under_ci_and_skips_otherwise(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        require_java(in_ci=True)
    with pytest.raises(pytest.skip.Exception):
        require_java(in_ci=False)


def test_hermit_jar_is_found_in_owlready2_or_named_by_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(owlapi.HERMIT_ENV, raising=False)
    jar = owlapi.hermit_jar()
    assert jar.name == "HermiT.jar"
    assert "owlready2" in jar.parts
    monkeypatch.setenv(owlapi.HERMIT_ENV, str(tmp_path / "missing.jar"))
    with pytest.raises(owlapi.JavaUnavailableError, match=r"missing\.jar"):
        owlapi.hermit_jar()


def test_output_lines_are_parsed_into_the_result() -> None:
    text = (
        'ontology\t"urn:x:o"\nformat\t"RDF/XML"\naxioms\t12\nlogical_axioms\t4\nimports\t0\n'
        'closure_axioms\t12\ntriples\t20\nprofile_violation\t"UseOfUndeclaredClass: \\"x\\""\n'
        'unparsed_triple\t"<urn:a> <urn:b> <urn:c>."\n'
        'translated_unparsed_triple\t"<urn:x:o> <urn:l> <urn:c>."\n'
        'millis\t"load"\t31\nconsistent\ttrue\nunsatisfiable\t"urn:x:C"\nclassified\ttrue\n'
    )
    result = owlapi.parse_output(text, "doc.rdf")
    assert result == owlapi.OwlCheckResult(
        document="doc.rdf",
        ontology_iri="urn:x:o",
        format="RDF/XML",
        axioms=12,
        logical_axioms=4,
        imports=0,
        closure_axioms=12,
        triples=20,
        profile_violations=['UseOfUndeclaredClass: "x"'],
        unparsed_triples=["<urn:a> <urn:b> <urn:c>."],
        consistent=True,
        classified=True,
        unsatisfiable=["urn:x:C"],
        reasoner_error=None,
        millis={"load": 31},
    )
    assert not result.ok


# --------------------------------------------------------------------------- sovkg owl-check


def test_owl_check_command_passes_the_ontology_and_the_export(java: None, cli) -> None:
    outcome = cli(["owl-check"])
    assert (outcome.exit_code, outcome.stderr) == (0, "")
    ontology, export = outcome.stdout.splitlines()
    assert ontology.startswith("ontology: Turtle, ") and export.startswith("export: RDF/XML, ")
    for line in (ontology, export):
        assert ", OWL 2 DL, 0 unparsed triples, HermiT: consistent, classified, " in line
        assert "0 unsatisfiable classes" in line


def test_owl_check_command_reports_an_inconsistent_export(java: None, cli, tmp_path: Path) -> None:
    shapes = Path(__file__).parent / "data" / "shapes"
    for name in ("base.trig", "broken/disjoint-person-place.trig"):
        (tmp_path / Path(name).name).write_bytes((shapes / name).read_bytes())
    outcome = cli(["owl-check", "--what", "export", "--data", str(tmp_path)])
    assert outcome.exit_code == 1
    lines = outcome.stdout.splitlines()
    assert lines[0].startswith("export: RDF/XML, ") and "HermiT: inconsistent" in lines[0]
    assert lines[1:] == ["export: HermiT: the ontology is inconsistent"]
    assert outcome.stderr == "sovkg: error: 1 problem in export\n"


def test_owl_check_command_json_has_every_figure(java: None, cli) -> None:
    import json

    outcome = cli(["owl-check", "--what", "ontology", "--format", "json"])
    assert outcome.exit_code == 0
    report = json.loads(outcome.stdout)
    assert list(report) == ["ontology"]
    assert report["ontology"]["ok"] is True
    assert report["ontology"]["ontology_iri"] == ONTOLOGY_IRI
    assert report["ontology"]["profile_violations"] == []


def test_owl_check_command_without_hermit_is_one_line_and_exit_2(
    cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(owlapi.HERMIT_ENV, str(tmp_path / "missing.jar"))
    outcome = cli(["owl-check"])
    assert (outcome.exit_code, outcome.stdout) == (2, "")
    assert len(outcome.stderr.splitlines()) == 1
    assert "missing.jar" in outcome.stderr and "Traceback" not in outcome.stderr


# --------------------------------------------------------------------------- with PROV-O


PROV_O_AXIOMS = """\
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
prov:Activity owl:disjointWith prov:Entity .
prov:wasDerivedFrom rdfs:domain prov:Entity ; rdfs:range prov:Entity .
prov:wasQuotedFrom rdfs:domain prov:Entity ; rdfs:range prov:Entity .
prov:used rdfs:domain prov:Activity ; rdfs:range prov:Entity .
prov:wasAssociatedWith rdfs:domain prov:Activity ; rdfs:range prov:Agent .
prov:value rdfs:domain prov:Entity .
"""
"""The axioms of PROV-O (https://www.w3.org/ns/prov-o) that constrain the terms sovkg aligns to:
its classes' disjointness and its properties' domains and ranges."""


def test_merged_export_stays_consistent_with_prov_o_axioms(java: None, tmp_path: Path) -> None:
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=ex.export("xml").data, format="xml")
    graph.parse(data=PROV_O_AXIOMS, format="turtle")
    path = tmp_path / "with-prov.rdf"
    path.write_bytes(graph.serialize(format="xml", encoding="utf-8"))
    result = owlapi.check(path)
    # an event that cites its source is an activity, never also a PROV entity
    assert (result.consistent, result.classified, result.unsatisfiable) == (True, True, [])
    assert result.profile_violations == []


def test_prov_o_axioms_catch_an_activity_that_is_an_entity(java: None, tmp_path: Path) -> None:
    path = fixture(
        tmp_path,
        "prov",
        """\
        <http://www.w3.org/ns/prov#Activity> a owl:Class ;
            owl:disjointWith <http://www.w3.org/ns/prov#Entity> .
        <http://www.w3.org/ns/prov#Entity> a owl:Class .
        :Both a owl:Class ; rdfs:subClassOf <http://www.w3.org/ns/prov#Activity> ,
            <http://www.w3.org/ns/prov#Entity> .
        """,
    )
    assert owlapi.check(path).unsatisfiable == ["urn:x:Both"]
