"""Provenance: every fact traceable to a verbatim sentence of a source document.

The data's layout (docs/model.md): citation and source metadata in the default graph; every fact
triple in the named graph of the citation that states it; every n-ary fact node (an instance of
a subclass of ``sov:Fact``) also carries ``sov:citation``. These tests hold the data to that
layout, check the sources against the shared seed documents, and test ``sovkg explain``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from sovkg.provenance import (
    AmbiguousEntityError,
    Explanation,
    UnknownEntityError,
    curie,
    explain,
    resolve,
)
from sovkg.results import Term

REPO_DIR = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_DIR / "data"
SOURCES_DIR = DATA_DIR / "sources"
SEEDS_DIR = REPO_DIR.parent / "shared" / "seeds"
"""The shared copies of the source documents, where this checkout has them."""
ONTOLOGY_FILE = REPO_DIR / "ontology" / "sovkg.ttl"
EXPLAIN_FIXTURE = Path(__file__).resolve().parent / "data" / "explain"

ONTOLOGY_GRAPH = ox.NamedNode("urn:sovkg:test:ontology")
"""Where the raw store keeps the ontology, apart from the data's default graph."""

SOV = "https://w3id.org/sovkg/ontology#"
SK = "https://w3id.org/sovkg/id/"
CITE = "https://w3id.org/sovkg/id/citation/"
SRC = "https://w3id.org/sovkg/id/source/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SKOS_ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
CITATION = ox.NamedNode(SOV + "Citation")
SOURCE_DOCUMENT = ox.NamedNode(SOV + "SourceDocument")
D000 = ox.NamedNode(SRC + "d000")
D002 = ox.NamedNode(SRC + "d002")
FILE_D000 = "000_3c924279c8fa2842.txt"
FILE_D002 = "002_eb65001f0a15f11b.txt"

CONGRESS_6, CONGRESS_7, CONGRESS_8 = (ox.NamedNode(f"{SK}congress-{n}") for n in (6, 7, 8))
CONGRESS_1 = ox.NamedNode(SK + "congress-1")
MOSCOW = ox.NamedNode(SK + "Moscow")
KALININ_QUOTE = "The only chairman of the Presidium of the Congress was Mikhail Kalinin."

Runner = Callable[..., Any]
"""The ``cli`` fixture of conftest.py: runs ``sovkg`` in-process, returns an Outcome."""

MIN_FACT_NODES = 76
"""The data has 79 fact nodes; fewer than this means facts or a file went missing."""

PREFIXES = f"PREFIX sov: <{SOV}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"

FACT_NODES_QUERY = (
    PREFIXES
    + """
SELECT DISTINCT ?node WHERE {
  GRAPH <urn:sovkg:test:ontology> { ?class rdfs:subClassOf* sov:Fact }
  GRAPH ?g { ?node a ?class }
}
"""
)
"""Every instance of a subclass of sov:Fact, by the ontology's subclass closure."""

UNCITED_FACT_NODES_QUERY = FACT_NODES_QUERY.replace(
    "GRAPH ?g { ?node a ?class }\n}",
    """GRAPH ?g { ?node a ?class }
  FILTER NOT EXISTS {
    GRAPH ?h { ?node sov:citation ?citation }
    ?citation sov:quote ?quote ; sov:sourceDocument ?source .
    ?source a sov:SourceDocument .
    FILTER(STRLEN(?quote) > 0)
  }
}""",
)
"""Fact nodes without a citation that has a non-empty quote and a source document."""

EVENTS_NOT_FACTS_QUERY = (
    PREFIXES
    + """
SELECT DISTINCT ?node WHERE {
  GRAPH <urn:sovkg:test:ontology> { ?class rdfs:subClassOf* sov:Event }
  GRAPH ?g { ?node a ?class }
  FILTER NOT EXISTS {
    GRAPH <urn:sovkg:test:ontology> { ?kind rdfs:subClassOf* ?root }
    VALUES ?root { sov:Fact sov:Congress }
    GRAPH ?h { ?node a ?kind }
  }
}
"""
)
"""Events that are neither congresses nor fact nodes, so nothing would require their citation."""

EVENT_CITATIONS = {
    "steps-to-combine": ["d000-s05"],
    "admission-1924": ["d000-s08"],
    "admission-tajik": ["d000-s08"],
    "death-of-lenin": ["d000-s20"],
    "meeting-cc-before-congress-7": ["d000-s24"],
    "plenum-cc-1935": ["d002-t18", "d002-t19"],
}
"""The events that were not fact nodes before (admissions, a death, meetings, a plain event),
each with the citations whose graphs state it."""

# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def raw() -> ox.Store:
    """The data files exactly as written, plus the ontology in a graph of its own."""
    store = ox.Store()
    store.load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
    for path in sorted(DATA_DIR.glob("*.trig")):
        store.load(path=str(path), format=ox.RdfFormat.TRIG)
    return store


def _data_graphs(store: ox.Store) -> set[ox.NamedNode]:
    return {g for g in store.named_graphs() if g != ONTOLOGY_GRAPH}  # type: ignore[misc]


def _citations(store: ox.Store) -> set[ox.NamedNode]:
    quads = store.quads_for_pattern(None, RDF_TYPE, CITATION, ox.DefaultGraph())
    return {q.subject for q in quads}  # type: ignore[misc]


def _one(store: ox.Store, subject: ox.NamedNode, predicate: str) -> ox.NamedNode | ox.Literal:
    """The one value of ``subject predicate`` in the default graph (metadata)."""
    values = [
        q.object
        for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None, ox.DefaultGraph())
    ]
    assert len(values) == 1, f"{subject} has {len(values)} values of {predicate}"
    return values[0]  # type: ignore[return-value]


def _graphs_stating(store: ox.Store, s: ox.NamedNode, p: ox.NamedNode, o: object) -> list[str]:
    return sorted(
        q.graph_name.value.removeprefix(CITE)
        for q in store.quads_for_pattern(s, p, o, None)  # type: ignore[arg-type]
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name != ONTOLOGY_GRAPH
    )


# --------------------------------------------------------------------------- fact nodes


def test_every_fact_node_has_a_quoted_citation(raw: ox.Store) -> None:
    nodes = {row["node"] for row in raw.query(FACT_NODES_QUERY)}  # type: ignore[index,union-attr]
    assert len(nodes) >= MIN_FACT_NODES
    uncited = sorted(str(r["node"]) for r in raw.query(UNCITED_FACT_NODES_QUERY))  # type: ignore
    assert uncited == []


def test_fact_nodes_cite_every_graph_they_are_stated_in(raw: ox.Store) -> None:
    """A fact node described in a citation's graph cites that citation there, and only it."""
    nodes = {row["node"] for row in raw.query(FACT_NODES_QUERY)}  # type: ignore[index,union-attr]
    citation = ox.NamedNode(SOV + "citation")
    problems = []
    for node in nodes:
        graphs = {q.graph_name for q in raw.quads_for_pattern(node, None, None, None)}
        for graph in graphs - {ox.DefaultGraph(), ONTOLOGY_GRAPH}:
            cited = {q.object for q in raw.quads_for_pattern(node, citation, None, graph)}
            if cited != {graph}:
                problems.append((str(node), str(graph), sorted(map(str, cited))))
    assert problems == []


def test_every_event_but_a_congress_is_a_fact_node(raw: ox.Store) -> None:
    """Regression: admissions, deaths and meetings once carried no sov:citation, unchecked."""
    strays = sorted(str(row["node"]) for row in raw.query(EVENTS_NOT_FACTS_QUERY))  # type: ignore
    assert strays == []


@pytest.mark.parametrize(("local", "expected"), list(EVENT_CITATIONS.items()))
def test_event_cites_its_sentences(raw: ox.Store, local: str, expected: list[str]) -> None:
    """In a merged export (no named graphs) sov:citation is what keeps an event's source."""
    node = ox.NamedNode(SK + local)
    cited = {q.object for q in raw.quads_for_pattern(node, ox.NamedNode(SOV + "citation"), None)}
    assert sorted(c.value.removeprefix(CITE) for c in cited) == expected  # type: ignore[union-attr]


# --------------------------------------------------------------------------- citations and sources


def test_every_named_graph_is_a_citation(raw: ox.Store) -> None:
    graphs = _data_graphs(raw)
    citations = _citations(raw)
    assert sorted(map(str, graphs - citations)) == []
    assert sorted(map(str, citations - graphs)) == []  # no citation without a fact


def test_citations_have_one_quote_section_and_source(raw: ox.Store) -> None:
    for citation in _citations(raw):
        assert str(_one(raw, citation, SOV + "quote")).strip('"')
        assert isinstance(_one(raw, citation, SOV + "section"), ox.Literal)
        assert _one(raw, citation, SOV + "sourceDocument") in {D000, D002}


def test_quotes_are_verbatim_in_their_source(raw: ox.Store) -> None:
    texts = {
        doc: (SOURCES_DIR / _one(raw, doc, SOV + "fileName").value).read_text(encoding="utf-8")
        for doc in (D000, D002)
    }
    missing = []
    for citation in _citations(raw):
        quote = _one(raw, citation, SOV + "quote").value
        document = _one(raw, citation, SOV + "sourceDocument")
        if quote not in texts[document]:  # type: ignore[index]
            missing.append(citation.value)
    assert missing == []


def test_source_files_match_their_hash_and_the_seeds(raw: ox.Store) -> None:
    files = {_one(raw, doc, SOV + "fileName").value: doc for doc in (D000, D002)}
    assert sorted(p.name for p in SOURCES_DIR.iterdir()) == sorted(files) == [FILE_D000, FILE_D002]
    for name, document in files.items():
        content = (SOURCES_DIR / name).read_bytes()
        assert hashlib.sha256(content).hexdigest() == _one(raw, document, SOV + "sha256").value
        if SEEDS_DIR.is_dir():
            assert content == (SEEDS_DIR / name).read_bytes(), f"{name} differs from the seed"
    if SEEDS_DIR.is_dir():
        assert sorted(p.name for p in SEEDS_DIR.iterdir()) == sorted(files)


def test_no_fact_in_the_default_graph(raw: ox.Store) -> None:
    """The default graph only describes citations and sources."""
    described = _citations(raw) | {
        q.subject for q in raw.quads_for_pattern(None, RDF_TYPE, SOURCE_DOCUMENT, ox.DefaultGraph())
    }
    strays = sorted(
        {str(q.subject) for q in raw.quads_for_pattern(None, None, None, ox.DefaultGraph())}
        - {str(s) for s in described}
    )
    assert strays == []


# --------------------------------------------------------------------------- both documents


def _lit(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


BOTH_DOCUMENTS = [
    pytest.param(
        CONGRESS_7,
        "previousCongress",
        CONGRESS_6,
        ["d000-h7", "d002-t02"],
        id="congress-7-previous",
    ),
    pytest.param(
        CONGRESS_6, "nextCongress", CONGRESS_7, ["d000-h6", "d002-t02"], id="congress-6-next"
    ),
    pytest.param(
        CONGRESS_7, "nextCongress", CONGRESS_8, ["d000-h7", "d002-t03"], id="congress-7-next"
    ),
    pytest.param(
        CONGRESS_8,
        "previousCongress",
        CONGRESS_7,
        ["d000-h8", "d002-t03"],
        id="congress-8-previous",
    ),
    pytest.param(
        CONGRESS_7,
        "sessionOf",
        ox.NamedNode(SK + "CongressOfSoviets"),
        ["d000-h7", "d002-t04"],
        id="congress-7-session-of",
    ),
    pytest.param(
        CONGRESS_8,
        "isExtraordinary",
        ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
        ["d000-s26", "d002-t20"],
        id="congress-8-extraordinary",
    ),
    pytest.param(
        ox.NamedNode(SK + "CongressOfSoviets"),
        SKOS_ALT,
        _lit("Congress of Soviets of the Soviet Union"),
        ["d000-s09", "d002-t04"],
        id="congress-body-name",
    ),
    pytest.param(
        ox.NamedNode(SK + "CEC"),
        RDFS_LABEL,
        _lit("Central Executive Committee of the Soviet Union"),
        ["d000-s02", "d002-t12"],
        id="cec-label",
    ),
    pytest.param(
        ox.NamedNode(SK + "Constitution1936"),
        SKOS_ALT,
        _lit("1936 Constitution"),
        ["d000-s03", "d002-t20"],
        id="constitution-1936-name",
    ),
    pytest.param(
        ox.NamedNode(SK + "Stalin"),
        SKOS_ALT,
        _lit("Stalin"),
        ["d000-s17", "d002-t15"],
        id="stalin-name",
    ),
    pytest.param(
        ox.NamedNode(SK + "CommunistParty"),
        SKOS_ALT,
        _lit("Communist Party"),
        ["d000-s24", "d002-t11"],
        id="communist-party-name",
    ),
    pytest.param(
        ox.NamedNode(SK + "USSR"), SKOS_ALT, _lit("USSR"), ["d000-s14", "d002-t07"], id="ussr-name"
    ),
    pytest.param(
        ox.NamedNode(SK + "CentralCommittee"),
        "organOf",
        ox.NamedNode(SK + "CommunistParty"),
        ["d000-s24", "d002-t18", "d002-t19"],
        id="central-committee-of-the-party",
    ),
]


@pytest.mark.parametrize(("subject", "predicate", "obj", "citations"), BOTH_DOCUMENTS)
def test_fact_stated_by_both_documents_cites_both(
    raw: ox.Store,
    subject: ox.NamedNode,
    predicate: str | ox.NamedNode,
    obj: object,
    citations: list[str],
) -> None:
    p = ox.NamedNode(SOV + predicate) if isinstance(predicate, str) else predicate
    assert _graphs_stating(raw, subject, p, obj) == citations
    documents = {_one(raw, ox.NamedNode(CITE + c), SOV + "sourceDocument") for c in citations}
    assert documents == {D000, D002}


@pytest.mark.parametrize(
    ("congress", "citations"),
    [
        pytest.param(CONGRESS_1, ["d000-s13"], id="first-congress-from-d000"),
        pytest.param(CONGRESS_7, ["d002-t07", "d002-t09"], id="seventh-congress-from-d002"),
    ],
)
def test_moscow_as_the_place_cites_the_document_that_says_so(
    raw: ox.Store, congress: ox.NamedNode, citations: list[str]
) -> None:
    assert _graphs_stating(raw, congress, ox.NamedNode(SOV + "heldAt"), MOSCOW) == citations


def _span_claims(raw: ox.Store, congress: ox.NamedNode) -> dict[str, tuple[ox.NamedNode, str]]:
    """Each date claim of ``congress``: document local name -> (time span, its EDTF)."""
    claims: dict[str, tuple[ox.NamedNode, str]] = {}
    during = ox.NamedNode(SOV + "during")
    citation = ox.NamedNode(SOV + "citation")
    for span in {q.object for q in raw.quads_for_pattern(congress, during, None, None)}:
        cited = {q.object for q in raw.quads_for_pattern(span, citation, None, None)}
        documents = {_one(raw, c, SOV + "sourceDocument") for c in cited}  # type: ignore[arg-type]
        assert len(documents) == 1, f"{span} mixes the claims of {documents}"
        edtf = {
            q.object.value
            for q in raw.quads_for_pattern(span, ox.NamedNode(SOV + "edtf"), None, None)
        }
        assert len(edtf) == 1
        claims[documents.pop().value.removeprefix(SRC)] = (span, edtf.pop())  # type: ignore
    return claims


def _bounds(raw: ox.Store, span: ox.NamedNode) -> list[str]:
    names = ("beginOfBegin", "endOfBegin", "beginOfEnd", "endOfEnd")
    return [_single(raw, span, name) for name in names]


def _single(raw: ox.Store, span: ox.NamedNode, name: str) -> str:
    values = {
        q.object.value for q in raw.quads_for_pattern(span, ox.NamedNode(SOV + name), None, None)
    }
    assert len(values) == 1
    return values.pop()


def test_seventh_congress_keeps_both_conflicting_date_claims(raw: ox.Store) -> None:
    claims = _span_claims(raw, CONGRESS_7)
    assert {doc: edtf for doc, (_, edtf) in claims.items()} == {
        "d000": "1935-02",
        "d002": "1935-01-28/1935-02-06",
    }
    d000, d002 = _bounds(raw, claims["d000"][0]), _bounds(raw, claims["d002"][0])
    assert d000 == [
        "1935-02-01T00:00:00",
        "1935-02-28T00:00:00",
        "1935-02-01T00:00:00",
        "1935-02-28T00:00:00",
    ]
    assert d002 == [
        "1935-01-28T00:00:00",
        "1935-01-28T00:00:00",
        "1935-02-06T00:00:00",
        "1935-02-06T00:00:00",
    ]
    # they disagree: "February 1935" cannot begin on 28 January (begin ranges do not overlap)
    assert d002[1] < d000[0]


def test_eighth_congress_keeps_both_date_claims(raw: ox.Store) -> None:
    claims = _span_claims(raw, CONGRESS_8)
    assert {doc: edtf for doc, (_, edtf) in claims.items()} == {
        "d000": "1936-11/1936-12",
        "d002": "1936",
    }
    d000, d002 = _bounds(raw, claims["d000"][0]), _bounds(raw, claims["d002"][0])
    # compatible claims at different precisions: the begin and end ranges overlap
    assert d002[0] <= d000[1] and d000[0] <= d002[1]
    assert d002[2] <= d000[3] and d000[2] <= d002[3]


def test_fifth_and_sixth_congresses_have_no_date(raw: ox.Store) -> None:
    during = ox.NamedNode(SOV + "during")
    for number in (5, 6):
        congress = ox.NamedNode(f"{SK}congress-{number}")
        assert list(raw.quads_for_pattern(congress, during, None, None)) == []


# --------------------------------------------------------------------------- explain: the API

KALININ = [
    (
        "sk:Kalinin",
        "rdf:type",
        "sov:Person",
        [("cite:d000-s12", FILE_D000, "Powers", KALININ_QUOTE)],
    ),
    (
        "sk:Kalinin",
        "rdfs:label",
        '"Mikhail Kalinin"@en',
        [("cite:d000-s12", FILE_D000, "Powers", KALININ_QUOTE)],
    ),
    (
        "sk:holding-kalinin-chairman",
        "sov:holder",
        "sk:Kalinin",
        [("cite:d000-s12", FILE_D000, "Powers", KALININ_QUOTE)],
    ),
]
H3 = ("cite:d000-h3", FILE_D000, "Congresses", "Third Congress of Soviets of the USSR")
S21 = (
    "cite:d000-s21",
    FILE_D000,
    "Third Congress of Soviets of the USSR",
    "The Third Congress of Soviets was held in 1925.",
)
CONGRESS_3 = [
    ("sk:congress-3", "rdf:type", "sov:Congress", [H3, S21]),
    ("sk:congress-3", "rdfs:label", '"Third Congress of Soviets of the USSR"@en', [H3]),
    ("sk:congress-3", "sov:during", "sk:ts-congress-3", [S21]),
    ("sk:congress-3", "sov:nextCongress", "sk:congress-4", [H3]),
    ("sk:congress-3", "sov:ordinal", '"3"^^xsd:integer', [H3]),
    ("sk:congress-3", "sov:previousCongress", "sk:congress-2", [H3]),
    ("sk:congress-3", "sov:sessionOf", "sk:CongressOfSoviets", [H3]),
]
CONGRESS_3_INCOMING = [
    (
        "sk:congress-2",
        "sov:nextCongress",
        "sk:congress-3",
        [("cite:d000-h2", FILE_D000, "Congresses", "Second Congress of the Soviets of the USSR")],
    ),
    (
        "sk:congress-4",
        "sov:previousCongress",
        "sk:congress-3",
        [("cite:d000-h4", FILE_D000, "Congresses", "Fourth Congress of Soviets of the USSR")],
    ),
]


def _show(term: Term) -> str:
    if term.kind == "iri":
        return curie(term.value)
    if term.language:
        return f'"{term.value}"@{term.language}'
    if term.datatype and not term.datatype.endswith("#string"):
        return f'"{term.value}"^^{curie(term.datatype)}'
    return f'"{term.value}"'


def _rows(explanation: Explanation) -> list[tuple[str, str, str, list[tuple]]]:
    return [
        (
            _show(s.subject),
            curie(s.predicate),
            _show(s.object),
            [(curie(c.citation), c.file_name, c.section, c.quote) for c in s.sources],
        )
        for s in explanation.statements
    ]


def test_explain_kalinin_lists_the_label_and_the_post_holding() -> None:
    explanation = explain("Mikhail Kalinin", incoming=True)
    assert (explanation.entity, explanation.label) == (SK + "Kalinin", "Mikhail Kalinin")
    assert _rows(explanation) == KALININ
    assert [s.incoming for s in explanation.statements] == [False, False, True]


def test_explain_without_incoming_lists_only_statements_about_the_subject() -> None:
    assert _rows(explain("Mikhail Kalinin")) == KALININ[:2]


def test_explain_congress_3() -> None:
    assert _rows(explain("sk:congress-3")) == CONGRESS_3
    assert _rows(explain("sk:congress-3", incoming=True)) == CONGRESS_3 + CONGRESS_3_INCOMING


def test_explain_joins_both_documents() -> None:
    """The Seventh Congress's previous congress comes from d000's heading and d002's infobox."""
    rows = _rows(explain("sk:congress-7"))
    previous = [r for r in rows if r[1] == "sov:previousCongress"]
    assert previous == [
        (
            "sk:congress-7",
            "sov:previousCongress",
            "sk:congress-6",
            [
                (
                    "cite:d000-h7",
                    FILE_D000,
                    "Congresses",
                    "Seventh Congress of Soviets of the USSR",
                ),
                (
                    "cite:d002-t02",
                    FILE_D002,
                    "(infobox)",
                    "- Before: Sixth All-Union Congress of Soviets",
                ),
            ],
        )
    ]
    during = [r[2] for r in rows if r[1] == "sov:during"]
    assert during == ["sk:ts-congress-7-d000", "sk:ts-congress-7-d002"]


@pytest.mark.parametrize(
    ("name", "iri"),
    [
        pytest.param("https://w3id.org/sovkg/id/Kalinin", SK + "Kalinin", id="iri"),
        pytest.param("<https://w3id.org/sovkg/id/Kalinin>", SK + "Kalinin", id="iri-brackets"),
        pytest.param("sk:Kalinin", SK + "Kalinin", id="curie"),
        pytest.param("sk:congress-7", SK + "congress-7", id="curie-congress"),
        pytest.param("Mikhail Kalinin", SK + "Kalinin", id="label"),
        pytest.param("  mikhail   KALININ ", SK + "Kalinin", id="label-case-and-space"),
        pytest.param("Stalin constitution", SK + "Constitution1936", id="alt-label"),
        pytest.param("V.M. Molotov", SK + "Molotov", id="alt-label-initials"),
        pytest.param("Всесоюзный съезд Советов", SK + "CongressOfSoviets", id="russian-label"),
        pytest.param("Seventh All-Union Congress of Soviets", SK + "congress-7", id="d002-name"),
        pytest.param("cite:d000-s12", CITE + "d000-s12", id="citation-as-object"),
    ],
)
def test_resolve(name: str, iri: str) -> None:
    assert resolve(name) == iri


@pytest.mark.parametrize(
    ("name", "suggestions"),
    [
        pytest.param("Kalinn", ["Mikhail Kalinin"], id="misspelt-surname"),
        pytest.param("kalinin", ["Mikhail Kalinin"], id="surname-only"),
        pytest.param("Stalin constituion", ["Stalin constitution"], id="misspelt-alt-label"),
        pytest.param("sk:Stalim", ["sk:Stalin"], id="misspelt-curie"),
        pytest.param("https://w3id.org/sovkg/id/Kalinim", ["sk:Kalinin"], id="misspelt-iri"),
        pytest.param("quetzalcoatl", [], id="nothing-near"),
        pytest.param("", [], id="empty"),
        pytest.param("foo:bar", [], id="unknown-prefix-is-a-label"),
    ],
)
def test_unknown_entity_suggests_the_nearest_names(name: str, suggestions: list[str]) -> None:
    with pytest.raises(UnknownEntityError) as caught:
        explain(name)
    assert caught.value.suggestions == suggestions
    assert caught.value.exit_code == 2


def test_ambiguous_label_lists_the_candidates() -> None:
    with pytest.raises(AmbiguousEntityError) as caught:
        explain("Comrade Ivanov", data_dir=EXPLAIN_FIXTURE)
    assert caught.value.candidates == [SK + "ivanov-1", SK + "ivanov-2"]
    assert caught.value.exit_code == 2
    assert str(caught.value) == (
        "label 'Comrade Ivanov' is ambiguous: it names sk:ivanov-1 (Comrade Ivanov), "
        "sk:ivanov-2 (Ivan Ivanov); give one of these CURIEs instead"
    )


def test_statement_outside_a_citation_has_no_quote() -> None:
    rows = _rows(explain("Ivan Ivanov", data_dir=EXPLAIN_FIXTURE))
    assert rows == [
        (
            "sk:ivanov-2",
            "rdf:type",
            "sov:Person",
            [("cite:fx-2", "fixture.txt", "Fixture", "Another Comrade Ivanov chaired another.")],
        ),
        (
            "sk:ivanov-2",
            "rdfs:label",
            '"Ivan Ivanov"@en',
            [("cite:fx-2", "fixture.txt", "Fixture", "Another Comrade Ivanov chaired another.")],
        ),
        (
            "sk:ivanov-2",
            "skos:altLabel",
            '"comrade  IVANOV"@en',
            [("cite:fx-2", "fixture.txt", "Fixture", "Another Comrade Ivanov chaired another.")],
        ),
        (
            "sk:ivanov-2",
            "rdfs:comment",
            '"stated without a citation"',
            [("<urn:example:uncited>", None, None, None)],
        ),
    ]


# --------------------------------------------------------------------------- explain: the CLI

KALININ_TEXT = f"""\
sk:Kalinin (Mikhail Kalinin)
  rdf:type sov:Person (person)
      from cite:d000-s12 ({FILE_D000}, Powers)
        "{KALININ_QUOTE}"
  rdfs:label "Mikhail Kalinin"@en
      from cite:d000-s12 ({FILE_D000}, Powers)
        "{KALININ_QUOTE}"
  as object:
  sk:holding-kalinin-chairman sov:holder sk:Kalinin
      from cite:d000-s12 ({FILE_D000}, Powers)
        "{KALININ_QUOTE}"
"""


def test_cli_explain_text(cli: Runner) -> None:
    outcome = cli(["explain", "Mikhail Kalinin", "--incoming"])
    assert (outcome.exit_code, outcome.stdout, outcome.stderr) == (0, KALININ_TEXT, "")


def test_cli_explain_json(cli: Runner) -> None:
    outcome = cli(["explain", "sk:Kalinin", "--incoming", "--format", "json"])
    assert outcome.exit_code == 0
    document = json.loads(outcome.stdout)
    source = {
        "citation": CITE + "d000-s12",
        "document": SRC + "d000",
        "file": FILE_D000,
        "section": "Powers",
        "quote": KALININ_QUOTE,
    }
    assert document == {
        "entity": SK + "Kalinin",
        "label": "Mikhail Kalinin",
        "statements": [
            {
                "direction": "outgoing",
                "subject": {"type": "uri", "value": SK + "Kalinin"},
                "predicate": {"type": "uri", "value": RDF_TYPE.value},
                "object": {"type": "uri", "value": SOV + "Person"},
                "sources": [source],
            },
            {
                "direction": "outgoing",
                "subject": {"type": "uri", "value": SK + "Kalinin"},
                "predicate": {"type": "uri", "value": RDFS_LABEL.value},
                "object": {"type": "literal", "value": "Mikhail Kalinin", "xml:lang": "en"},
                "sources": [source],
            },
            {
                "direction": "incoming",
                "subject": {"type": "uri", "value": SK + "holding-kalinin-chairman"},
                "predicate": {"type": "uri", "value": SOV + "holder"},
                "object": {"type": "uri", "value": SK + "Kalinin"},
                "sources": [source],
            },
        ],
    }


def test_cli_explain_writes_the_output_file(cli: Runner, tmp_path: Path) -> None:
    target = tmp_path / "kalinin.txt"
    outcome = cli(["explain", "Mikhail Kalinin", "--incoming", "--output", str(target)])
    assert (outcome.exit_code, outcome.stdout, outcome.stderr) == (0, "", "")
    assert target.read_text(encoding="utf-8") == KALININ_TEXT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kalinin.txt"]


def test_cli_explain_output_suffix_json_chooses_json(cli: Runner, tmp_path: Path) -> None:
    import json

    target = tmp_path / "kalinin.json"
    assert cli(["explain", "sk:Kalinin", "--output", str(target)]).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["entity"].endswith("/Kalinin")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["explain", "Kalinn"],
            "sovkg: error: unknown entity 'Kalinn'; did you mean 'Mikhail Kalinin'? (give an IRI, "
            "a CURIE such as sk:congress-7, or a label such as 'Mikhail Kalinin')\n",
            id="unknown-label",
        ),
        pytest.param(
            ["explain", "sk:congress-9"],
            "sovkg: error: unknown entity 'sk:congress-9'; did you mean 'sk:congress-1' or "
            "'sk:congress-2' or 'sk:congress-3'? (give an IRI, a CURIE such as sk:congress-7, or "
            "a label such as 'Mikhail Kalinin')\n",
            id="unknown-curie",
        ),
        pytest.param(
            ["--data", str(EXPLAIN_FIXTURE), "explain", "COMRADE IVANOV"],
            "sovkg: error: label 'COMRADE IVANOV' is ambiguous: it names sk:ivanov-1 (Comrade "
            "Ivanov), sk:ivanov-2 (Ivan Ivanov); give one of these CURIEs instead\n",
            id="ambiguous-label",
        ),
    ],
)
def test_cli_explain_bad_entity_exits_2(cli: Runner, args: list[str], message: str) -> None:
    outcome = cli(args)
    assert (outcome.exit_code, outcome.stdout, outcome.stderr) == (2, "", message)


def test_cli_explain_unwritable_output_exits_2_without_a_file(cli: Runner, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "out.txt"
    outcome = cli(["explain", "sk:Kalinin", "--output", str(target)])
    assert outcome.exit_code == 2
    assert outcome.stdout == ""
    assert outcome.stderr.startswith("sovkg: error: cannot write ")
    assert outcome.stderr.count("\n") == 1
    assert not target.parent.exists()


def test_cli_explain_needs_an_entity(cli: Runner) -> None:
    outcome = cli(["explain"])
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("sovkg: error: Missing argument 'ENTITY'")


def test_explain_stays_off_rdflib() -> None:
    """explain runs on pyoxigraph alone: rdflib, owlrl and pyshacl are never imported."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from sovkg.cli import cli\n"
        "cli.main(['explain', 'sk:congress-1'], standalone_mode=False)\n"
        "heavy = sorted(m for m in sys.modules\n"
        "               if m.split('.')[0] in {'rdflib', 'owlrl', 'pyshacl'})\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=REPO_DIR,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "HEAVY []"
