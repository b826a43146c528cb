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
sovkg.disk_store``, at low priority, guarded by a lock file) that builds the on-disk store for the
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

import os
from collections.abc import Sequence
from pathlib import Path

from sovkg.disk_store import persistent_store, spawn_builder, store_dir
from sovkg.errors import BadInputError, DataError
from sovkg.graphs import ENGINES, Engine, Graph, OxigraphGraph, RdflibGraph
from sovkg.inputs import (
    fingerprint,
    forget_digests,
    input_files,
    total_bytes,
    unparsable,
    unreadable,
)
from sovkg.oxigraph_load import memory_store
from sovkg.resources import data_dir as resolve_data_dir
from sovkg.results import ResultTable  # re-exported: the answer type most callers need

__all__ = [
    "ENGINES",
    "Engine",
    "Graph",
    "OxigraphGraph",
    "ResultTable",
    "clear_memo",
    "fingerprint",
    "input_files",
    "load",
    "memory_store",
    "resolve_data_dir",
]

PERSISTENT_MIN_BYTES = 1_000_000
"""Inputs at least this large (in bytes, all files together) go to the on-disk store."""
STORE_ENV = "SOVKG_STORE"
_RDFLIB_FORMATS = {".trig": "trig", ".ttl": "turtle", ".nt": "nt", ".nq": "nquads"}


LAZY_UNION_MIN_BYTES = 10_000_000
"""Memory loads of inputs at least this large copy the union only when a query needs it.

At this size (about 190,000 quads of TriG) the copy takes about 0.45 s, more than loading
rdflib's SPARQL parser to prove queries safe without it (about 0.35 s, run while pyoxigraph
parses); at 10^6 quads the copy takes 2.5 s."""


def _memory_graph(files: Sequence[Path], key: str, *, copy_union: bool = True) -> OxigraphGraph:
    """Parse ``files`` into memory, copying the union now or (``False``) when a query needs it."""
    store = memory_store(files, copy_union=copy_union)
    return OxigraphGraph(store, key, files, persistent=False, union_copied=copy_union)


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
    # read first, so that a bad value is refused whatever the load does
    build = _env_choice(BUILD_ENV, ("background", "foreground"))
    key = fingerprint(files)
    if engine == "rdflib":
        memo = ("rdflib", key)
        if memo not in _LOADED:
            _LOADED[memo] = _load_rdflib(files, key)
        return _LOADED[memo]
    size = total_bytes(files)
    disk = _wants_disk(size, persistent)
    memo = ("oxigraph-disk" if disk else "oxigraph-memory", key)
    if memo not in _LOADED:
        _LOADED[memo] = _load_oxigraph(
            files, key, disk, size, background=persistent is None and build == "background"
        )
    return _LOADED[memo]


def _wants_disk(size: int, persistent: bool | None) -> bool:
    if persistent is not None:
        return persistent
    choice = _env_choice(STORE_ENV, ("auto", "memory", "disk"))
    if choice in {"memory", "disk"}:
        return choice == "disk"
    return size >= PERSISTENT_MIN_BYTES


def _env_choice(name: str, allowed: Sequence[str]) -> str:
    """The value of ``$name`` (the first of ``allowed`` when unset), refused if not allowed."""
    value = os.environ.get(name, "").strip().lower() or allowed[0]
    if value not in allowed:
        raise BadInputError(
            f"${name} is '{os.environ[name]}'; allowed: {', '.join(allowed)} (unset = {allowed[0]})"
        )
    return value


def _load_oxigraph(
    files: Sequence[Path], key: str, disk: bool, size: int, *, background: bool = False
) -> OxigraphGraph:
    """Open (or build) the on-disk store, or parse ``files`` (``size`` bytes) into memory.

    A memory load of at least :data:`LAZY_UNION_MIN_BYTES` copies the union only when a query
    needs it. With ``background`` (the size chose the disk store, the caller did not insist, and
    ``$SOVKG_STORE_BUILD`` is not ``foreground``), a store that does not exist yet is not built
    while the user waits: this process parses the inputs into memory, which is several times
    faster than a bulk build, and a detached process builds the on-disk store for the next run.
    """
    copy_union = size < LAZY_UNION_MIN_BYTES
    if disk:
        try:
            if background and not store_dir(key).is_dir():
                graph = _memory_graph(files, key, copy_union=copy_union)
                spawn_builder(files, key)
                return graph
            store = persistent_store(files, key)
            return OxigraphGraph(store, key, files, persistent=True)
        except DataError:
            raise
        except OSError:
            pass  # an unwritable cache folder: answer from memory instead
    return _memory_graph(files, key, copy_union=copy_union)


BUILD_ENV = "SOVKG_STORE_BUILD"
"""``background`` (default): the first use answers from memory while a detached process builds
the on-disk store; ``foreground``: the first use builds it and waits."""


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
            raise unreadable(path, exc) from None
        except Exception as exc:  # rdflib's parsers raise assorted types
            raise unparsable(path, exc) from None
    return RdflibGraph(dataset, key, files)


def clear_memo() -> None:
    """Forget the graphs and digests of this process (tests use it to force a fresh load)."""
    _LOADED.clear()
    forget_digests()
