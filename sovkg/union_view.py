"""Which queries may be answered from oxigraph's union view instead of the copied union.

sovkg's default graph is the union of all graphs, as a set: every fact triple lives in the named
graph of the citation that states it (see :mod:`sovkg.store`). pyoxigraph 0.5 offers that union
only as a *bag* (``use_default_graph_as_union``): a triple that three citations state matches
three times (oxigraph issue #1919; fixed upstream by pull request #1920, which no release has
yet). So :mod:`sovkg.store` copies every triple into the default graph, which at 10^6 quads
costs about 2.5 s on top of a 4 s parse.

Many queries do not need the copy: their answer is the same whether a default-graph triple
matches once or several times. :func:`duplicate_insensitive` decides that from the query's
SPARQL algebra, soundly and conservatively (``False`` whenever in doubt), so that a large
input's first use can answer such queries at once and copy the union only when another query
needs it. Each algebra node is given one of three levels:

* :data:`EXACT`: its solution multiset is the same over the bag as over the set;
* :data:`SUPPORT`: only its set of distinct solutions is the same;
* :data:`UNSAFE`: not even that (a ``LIMIT`` over repeated rows, ``COUNT(*)`` over them ...).

A basic graph pattern on the default graph is :data:`SUPPORT`; inside ``GRAPH`` (named graphs,
which the bag does not touch) and for ``VALUES`` it is :data:`EXACT`. Joins, unions, optionals,
filters, ``BIND``, projection and ordering keep the lowest level of their parts; ``MINUS`` and
``EXISTS`` read only the set of their inner solutions. ``DISTINCT`` lifts :data:`SUPPORT` to
:data:`EXACT`, and so does grouping when every aggregate ignores repeats (``MIN``, ``MAX``, the
``DISTINCT`` forms of ``COUNT``, ``SUM`` and ``AVG``, and ``SAMPLE`` of a grouping variable;
not ``GROUP_CONCAT``, whose order follows the input). ``LIMIT``/``OFFSET`` need :data:`EXACT`
input. A ``SELECT`` or ``CONSTRUCT`` qualifies at :data:`EXACT`, an ``ASK`` at :data:`SUPPORT`;
``DESCRIBE``, ``FROM``/``FROM NAMED``, ``SERVICE`` and anything rdflib cannot parse do not.

"The same answer" means the same solutions, in the same order where ``ORDER BY`` fixes it; as
everywhere in SPARQL, the order of rows it leaves open (and which rows a ``LIMIT`` without
``ORDER BY`` keeps) is up to the engine, and may differ before and after the copy.

The view costs more where many citations restate the facts a query joins: the repeats multiply
before ``DISTINCT`` or grouping removes them (``succession`` takes about 60 ms at 10^6 quads
before the copy, 1.5 ms after, because the bundled data states each congress in up to twelve
citation graphs). Any query the view answers too slowly can be answered after
:meth:`sovkg.store.OxigraphGraph.copy_union`; the next run opens the on-disk store anyway.

rdflib's parser is used because pyoxigraph exposes no algebra; it is imported only for large
inputs, in a background thread while pyoxigraph parses the data (:func:`preload`), so the
command line's query path stays free of rdflib for the bundled data.

Example:
    >>> duplicate_insensitive("SELECT DISTINCT ?s WHERE { ?s ?p ?o }")
    True
    >>> duplicate_insensitive("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    False
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable
from typing import Any

EXACT = 2
"""The solution multiset does not depend on how often a default-graph triple matches."""
SUPPORT = 1
"""Only the set of distinct solutions is independent of it."""
UNSAFE = 0
"""Neither is."""

_REPEAT_BLIND_AGGREGATES = frozenset({"Aggregate_Min", "Aggregate_Max"})
_REPEAT_BLIND_WHEN_DISTINCT = frozenset({"Aggregate_Count", "Aggregate_Sum", "Aggregate_Avg"})
"""``GROUP_CONCAT`` is not here even with ``DISTINCT``: it joins values in the order they come,
which the bag changes (``"1,2"`` against ``"2,1"``)."""
_EXISTS = frozenset({"Builtin_EXISTS", "Builtin_NOTEXISTS"})
_TRANSLATED = frozenset(
    {
        "BGP",
        "values",
        "Graph",
        "Join",
        "Union",
        "LeftJoin",
        "Minus",
        "Filter",
        "Extend",
        "OrderBy",
        "Project",
        "ToMultiSet",
        "Reduced",
        "Distinct",
        "Slice",
        "AggregateJoin",
    }
)
"""Names of the algebra nodes :func:`_pattern` knows."""
_UNTRANSLATED_BLOCKERS = frozenset({"SubSelect", "ServiceGraphPattern"})
"""Parser nodes that make an untranslated ``EXISTS`` pattern depend on repeats (or leave)."""


def preload() -> threading.Thread:
    """Import rdflib's SPARQL parser in a daemon thread and return the thread.

    pyoxigraph releases the GIL while it parses data, so the import (about 0.4 s) costs no wall
    time when started just before a large load.
    """

    def load_parser() -> None:
        import rdflib.plugins.sparql  # noqa: F401

    thread = threading.Thread(target=load_parser, name="sovkg-sparql-parser", daemon=True)
    thread.start()
    return thread


@functools.lru_cache(maxsize=256)
def duplicate_insensitive(query: str) -> bool:
    """Return ``True`` if ``query`` gives the same answer over a bag union as over a set union.

    Args:
        query: SPARQL query text (parameters, if any, still unbound: binding a variable to one
            value only restricts the solutions, which keeps the property).

    Returns:
        ``True`` only when the module's rules prove it; ``False`` otherwise, including for a
        query rdflib cannot parse.
    """
    from rdflib.plugins.sparql import prepareQuery

    try:
        algebra = prepareQuery(query).algebra
    except Exception:  # any query rdflib cannot read is simply not proven safe
        return False
    if algebra.get("datasetClause") or algebra.get("p") is None:
        return False
    level = _pattern(algebra.p, in_graph=False)
    if algebra.name == "AskQuery":
        return level >= SUPPORT
    if algebra.name in {"SelectQuery", "ConstructQuery"}:
        return level == EXACT
    return False


def _name(node: Any) -> str | None:
    name = getattr(node, "name", None)
    return name if isinstance(name, str) else None


def _pattern(node: Any, in_graph: bool) -> int:
    """The level of one translated algebra node (see the module docstring)."""
    name = _name(node)
    if name == "BGP":
        return EXACT if in_graph or not node.get("triples") else SUPPORT
    if name == "values":
        return EXACT
    if name == "Graph":
        return _pattern(node.p, in_graph=True)
    if name in {"Join", "Union"}:
        return min(_pattern(node.p1, in_graph), _pattern(node.p2, in_graph))
    if name == "LeftJoin":
        parts = (_pattern(node.p1, in_graph), _pattern(node.p2, in_graph))
        return min(*parts, _expression(node.get("expr"), in_graph))
    if name == "Minus":
        right = EXACT if _pattern(node.p2, in_graph) >= SUPPORT else UNSAFE
        return min(_pattern(node.p1, in_graph), right)
    if name in {"Filter", "Extend", "OrderBy"}:
        return min(_pattern(node.p, in_graph), _expression(node.get("expr"), in_graph))
    if name in {"Project", "ToMultiSet", "Reduced"}:
        return _pattern(node.p, in_graph)
    if name == "Distinct":
        return EXACT if _pattern(node.p, in_graph) >= SUPPORT else UNSAFE
    if name == "Slice":
        return EXACT if _pattern(node.p, in_graph) == EXACT else UNSAFE
    if name == "AggregateJoin":
        return _grouped(node, in_graph)
    return UNSAFE


def _grouped(node: Any, in_graph: bool) -> int:
    """The level of ``AggregateJoin(Group(...))``: one row per group, if no aggregate counts."""
    group = node.p
    if _name(group) != "Group":
        return UNSAFE
    inner = min(_pattern(group.p, in_graph), _expression(group.get("expr"), in_graph))
    if inner == UNSAFE:
        return UNSAFE
    keys = {str(key) for key in group.get("expr") or () if _name(key) is None}
    for aggregate in node.A:
        if _expression(aggregate.get("vars"), in_graph) == UNSAFE:
            return UNSAFE
        if inner == EXACT or aggregate.name in _REPEAT_BLIND_AGGREGATES:
            continue
        if aggregate.name in _REPEAT_BLIND_WHEN_DISTINCT and aggregate.get("distinct"):
            continue
        if aggregate.name == "Aggregate_Sample" and str(aggregate.get("vars")) in keys:
            continue
        return UNSAFE
    return EXACT


def _expression(expr: Any, in_graph: bool) -> int:
    """:data:`EXACT` unless an ``EXISTS`` inside ``expr`` reads a pattern that is unsafe."""
    for found in _exists_patterns(expr):
        if _name(found) in _TRANSLATED:
            if _pattern(found, in_graph) == UNSAFE:
                return UNSAFE
        elif any(_blocks(_name(n) or "") for n in _nodes(found)):
            return UNSAFE
    return EXACT


def _blocks(name: str) -> bool:
    """``True`` for a parser node that makes an untranslated pattern depend on repeats."""
    return name in _UNTRANSLATED_BLOCKERS or name.startswith("Aggregate_")


def _exists_patterns(expr: Any) -> Iterable[Any]:
    """The graph patterns of the ``EXISTS``/``NOT EXISTS`` calls in ``expr``."""
    for node in _nodes(expr):
        if _name(node) in _EXISTS:
            yield node.get("graph")


def _nodes(value: Any) -> Iterable[Any]:
    """Every node in ``value`` (an algebra or parser node, a list, or a leaf), depth first."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):  # rdflib's CompValue is an OrderedDict
            yield item
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
