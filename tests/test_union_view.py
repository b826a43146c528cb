"""Answering from oxigraph's union view before the union is copied (:mod:`sovkg.union_view`).

The classifier must be sound: every query it accepts gives, over pyoxigraph's bag union, the
answer the copied set union gives. That is checked on data where the same triple stands in
several graphs (so a bag and a set differ), for hand-written edge cases and for every bundled
named query. It must also be useful: every bundled query is accepted, so a large input's first
use never waits for the copy, and the queries it refuses do differ over the bag.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
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

LOW = "{ SELECT ?s (MIN(?o) AS ?low) WHERE { ?s ex:p ?o } GROUP BY ?s }"
"""A subquery whose ``?low`` may be ``1`` or ``1.0`` where both are stated (see :data:`TIES`)."""

PROVEN = [
    "SELECT DISTINCT ?s ?o WHERE { ?s ex:p ?o }",
    "SELECT DISTINCT ?o WHERE { ?s ex:p ?o } ORDER BY ?o LIMIT 2",
    "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ex:p ?o }",
    f"SELECT ?s WHERE {{ {LOW} FILTER(?low < 2 && BOUND(?low)) }}",
    "SELECT ?s WHERE { ?s ex:p ?o } GROUP BY ?s HAVING (MAX(?o) IN (2, 3))",
    "SELECT ?g (GROUP_CONCAT(STR(?o)) AS ?all) (SUM(?o) AS ?sum) (SAMPLE(?s) AS ?one) "
    "WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "SELECT ?g ?n WHERE { GRAPH ?g { ?s ex:p ?o } BIND(STRLEN(STRUUID()) AS ?n) }",
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
    "SELECT ?s (MAX(?o) AS ?top) (MIN(?o) AS ?low) WHERE { ?s ex:p ?o } GROUP BY ?s",
    f"SELECT DISTINCT ?low WHERE {{ {LOW} }}",
    f"SELECT ?s WHERE {{ {LOW} ?x ex:p ?low }}",
    f"SELECT ?s WHERE {{ {LOW} FILTER EXISTS {{ ?x ex:p ?low }} }}",
    f"SELECT ?s ?t WHERE {{ {LOW} BIND(STR(?low) AS ?t) }}",
    "SELECT (COUNT(DISTINCT *) AS ?n) WHERE { SELECT (MIN(?o) AS ?low) WHERE { ?s ex:p ?o } }",
    "SELECT ?s WHERE { ?s ex:p ?o } GROUP BY ?s ORDER BY MIN(?o)",
    "SELECT ?s (SUM(DISTINCT ?o) AS ?sum) WHERE { ?s ex:p ?o } GROUP BY ?s ORDER BY ?s",
    "SELECT ?g (GROUP_CONCAT(STR(?o)) AS ?c) WHERE { GRAPH ?g { ?s ?p ?o } ?s ?p ?o } GROUP BY ?g",
    "SELECT DISTINCT ?s WHERE { ?s ex:p ?o GRAPH ?g { ?s ?p ?x FILTER(RAND() < 0.5) } }",
    "SELECT DISTINCT ?s WHERE { ?s ex:p ?o FILTER EXISTS { ?s ex:p ?y FILTER(RAND() < 0.5) } }",
    "SELECT DISTINCT ?s FROM ex:g1 WHERE { ?s ex:p ?o }",
    "CONSTRUCT { ?s ex:r _:b } WHERE { ?s ex:p ?o }",
    "DESCRIBE ex:a",
    "SELECT DISTINCT ?s WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "this is not SPARQL",
]
"""Queries it refuses: their answer depends on repeats, or nothing proves it does not."""

DIFFERS_OVER_BAG = REFUSED[:6]
"""Refused queries whose answer over the bag really differs on :data:`REPEATS`."""

ORDER = """\
@prefix ex: <http://example.org/> .
ex:g1 { ex:z ex:p 2 . ex:b ex:p 5 . }
ex:g2 { ex:a ex:p 1 . ex:z ex:p 3 . }
ex:a ex:p 9 .
"""
"""No repeats, but the view lists the triples in another order than the copied union."""

TIES = """\
@prefix ex: <http://example.org/> .
ex:g1 { ex:z ex:p 1.0 . ex:z ex:d 1e16 . }
ex:g2 { ex:a ex:p 1 . ex:a ex:d -1e16 . }
ex:m ex:d 1e0 .
"""
"""Two terms of one value (``1``, ``1.0``) and doubles whose sum depends on the order."""

ONCE_ACCEPTED = [
    (REPEATS, "SELECT (COUNT(DISTINCT ?u) AS ?n) WHERE { ?s ex:p ?o BIND(UUID() AS ?u) }"),
    (REPEATS, "SELECT ?s (COUNT(DISTINCT BNODE()) AS ?n) WHERE { ?s ex:p ?o } GROUP BY ?s"),
    (
        REPEATS,
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?r { ?s ex:p ?o BIND(RAND() AS ?r) } }",
    ),
    (REPEATS, "SELECT #\\u000A DISTINCT\n ?s WHERE { ?s ex:p ?o }"),
    (
        REPEATS,
        "SELECT DISTINCT ?s WHERE { ?s ex:p ?o "
        "FILTER EXISTS { ?s ex:p ?y FILTER EXISTS { SELECT ?z WHERE { ?z ex:p ?w } OFFSET 4 } } }",
    ),
    (
        ORDER,
        "SELECT (GROUP_CONCAT(STR(?o)) AS ?all) WHERE { SELECT DISTINCT ?o WHERE { ?s ex:p ?o } }",
    ),
    (ORDER, "SELECT (SAMPLE(?s) AS ?one) WHERE { SELECT DISTINCT ?s WHERE { ?s ex:p ?o } }"),
    (TIES, "SELECT (MIN(?o) AS ?low) WHERE { ?s ex:p ?o }"),
    (
        TIES,
        "SELECT ?type WHERE { { SELECT (MAX(?o) AS ?top) WHERE { ?s ex:p ?o } } "
        "BIND(STR(DATATYPE(?top)) AS ?type) }",
    ),
    (TIES, "SELECT (SUM(DISTINCT ?d) AS ?sum) WHERE { ?s ex:d ?d }"),
    (TIES, "SELECT (SUM(?d) AS ?sum) WHERE { SELECT DISTINCT ?d WHERE { ?s ex:d ?d } }"),
    (TIES, "SELECT (AVG(DISTINCT ?d) AS ?avg) WHERE { ?s ex:d ?d }"),
]
"""Queries an earlier classifier accepted though their answer differs over the bag on the data
given: fresh values per repeat (``UUID``, ``BNODE``, ``RAND``), a ``\\u`` escape rdflib decodes
and pyoxigraph does not, a ``FILTER`` nested in ``EXISTS`` that rdflib's translation drops,
and order-dependent aggregates over a reordered input (``GROUP_CONCAT``, ``SAMPLE``, the term
``MIN``/``MAX`` pick among equal values, floating-point ``SUM``/``AVG``)."""

HIDDEN_TIES = [
    "SELECT DISTINCT ?s WHERE { { SELECT (MIN(?o) AS ?low) { ?s ex:p ?o } } ?s ex:p ?o "
    "FILTER(?o <= ?low) }",
    "ASK { { SELECT (MAX(?o) AS ?top) WHERE { ?s ex:p ?o } } FILTER(?top = 1) }",
    "SELECT ?s WHERE { ?s ex:d ?d } GROUP BY ?s HAVING (MIN(?d) < 2)",
]
"""Accepted: the term ``MIN`` or ``MAX`` picks is only compared, so :data:`TIES` cannot show."""


def graphs(folder: Path) -> tuple[OxigraphGraph, OxigraphGraph]:
    """The same files twice: union not copied (view) and copied."""
    files = input_files(folder)
    view = store_module._memory_graph(files, "v", copy_union=False)
    copied = store_module._memory_graph(files, "c")
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


def _answer(store: ox.Store, query: str, as_union: bool) -> list[str]:
    """The answer of ``query`` over ``store``, sorted (a boolean for an ``ASK``)."""
    solutions = store.query(P + query, use_default_graph_as_union=as_union)
    if isinstance(solutions, ox.QueryBoolean):
        return [str(bool(solutions))]
    assert isinstance(solutions, ox.QuerySolutions)
    width = len(solutions.variables)
    return sorted(str([solution[i] for i in range(width)]) for solution in solutions)


def _bag_and_union(tmp_path: Path, data: str) -> tuple[ox.Store, ox.Store]:
    """``data`` loaded twice: union not copied (query it as a bag) and copied."""
    (tmp_path / "data.trig").write_text(data, encoding="utf-8")
    files = input_files(tmp_path)
    return memory_store(files, copy_union=False), memory_store(files)


@pytest.mark.parametrize("query", DIFFERS_OVER_BAG)
def test_refused_queries_would_differ_over_the_bag(tmp_path, query):
    """The refusals are not overcautious here: pyoxigraph's bag union gives another answer."""
    bag, union = _bag_and_union(tmp_path, REPEATS)
    assert _answer(bag, query, True) != _answer(union, query, False)


@pytest.mark.parametrize(("data", "query"), ONCE_ACCEPTED)
def test_queries_the_bag_answers_otherwise_are_refused(tmp_path, data, query):
    assert not duplicate_insensitive(P + query)
    bag, union = _bag_and_union(tmp_path, data)
    assert _answer(bag, query, True) != _answer(union, query, False)


@pytest.mark.parametrize("query", HIDDEN_TIES)
def test_hidden_ties_answer_alike_over_bag_and_set(tmp_path, query):
    assert duplicate_insensitive(P + query)
    bag, union = _bag_and_union(tmp_path, TIES)
    assert _answer(bag, query, True) == _answer(union, query, False)


@pytest.mark.xfail(strict=True, reason="accepted: see the module docstring on MIN and MAX")
def test_a_double_and_a_decimal_of_one_value_can_still_tell_a_hidden_tie(tmp_path):
    """``MIN`` picks ``0.1`` or ``1e-1`` by order; only a decimal between them tells them apart."""
    data = (
        "@prefix ex: <http://example.org/> .\nex:g1 { ex:z ex:p 0.1 . } ex:g2 { ex:a ex:p 1e-1 . }"
    )
    query = (
        "ASK { { SELECT (MIN(?o) AS ?low) WHERE { ?s ex:p ?o } } "
        "FILTER(?low < 0.100000000000000001) }"
    )
    assert duplicate_insensitive(P + query)
    bag, union = _bag_and_union(tmp_path, data)
    assert _answer(bag, query, True) == _answer(union, query, False)


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
