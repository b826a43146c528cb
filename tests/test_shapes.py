"""The SHACL shapes and QC checks, fixture by fixture.

Every file in ``tests/data/shapes/broken/`` is validated together with the conforming minimal
graph ``tests/data/shapes/base.trig`` (and the source text in ``sources/``); its header lists
the violations it must cause, one ``# expect: FOCUS RULE`` line each (``_:`` stands for a blank
node). The test checks that ``sovkg validate`` exits 1 and prints exactly those (focus, rule)
pairs, each on one line that also carries the rule's message. Every rule of
``ontology/shapes.ttl`` and every QC check must be broken by at least one fixture.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Namespace, URIRef

from sovkg.inference import load_graph
from sovkg.validate import compact, qc_files, validate

SHAPES_DIR = Path(__file__).resolve().parent / "data" / "shapes"
BASE = SHAPES_DIR / "base.trig"
SOURCES = SHAPES_DIR / "sources"
BROKEN = sorted((SHAPES_DIR / "broken").glob("*.trig"))
CONFORMING = sorted((SHAPES_DIR / "conforming").glob("*.trig"))
SHAPES_FILE = Path(__file__).resolve().parent.parent / "ontology" / "shapes.ttl"
ONTOLOGY_FILE = SHAPES_FILE.parent / "sovkg.ttl"

SH = Namespace("http://www.w3.org/ns/shacl#")
SOVSH = "https://w3id.org/sovkg/shapes#"
SHAPE_METADATA = {
    RDF.type,
    SH.name,
    SH.description,
    SH.message,
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.property,
    SH.path,
}
"""Predicates of a shape that constrain nothing by themselves."""
PYTHON_RULES = {"qc:quote-in-source", "qc:source-file", "owlrl:inconsistency"}
"""Rules checked in Python (quotes, source files) or by owlrl, not by a shape or a query."""


def make_data_dir(target: Path, *extra: Path) -> Path:
    """Copy the base graph, ``extra`` fixture files and the source texts into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(BASE, target / BASE.name)
    for path in extra:
        shutil.copy(path, target / path.name)
    shutil.copytree(SOURCES, target / "sources")
    return target


def expected_pairs(path: Path) -> set[tuple[str, str]]:
    """Return the (focus, rule) pairs a fixture's ``# expect:`` header lines declare."""
    pairs = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect:"):
            focus, rule = line.removeprefix("# expect:").split()
            pairs.add((focus, rule))
    return pairs


def reported_pairs(stdout: str) -> set[tuple[str, str]]:
    """Return the (focus, rule) pairs of the text output; any blank node reads ``_:``."""
    pairs = set()
    for line in stdout.splitlines():
        focus, rule, _ = line.split("  ", 2)
        pairs.add(("_:" if focus.startswith("_:") else focus, rule))
    return pairs


def rule_shapes(graph: Graph) -> set[URIRef]:
    """Return the named shapes that constrain something themselves (the rules results name)."""
    shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(
        graph.subjects(RDF.type, SH.PropertyShape)
    )
    return {
        s
        for s in shapes
        if isinstance(s, URIRef) and set(graph.predicates(s, None)) - SHAPE_METADATA
    }


def short(shape: URIRef) -> str:
    return "sovsh:" + str(shape).removeprefix(SOVSH)


@pytest.fixture(scope="module")
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


# --------------------------------------------------------------------------- broken fixtures


@pytest.mark.filterwarnings("ignore:NotImplemented should not be used:DeprecationWarning")
@pytest.mark.parametrize("fixture", [pytest.param(p, id=p.stem) for p in BROKEN])
def test_broken_fixture_names_node_and_rule(fixture: Path, tmp_path: Path, cli) -> None:
    data = make_data_dir(tmp_path / "data", fixture)
    outcome = cli(["validate", "--data", str(data)])
    expected = expected_pairs(fixture)
    assert expected, f"{fixture.name} declares no '# expect:' line"
    assert outcome.exit_code == 1, outcome.stderr
    assert reported_pairs(outcome.stdout) == expected
    for line in outcome.stdout.splitlines():
        _, rule, message = line.split("  ", 2)
        name = rule.partition(":")[2]
        assert message.startswith(f"{name}:"), line  # the message names its rule
    lines = len(outcome.stdout.splitlines())  # a rule broken by two values prints two lines
    assert outcome.stderr.startswith(f"sovkg: error: {lines} violations in ")
    assert len(outcome.stderr.splitlines()) == 1


def test_there_are_at_least_twelve_broken_fixtures() -> None:
    assert len(BROKEN) >= 12


def test_every_rule_is_broken_by_some_fixture(shapes_graph: Graph) -> None:
    broken = {rule for path in BROKEN for _, rule in expected_pairs(path)}
    shape_rules = {short(s) for s in rule_shapes(shapes_graph)}
    qc_rules = {"qc:" + p.stem.removesuffix("-violation") for p in qc_files()}
    assert shape_rules - broken == set()
    assert qc_rules - broken == set()
    assert PYTHON_RULES - broken == set()
    assert broken - shape_rules - qc_rules - PYTHON_RULES == set()  # no misspelt rule names


# --------------------------------------------------------------------------- conforming data


def test_conforming_minimal_graph_is_valid(tmp_path: Path, cli) -> None:
    outcome = cli(["validate", "--data", str(make_data_dir(tmp_path / "data"))])
    assert (outcome.exit_code, outcome.stdout) == (0, "")
    assert outcome.stderr.startswith("sovkg: valid: 0 violations in ")


@pytest.mark.parametrize("fixture", [pytest.param(p, id=p.stem) for p in CONFORMING])
def test_conforming_fixture_is_valid(fixture: Path, tmp_path: Path) -> None:
    report = validate(make_data_dir(tmp_path / "data", fixture))
    assert report.results == []
    assert report.conforms


def test_real_data_validates(cli) -> None:
    outcome = cli(["validate"])
    assert (outcome.exit_code, outcome.stdout) == (0, "")


def _instances(graph: Graph, cls: URIRef) -> set:
    """The SHACL instances of ``cls``: typed by it or by one of its subclasses."""
    subclasses = set(graph.transitive_subjects(RDFS.subClassOf, cls))
    return {s for c in subclasses for s in graph.subjects(RDF.type, c)}


def test_base_graph_exercises_every_shape(shapes_graph: Graph) -> None:
    """Each shape has focus nodes in the conforming graph, and each simple path has values there."""
    data = load_graph([ONTOLOGY_FILE, BASE])
    without_focus = []
    for shape in sorted(set(shapes_graph.subjects(RDF.type, SH.NodeShape))):
        targets: Iterable = [
            *(_instances(data, c) for c in shapes_graph.objects(shape, SH.targetClass)),
            *(
                {s for s, _ in data.subject_objects(p)}
                for p in shapes_graph.objects(shape, SH.targetSubjectsOf)
            ),
        ]
        if not any(targets):
            without_focus.append(short(shape))
    assert without_focus == []
    unused = [
        short(s)
        for s in sorted(set(shapes_graph.subjects(RDF.type, SH.PropertyShape)))
        if isinstance(path := shapes_graph.value(s, SH.path), URIRef)
        and next(data.triples((None, path, None)), None) is None
    ]
    assert unused == []


# --------------------------------------------------------------------------- the shapes file


def test_every_shape_has_a_name_and_a_description(shapes_graph: Graph) -> None:
    shapes = set(shapes_graph.subjects(RDF.type, SH.NodeShape)) | set(
        shapes_graph.subjects(RDF.type, SH.PropertyShape)
    )
    assert len(shapes) > 100
    missing = [
        short(s)
        for s in sorted(shapes)
        if shapes_graph.value(s, SH.name) is None or shapes_graph.value(s, SH.description) is None
    ]
    assert missing == []


def test_every_rule_message_starts_with_the_rule_name(shapes_graph: Graph) -> None:
    wrong = []
    for shape in sorted(rule_shapes(shapes_graph)):
        name = short(shape).removeprefix("sovsh:")
        messages = [str(m) for m in shapes_graph.objects(shape, SH.message)]
        for constraint in shapes_graph.objects(shape, SH.sparql):
            messages += [str(m) for m in shapes_graph.objects(constraint, SH.message)]
        if len(messages) != 1 or not messages[0].startswith(f"{name}:"):
            wrong.append((name, messages))
    assert wrong == []


def test_only_the_congress_chain_uses_sparql(shapes_graph: Graph) -> None:
    """SPARQL constraints run once per focus node in pyshacl: keep them to the eight congresses."""
    sparql = {short(s) for s in shapes_graph.subjects(SH.sparql, None)}
    assert sparql == {"sovsh:CongressChainGap", "sovsh:CongressChainCycle"}
    targets = {
        str(c)
        for s in shapes_graph.subjects(SH.sparql, None)
        for c in shapes_graph.objects(s, SH.targetClass)
    }
    assert targets == {"https://w3id.org/sovkg/ontology#Congress"}


# --------------------------------------------------------------------------- the library's report


def test_library_report_names_node_rule_and_value(tmp_path: Path) -> None:
    data = make_data_dir(tmp_path / "data", SHAPES_DIR / "broken" / "negative-count.trig")
    report = validate(data)
    assert not report.conforms
    [violation] = report.results
    assert violation.focus == "https://w3id.org/sovkg/id/count-negative"
    assert violation.rule == "sovsh:DelegateCount-count"
    assert violation.source == "shacl"
    assert violation.severity == "Violation"
    assert violation.value == '"-5"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert violation.message == (
        "DelegateCount-count: a delegate count has exactly one sov:count, an xsd:integer >= 0 "
        '(sh:MinInclusiveConstraintComponent, value "-5"^^<http://www.w3.org/2001/XMLSchema#integer>)'
    )
    assert compact(violation.focus) == "sk:count-negative"


def test_shapes_see_the_graphs_merged(tmp_path: Path) -> None:
    """A time span whose bounds come from two citations is valid only if graphs are merged."""
    fixture = SHAPES_DIR / "conforming" / "timespan-split-across-citations.trig"
    text = fixture.read_text(encoding="utf-8")
    assert text.count("sk:ts-split a sov:TimeSpan") == 2  # stated in two graphs
    report = validate(make_data_dir(tmp_path / "data", fixture))
    assert report.conforms
