"""Every fact of the two source documents is in the graph, exactly, in its citation's graph.

The expected facts are in ``tests/facts_expected.py`` (one :class:`Fact` each, written from the
documents). For each fact this checks two things:

* the values of ``subject predicate ?value`` over all the named graphs together are exactly the
  expected ones: nothing missing, nothing invented, the right datatype and language;
* each value is stated in the named graphs of exactly the citations the fact names, i.e. the
  sentences that say it, and in no other (``rdf:type`` triples are repeated in every graph that
  mentions a node, so for them the named citations are a minimum).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from facts_expected import ALL_FACTS, CONGRESSES, RDF_TYPE, Fact, cite

from sovkg.graphs import OxigraphGraph
from sovkg.store import load

REPO_DIR = Path(__file__).resolve().parents[1]
MIN_FACTS = 100
CITATION_NS = "https://w3id.org/sovkg/id/citation/"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """The ontology and the repository's data in pyoxigraph (facts in citation graphs)."""
    graph = load(REPO_DIR / "data", "oxigraph", persistent=False)
    assert isinstance(graph, OxigraphGraph)
    return graph.store


def _stated(store: ox.Store, fact: Fact) -> set[ox.NamedNode | ox.Literal]:
    """The values the data's named graphs give for the fact (the default graph is metadata)."""
    if fact.inverse:
        quads = store.quads_for_pattern(None, fact.predicate, fact.subject, None)
        return {q.subject for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
    quads = store.quads_for_pattern(fact.subject, fact.predicate, None, None)
    return {q.object for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}


def _show(terms: set[ox.NamedNode | ox.Literal]) -> list[str]:
    return sorted(str(t) for t in terms)


@pytest.mark.parametrize("fact", [pytest.param(f, id=f.id) for f in ALL_FACTS])
def test_fact(store: ox.Store, fact: Fact) -> None:
    assert _show(_stated(store, fact)) == _show(set(fact.values))
    for value, citations in fact.values.items():
        subject, obj = (value, fact.subject) if fact.inverse else (fact.subject, value)
        graphs = {
            q.graph_name.value.removeprefix(CITATION_NS)
            for q in store.quads_for_pattern(subject, fact.predicate, obj, None)
            if isinstance(q.graph_name, ox.NamedNode)
        }
        if fact.predicate == RDF_TYPE:
            assert set(citations) <= graphs, f"{value}: not stated by all of {citations}"
        else:
            assert sorted(graphs) == sorted(citations), f"{value}: stated by other citations"


def test_facts_are_many_and_named_once() -> None:
    ids = Counter(f.id for f in ALL_FACTS)
    assert [i for i, n in ids.items() if n > 1] == []
    assert len(ALL_FACTS) >= MIN_FACTS


def test_every_fact_names_its_citation() -> None:
    """A fact with values names a citation for each; a fact with none names where it is absent."""
    for fact in ALL_FACTS:
        if fact.values:
            assert all(fact.values.values()), fact.id
        else:
            assert fact.note, fact.id


def test_every_cited_sentence_exists(store: ox.Store) -> None:
    """The citations the facts name are citations of the data (no typo in a citation id)."""
    named = {c for f in ALL_FACTS for cs in f.values.values() for c in cs} | {
        c for f in ALL_FACTS for c in f.note
    }
    citation_class = ox.NamedNode("https://w3id.org/sovkg/ontology#Citation")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    missing = sorted(
        c
        for c in named
        if ox.Quad(cite(c), rdf_type, citation_class, ox.DefaultGraph()) not in store
    )
    assert missing == []


def test_exactly_eight_congresses(store: ox.Store) -> None:
    congress = ox.NamedNode("https://w3id.org/sovkg/ontology#Congress")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    found = {q.subject for q in store.quads_for_pattern(None, rdf_type, congress, None)}
    assert _show(found) == _show(set(CONGRESSES))
