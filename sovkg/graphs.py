"""The engines that answer SPARQL on a loaded graph: pyoxigraph and rdflib.

Both implement :class:`Graph`: ``select`` runs a read-only query with parameters bound as RDF
terms (never pasted into the text) and returns :mod:`sovkg.results` objects; ``labels`` picks an
English label per IRI. :func:`sovkg.store.load` decides which engine and which store to use.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import pyoxigraph as ox

from sovkg.errors import QueryExecutionError, QuerySyntaxError
from sovkg.oxigraph_load import UNION_UPDATE
from sovkg.queries import BoundLiteral, check_read_only
from sovkg.results import (
    RDF_LANGSTRING,
    XSD,
    AskResult,
    GraphResult,
    QueryResult,
    ResultTable,
    Term,
)
from sovkg.union_view import duplicate_insensitive

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

Engine = Literal["oxigraph", "rdflib"]
ENGINES: tuple[Engine, ...] = ("oxigraph", "rdflib")


class Graph(Protocol):
    """What every engine offers: run SPARQL with bound parameters, and look up labels."""

    engine: Engine
    fingerprint: str
    files: tuple[Path, ...]

    def select(self, query: str, bindings: Mapping[str, BoundLiteral] | None = None) -> QueryResult:
        """Run a read-only query with ``bindings`` (variable name -> literal) substituted."""
        ...  # pragma: no cover

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        """Return an English (or untagged) label for each IRI that has one."""
        ...  # pragma: no cover


LABEL_QUERY = """\
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?iri ?label ?rank WHERE {
  { ?iri rdfs:label ?label BIND(1 AS ?rank) }
  UNION
  { ?iri skos:prefLabel ?label BIND(2 AS ?rank) }
  FILTER(langMatches(lang(?label), "en") || lang(?label) = "")
}
"""
"""Labels of ``?iri`` (bound at run time; pyoxigraph substitutes projected variables only),
``rdfs:label`` ranked before ``skos:prefLabel``."""


def best_label(candidates: Iterable[tuple[str, str | None, int]]) -> str | None:
    """Pick a label: English before untagged, rdfs:label before skos:prefLabel, then A-Z."""
    ranked = sorted((0 if lang else 1, rank, text) for text, lang, rank in candidates)
    return ranked[0][2] if ranked else None


_OX_SYNTAX = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


class OxigraphGraph:
    """The graph in a pyoxigraph store (in memory, or on disk and opened read-only).

    Attributes:
        store: the pyoxigraph store.
        persistent: ``True`` if the store is the on-disk cache.
    """

    engine: Engine = "oxigraph"

    def __init__(
        self,
        store: ox.Store,
        fingerprint: str,
        files: Sequence[Path],
        *,
        persistent: bool,
        union_copied: bool = True,
    ) -> None:
        """Wrap ``store``.

        Args:
            store: the pyoxigraph store.
            fingerprint: the inputs' :func:`sovkg.inputs.fingerprint`.
            files: the input files.
            persistent: ``True`` for the on-disk cache.
            union_copied: ``False`` if the named graphs' triples are not copied into the
                default graph yet (see :func:`sovkg.oxigraph_load.memory_store`); the copy is
                then made when a query needs it, and queries that
                :func:`~sovkg.union_view.duplicate_insensitive` proves safe are answered from
                oxigraph's union view until then.
        """
        self._store = store
        self.fingerprint = fingerprint
        self.files = tuple(files)
        self.persistent = persistent
        self._union_pending = not union_copied
        self._union_lock = threading.Lock()

    @property
    def store(self) -> ox.Store:
        """The pyoxigraph store, its default graph the union of all graphs (copied if needed)."""
        self.copy_union()
        return self._store

    @property
    def union_copied(self) -> bool:
        """``True`` once the default graph holds the union of all graphs."""
        return not self._union_pending

    def copy_union(self) -> None:
        """Copy every named graph's triples into the default graph, once (thread-safe)."""
        if not self._union_pending:
            return
        with self._union_lock:
            if self._union_pending:
                self._store.update(UNION_UPDATE)
                self._union_pending = False

    def _query(self, query: str, substitutions: dict[Any, Any], *, repeats_harmless: bool) -> Any:
        """Run ``query``; from the union view if its answer ignores repeats, else the copy.

        The view is read-only and consistent at any time: a query whose answer ignores
        repeats gets the same answer before, during and after the copy.
        """
        view = self._union_pending and (repeats_harmless or duplicate_insensitive(query))
        store = self._store if view else self.store
        return store.query(query, substitutions=substitutions, use_default_graph_as_union=view)

    def select(self, query: str, bindings: Mapping[str, BoundLiteral] | None = None) -> QueryResult:
        """Run ``query`` with ``bindings`` substituted as RDF terms (never pasted as text).

        Raises:
            ForbiddenQueryError: if the query writes or leaves the local graph.
            QuerySyntaxError: with the line and column pyoxigraph reports.
            QueryExecutionError: if evaluation fails.
        """
        check_read_only(query)
        substitutions = {
            ox.Variable(name): ox.Literal(value.lexical, datatype=ox.NamedNode(value.datatype))
            for name, value in (bindings or {}).items()
        }
        try:
            result = self._query(query, substitutions, repeats_harmless=False)
            if isinstance(result, ox.QuerySolutions):
                variables = tuple(v.value for v in result.variables)
                rows = tuple(
                    tuple(term_from_ox(solution[i]) for i in range(len(variables)))
                    for solution in result
                )
                return ResultTable(variables, rows)
            if isinstance(result, ox.QueryBoolean):
                return AskResult(bool(result))
            triples = tuple(
                (
                    required_term_from_ox(t.subject),
                    required_term_from_ox(t.predicate),
                    required_term_from_ox(t.object),
                )
                for t in result
            )
            return GraphResult(triples)
        except SyntaxError as exc:
            raise _ox_syntax_error(exc, query) from None
        except (OSError, RuntimeError, ValueError, TypeError) as exc:
            raise QueryExecutionError(f"the query failed: {exc}") from None

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        """Return an English (or untagged) ``rdfs:label``/``skos:prefLabel`` per IRI."""
        found: dict[str, str] = {}
        for iri in set(iris):
            solutions = self._query(  # a repeated candidate does not change the best label
                LABEL_QUERY,
                {ox.Variable("iri"): ox.NamedNode(iri)},
                repeats_harmless=True,
            )
            candidates = [
                (s["label"].value, s["label"].language, int(s["rank"].value))
                for s in solutions  # type: ignore[union-attr]
                if isinstance(s["label"], ox.Literal) and isinstance(s["rank"], ox.Literal)
            ]
            label = best_label(candidates)
            if label is not None:
                found[iri] = label
        return found

    def __len__(self) -> int:
        """Return the number of quads in the store."""
        return len(self.store)


def _ox_syntax_error(exc: SyntaxError, query: str) -> QuerySyntaxError:
    """Turn pyoxigraph's ``error at L:C: ...`` into a :class:`QuerySyntaxError`.

    pyoxigraph reports the furthest character its parser looked at, which can lie past the end
    of the line (it reads ahead to match keywords). The column is therefore moved back onto the
    token there, and the message quotes the text from that token on.
    """
    match = _OX_SYNTAX.search(str(exc))
    if match is None:
        return QuerySyntaxError(str(exc).splitlines()[0] if str(exc) else "cannot parse")
    line, column = int(match.group(1)), int(match.group(2))
    lines = query.splitlines() or [""]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    column = _token_start(text, column)
    near = text[column - 1 :].strip()[:30] if text else ""
    expected = " ".join(match.group(3).split())
    if len(expected) > 100:
        expected = expected[:97] + "..."
    message = f"near '{near}': {expected}" if near else expected
    if "Prefix not found" in expected and ":" in near:
        prefix = near.split(":", 1)[0]
        message = f"near '{near}': prefix '{prefix}:' is not declared (PREFIX {prefix}: <IRI>)"
    return QuerySyntaxError(message, line, column)


def _token_start(text: str, column: int) -> int:
    """Move a 1-based column inside ``text`` onto the start of the token at or before it."""
    index = min(column, len(text)) - 1
    while index > 0 and text[index].isspace():
        index -= 1
    while (
        index > 0
        and not text[index - 1].isspace()
        and (text[index - 1].isalnum() or text[index - 1] in "?$_:")
    ):
        index -= 1
    return max(index, 0) + 1


def term_from_ox(term: Any) -> Term | None:
    """Convert a pyoxigraph term (or ``None`` for unbound) to a :class:`~sovkg.results.Term`."""
    if term is None:
        return None
    return required_term_from_ox(term)


def required_term_from_ox(term: Any) -> Term:
    """Convert a pyoxigraph term (an RDF-star triple becomes a ``"triple"`` term)."""
    if isinstance(term, ox.NamedNode):
        return Term("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        language = term.language
        datatype = RDF_LANGSTRING if language else term.datatype.value
        return Term("literal", term.value, datatype, language.lower() if language else None)
    return Term("triple", str(term))


class RdflibGraph:
    """The graph in an rdflib ``Dataset(default_union=True)``; the parity and baseline engine.

    Attributes:
        dataset: the rdflib dataset.
    """

    engine: Engine = "rdflib"

    def __init__(self, dataset: rdflib.Dataset, fingerprint: str, files: Sequence[Path]) -> None:
        self.dataset = dataset
        self.fingerprint = fingerprint
        self.files = tuple(files)

    def select(self, query: str, bindings: Mapping[str, BoundLiteral] | None = None) -> QueryResult:
        """Run ``query`` with ``bindings`` given as rdflib ``initBindings``.

        Raises:
            ForbiddenQueryError: if the query writes or leaves the local graph.
            QuerySyntaxError: with the line and column rdflib's parser reports.
            QueryExecutionError: if evaluation fails.
        """
        from pyparsing import ParseException
        from rdflib import Literal as RLiteral
        from rdflib import URIRef, Variable

        check_read_only(query)
        init = {
            Variable(name): RLiteral(value.lexical, datatype=URIRef(value.datatype))
            for name, value in (bindings or {}).items()
        }
        try:
            result = self.dataset.query(query, initBindings=init)
            if result.type == "SELECT":
                variables = tuple(str(v) for v in result.vars or ())
                rows = tuple(
                    tuple(_from_rdflib(row[i]) for i in range(len(variables)))  # type: ignore[index]
                    for row in result
                )
                return ResultTable(variables, rows)
            if result.type == "ASK":
                return AskResult(bool(result.askAnswer))
            graph = result.graph
            triples = tuple(
                (_from_rdflib_required(s), _from_rdflib_required(p), _from_rdflib_required(o))
                for s, p, o in (graph if graph is not None else ())
            )
            return GraphResult(triples)
        except ParseException as exc:
            raise QuerySyntaxError(" ".join(exc.msg.split()), exc.lineno, exc.col) from None
        except Exception as exc:  # rdflib raises many unrelated types while evaluating
            raise QueryExecutionError(f"the query failed: {exc}") from None

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        """Return an English (or untagged) ``rdfs:label``/``skos:prefLabel`` per IRI."""
        from rdflib import URIRef, Variable

        found: dict[str, str] = {}
        for iri in set(iris):
            result = self.dataset.query(LABEL_QUERY, initBindings={Variable("iri"): URIRef(iri)})
            candidates = [
                (str(row.label), row.label.language, int(row.rank))  # type: ignore[union-attr]
                for row in result
            ]
            label = best_label(candidates)
            if label is not None:
                found[iri] = label
        return found

    def __len__(self) -> int:
        """Return the number of quads in the dataset."""
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))


def _from_rdflib(term: Any) -> Term | None:
    if term is None:
        return None
    return _from_rdflib_required(term)


def _from_rdflib_required(term: Any) -> Term:
    from rdflib import BNode, URIRef
    from rdflib import Literal as RLiteral

    if isinstance(term, URIRef):
        return Term("iri", str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    if isinstance(term, RLiteral):
        if term.language:
            return Term("literal", str(term), RDF_LANGSTRING, term.language.lower())
        datatype = str(term.datatype) if term.datatype is not None else XSD + "string"
        return Term("literal", str(term), datatype)
    return Term("triple", str(term))
