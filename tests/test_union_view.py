"""Answering from oxigraph's union view before the union is copied (:mod:`sovkg.union_view`).

The classifier must be sound: every query it accepts gives, over pyoxigraph's bag union, the
answer the copied set union gives. That is checked on data where the same triple stands in
several graphs (so a bag and a set differ), for hand-written edge cases and for every bundled
named query. It must also be useful: every bundled query is accepted, so a large input's first
use never waits for the copy, and the queries it refuses do differ over the bag.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sovkg import store as store_module
from sovkg.queries import QueryRegistry
from sovkg.store import OxigraphGraph, ResultTable, input_files, memory_store
from sovkg.union_view import duplicate_insensitive

REPEATS = """\
@prefix ex: <http://example.org/> .
ex:g1 { ex:a ex:p 1 . ex:a ex:q ex:b . ex:b ex:q ex:c . }
ex:g2 { ex:a ex:p 1 . ex:a ex:q ex:b . ex:a ex:p 2 . }
ex:g3 { ex:a ex:p 1 . ex:c a ex:T . }
ex:a ex:p 1 .
ex:d ex:p 3 .
"""
"""``ex:a ex:p 1`` is stated four times (three graphs and the default graph)."""

P = "PREFIX ex: <http://example.org/> "

PROVEN = [
    "SELECT DISTINCT ?s ?o WHERE { ?s ex:p ?o }",
    "SELECT DISTINCT ?o WHERE { ?s ex:p ?o } ORDER BY ?o LIMIT 2",
    "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ex:p ?o }",
    "SELECT ?s (MAX(?o) AS ?top) (MIN(?o) AS ?low) WHERE { ?s ex:p ?o } GROUP BY ?s",
    "SELECT ?s (SUM(DISTINCT ?o) AS ?sum) WHERE { ?s ex:p ?o } GROUP BY ?s ORDER BY ?s",
    "SELECT ?s ?o WHERE { ?s ex:p ?o } GROUP BY ?s ?o ORDER BY ?s ?o",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "SELECT DISTINCT ?s WHERE { ?s ex:q+ ?o }",
    "SELECT DISTINCT ?s WHERE { ?s ex:p ?o MINUS { ?s ex:q ?x } }",
    "SELECT DISTINCT ?s WHERE { ?s ex:p ?o FILTER NOT EXISTS { ?s ex:q ?x } }",
    "SELECT DISTINCT ?s ?x WHERE { ?s ex:p ?o OPTIONAL { ?s ex:q ?x } }",
    "SELECT DISTINCT ?x WHERE { { SELECT DISTINCT ?x WHERE { ?x ex:p ?o } LIMIT 5 } }",
    "SELECT ?n WHERE { { SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o } } }",
    "SELECT ?x WHERE { VALUES ?x { 1 2 2 } }",
    "ASK { ?s ex:p 1 }",
    "SELECT DISTINCT ?s WHERE { { ?s ex:p ?o } UNION { ?s ex:q ?o } }",
]
"""Queries the classifier accepts (each checked against the copied union below)."""

REFUSED = [
    "SELECT ?s WHERE { ?s ex:p 1 }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ex:p ?o }",
    "SELECT ?s (SUM(?o) AS ?sum) WHERE { ?s ex:p ?o } GROUP BY ?s",
    "SELECT ?s (AVG(?o) AS ?avg) WHERE { ?s ex:p ?o } GROUP BY ?s",
    "SELECT ?s (GROUP_CONCAT(STR(?o)) AS ?all) WHERE { ?s ex:p ?o } GROUP BY ?s",
    "SELECT ?s (SAMPLE(?o) AS ?one) WHERE { ?s ex:p ?o } GROUP BY ?s",
    "SELECT ?s (GROUP_CONCAT(DISTINCT STR(?o)) AS ?all) WHERE { ?s ex:p ?o } GROUP BY ?s",
    "SELECT DISTINCT ?s WHERE { { SELECT ?s WHERE { ?s ex:p ?o } LIMIT 2 } }",
    "SELECT DISTINCT ?s WHERE { ?s ex:p ?o "
    "FILTER EXISTS { SELECT ?s WHERE { ?s ex:p 1 } LIMIT 1 } }",
    "SELECT REDUCED ?s WHERE { ?s ex:p ?o }",
    "SELECT DISTINCT ?s FROM ex:g1 WHERE { ?s ex:p ?o }",
    "CONSTRUCT { ?s ex:r _:b } WHERE { ?s ex:p ?o }",
    "DESCRIBE ex:a",
    "SELECT DISTINCT ?s WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "this is not SPARQL",
]
"""Queries it refuses: their answer depends on repeats, or nothing proves it does not."""

DIFFERS_OVER_BAG = REFUSED[:6]
"""Refused queries whose answer over the bag really differs on :data:`REPEATS`."""


def graphs(folder: Path) -> tuple[OxigraphGraph, OxigraphGraph]:
    """The same files twice: union not copied (view) and copied."""
    files = input_files(folder)
    view = OxigraphGraph(
        memory_store(files, copy_union=False), "v", files, persistent=False, union_copied=False
    )
    copied = OxigraphGraph(memory_store(files), "c", files, persistent=False)
    return view, copied


@pytest.fixture(scope="module")
def repeats(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("repeats")
    (folder / "repeats.trig").write_text(REPEATS, encoding="utf-8")
    return folder


def rows(result: object) -> object:
    """The rows as a sorted list (SPARQL leaves the order of an unordered answer open)."""
    return sorted(map(str, result.rows)) if isinstance(result, ResultTable) else result


@pytest.mark.parametrize("query", PROVEN)
def test_accepted_queries_answer_alike_over_bag_and_set(repeats, query):
    assert duplicate_insensitive(P + query)
    view, copied = graphs(repeats)
    assert rows(view.select(P + query)) == rows(copied.select(P + query))
    assert not view.union_copied, "an accepted query must not need the copy"


@pytest.mark.parametrize("query", REFUSED)
def test_refused_queries(query):
    assert not duplicate_insensitive(P + query)


@pytest.mark.parametrize("query", DIFFERS_OVER_BAG)
def test_refused_queries_would_differ_over_the_bag(repeats, query):
    """The refusals are not overcautious here: pyoxigraph's bag union gives another answer."""
    files = input_files(repeats)
    bag, union = memory_store(files, copy_union=False), memory_store(files)

    def answer(store: object, as_union: bool) -> list[str]:
        solutions = store.query(P + query, use_default_graph_as_union=as_union)  # type: ignore[attr-defined]
        return sorted(
            str([solution[i] for i in range(len(solutions.variables))]) for solution in solutions
        )

    assert answer(bag, True) != answer(union, False)


def test_refused_query_copies_the_union_then_answers_from_the_set(repeats):
    view, _ = graphs(repeats)
    answer = view.select(P + "SELECT (COUNT(*) AS ?n) WHERE { ex:a ex:p 1 }")
    assert view.union_copied
    assert answer.rows[0][0].value == "1"


def test_store_attribute_is_always_the_copied_union(repeats):
    view, copied = graphs(repeats)
    assert len(view.store) == len(copied.store)
    assert view.union_copied


def test_labels_do_not_need_the_copy(tmp_path):
    (tmp_path / "l.trig").write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<urn:g1> { <urn:a> rdfs:label "A"@en . }\n<urn:g2> { <urn:a> rdfs:label "A"@en . }\n',
        encoding="utf-8",
    )
    view, copied = graphs(tmp_path)
    assert view.labels(["urn:a"]) == copied.labels(["urn:a"]) == {"urn:a": "A"}
    assert not view.union_copied


BUNDLED = list(QueryRegistry())


@pytest.mark.parametrize("query", BUNDLED, ids=lambda q: q.name)
def test_every_bundled_query_is_answered_from_the_view(query):
    assert duplicate_insensitive(query.text), (
        f"{query.name}: a large input's first use would wait for the union copy"
    )


def test_bundled_queries_answer_alike_over_bag_and_set():
    """The bundled data states 100+ triples in more than one citation graph."""
    view, copied = graphs(store_module.resolve_data_dir(None))
    for query in BUNDLED:
        bindings = query.bind({p.name: p.kind.example for p in query.parameters if p.required})
        assert view.select(query.text, bindings) == copied.select(query.text, bindings), query.name
    assert not view.union_copied


def test_large_memory_loads_leave_the_copy_for_later(monkeypatch, tmp_path, repeats):
    store_module.clear_memo()
    try:
        with monkeypatch.context() as patch:
            patch.setattr(store_module, "LAZY_UNION_MIN_BYTES", 1)
            graph = store_module.load(repeats, persistent=False)
            assert isinstance(graph, OxigraphGraph) and not graph.union_copied
            assert graph.select(P + "ASK { ex:d ex:p 3 }").value is True
            assert not graph.union_copied
    finally:
        store_module.clear_memo()
    small = store_module.load(repeats, persistent=False)
    assert isinstance(small, OxigraphGraph) and small.union_copied
