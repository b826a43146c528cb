"""Load the graph once, cached, and run SPARQL on it: the query path.

The graph that queries see is the ontology (``ontology/sovkg.ttl``) plus every ``*.trig``,
``*.ttl``, ``*.nt`` and ``*.nq`` file of the data folder, with the default graph as the union of
all graphs (facts live in named graphs, one per citation; ``GRAPH ?g`` still reaches them).
Two engines answer queries:

* ``"oxigraph"`` (the default): pyoxigraph. The union is materialized: every triple of a named
  graph is also put in the default graph once, because pyoxigraph's
  ``use_default_graph_as_union`` repeats a triple once per graph that holds it (a bag, where
  SPARQL and rdflib have a set). This doubles the quads of quad files and adds 60% to their
  load time, so a large input loaded into memory (:data:`LAZY_UNION_MIN_BYTES`) makes the copy
  only when a query needs it: until then, queries that :mod:`sovkg.union_view` proves blind to
  repeated triples (all the bundled ones) are answered from pyoxigraph's union view. Only that
  proof imports rdflib's SPARQL parser; otherwise the command line's query path never imports
  rdflib, owlrl or pyshacl.
* ``"rdflib"``: rdflib's ``Dataset(default_union=True)`` with ``initBindings``; used for parity
  tests and as the benchmark baseline. rdflib is imported only when this engine is asked for.

**How the oxigraph store is kept.** Inputs are fingerprinted by the SHA-256 of their contents
(plus the sovkg and pyoxigraph versions), so an edited file is never answered from a stale store.
Small inputs are parsed into memory on every run; large ones are bulk-loaded once into an on-disk
RocksDB store under the cache folder (``$SOVKG_CACHE``, else ``$XDG_CACHE_HOME/sovkg``, else
``~/.cache/sovkg``) named by the fingerprint, and opened read-only afterwards. The store is built
in a temporary folder beside it and renamed into place, so a concurrent process sees either no
store or a complete one; if two processes build at once, the second rename fails and that process
uses the winner's store. A cache folder that cannot be written falls back to memory.

**The first use of a large input** does not make the user wait for the on-disk build: when the
size chose the disk store (``persistent=None``, no ``$SOVKG_STORE``) and the store does not exist
yet, this process parses the inputs into memory and starts one detached process (``python -m
sovkg.store``, at low priority, guarded by a lock file) that builds the on-disk store for the
next run; it checks the inputs' fingerprint again first, so a store is never built for files
that changed meanwhile. ``SOVKG_STORE_BUILD=foreground`` builds it in this process instead.

At scale (bench/generate.py data, 10^6 quads in TriG, this 2-core machine): parsing into memory
takes about 4 s and the union copy, when a query needs it, 2.5 s more; building the disk store
takes 15-20 s once (peak RSS 0.9 GB), reopening it 0.1 s including hashing the 54 MB of input.
At 10^5 quads: reopening 0.06 s.

Measured on this project's 2-core machine (pyoxigraph 0.5, N-Quads; TriG parses at about the same
rate): parsing into memory costs about 2.3 us per quad (7 ms for 3,000 quads, 65 ms for 30,000,
0.8 s for 300,000), while opening a built store read-only costs 8-16 ms whatever its size, and
building it costs about 8 us per quad once. Hashing costs about 1 ms per MB. Memory therefore wins
below roughly 5,000 quads, which is about :data:`PERSISTENT_MIN_BYTES` of input, and the disk
store wins above it; ``SOVKG_STORE=memory|disk`` (or ``load(persistent=...)``) overrides the choice.

Example:
    >>> graph = load()
    >>> rows = graph.select("ASK { ?s ?p ?o }")
    >>> rows.value
    True
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import pyoxigraph as ox

from sovkg import union_view
from sovkg.errors import BadInputError, DataError, QueryExecutionError, QuerySyntaxError
from sovkg.queries import BoundLiteral, check_read_only
from sovkg.resources import data_dir as resolve_data_dir
from sovkg.resources import ontology_file
from sovkg.union_view import duplicate_insensitive

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

Engine = Literal["oxigraph", "rdflib"]
ENGINES: tuple[Engine, ...] = ("oxigraph", "rdflib")

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

PERSISTENT_MIN_BYTES = 1_000_000
"""Inputs at least this large (in bytes, all files together) go to the on-disk store."""
STORE_ENV = "SOVKG_STORE"
CACHE_ENV = "SOVKG_CACHE"
STORE_FORMAT = "sovkg-oxigraph-store-1"
"""Bump when the layout of a cached store changes."""
_STALE_BUILD_SECONDS = 3600
_UNUSED_STORE_SECONDS = 7 * 24 * 3600

DATA_FORMATS: dict[str, ox.RdfFormat] = {
    ".trig": ox.RdfFormat.TRIG,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
}
"""Data file suffix -> RDF format."""
_RDFLIB_FORMATS = {".trig": "trig", ".ttl": "turtle", ".nt": "nt", ".nq": "nquads"}


# --------------------------------------------------------------------------- terms and results


@dataclass(frozen=True, slots=True)
class Term:
    """An RDF term, the same whichever engine produced it.

    Attributes:
        kind: ``"iri"``, ``"bnode"``, ``"literal"`` or ``"triple"`` (RDF-star, rare).
        value: the IRI, blank node id, or literal lexical form.
        datatype: a literal's datatype IRI (``rdf:langString`` when it has a language).
        language: a literal's language tag, lower case, or ``None``.
    """

    kind: Literal["iri", "bnode", "literal", "triple"]
    value: str
    datatype: str | None = None
    language: str | None = None

    def to_python(self) -> object:
        """Return a plain Python value.

        IRIs and blank nodes become ``str`` (a blank node as ``_:id``); ``xsd:integer`` and its
        subtypes ``int``; ``xsd:decimal`` ``Decimal``; ``xsd:double``/``float`` ``float``;
        ``xsd:boolean`` ``bool``; ``xsd:date`` ``datetime.date``; everything else (including
        ``xsd:gYear`` and ``xsd:gYearMonth``) its lexical form as ``str``.

        Example:
            >>> Term("literal", "1922-12-30", XSD + "date").to_python()
            datetime.date(1922, 12, 30)
        """
        if self.kind == "bnode":
            return "_:" + self.value
        if self.kind != "literal" or self.datatype is None:
            return self.value
        return _literal_to_python(self.value, self.datatype)


_INTEGER_TYPES = {
    XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}


def _literal_to_python(lexical: str, datatype: str) -> object:
    """Convert a typed literal to Python; fall back to its lexical form if it is ill-typed."""
    import datetime as dt
    from decimal import Decimal, InvalidOperation

    try:
        if datatype in _INTEGER_TYPES:
            return int(lexical)
        if datatype == XSD + "decimal":
            return Decimal(lexical)
        if datatype in {XSD + "double", XSD + "float"}:
            return float(lexical)
        if datatype == XSD + "boolean":
            return lexical.strip() in {"true", "1"}
        if datatype == XSD + "date":
            return dt.date.fromisoformat(lexical)
        if datatype == XSD + "dateTime":
            return dt.datetime.fromisoformat(lexical)
    except (ValueError, InvalidOperation):
        return lexical
    return lexical


Row = tuple["Term | None", ...]


@dataclass(frozen=True)
class ResultTable:
    """The answer of a SELECT query.

    Attributes:
        variables: the projected variable names, in order, without ``?``.
        rows: one tuple per solution, aligned with ``variables``; ``None`` where unbound.
    """

    variables: tuple[str, ...]
    rows: tuple[Row, ...]

    def records(self) -> list[dict[str, object]]:
        """Return the rows as dicts of plain Python values (see :meth:`Term.to_python`).

        Every projected variable is a key; an unbound one maps to ``None``.
        """
        return [
            {
                v: (t.to_python() if t is not None else None)
                for v, t in zip(self.variables, row, strict=True)
            }
            for row in self.rows
        ]

    def __len__(self) -> int:
        return len(self.rows)

    def without(self, names: Iterable[str]) -> ResultTable:
        """Return the table without the columns ``names`` (absent names are ignored)."""
        drop = set(names)
        keep = [i for i, v in enumerate(self.variables) if v not in drop]
        return ResultTable(
            tuple(self.variables[i] for i in keep),
            tuple(tuple(row[i] for i in keep) for row in self.rows),
        )


@dataclass(frozen=True)
class AskResult:
    """The answer of an ASK query."""

    value: bool


@dataclass(frozen=True)
class GraphResult:
    """The answer of a CONSTRUCT or DESCRIBE query: its triples."""

    triples: tuple[tuple[Term, Term, Term], ...]


QueryResult = ResultTable | AskResult | GraphResult


# --------------------------------------------------------------------------- engines


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
            fingerprint: the inputs' :func:`fingerprint`.
            files: the input files.
            persistent: ``True`` for the on-disk cache.
            union_copied: ``False`` if the named graphs' triples are not copied into the
                default graph yet (see :func:`memory_store`); the copy is then made when a
                query needs it, and queries that :func:`~sovkg.union_view.duplicate_insensitive`
                proves safe are answered from oxigraph's union view until then.
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
                    tuple(_from_ox(solution[i]) for i in range(len(variables)))
                    for solution in result
                )
                return ResultTable(variables, rows)
            if isinstance(result, ox.QueryBoolean):
                return AskResult(bool(result))
            triples = tuple(
                (
                    _from_ox_required(t.subject),
                    _from_ox_required(t.predicate),
                    _from_ox_required(t.object),
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


def _from_ox(term: Any) -> Term | None:
    if term is None:
        return None
    return _from_ox_required(term)


def _from_ox_required(term: Any) -> Term:
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


# --------------------------------------------------------------------------- inputs


def input_files(data: Path) -> list[Path]:
    """Return the files a query store is built from: the ontology, then the data files.

    Data files are the ``*.trig``, ``*.ttl``, ``*.nt`` and ``*.nq`` files directly in ``data``,
    sorted by name.

    Args:
        data: the data folder.

    Raises:
        DataError: if the ontology is missing or the folder has no data file.
    """
    files = sorted(
        p for p in data.iterdir() if p.suffix in DATA_FORMATS and not p.name.startswith(".")
    )
    if not files:
        raise DataError(f"no data files in '{data}'; expected *.trig, *.ttl, *.nt or *.nq files")
    return [ontology_file(), *files]


def fingerprint(files: Sequence[Path]) -> str:
    """Return a hex digest of the files' names and contents, and of the sovkg version.

    Raises:
        DataError: if a file cannot be read.
    """
    import hashlib

    from sovkg import __version__

    digest = hashlib.sha256()
    for part in (STORE_FORMAT, __version__, ox.__version__):
        digest.update(part.encode() + b"\0")
    for path in files:
        digest.update(f"{path.name}\0{_file_digest(path)}\0".encode())
    return digest.hexdigest()


_DIGESTS: dict[tuple[str, int, int, int], str] = {}


def _file_digest(path: Path) -> str:
    """SHA-256 of a file's content; within one process, reused while its stat is unchanged."""
    import hashlib

    try:
        info = path.stat()
        signature = (str(path.resolve()), info.st_size, info.st_mtime_ns, info.st_ino)
        if signature not in _DIGESTS:
            with path.open("rb") as handle:
                _DIGESTS[signature] = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
    return _DIGESTS[signature]


def _total_bytes(files: Sequence[Path]) -> int:
    return sum(p.stat().st_size for p in files)


def cache_root() -> Path:
    """Return the cache folder: ``$SOVKG_CACHE``, ``$XDG_CACHE_HOME/sovkg``, ``~/.cache/sovkg``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "sovkg"


# --------------------------------------------------------------------------- oxigraph stores


UNION_UPDATE = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
"""Copies every triple of the named graphs into the default graph (a set: no duplicates)."""
_QUAD_FORMATS = (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)
_BULK_BATCH = 500_000


def _load_into(
    store: ox.Store, files: Sequence[Path], *, bulk: bool, copy_union: bool = True
) -> None:
    """Parse ``files`` into ``store`` and make its default graph the union of all graphs.

    Quads keep their named graph (the citation) and are also copied into the default graph, so
    queries run on the default graph see every triple exactly once. pyoxigraph's own
    ``use_default_graph_as_union`` is not used: it repeats a triple once per graph holding it
    (a triple stated by three citations would match three times), whereas SPARQL's union of
    graphs, and rdflib's, is a set. With ``copy_union=False`` (memory only) the copy is left to
    :meth:`OxigraphGraph.copy_union`.
    """
    for path in files:
        fmt = DATA_FORMATS.get(path.suffix, ox.RdfFormat.TURTLE)
        try:
            if not bulk:
                store.load(path=str(path), format=fmt)
            elif fmt in _QUAD_FORMATS:
                quads = _with_default_copies(ox.parse(path=str(path), format=fmt))
                while batch := list(itertools.islice(quads, _BULK_BATCH)):
                    store.bulk_extend(batch)  # in batches, to bound the loader's memory
            else:
                store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as exc:
            message = " ".join(str(exc).split())
            raise DataError(f"cannot parse {path}: {message}") from None
        except OSError as exc:
            raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
    if copy_union and not bulk and store.named_graphs():
        store.update(UNION_UPDATE)


def _with_default_copies(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """Yield each quad, then (if it is in a named graph) its copy in the default graph."""
    for quad in quads:
        yield quad
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            yield ox.Quad(quad.subject, quad.predicate, quad.object)


def memory_store(files: Sequence[Path], *, copy_union: bool = True) -> ox.Store:
    """Parse ``files`` into a new in-memory pyoxigraph store.

    Args:
        files: the input files.
        copy_union: copy the named graphs' triples into the default graph now (its default
            graph is then the union); ``False`` leaves that to
            :meth:`OxigraphGraph.copy_union`, and starts loading rdflib's SPARQL parser for
            :mod:`sovkg.union_view` while pyoxigraph parses.
    """
    if not copy_union:
        union_view.preload()
    store = ox.Store()
    _load_into(store, files, bulk=False, copy_union=copy_union)
    return store


LAZY_UNION_MIN_BYTES = 10_000_000
"""Memory loads of inputs at least this large copy the union only when a query needs it.

At this size (about 190,000 quads of TriG) the copy takes about 0.45 s, more than loading
rdflib's SPARQL parser to prove queries safe without it (about 0.35 s, run while pyoxigraph
parses); at 10^6 quads the copy takes 2.5 s."""


def _memory_graph(files: Sequence[Path], key: str) -> OxigraphGraph:
    """Parse ``files`` into memory; a large input's union is copied only when needed."""
    lazy = _total_bytes(files) >= LAZY_UNION_MIN_BYTES
    store = memory_store(files, copy_union=not lazy)
    return OxigraphGraph(store, key, files, persistent=False, union_copied=not lazy)


def persistent_store(files: Sequence[Path], key: str, root: Path | None = None) -> ox.Store:
    """Open the on-disk store for ``key`` read-only, building it first if it does not exist.

    Args:
        files: the input files (used only when the store must be built).
        key: the inputs' :func:`fingerprint`.
        root: the cache folder; :func:`cache_root` if ``None``.

    Returns:
        A read-only store.

    Raises:
        DataError: if an input cannot be read or parsed.
        OSError: if the cache folder cannot be written (callers fall back to memory).
    """
    root = root or cache_root()
    final = root / f"oxigraph-{key[:40]}"
    if not final.is_dir():
        _build(files, key, root, final)
    try:
        store = ox.Store.read_only(str(final / "store"))
    except (OSError, RuntimeError):
        # A damaged entry (disk full during an old build, manual edits): replace it once.
        _discard(final, root)
        _build(files, key, root, final)
        store = ox.Store.read_only(str(final / "store"))
    with contextlib.suppress(OSError):
        os.utime(final / "manifest.json")
    return store


def _build(files: Sequence[Path], key: str, root: Path, final: Path) -> None:
    """Bulk-load ``files`` into a temporary folder beside ``final``, then rename it into place."""
    import json
    import shutil
    import tempfile
    import time

    root.mkdir(parents=True, exist_ok=True)
    _prune(root)
    building = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    try:
        writer = ox.Store(str(building / "store"))
        _load_into(writer, files, bulk=True)
        writer.flush()
        writer.optimize()
        quads = len(writer)
        del writer  # closes RocksDB before the rename
        manifest = {
            "format": STORE_FORMAT,
            "fingerprint": key,
            "quads": quads,
            "files": [str(p) for p in files],
            "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        (building / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        try:
            building.rename(final)
        except OSError:
            if not final.is_dir():
                raise
            # Another process renamed its complete build first; use that one.
    finally:
        if building.exists():
            shutil.rmtree(building, ignore_errors=True)


def _discard(entry: Path, root: Path) -> None:
    import shutil
    import tempfile

    trash = Path(tempfile.mkdtemp(prefix=".trash-", dir=root))
    with contextlib.suppress(OSError):
        entry.rename(trash / entry.name)
    shutil.rmtree(trash, ignore_errors=True)


def _prune(root: Path) -> None:
    """Remove crashed builds older than an hour and stores unused for a week."""
    import shutil
    import time

    now = time.time()
    for entry in root.iterdir():
        try:
            if entry.name.startswith((".build-", ".trash-")):
                if now - entry.stat().st_mtime > _STALE_BUILD_SECONDS:
                    shutil.rmtree(entry, ignore_errors=True)
            elif entry.name.startswith("oxigraph-"):
                stamp = entry / "manifest.json"
                if now - stamp.stat().st_mtime > _UNUSED_STORE_SECONDS:
                    _discard(entry, root)
        except OSError:
            continue


# --------------------------------------------------------------------------- load

_LOADED: dict[tuple[str, str], Graph] = {}


def load(
    data_dir: str | os.PathLike[str] | None = None,
    engine: Engine = "oxigraph",
    *,
    persistent: bool | None = None,
) -> Graph:
    """Load the ontology and the data into an engine, once per process and per content.

    Args:
        data_dir: the data folder; ``None`` for ``$SOVKG_DATA`` or the bundled data.
        engine: ``"oxigraph"`` (default) or ``"rdflib"``.
        persistent: oxigraph only: ``True`` for the on-disk store, ``False`` for memory,
            ``None`` to decide by size (see the module docstring) or by ``$SOVKG_STORE``.

    Returns:
        A :class:`Graph` (an :class:`OxigraphGraph` or :class:`RdflibGraph`).

    Raises:
        DataError: if the data folder, the ontology or a data file is missing or malformed.
        ValueError: for an unknown engine.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    files = input_files(resolve_data_dir(data_dir))
    _env_choice(BUILD_ENV, ("background", "foreground"))  # a bad value is refused at once
    key = fingerprint(files)
    if engine == "rdflib":
        memo = ("rdflib", key)
        if memo not in _LOADED:
            _LOADED[memo] = _load_rdflib(files, key)
        return _LOADED[memo]
    disk = _wants_disk(files, persistent)
    memo = ("oxigraph-disk" if disk else "oxigraph-memory", key)
    if memo not in _LOADED:
        _LOADED[memo] = _load_oxigraph(files, key, disk, background=persistent is None)
    return _LOADED[memo]


def _wants_disk(files: Sequence[Path], persistent: bool | None) -> bool:
    if persistent is not None:
        return persistent
    choice = _env_choice(STORE_ENV, ("auto", "memory", "disk"))
    if choice in {"memory", "disk"}:
        return choice == "disk"
    return _total_bytes(files) >= PERSISTENT_MIN_BYTES


def _env_choice(name: str, allowed: Sequence[str]) -> str:
    """The value of ``$name`` (the first of ``allowed`` when unset), refused if not allowed."""
    value = os.environ.get(name, "").strip().lower() or allowed[0]
    if value not in allowed:
        raise BadInputError(
            f"${name} is '{os.environ[name]}'; allowed: {', '.join(allowed)} (unset = {allowed[0]})"
        )
    return value


def _load_oxigraph(
    files: Sequence[Path], key: str, disk: bool, *, background: bool = False
) -> OxigraphGraph:
    """Open (or build) the on-disk store, or parse into memory.

    With ``background`` (the size chose the disk store, the caller did not insist), a store that
    does not exist yet is not built while the user waits: this process parses the inputs into
    memory, which is several times faster than a bulk build, and a detached process builds the
    on-disk store for the next run (``SOVKG_STORE_BUILD=foreground`` builds it here instead).
    """
    if disk:
        try:
            if background and _builds_in_background() and not _store_dir(key).is_dir():
                graph = _memory_graph(files, key)
                _spawn_builder(files, key)
                return graph
            store = persistent_store(files, key)
            return OxigraphGraph(store, key, files, persistent=True)
        except DataError:
            raise
        except OSError:
            pass  # an unwritable cache folder: answer from memory instead
    return _memory_graph(files, key)


BUILD_ENV = "SOVKG_STORE_BUILD"
"""``background`` (default): the first use answers from memory while a detached process builds
the on-disk store; ``foreground``: the first use builds it and waits."""


def _builds_in_background() -> bool:
    return _env_choice(BUILD_ENV, ("background", "foreground")) == "background"


def _store_dir(key: str) -> Path:
    return cache_root() / f"oxigraph-{key[:40]}"


def _spawn_builder(files: Sequence[Path], key: str) -> None:
    """Start one detached process that builds the on-disk store for ``key``, unless one runs.

    A lock file ``.lock-KEY`` in the cache folder (created exclusively, stale after an hour)
    keeps concurrent first uses from starting several builders.
    """
    import subprocess
    import sys
    import time

    root = cache_root()
    lock = root / f".lock-{key[:40]}"
    try:
        root.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            if time.time() - lock.stat().st_mtime > _STALE_BUILD_SECONDS:
                lock.unlink()
        os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except OSError:
        return  # a builder is running, or the cache cannot be written: memory it is
    try:
        subprocess.Popen(
            [sys.executable, "-m", "sovkg.store", key, *(str(p) for p in files)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, CACHE_ENV: str(root)},
        )
    except OSError:
        lock.unlink(missing_ok=True)


def _build_main(argv: Sequence[str]) -> int:
    """Entry point of the detached builder: ``python -m sovkg.store KEY FILE...``."""
    key, *paths = argv
    lock = cache_root() / f".lock-{key[:40]}"
    try:
        with contextlib.suppress(AttributeError, OSError):
            os.nice(10)  # leave the cores to the user's queries
        files = [Path(p) for p in paths]
        if fingerprint(files) == key:  # never build a store for inputs that changed since
            persistent_store(files, key)
    except (DataError, OSError):
        return 1
    finally:
        lock.unlink(missing_ok=True)
    return 0


def _load_rdflib(files: Sequence[Path], key: str) -> RdflibGraph:
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    for path in files:
        try:
            rdf_format = _RDFLIB_FORMATS.get(path.suffix, "turtle")
            if rdf_format == "nquads":
                # rdflib 7.6's N-Quads parser empties the target Dataset's default graph (the
                # ontology, the citations); parse each file apart and add its quads instead.
                part = Dataset()
                part.parse(str(path), format=rdf_format)
                for name in {g for *_, g in part.quads((None, None, None, None))}:
                    target = dataset.graph(name)
                    for triple in part.graph(name):
                        target.add(triple)
            else:
                dataset.parse(str(path), format=rdf_format)
        except OSError as exc:
            raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
        except Exception as exc:  # rdflib's parsers raise assorted types
            message = " ".join(str(exc).split())
            raise DataError(f"cannot parse {path}: {message}") from None
    return RdflibGraph(dataset, key, files)


def clear_memo() -> None:
    """Forget the graphs and digests of this process (tests use it to force a fresh load)."""
    _LOADED.clear()
    _DIGESTS.clear()


if __name__ == "__main__":  # pragma: no cover - the detached builder
    import sys

    sys.exit(_build_main(sys.argv[1:]))
