"""sovkg: an RDF knowledge graph of the USSR's All-Union Congress of Soviets (1922-1936).

The public API runs the project's named SPARQL queries over the graph (the ontology plus the
data) and returns plain Python rows:

    >>> import sovkg
    >>> [q.name for q in sovkg.list_queries()][:3]
    [...]
    >>> rows = sovkg.run_query("succession")
    >>> sorted({row["ordinal"] for row in rows})
    [1, 2, 3, 4, 5, 6, 7, 8]
    >>> sovkg.run_query("members-at", date="1922-12-29")
    []

Parameters are keyword arguments, checked and bound as typed RDF literals; a name that is a
Python keyword takes a trailing underscore (``from_=`` for the ``from`` parameter):

    >>> sovkg.run_query("members-at", date="1926-13-01")
    Traceback (most recent call last):
    ...
    sovkg.errors.ParameterError: parameter 'date': '1926-13-01' is not a calendar date ...

Rows are dicts from every projected variable to a Python value: IRIs as ``str``, integers as
``int``, ``xsd:date`` as ``datetime.date``, other literals (``xsd:gYear``, strings) as their
lexical ``str``, unbound as ``None`` (see :meth:`sovkg.results.Term.to_python`). For typed RDF
terms, use :func:`query_table`, whose rows keep each term's kind, datatype and language.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from sovkg.errors import SovkgError
from sovkg.graphs import Engine, Graph
from sovkg.queries import NamedQuery, QueryRegistry
from sovkg.results import ResultTable, Term
from sovkg.store import load

__version__ = "0.1.0"

__all__ = [
    "Engine",
    "Graph",
    "NamedQuery",
    "ResultTable",
    "SovkgError",
    "Term",
    "__version__",
    "get_query",
    "list_queries",
    "load",
    "query_table",
    "run_query",
]

PathLike = str | os.PathLike[str]


def list_queries(queries_dir: PathLike | None = None) -> list[NamedQuery]:
    """Return the named queries, sorted by name.

    Args:
        queries_dir: a folder of ``*.rq`` files; ``None`` for the bundled queries.

    Example:
        >>> "members-at" in [q.name for q in list_queries()]
        True
    """
    return list(QueryRegistry(queries_dir))


def get_query(name: str, queries_dir: PathLike | None = None) -> NamedQuery:
    """Return the named query ``name`` (its text, summary and parameters).

    Raises:
        UnknownQueryError: if there is none; the message suggests the nearest name.

    Example:
        >>> [(p.name, p.required) for p in get_query("members-at").parameters]
        [('date', True)]
    """
    return QueryRegistry(queries_dir).get(name)


def query_table(
    name: str,
    params: Mapping[str, object] | None = None,
    *,
    engine: Engine = "oxigraph",
    data_dir: PathLike | None = None,
    queries_dir: PathLike | None = None,
    **kwparams: object,
) -> ResultTable:
    """Run the named query ``name`` and return its variables and typed rows.

    Args:
        name: the query's name (its file name without ``.rq``).
        params: parameter name -> value (``str``, ``int`` or ``datetime.date``).
        engine: ``"oxigraph"`` (default) or ``"rdflib"``.
        data_dir: a data folder; ``None`` for ``$SOVKG_DATA`` or the bundled data.
        queries_dir: a folder of named queries; ``None`` for the bundled ones.
        **kwparams: more parameters; a trailing underscore is dropped (``from_`` -> ``from``).

    Raises:
        UnknownQueryError: for an unknown name.
        ParameterError: for an unknown, missing or malformed parameter.
        DataError: if the graph cannot be loaded.

    Example:
        >>> table = query_table("members-at", date="1926-01-01")
        >>> table.variables[:1]
        ('...',)
    """
    query = get_query(name, queries_dir)
    values: dict[str, object] = dict(params or {})
    values.update({key.rstrip("_") or key: value for key, value in kwparams.items()})
    bindings = query.bind(values)
    result = load(data_dir, engine).select(query.text, bindings)
    if not isinstance(result, ResultTable):  # pragma: no cover - named queries are SELECTs
        raise SovkgError(f"query '{name}' is not a SELECT query")
    return result


def run_query(
    name: str,
    params: Mapping[str, object] | None = None,
    *,
    engine: Engine = "oxigraph",
    data_dir: PathLike | None = None,
    queries_dir: PathLike | None = None,
    **kwparams: object,
) -> list[dict[str, object]]:
    """Run the named query ``name`` and return its rows as dicts of plain Python values.

    Takes the same arguments as :func:`query_table`.

    Example:
        >>> rows = run_query("agenda", congress=7)
        >>> rows[0]["_congress"], rows[0]["position"]
        (7, 1)
    """
    return query_table(
        name, params, engine=engine, data_dir=data_dir, queries_dir=queries_dir, **kwparams
    ).records()
