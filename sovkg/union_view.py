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
needs it. Each algebra node is given one of four levels:

* :data:`ORDERED`: it is evaluated as over the set, solutions and order alike (oxigraph's order
  may vary from run to run where it hashes, the view's no more than the set's);
* :data:`EXACT`: its solution multiset is the same, but maybe not its order;
* :data:`SUPPORT`: only its set of distinct solutions is the same;
* :data:`UNSAFE`: not even that (a ``LIMIT`` over repeated rows, ``COUNT(*)`` over them ...).

A basic graph pattern on the default graph is :data:`SUPPORT` (the view also lists it in
another order than the copy); inside ``GRAPH`` (named graphs, which the bag does not touch) and
for ``VALUES`` it is :data:`ORDERED`. Joins, unions, optionals, filters, ``BIND``, projection
and ordering keep the lowest level of their parts; ``MINUS`` and ``EXISTS`` read only the set
of their inner solutions (an ``EXISTS`` holding a subquery, ``SERVICE`` or ``RAND()`` is
refused). ``DISTINCT`` lifts :data:`SUPPORT` to :data:`EXACT`, and so does grouping when every
aggregate ignores both repeats and order: the ``DISTINCT`` form of ``COUNT``, ``SAMPLE`` of a
grouping variable, ``COUNT`` over an :data:`EXACT` input, and ``MIN`` and ``MAX`` as long as
the term they pick stays hidden (below). ``SUM`` and ``AVG`` (a floating-point sum depends on
the order: ``(0.1 + 0.2) + 0.3`` is not ``0.1 + (0.2 + 0.3)``), any other ``SAMPLE`` and
``GROUP_CONCAT`` need an :data:`ORDERED` input. ``LIMIT``/``OFFSET`` need an :data:`EXACT`
input. ``RAND``, ``UUID``, ``STRUUID`` and ``BNODE`` give each repeat of a solution a new value,
and oxigraph may evaluate a pattern once per solution of another (a for-loop join), so they
qualify only in a query :data:`ORDERED` as a whole. A ``SELECT`` or ``CONSTRUCT`` qualifies at
:data:`EXACT`, an ``ASK`` at :data:`SUPPORT`; ``DESCRIBE``, ``FROM``/``FROM NAMED``,
``SERVICE``, ``\\u`` escapes (which rdflib decodes everywhere in the text, pyoxigraph only in
IRIs and strings) and anything rdflib cannot parse do not.

``MIN`` and ``MAX`` pick the first of several terms of one value (``1`` and ``1.0``, one instant
in two time zones), so over a reordered input they may pick another term of the same value.
Such a result qualifies only where that cannot show: compared (``<``, ``=``, ``IN`` ...), tested
with ``BOUND`` or passed on by a subquery, never returned, joined, grouped, made ``DISTINCT``
or read otherwise. (One gap is accepted: oxigraph compares a double with a decimal by rounding
the decimal, so ``0.1`` and ``1e-1`` tie in a ``MIN`` although ``0.100000000000000001`` tells
them apart. It needs data that mixes doubles with decimals or integers in one ``MIN`` and a
value within a double's rounding of them; the bundled queries take ``MIN`` and ``MAX`` of dates.)

"The same answer" means the same solutions, in the same order where ``ORDER BY`` fixes it; as
everywhere in SPARQL, the order of rows it leaves open (and which rows a ``LIMIT`` without
``ORDER BY`` keeps) is up to the engine, and may differ before and after the copy.

The view costs more where many citations restate the facts a query joins: the repeats multiply
before ``DISTINCT`` or grouping removes them (``succession`` takes about 60 ms at 10^6 quads
before the copy, 1.5 ms after, because the bundled data states each congress in up to twelve
citation graphs). Any query the view answers too slowly can be answered after
:meth:`sovkg.graphs.OxigraphGraph.copy_union`; the next run opens the on-disk store anyway.

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
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

ORDERED = 3
"""Evaluated as over the set: the default graph's repeats and order do not reach it."""
EXACT = 2
"""The solution multiset does not depend on how often a default-graph triple matches."""
SUPPORT = 1
"""Only the set of distinct solutions is independent of it."""
UNSAFE = 0
"""Neither is."""

_TIE_PICKERS = frozenset({"Aggregate_Min", "Aggregate_Max"})
"""Aggregates whose value ignores repeats and order, but not which term of it they pick."""
_FRESH = frozenset({"Builtin_RAND", "Builtin_UUID", "Builtin_STRUUID", "Builtin_BNODE"})
"""Functions that give a new value at every call, so one per repeat of a solution."""
_EXISTS = frozenset({"Builtin_EXISTS", "Builtin_NOTEXISTS"})
_EXISTS_BLOCKERS = frozenset({"SubSelect", "ServiceGraphPattern"}) | _FRESH
"""Parser nodes that make an ``EXISTS`` pattern depend on repeats (or leave the store)."""
_ESCAPES = ("\\u", "\\U")
"""rdflib decodes these everywhere in a query, pyoxigraph only in IRIs and strings: with them
the two parsers may read different queries (``#\\u000A DISTINCT`` is a comment to one only)."""
_HIDDEN = frozenset(
    {
        ("Project", "PV"),
        ("AskQuery", "PV"),
        ("RelationalExpression", "expr"),
        ("RelationalExpression", "other"),
        ("Builtin_BOUND", "arg"),
    }
)
"""Where a term ``MIN`` or ``MAX`` picked may stand (node name, key): passed on by a subquery
(or an ``ASK``, which answers only true or false), compared by value, or tested for being
bound."""
_BINDS = frozenset({("Extend", "var"), ("Aggregate_Min", "res"), ("Aggregate_Max", "res")})
"""Where such a term is bound."""


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
        query rdflib cannot parse or might read otherwise than pyoxigraph.
    """
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    if any(escape in query for escape in _ESCAPES):
        return False
    try:
        parsed = parseQuery(query)
        in_exists = _exists_contents(parsed)  # read first: the translation rewrites them
        algebra = translateQuery(parsed).algebra
    except Exception:  # any query rdflib cannot read is simply not proven safe
        return False
    if any(_name(item) in _EXISTS_BLOCKERS or _aggregate(item) for item in in_exists):
        return False
    if algebra.get("datasetClause") or algebra.get("p") is None:
        return False
    level = _pattern(algebra.p, in_graph=False)
    if level < ORDERED and any(_name(node) in _FRESH for node in _nodes(algebra)):
        return False  # the engine may evaluate a part once per repeat of another (for-loop joins)
    if algebra.name == "AskQuery":
        enough = level >= SUPPORT
    elif algebra.name in {"SelectQuery", "ConstructQuery"}:
        enough = level >= EXACT
    else:
        return False
    return enough and _ties_hidden(algebra, in_exists)


def _name(node: Any) -> str | None:
    name = getattr(node, "name", None)
    return name if isinstance(name, str) else None


def _aggregate(node: Any) -> bool:
    return (_name(node) or "").startswith("Aggregate_")


def _pattern(node: Any, in_graph: bool) -> int:
    """The level of one translated algebra node (see the module docstring).

    An ``EXISTS`` in an expression needs no look here: :func:`duplicate_insensitive` refused
    every query where one could depend on repeats.
    """
    name = _name(node)
    if name == "BGP":
        return ORDERED if in_graph or not node.get("triples") else SUPPORT
    if name == "values":
        return ORDERED
    if name == "Graph":
        return _pattern(node.p, in_graph=True)
    if name in {"Join", "Union"}:
        return min(_pattern(node.p1, in_graph), _pattern(node.p2, in_graph))
    if name == "LeftJoin":
        joined = min(_pattern(node.p1, in_graph), _pattern(node.p2, in_graph))
        return _applied(joined, node.get("expr"))
    if name == "Minus":
        right = ORDERED if _pattern(node.p2, in_graph) >= SUPPORT else UNSAFE
        return min(_pattern(node.p1, in_graph), right)
    if name in {"Filter", "Extend", "OrderBy"}:
        return _applied(_pattern(node.p, in_graph), node.get("expr"))
    if name in {"Project", "ToMultiSet", "Reduced"}:
        return _pattern(node.p, in_graph)
    if name == "Distinct":
        inner = _pattern(node.p, in_graph)
        return inner if inner >= EXACT else EXACT if inner == SUPPORT else UNSAFE
    if name == "Slice":
        inner = _pattern(node.p, in_graph)
        return inner if inner >= EXACT else UNSAFE
    if name == "AggregateJoin":
        return _grouped(node, in_graph)
    return UNSAFE


def _applied(level: int, expr: Any) -> int:
    """The level of a pattern at ``level`` once ``expr`` is evaluated on each of its solutions.

    ``RAND()``, ``UUID()``, ``STRUUID()`` and ``BNODE()`` make a new value for every solution,
    so a solution repeated over the bag gets several: they need an :data:`EXACT` input.
    """
    if level < EXACT and any(_name(node) in _FRESH for node in _nodes(expr)):
        return UNSAFE
    return level


def _grouped(node: Any, in_graph: bool) -> int:
    """The level of ``AggregateJoin(Group(...))``: one row per group, if no aggregate counts."""
    group = node.p
    if _name(group) != "Group":
        return UNSAFE
    inner = _applied(_pattern(group.p, in_graph), group.get("expr"))
    if inner == UNSAFE:
        return UNSAFE
    keys = {str(key) for key in group.get("expr") or () if _name(key) is None}
    for aggregate in node.A:
        if _applied(inner, aggregate.get("vars")) == UNSAFE:
            return UNSAFE
        if not _aggregate_safe(aggregate, inner, keys):
            return UNSAFE
    return ORDERED if inner == ORDERED else EXACT


def _aggregate_safe(aggregate: Any, inner: int, keys: set[str]) -> bool:
    """``True`` if ``aggregate`` over an input at level ``inner`` is what it is over the set.

    ``MIN`` and ``MAX`` count as safe here; :func:`_ties_hidden` checks the terms they pick.
    """
    if inner == ORDERED:
        return True
    if aggregate.name == "Aggregate_Count":
        return inner == EXACT or bool(aggregate.get("distinct"))
    if aggregate.name == "Aggregate_Sample":
        return str(aggregate.get("vars")) in keys
    return aggregate.name in _TIE_PICKERS


def _exists_contents(parsed: Any) -> list[Any]:
    """Every node and leaf inside the ``EXISTS``/``NOT EXISTS`` patterns of a parsed query.

    Read before rdflib translates the query: the translation moves a pattern's ``FILTER``s out
    of the parsed tree into a translated pattern, which a nested ``EXISTS`` may lose (rdflib
    translates it twice, the second time from the first result, and keeps an empty pattern).
    """
    found: list[Any] = []
    for node in _nodes(parsed):
        if _name(node) in _EXISTS:
            found += _items(node.get("graph"))
    return found


def _ties_hidden(algebra: Any, in_exists: list[Any]) -> bool:
    """``True`` unless a term ``MIN`` or ``MAX`` picks over a reordered input may show.

    Such a result (rdflib's ``__agg_n__``, and the variable a ``SELECT`` binds it to) may only
    stand where :data:`_HIDDEN` allows (not inside an ``EXISTS``: ``in_exists``), each variable
    bound once, and no ``DISTINCT`` (nor ``COUNT(DISTINCT *)``) may see it: two picks of one
    value may be one term or two.
    """
    from rdflib.term import Variable

    results = set(_tie_results(algebra.p, in_graph=False))
    if not results:
        return True
    tied = results | {
        node.var
        for node in _nodes(algebra.p)
        if _name(node) == "Extend"
        and isinstance(node.get("expr"), Variable)
        and node.get("expr") in results
    }
    if any(isinstance(item, Variable) and item in tied for item in in_exists):
        return False
    bindings: Counter[Any] = Counter()
    for variable, where in _variables(algebra):
        if variable not in tied or where in _HIDDEN:
            continue
        if where == ("Extend", "expr") and variable in results:
            continue  # (MIN(?x) AS ?v): ?v is in tied too
        if where not in _BINDS:
            return False
        bindings[variable, where] += 1
    if any(count > 1 for (variable, _), count in bindings.items() if variable not in results):
        return False
    return not any(_sees_whole_rows(node, tied) for node in _nodes(algebra.p))


def _tie_results(node: Any, in_graph: bool) -> Iterator[Any]:
    """The result variables of the ``MIN`` and ``MAX`` over an input the bag reorders."""
    in_graph = in_graph or _name(node) == "Graph"
    if _name(node) == "AggregateJoin" and _pattern(node.p.p, in_graph) < ORDERED:
        yield from (aggregate.res for aggregate in node.A if aggregate.name in _TIE_PICKERS)
    for key in ("p", "p1", "p2"):
        if _name(node.get(key)) is not None:
            yield from _tie_results(node.get(key), in_graph)


def _sees_whole_rows(node: Any, tied: set[Any]) -> bool:
    """``True`` if ``node`` compares whole rows that may hold a variable of ``tied``."""
    name = _name(node)
    if name in {"Distinct", "Reduced"}:
        return _name(node.p) != "Project" or bool(tied.intersection(node.p.PV))
    return name == "Aggregate_Count" and node.get("vars") == "*" and bool(node.get("distinct"))


def _variables(value: Any) -> Iterator[tuple[Any, tuple[str, str]]]:
    """Every variable in ``value`` with where it stands: (node name, key), ``("", "")`` at top.

    A variable in a list stands where the list does; a plain dict (a ``VALUES`` row) has
    variables for keys. rdflib's ``_vars`` annotations are sets, which are not walked.
    """
    from rdflib.term import Variable

    stack: list[tuple[Any, tuple[str, str]]] = [(value, ("", ""))]
    while stack:
        item, where = stack.pop()
        if isinstance(item, Variable):
            yield item, where
        elif isinstance(item, dict):
            name = _name(item)
            for key, child in item.items():
                if name is None:
                    stack += [(key, where), (child, where)]
                else:
                    stack.append((child, (name, key)))
        elif isinstance(item, _sequences()):
            stack.extend((child, where) for child in item)


def _nodes(value: Any) -> Iterable[Any]:
    """Every node in ``value`` (an algebra or parser node, a list, or a leaf), depth first."""
    return (item for item in _items(value) if isinstance(item, dict))


def _items(value: Any) -> list[Any]:
    """Every node and leaf in ``value``, depth first (a plain dict's keys included)."""
    found: list[Any] = []
    stack = [value]
    while stack:
        item = stack.pop()
        found.append(item)
        if isinstance(item, dict):  # rdflib's CompValue is an OrderedDict
            stack.extend(item.values())
            if _name(item) is None:
                stack.extend(item.keys())
        elif isinstance(item, _sequences()):
            stack.extend(item)
    return found


@functools.cache
def _sequences() -> tuple[type, ...]:
    """The sequence types in rdflib's trees: lists, tuples and pyparsing's results."""
    from pyparsing import ParseResults

    return (list, tuple, ParseResults)
