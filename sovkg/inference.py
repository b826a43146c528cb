"""The OWL-RL closure of the ontology plus the data: computed by owlrl, cleaned, cached on disk.

owlrl (``DeductiveClosure(OWLRL_Semantics)``) takes seconds on this graph and minutes on a
graph of 10^5 triples, so its result is computed once per content of the inputs and kept in
the cache folder (:func:`sovkg.inputs.cache_root`, that is ``$SOVKG_CACHE``, else
``$XDG_CACHE_HOME/sovkg``, else ``~/.cache/sovkg``) under ``closure/``:

* ``KEY.nt``: the triples the closure adds, cleaned (see below), as sorted N-Triples;
* ``KEY.json``: owlrl's inconsistency messages, the counts, the seconds owlrl took.

``KEY`` is the SHA-256 of the inputs' names and contents, the owlrl and rdflib versions and
:data:`CLOSURE_FORMAT`, so an edited file is never answered from a stale closure. Both files are
written to a temporary name and renamed into place, the JSON last: an entry whose JSON exists is
complete. Nothing here runs on the query path (``sovkg query`` never imports this module).

**What "cleaned" leaves out** of owlrl's output, because it holds for any graph or cannot be
kept faithfully:

* the triples owlrl derives from an empty graph (its axioms about the RDF, RDFS, OWL and XSD
  vocabularies), and any other triple whose subject is a term of those vocabularies;
* triples whose subject is a literal (``"1922" a xsd:integer``: not RDF);
* reflexive tautologies that OWL-RL states for every resource: ``x owl:sameAs x``,
  ``C rdfs:subClassOf C``, ``C owl:equivalentClass C``, ``p rdfs:subPropertyOf p``,
  ``p owl:equivalentProperty p``;
* triples that mention a blank node (``x a _:restriction``, typing an individual by an
  anonymous class expression of the ontology): blank-node labels change on every parse, so
  such triples could not be joined back to the asserted graph nor written deterministically;
* owlrl's error report (``_:e a err:ErrorMessage``), kept as messages instead.

Example:
    >>> result = closure()
    >>> result.errors
    ()
    >>> result.added > 1000
    True
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from sovkg.errors import DataError, ViolationsFoundError
from sovkg.inputs import cache_root, input_files
from sovkg.resources import data_dir as resolve_data_dir

if TYPE_CHECKING:  # pragma: no cover
    import rdflib
    from rdflib.term import Node

    Triple = tuple[Node, Node, Node]

PathLike = str | os.PathLike[str]

CLOSURE_FORMAT = "sovkg-owlrl-closure-1"
"""Bump when the cleaning or the layout of a cached closure changes."""
CLOSURE_DIR = "closure"
"""The sub-folder of the cache folder that holds closures."""
UNUSED_SECONDS = 7 * 24 * 3600
"""A cached closure not read or written for this long is removed (as stores are)."""

ERROR_NAMESPACE = "http://www.daml.org/2002/03/agents/agent-ont#"
"""The namespace of owlrl's inconsistency report (``err:ErrorMessage``, ``err:error``)."""
VOCABULARIES = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/2001/XMLSchema#",
)
"""Namespaces whose terms' own descriptions are owlrl's axioms, true of every graph."""
_OWL = VOCABULARIES[2]
_RDFS = VOCABULARIES[1]
REFLEXIVE_PREDICATES = frozenset(
    {
        _OWL + "sameAs",
        _OWL + "equivalentClass",
        _OWL + "equivalentProperty",
        _RDFS + "subClassOf",
        _RDFS + "subPropertyOf",
    }
)
"""Predicates whose reflexive triples (``x p x``) OWL-RL entails for every resource."""

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_OX_FORMATS = {
    ".trig": ox.RdfFormat.TRIG,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
}


class InconsistentClosureError(ViolationsFoundError):
    """The OWL-RL closure of the graph is inconsistent (exit code 1).

    Attributes:
        errors: owlrl's messages, sorted.
    """

    def __init__(self, errors: Sequence[str]) -> None:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(
            f"the OWL-RL closure is inconsistent: {errors[0]}{more}; "
            "run 'sovkg validate' for the full list"
        )
        self.errors = tuple(errors)


@dataclass(frozen=True)
class Closure:
    """A computed (or cached) OWL-RL closure.

    Attributes:
        key: the cache key (hex SHA-256 of the inputs and versions).
        path: the sorted N-Triples file of the added triples, or ``None`` if it was not cached.
        errors: owlrl's inconsistency messages, sorted; empty when consistent.
        asserted: the number of asserted triples (ontology plus data, graphs merged).
        added: the number of triples the cleaned closure adds.
        seconds: how long owlrl took when the closure was computed.
        cached: ``True`` if this call read the cache instead of running owlrl.
        triples: the added triples, when this call computed them (empty when read from cache).
    """

    key: str
    path: Path | None
    errors: tuple[str, ...]
    asserted: int
    added: int
    seconds: float
    cached: bool
    triples: frozenset[Triple] = field(default=frozenset(), repr=False, compare=False)

    @property
    def consistent(self) -> bool:
        """Whether owlrl found no inconsistency."""
        return not self.errors


# --------------------------------------------------------------------------- reading inputs


def source_files(data_dir: PathLike | None = None) -> list[Path]:
    """Return the inputs of the closure: the ontology, then the data folder's RDF files.

    Args:
        data_dir: the data folder; ``None`` for ``$SOVKG_DATA`` or the bundled data.

    Raises:
        DataError: if the folder or the ontology is missing, or the folder has no data file.
    """
    return input_files(resolve_data_dir(data_dir))


def read_quads(path: Path) -> list[ox.Quad]:
    """Parse one RDF file with pyoxigraph (the query engine's parser).

    Args:
        path: a ``.trig``, ``.ttl``, ``.nt`` or ``.nq`` file (other suffixes are read as Turtle).

    Raises:
        DataError: if the file cannot be read or does not parse (with line and column).
    """
    fmt = _OX_FORMATS.get(path.suffix, ox.RdfFormat.TURTLE)
    try:
        return list(ox.parse(path=str(path), format=fmt))
    except SyntaxError as exc:
        raise DataError(f"cannot parse {path}: {' '.join(str(exc).split())}") from None
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None


class TermConverter:
    """Turns pyoxigraph terms into rdflib terms, the way :mod:`sovkg.export` does.

    Literals keep their lexical form (``normalize=False``) and ``"x"^^xsd:string`` becomes the
    plain ``"x"``, so triples compare equal to those of the export. Blank nodes are renamed per
    file (call :meth:`new_file` between files), so equal labels in two files stay two nodes.
    """

    def __init__(self) -> None:
        from rdflib import BNode, Literal, URIRef

        self._uri, self._literal, self._bnode = URIRef, Literal, BNode
        self._terms: dict[Any, Node] = {}
        self._blanks: dict[str, Node] = {}

    def new_file(self) -> None:
        """Start a new file: blank node labels seen so far are not reused."""
        self._blanks = {}

    def __call__(self, term: Any) -> Node:
        """Return the rdflib term for the pyoxigraph ``term``."""
        if isinstance(term, ox.BlankNode):
            node = self._blanks.get(term.value)
            if node is None:
                node = self._blanks[term.value] = self._bnode()
            return node
        node = self._terms.get(term)
        if node is None:
            node = self._terms[term] = self._convert(term)
        return node

    def _convert(self, term: Any) -> Node:
        if isinstance(term, ox.NamedNode):
            return self._uri(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return self._literal(term.value, lang=term.language)
            if term.datatype.value == _XSD_STRING:
                return self._literal(term.value)
            return self._literal(
                term.value, datatype=self._uri(term.datatype.value), normalize=False
            )
        raise DataError(f"cannot reason over the RDF-star term {term}")


def merged_graph(parsed: Iterable[Sequence[ox.Quad]]) -> rdflib.Graph:
    """Return one rdflib graph holding the triples of every graph of every parsed file.

    Args:
        parsed: the quads of each file, as :func:`read_quads` returns them.
    """
    from rdflib import Graph

    graph = Graph()
    convert = TermConverter()
    add = graph.add
    with quiet_rdflib():
        for quads in parsed:
            convert.new_file()
            for quad in quads:
                add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
    return graph


@contextlib.contextmanager
def quiet_rdflib() -> Iterator[None]:
    """Silence rdflib's log of ill-typed literals (with a traceback) while terms are made.

    An ill-typed literal (``"1935-02-30T00:00:00"^^xsd:dateTime``) is a finding of the
    validation, reported as a violation; rdflib's warning would only add a traceback to stderr.
    """
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def load_graph(files: Sequence[Path]) -> rdflib.Graph:
    """Parse ``files`` and merge all their graphs into one rdflib graph.

    Raises:
        DataError: if a file cannot be read or parsed.
    """
    return merged_graph(read_quads(path) for path in files)


# --------------------------------------------------------------------------- the closure


def closure_key(files: Sequence[Path]) -> str:
    """Return the cache key of the closure of ``files``: a hex SHA-256.

    It covers :data:`CLOSURE_FORMAT`, the owlrl and rdflib versions and every file's name and
    content, in order.

    Raises:
        DataError: if a file cannot be read.
    """
    import owlrl
    import rdflib

    digest = hashlib.sha256()
    for part in (CLOSURE_FORMAT, owlrl.__version__, rdflib.__version__):
        digest.update(part.encode() + b"\0")
    for path in files:
        try:
            with path.open("rb") as handle:
                content = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError as exc:
            raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
        digest.update(f"{path.name}\0{content}\0".encode())
    return digest.hexdigest()


@functools.cache
def axiomatic_triples() -> frozenset[Triple]:
    """Return what owlrl derives from an empty graph: its axioms, true of every graph."""
    import owlrl
    from rdflib import Graph

    empty = Graph()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(empty)
    return frozenset(empty)


def is_noise(triple: Triple) -> bool:
    """Return whether an added triple is left out of the cleaned closure (see the module doc).

    Example:
        >>> from rdflib import OWL, RDF, Literal, URIRef
        >>> x = URIRef("https://w3id.org/sovkg/id/congress-1")
        >>> is_noise((x, OWL.sameAs, x)), is_noise((Literal(1), RDF.type, OWL.Thing))
        (True, True)
        >>> is_noise((x, RDF.type, URIRef("https://w3id.org/sovkg/ontology#Event")))
        False
    """
    from rdflib import BNode, Literal

    s, p, o = triple
    if isinstance(s, Literal | BNode) or isinstance(o, BNode):
        return True
    if str(s).startswith(VOCABULARIES):
        return True
    return s == o and str(p) in REFLEXIVE_PREDICATES


def compute_closure(graph: rdflib.Graph) -> tuple[frozenset[Triple], tuple[str, ...]]:
    """Run owlrl on a copy of ``graph``; return the cleaned added triples and the errors.

    owlrl works on a copy in rdflib's context-free ``SimpleMemory`` store, which it expands
    about 15 % faster than the default store; ``graph`` itself is left as it is.

    Args:
        graph: the asserted graph (ontology plus data, graphs merged).

    Returns:
        The triples the closure adds, cleaned (see the module doc), and owlrl's inconsistency
        messages, sorted.
    """
    import owlrl
    from rdflib import RDF, Graph, URIRef

    work = Graph(store="SimpleMemory")
    for triple in graph:
        work.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(work)
    error_type = URIRef(ERROR_NAMESPACE + "ErrorMessage")
    error_prop = URIRef(ERROR_NAMESPACE + "error")
    reports = set(work.subjects(RDF.type, error_type))
    errors = tuple(sorted({str(m) for r in reports for m in work.objects(r, error_prop)}))
    axioms = axiomatic_triples()
    added = frozenset(
        t
        for t in work
        if t not in graph and t not in axioms and t[0] not in reports and not is_noise(t)
    )
    return added, errors


def closure(
    data_dir: PathLike | None = None,
    *,
    use_cache: bool = True,
    files: Sequence[Path] | None = None,
    graph: rdflib.Graph | None = None,
) -> Closure:
    """Return the OWL-RL closure of the ontology plus the data, from the cache if it is there.

    Args:
        data_dir: the data folder; ``None`` for ``$SOVKG_DATA`` or the bundled data.
        use_cache: read and write the cache folder (``False`` always runs owlrl, writes nothing).
        files: the input files, if the caller has listed them already (overrides ``data_dir``).
        graph: the merged asserted graph of ``files``, if the caller has parsed it already (it
            is not modified).

    Returns:
        The closure's metadata; ``triples`` holds the added triples when owlrl ran.

    Raises:
        DataError: if the inputs cannot be read or parsed.
    """
    files = list(files) if files is not None else source_files(data_dir)
    key = closure_key(files)
    folder = cache_root() / CLOSURE_DIR
    if use_cache:
        cached = _read_entry(folder, key)
        if cached is not None:
            return cached
    if graph is None:
        graph = load_graph(files)
    asserted = len(graph)
    started = time.perf_counter()
    added, errors = compute_closure(graph)
    seconds = time.perf_counter() - started
    path = None
    if use_cache:
        with contextlib.suppress(OSError):  # an unwritable cache folder only costs time
            path = _write_entry(folder, key, added, errors, asserted, seconds)
    return Closure(key, path, errors, asserted, len(added), seconds, cached=False, triples=added)


def closure_triples_added(
    data_dir: PathLike | None = None, *, use_cache: bool = True
) -> rdflib.Graph:
    """Return the triples the OWL-RL closure adds to the ontology plus the data, cleaned.

    No blank nodes, no literal subjects, no axioms about the RDF/RDFS/OWL/XSD vocabularies
    (see the module doc); the asserted triples are not included.

    Args:
        data_dir: the data folder; ``None`` for ``$SOVKG_DATA`` or the bundled data.
        use_cache: read and write the on-disk cache.

    Raises:
        DataError: if the inputs cannot be read or parsed.
        InconsistentClosureError: if owlrl finds the graph inconsistent.

    Example:
        >>> from rdflib import RDF, URIRef
        >>> added = closure_triples_added()
        >>> congress, event = (URIRef("https://w3id.org/sovkg/id/congress-7"),
        ...                    URIRef("https://w3id.org/sovkg/ontology#Event"))
        >>> (congress, RDF.type, event) in added
        True
    """
    from rdflib import Graph

    result = closure(data_dir, use_cache=use_cache)
    if result.errors:
        raise InconsistentClosureError(result.errors)
    added = Graph()
    if result.path is None:
        for triple in result.triples:
            added.add(triple)
        return added
    convert = TermConverter()
    with quiet_rdflib():
        for quad in read_quads(result.path):
            added.add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
    return added


def inferred_graph(data_dir: PathLike | None = None, *, use_cache: bool = True) -> rdflib.Graph:
    """Return the ontology plus the data (graphs merged) plus the cleaned OWL-RL closure.

    Args:
        data_dir: the data folder; ``None`` for ``$SOVKG_DATA`` or the bundled data.
        use_cache: read and write the on-disk cache.

    Raises:
        DataError: if the inputs cannot be read or parsed.
        InconsistentClosureError: if owlrl finds the graph inconsistent.

    Example:
        >>> graph = inferred_graph()
        >>> len(graph) > len(load_graph(source_files()))
        True
    """
    graph = load_graph(source_files(data_dir))
    for triple in closure_triples_added(data_dir, use_cache=use_cache):
        graph.add(triple)
    return graph


# --------------------------------------------------------------------------- the cache


def _read_entry(folder: Path, key: str) -> Closure | None:
    meta_path, nt_path = folder / f"{key}.json", folder / f"{key}.nt"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("format") != CLOSURE_FORMAT or not nt_path.is_file():
            return None
        with contextlib.suppress(OSError):
            os.utime(meta_path)  # mark as used, so pruning keeps it
        return Closure(
            key,
            nt_path,
            tuple(meta["errors"]),
            int(meta["asserted"]),
            int(meta["added"]),
            float(meta["seconds"]),
            cached=True,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing or damaged: compute again


def _write_entry(
    folder: Path,
    key: str,
    added: frozenset[Triple],
    errors: tuple[str, ...],
    asserted: int,
    seconds: float,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    nt_path = folder / f"{key}.nt"
    atomic_write(nt_path, "".join(sorted(ntriples_lines(added))))
    meta = {
        "format": CLOSURE_FORMAT,
        "errors": list(errors),
        "asserted": asserted,
        "added": len(added),
        "seconds": round(seconds, 3),
    }
    atomic_write(folder / f"{key}.json", json.dumps(meta, indent=1, sort_keys=True) + "\n")
    prune(folder)
    return nt_path


def prune(folder: Path) -> None:
    """Remove closures unused for :data:`UNUSED_SECONDS` and temporary files left by crashes."""
    now = time.time()
    for entry in folder.iterdir():
        with contextlib.suppress(OSError):
            if now - entry.stat().st_mtime <= UNUSED_SECONDS:
                continue
            if entry.name.startswith("."):
                entry.unlink()
            elif entry.suffix == ".json":
                entry.with_suffix(".nt").unlink(missing_ok=True)
                entry.unlink()


def ntriples_lines(triples: Iterable[Triple]) -> Iterator[str]:
    """Yield one N-Triples line (with its newline) per triple, written by rdflib.

    Example:
        >>> from rdflib import RDF, URIRef
        >>> list(ntriples_lines([(URIRef("urn:x"), RDF.type, URIRef("urn:C"))]))
        ['<urn:x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:C> .\\n']
    """
    from rdflib.plugins.serializers.nt import _nt_row

    for triple in triples:
        yield _nt_row(triple)


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file renamed into place (UTF-8, LF)."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    temp = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        temp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
