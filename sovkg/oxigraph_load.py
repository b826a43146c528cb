"""Parse data files into a pyoxigraph store, with the default graph as the union of all graphs."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox

from sovkg import union_view
from sovkg.inputs import DATA_FORMATS, unparsable, unreadable

UNION_UPDATE = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
"""Copies every triple of the named graphs into the default graph (a set: no duplicates)."""
_QUAD_FORMATS = (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)
_BULK_BATCH = 500_000


def load_into(
    store: ox.Store, files: Sequence[Path], *, bulk: bool, copy_union: bool = True
) -> None:
    """Parse ``files`` into ``store`` and make its default graph the union of all graphs.

    Quads keep their named graph (the citation) and are also copied into the default graph, so
    queries run on the default graph see every triple exactly once. pyoxigraph's own
    ``use_default_graph_as_union`` is not used: it repeats a triple once per graph holding it
    (a triple stated by three citations would match three times), whereas SPARQL's union of
    graphs, and rdflib's, is a set. With ``copy_union=False`` (memory only) the copy is left to
    :meth:`sovkg.graphs.OxigraphGraph.copy_union`.
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
            raise unparsable(path, exc) from None
        except OSError as exc:
            raise unreadable(path, exc) from None
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
            :meth:`sovkg.graphs.OxigraphGraph.copy_union`, and starts loading rdflib's SPARQL
            parser for :mod:`sovkg.union_view` while pyoxigraph parses.
    """
    if not copy_union:
        union_view.preload()
    store = ox.Store()
    load_into(store, files, bulk=False, copy_union=copy_union)
    return store
