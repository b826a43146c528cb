"""sovkg export: every format round-trips, is deterministic, atomic, and carries the OWL header.

The source graph is rebuilt here independently of sovkg.export (plain rdflib parsing of the
ontology and data files), so the round-trip tests compare the export with the files themselves.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import OWL, RDF, RDFS

from sovkg import export as ex
from sovkg.errors import OutputError
from sovkg.resources import ontology_file, resource_dir

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
ONTOLOGY = URIRef("https://w3id.org/sovkg/ontology")
DATA_ONTOLOGY = URIRef("https://w3id.org/sovkg/data")
EX = rdflib.Namespace("http://example.org/")
CATALOG_NS = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"

ALL_FORMATS = [pytest.param(name, id=name) for name in ex.FORMATS]
MERGED_FORMATS = [pytest.param(n, id=n) for n, f in ex.FORMATS.items() if not f.quads]
QUAD_FORMATS = [pytest.param(n, id=n) for n, f in ex.FORMATS.items() if f.quads]
OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}

CYCLE_TTL = """\
@prefix ex: <http://example.org/> .
_:a ex:next _:b .
_:b ex:next _:c .
_:c ex:next _:a .
_:a ex:label "a" .
_:self ex:same _:self .
ex:root ex:ring _:a .
"""
"""Blank nodes that only reference each other (the case rdflib's JSON-LD writer drops)."""

SHARED_TRIG = """\
@prefix ex: <http://example.org/> .
ex:g1 { _:x ex:p ex:o1 . ex:s ex:q _:x . }
ex:g2 { _:x ex:p ex:o2 . _:y ex:p _:x . }
{ _:y ex:label "y"@en . ex:s ex:n "01"^^<http://www.w3.org/2001/XMLSchema#integer> .
  ex:s ex:t "quote \\" and \\\\ and\\nnewline" . }
"""
"""Blank nodes shared across named graphs, a non-canonical integer, escapes."""


# --------------------------------------------------------------------------- helpers


def source_dataset(data_dir: Path = DATA, *, ontology: bool = True) -> Dataset:
    """The ontology and data files parsed by plain rdflib, the ontology in the default graph."""
    dataset = Dataset()
    if ontology:
        dataset.default_graph.parse(ontology_file(), format="turtle")
    for path in sorted(data_dir.iterdir()):
        fmt = {".trig": "trig", ".ttl": "turtle", ".nt": "nt", ".nq": "nquads"}.get(path.suffix)
        if fmt in ("trig", "nquads"):
            dataset.parse(path, format=fmt)
        elif fmt is not None:
            dataset.default_graph.parse(path, format=fmt)
    return dataset


def merged(dataset: Dataset) -> Graph:
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def graphs_of(dataset: Dataset) -> dict[str, Graph]:
    """Graph name (N3, "" for the default graph) -> its triples, non-empty graphs only."""
    result: dict[str, Graph] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = g.identifier if isinstance(g, Graph) else g
        key = "" if name in (None, DATASET_DEFAULT_GRAPH_ID) else name.n3()
        result.setdefault(key, Graph()).add((s, p, o))
    return result


def parse_back(data: bytes, fmt: str) -> Dataset:
    dataset = Dataset()
    rdflib_name = ex.FORMATS[fmt].rdflib_name
    if ex.FORMATS[fmt].quads:
        dataset.parse(data=data, format=rdflib_name)
    else:
        dataset.default_graph.parse(data=data, format=rdflib_name)
    return dataset


def without_subject(graph: Graph, subject: URIRef) -> Graph:
    result = Graph()
    for triple in graph:
        if triple[0] != subject:
            result.add(triple)
    return result


def write_fixture(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("fmt", MERGED_FORMATS)
def test_merged_format_round_trips_to_the_source_files(fmt: str) -> None:
    result = ex.export(fmt)
    parsed = merged(parse_back(result.data, fmt))
    expected = merged(source_dataset())
    if fmt == "xml":
        # The OWL document swaps the ontology's header for the data ontology's (tested below).
        header = Graph()
        for triple in parsed.triples((DATA_ONTOLOGY, None, None)):
            header.add(triple)
        expected = without_subject(expected, ONTOLOGY)
        parsed = without_subject(parsed, DATA_ONTOLOGY)
        assert len(header) == 8
    assert len(parsed) == len(expected)
    assert isomorphic(parsed, expected)
    assert result.round_trip.ok
    assert (
        result.statements == result.round_trip.parsed == len(merged(parse_back(result.data, fmt)))
    )
    assert result.graphs == 0


@pytest.mark.parametrize("fmt", QUAD_FORMATS)
def test_quad_format_keeps_every_named_graph(fmt: str) -> None:
    result = ex.export(fmt)
    parsed = graphs_of(parse_back(result.data, fmt))
    expected = graphs_of(source_dataset())
    assert sorted(parsed) == sorted(expected)
    for name, graph in expected.items():
        assert len(parsed[name]) == len(graph), name
        assert isomorphic(parsed[name], graph), name
    total = sum(len(g) for g in expected.values())
    assert result.statements == total
    assert result.graphs == len(expected) - 1  # the default graph is not a named graph
    assert result.graphs > 60  # one per citation


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_a_second_parser_reads_the_same_number_of_statements(fmt: str) -> None:
    """pyoxigraph (no literal normalisation, its own JSON-LD and RDF/XML parsers) agrees."""
    result = ex.export(fmt)
    quads = list(ox.parse(result.data, format=OX_FORMATS[fmt]))
    assert len(set(quads)) == result.statements


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_blank_node_cycles_and_shared_blank_nodes_survive(fmt: str, tmp_path: Path) -> None:
    folder = write_fixture(tmp_path / "data", "cycle.ttl", CYCLE_TTL)
    write_fixture(folder, "shared.trig", SHARED_TRIG)
    result = ex.export(fmt, folder, ontology=False)
    source = source_dataset(folder, ontology=False)
    parsed = parse_back(result.data, fmt)
    if ex.FORMATS[fmt].quads:
        check = ex.compare(ex.dataset_quads(source), ex.dataset_quads(parsed))
        assert (check.ok, check.expected, check.parsed) == (True, 13, 13)
    else:
        expected = merged(source)
        got = merged(parsed)
        if fmt == "xml":
            got = without_subject(got, DATA_ONTOLOGY)
        assert len(got) == len(expected) == 13
        assert isomorphic(got, expected)
    assert result.round_trip.ok


def test_literals_keep_their_lexical_form(tmp_path: Path) -> None:
    folder = write_fixture(tmp_path / "data", "shared.trig", SHARED_TRIG)
    lines = ex.export("nquads", folder, ontology=False).data.decode("utf-8").splitlines()
    integer = '"01"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert [line for line in lines if integer in line] == [
        f"<http://example.org/s> <http://example.org/n> {integer} ."
    ]
    assert (
        '<http://example.org/s> <http://example.org/t> "quote \\" and \\\\ and\\nnewline" .'
        in lines
    )


def test_rdflib_jsonld_writer_loses_the_cycle_and_the_check_catches_it(tmp_path: Path) -> None:
    folder = write_fixture(tmp_path / "data", "cycle.ttl", CYCLE_TTL)
    quads = ex.build(folder, "jsonld", ontology=False)
    native = ex.to_graph(quads).serialize(format="json-ld", encoding="utf-8")
    check = ex.compare(quads, ex.parse(native, "jsonld"))
    assert not check.ok
    assert check.expected == 6
    assert check.parsed < 6
    assert "wrote 6 statements, parsed back" in check.describe()


def test_a_lossy_serializer_makes_the_export_fail_and_write_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli
) -> None:
    folder = write_fixture(tmp_path / "data", "cycle.ttl", CYCLE_TTL)

    def rdflib_jsonld(quads, fmt):
        return ex.to_graph(quads).serialize(format="json-ld", encoding="utf-8")

    monkeypatch.setattr(ex, "serialize", rdflib_jsonld)
    with pytest.raises(OutputError, match="jsonld serialization is not faithful"):
        ex.export("jsonld", folder, ontology=False)
    target = tmp_path / "out.jsonld"
    target.write_bytes(b"old content\n")
    outcome = cli(["export", "--data", str(folder), "--no-ontology", "-o", str(target)])
    assert outcome.exit_code == 2
    assert outcome.stderr.count("\n") == 1
    assert outcome.stderr.startswith("sovkg: error: the jsonld serialization is not faithful")
    assert target.read_bytes() == b"old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out.jsonld"]


def test_compare_notices_an_altered_literal() -> None:
    quads = [(EX.s, EX.p, Literal("one"), None)]
    check = ex.compare(quads, [(EX.s, EX.p, Literal("two"), None)])
    assert (check.ok, check.isomorphic, check.expected, check.parsed) == (False, False, 1, 1)
    assert check.missing == ('<http://example.org/s> <http://example.org/p> "one" .\n',)
    assert check.extra == ('<http://example.org/s> <http://example.org/p> "two" .\n',)


def test_compare_notices_a_statement_moved_to_another_graph() -> None:
    check = ex.compare([(EX.s, EX.p, EX.o, EX.g1)], [(EX.s, EX.p, EX.o, EX.g2)])
    assert (check.ok, check.isomorphic, check.expected, check.parsed) == (False, False, 1, 1)


def test_compare_notices_a_lost_blank_node_statement() -> None:
    a, b = BNode(), BNode()
    check = ex.compare([(a, EX.p, b, None), (b, EX.p, a, None)], [(a, EX.p, b, None)])
    assert (check.ok, check.expected, check.parsed) == (False, 2, 1)


# --------------------------------------------------------------------------- determinism

_EXPORT_ALL = """
import hashlib, sys
from sovkg.export import FORMATS, build, serialize
cases = [(fmt, None, {}) for fmt in FORMATS]
cases += [(fmt, None, {"inferred": True}) for fmt in ("turtle", "xml", "trig")]
cases += [(fmt, sys.argv[1], {"ontology": False}) for fmt in FORMATS]
for fmt, folder, options in cases:
    data = serialize(build(folder, fmt, **options), fmt)
    print(fmt, folder is not None, options, hashlib.sha256(data).hexdigest(), len(data))
"""
"""Prints one digest per export: the real data in every format, three inferred exports, and
the blank-node fixtures in every format. Serialization only: the round trip is tested above."""


def _digests(seed: str, fixtures: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _EXPORT_ALL, str(fixtures)],
        env={**os.environ, "PYTHONHASHSEED": seed},
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return done.stdout.splitlines()


def test_every_export_is_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    folder = write_fixture(tmp_path / "data", "cycle.ttl", CYCLE_TTL)
    write_fixture(folder, "shared.trig", SHARED_TRIG)
    runs = [_digests(seed, folder) for seed in ("0", "1", "2")]
    assert runs[0] == runs[1] == runs[2]
    assert len(runs[0]) == 2 * len(ex.FORMATS) + 3


def test_cli_output_is_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    digests = set()
    for seed in ("0", "1", "2"):
        target = tmp_path / f"out-{seed}.trig"
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from sovkg.cli import main; main()",
                "export",
                "-o",
                str(target),
            ],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            timeout=300,
            check=True,
        )
        digests.add(hashlib.sha256(target.read_bytes()).hexdigest())
    assert len(digests) == 1


# --------------------------------------------------------------------------- the OWL document


def test_xml_export_has_one_ontology_header_and_no_imports() -> None:
    graph = merged(parse_back(ex.export("xml").data, "xml"))
    assert set(graph.subjects(RDF.type, OWL.Ontology)) == {DATA_ONTOLOGY}
    assert list(graph.objects(None, OWL.imports)) == []
    version = ontology_version()
    assert set(graph.objects(DATA_ONTOLOGY, OWL.versionIRI)) == {
        URIRef(f"https://w3id.org/sovkg/data/{version}")
    }
    assert set(graph.objects(DATA_ONTOLOGY, RDFS.seeAlso)) == {ONTOLOGY}
    assert set(graph.objects(DATA_ONTOLOGY, URIRef("http://purl.org/dc/terms/license"))) == {
        URIRef("https://creativecommons.org/licenses/by/4.0/")
    }
    assert list(graph.triples((ONTOLOGY, None, None))) == []


def test_other_formats_keep_the_ontology_header_as_written() -> None:
    graph = merged(parse_back(ex.export("turtle").data, "turtle"))
    assert set(graph.subjects(RDF.type, OWL.Ontology)) == {ONTOLOGY}


def test_data_only_xml_imports_the_ontology_only_where_a_catalog_resolves_it(
    tmp_path: Path,
) -> None:
    lone = tmp_path / "lone"
    lone.mkdir()
    beside = tmp_path / "beside"
    beside.mkdir()
    (beside / "sovkg.ttl").write_bytes(ontology_file().read_bytes())
    (beside / "catalog-v001.xml").write_bytes(
        (resource_dir("ontology") / "catalog-v001.xml").read_bytes()
    )
    imports = {}
    for folder in (lone, beside):
        result = ex.export("xml", ontology=False, output=folder / "data.rdf")
        graph = merged(parse_back(result.data, "xml"))
        assert set(graph.subjects(RDF.type, OWL.Ontology)) == {DATA_ONTOLOGY}
        imports[folder.name] = set(graph.objects(DATA_ONTOLOGY, OWL.imports))
        assert (
            URIRef("https://w3id.org/sovkg/ontology#Congress"),
            RDF.type,
            OWL.Class,
        ) not in graph
    assert imports == {"lone": set(), "beside": {ONTOLOGY}}


def ontology_version() -> str:
    graph = Graph().parse(ontology_file(), format="turtle")
    return str(graph.value(ONTOLOGY, OWL.versionInfo))


def test_catalog_maps_the_ontology_and_its_version_iri_to_the_file() -> None:
    path = resource_dir("ontology") / "catalog-v001.xml"
    root = ET.parse(path).getroot()
    assert root.tag == f"{CATALOG_NS}catalog"
    assert root.get("prefer") == "public"
    graph = Graph().parse(ontology_file(), format="turtle")
    version_iri = str(graph.value(ONTOLOGY, OWL.versionIRI))
    entries = {e.get("name"): e.get("uri") for e in root.iter(f"{CATALOG_NS}uri")}
    assert entries == {str(ONTOLOGY): "sovkg.ttl", version_iri: "sovkg.ttl"}
    assert ex.catalog_resolves(path.parent, str(ONTOLOGY))
    assert ex.catalog_resolves(path.parent, version_iri)


# --------------------------------------------------------------------------- inferred


@pytest.fixture(scope="module")
def inferred_nquads() -> ex.Export:
    return ex.export("nquads", inferred=True)


def test_inferred_export_adds_the_closure_in_its_own_graph(inferred_nquads: ex.Export) -> None:
    asserted = ex.export("nquads")
    parsed = graphs_of(parse_back(inferred_nquads.data, "nquads"))
    closure = parsed[ex.INFERRED_GRAPH.n3()]
    assert len(closure) > 0
    assert inferred_nquads.statements == asserted.statements + len(closure)
    congress = URIRef("https://w3id.org/sovkg/id/congress-7")
    event = URIRef("https://w3id.org/sovkg/ontology#Event")
    assert (congress, RDF.type, event) in closure  # sov:Congress rdfs:subClassOf sov:Event
    asserted_graphs = graphs_of(parse_back(asserted.data, "nquads"))
    for name, graph in asserted_graphs.items():
        assert isomorphic(parsed[name], graph), name


def test_inferred_export_has_no_axiomatic_noise(inferred_nquads: ex.Export) -> None:
    closure = graphs_of(parse_back(inferred_nquads.data, "nquads"))[ex.INFERRED_GRAPH.n3()]
    # owlrl's axiomatic triples are about the RDF/RDFS/OWL/XSD vocabularies themselves.
    vocabularies = (str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")
    noise = [t for t in closure if str(t[0]).startswith(vocabularies)]
    assert noise == []
    assert not any(isinstance(s, Literal) for s, _, _ in closure)
    assert not any(isinstance(s, BNode) and p == OWL.sameAs for s, p, _ in closure)


def test_inferred_data_only_export_says_nothing_about_ontology_terms() -> None:
    result = ex.export("nquads", inferred=True, ontology=False)
    closure = graphs_of(parse_back(result.data, "nquads"))[ex.INFERRED_GRAPH.n3()]
    congress = URIRef("https://w3id.org/sovkg/id/congress-7")
    assert (congress, RDF.type, URIRef("https://w3id.org/sovkg/ontology#Event")) in closure
    ontology_terms = set(Graph().parse(ontology_file(), format="turtle").subjects())
    assert [t for t in closure if t[0] in ontology_terms] == []
    assert not any(
        str(s).startswith("https://w3id.org/sovkg/ontology#") for s in closure.subjects()
    )


def test_inferred_turtle_round_trips() -> None:
    result = ex.export("turtle", inferred=True)
    assert result.round_trip.ok
    assert result.statements > ex.export("turtle").statements


# --------------------------------------------------------------------------- command line


def test_cli_writes_the_file_the_library_builds(tmp_path: Path, cli) -> None:
    target = tmp_path / "sovkg.nq"
    outcome = cli(["export", "-o", str(target)])  # format from the suffix
    assert (outcome.exit_code, outcome.stdout, outcome.stderr) == (0, "", "")
    assert target.read_bytes() == ex.export("nquads").data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sovkg.nq"]


def test_cli_writes_turtle_to_stdout_by_default(cli) -> None:
    outcome = cli(["export"])
    assert outcome.exit_code == 0
    assert outcome.stdout.encode("utf-8") == ex.export("turtle").data


def test_cli_replaces_an_existing_file_whole(tmp_path: Path, cli) -> None:
    target = tmp_path / "out.ttl"
    target.write_text("stale\n")
    outcome = cli(["export", "--format", "nt", "--no-ontology", "-o", str(target)])
    assert outcome.exit_code == 0
    assert target.read_bytes() == ex.export("nt", ontology=False).data


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--format", "csv"],
            "sovkg: error: Invalid value for '-f' / '--format': 'csv' is not one of",
            id="bad-format",
        ),
        pytest.param(
            ["-o", "/nonexistent-folder/x.ttl"],
            "sovkg: error: cannot write '/nonexistent-folder/x.ttl': folder "
            "'/nonexistent-folder' does not exist",
            id="missing-folder",
        ),
        pytest.param(
            ["-o", "/tmp"],
            "sovkg: error: cannot write '/tmp': it is a directory; give a file name",
            id="directory",
        ),
        pytest.param(
            ["--data", "/nonexistent-data"],
            "sovkg: error: data folder '/nonexistent-data' does not exist or is not a directory",
            id="missing-data",
        ),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(cli, args: list[str], message: str) -> None:
    outcome = cli(["export", *args])
    assert outcome.exit_code == 2
    assert outcome.stdout == ""
    assert outcome.stderr.count("\n") == 1
    assert outcome.stderr.startswith(message)


def test_cli_unparseable_data_exits_2_and_leaves_no_file(tmp_path: Path, cli) -> None:
    folder = write_fixture(tmp_path / "data", "broken.ttl", "<urn:a> <urn:b> .\n")
    target = tmp_path / "out.ttl"
    outcome = cli(["export", "--data", str(folder), "-o", str(target)])
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith(f"sovkg: error: cannot parse {folder / 'broken.ttl'}")
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
