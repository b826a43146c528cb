"""Run read-only queries in worker processes that can be stopped at a time limit.

``sovkg serve`` answers every query in one of a few worker processes, each holding its own
copy of the graph (the same :func:`sovkg.store.load` as the command line). A pyoxigraph query
cannot be cancelled once started, and a thread that runs it cannot be stopped either: an
abandoned query would keep a core busy until it finished, which for a cross product of the
whole graph is hours. A process can be stopped. So the server waits for the answer up to the
time limit; past it, the worker is killed (by its process id), a fresh one is started in the
background, and the client gets ``503``.

Workers also cap the rows (or triples) they return and write the answer in the negotiated
format, so the server's threads only pass bytes along.

Example:
    >>> job = Job("ASK { ?s ?p ?o }", (), "json", row_limit=10)
    >>> job.fmt
    'json'
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import multiprocessing.connection
import os
import queue
import sys
import threading
from dataclasses import dataclass
from typing import Any

RESULT_MEDIA_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
"""Formats of SELECT and ASK results -> their media type."""
GRAPH_MEDIA_TYPES: dict[str, str] = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
}
"""Formats of CONSTRUCT and DESCRIBE results -> their media type."""

QUEUE_WAIT = 30.0
"""Seconds a request waits for a free worker before the server answers 503."""
START_TIMEOUT = 120.0
"""Seconds a new worker may take to load the graph."""

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Job:
    """One query for a worker.

    Attributes:
        query: the SPARQL text, already checked to be read-only.
        substitutions: ``(variable, lexical form, datatype IRI)`` for each bound parameter.
        fmt: the answer format: a key of :data:`RESULT_MEDIA_TYPES` or
            :data:`GRAPH_MEDIA_TYPES` (a SELECT asked for a graph format gets JSON).
        row_limit: the most rows (or triples) returned; more are cut and reported.
    """

    query: str
    substitutions: tuple[tuple[str, str, str], ...]
    fmt: str
    row_limit: int


@dataclass(frozen=True)
class Answer:
    """What a worker sends back.

    Attributes:
        status: an HTTP status: 200, 400 (the query does not parse or evaluate) or 500.
        media_type: the body's media type.
        body: the serialized result, or a one-line message for an error.
        rows: the number of rows or triples in the body.
        truncated: ``True`` if the result had more than ``row_limit`` rows.
    """

    status: int
    media_type: str
    body: bytes
    rows: int = 0
    truncated: bool = False


class PoolError(Exception):
    """A query could not be answered by the pool; the message says why, in one line.

    Attributes:
        status: the HTTP status the server answers with.
    """

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


# --------------------------------------------------------------------------- in the worker


def _worker_main(conn: multiprocessing.connection.Connection, data_dir: str | None) -> None:
    """Load the graph, say ``ready``, then answer jobs until the pipe closes."""
    try:
        from sovkg.graphs import OxigraphGraph
        from sovkg.store import load

        graph = load(data_dir, "oxigraph")
        if not isinstance(graph, OxigraphGraph):  # pragma: no cover - load() contract
            raise TypeError("expected an oxigraph graph")
        conn.send(("ready", len(graph.store)))
    except Exception as exc:  # report any load failure to the parent, in one line
        conn.send(("error", " ".join(str(exc).split()) or type(exc).__name__))
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(answer(graph.store, job))


def answer(store: Any, job: Job) -> Answer:
    """Run ``job`` on a pyoxigraph store and serialize its result, capped at the row limit.

    Args:
        store: a ``pyoxigraph.Store`` as :func:`sovkg.store.load` builds it (its default
            graph holds the union of all graphs).
        job: the query and how to answer it.

    Returns:
        The answer (status 400 for a query that does not parse or fails to evaluate).
    """
    import pyoxigraph as ox

    try:
        substitutions = {
            ox.Variable(name): ox.Literal(lexical, datatype=ox.NamedNode(datatype))
            for name, lexical, datatype in job.substitutions
        }
        # The same call as sovkg.graphs.OxigraphGraph.select: the store's default graph already
        # holds the union of all graphs (see sovkg.store), so no union option here.
        result = store.query(job.query, substitutions=substitutions)
        if isinstance(result, ox.QuerySolutions):
            return _solutions(result, job)
        if isinstance(result, ox.QueryBoolean):
            return _boolean(bool(result), job.fmt)
        return _triples(result, job)
    except SyntaxError as exc:
        return _error(400, f"SPARQL syntax error: {' '.join(str(exc).split())}")
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        return _error(400, f"the query failed: {' '.join(str(exc).split())}")


def _error(status: int, message: str) -> Answer:
    return Answer(status, "text/plain", (message + "\n").encode("utf-8"))


def _solutions(result: Any, job: Job) -> Answer:
    variables = [v.value for v in result.variables]
    bindings: list[dict[str, Any]] = []
    truncated = False
    for solution in result:
        if len(bindings) == job.row_limit:
            truncated = True
            break
        row: dict[str, Any] = {}
        for i, name in enumerate(variables):
            term = solution[i]
            if term is not None:
                row[name] = term_json(term)
        bindings.append(row)
    document = {
        "sovkg": {"truncated": truncated, "rowLimit": job.row_limit},
        "head": {"vars": variables},
        "results": {"bindings": bindings},
    }
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    fmt = job.fmt if job.fmt in RESULT_MEDIA_TYPES else "json"
    return Answer(200, RESULT_MEDIA_TYPES[fmt], _convert(data, fmt), len(bindings), truncated)


def _boolean(value: bool, fmt: str) -> Answer:
    fmt = fmt if fmt in RESULT_MEDIA_TYPES else "json"
    data = json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    return Answer(200, RESULT_MEDIA_TYPES[fmt], _convert(data, fmt), 1)


def _convert(data: bytes, fmt: str) -> bytes:
    """Rewrite SPARQL JSON results in another W3C format with pyoxigraph's serializers."""
    if fmt == "json":
        return data
    import pyoxigraph as ox

    target = {
        "xml": ox.QueryResultsFormat.XML,
        "csv": ox.QueryResultsFormat.CSV,
        "tsv": ox.QueryResultsFormat.TSV,
    }[fmt]
    parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    out = parsed.serialize(format=target)
    return out if isinstance(out, bytes) else b""


def _triples(result: Any, job: Job) -> Answer:
    import pyoxigraph as ox

    triples = []
    truncated = False
    for triple in result:
        if len(triples) == job.row_limit:
            truncated = True
            break
        triples.append(triple)
    fmt = job.fmt if job.fmt in GRAPH_MEDIA_TYPES else "turtle"
    rdf_format = ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.N_TRIPLES
    out = ox.serialize(triples, format=rdf_format)
    return Answer(
        200, GRAPH_MEDIA_TYPES[fmt], out if isinstance(out, bytes) else b"", len(triples), truncated
    )


def term_json(term: Any) -> dict[str, Any]:
    """Return the W3C SPARQL JSON form of a pyoxigraph term.

    Example:
        >>> import pyoxigraph as ox
        >>> term_json(ox.Literal("Moscow", language="en"))
        {'type': 'literal', 'value': 'Moscow', 'xml:lang': 'en'}
    """
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": term_json(term.subject),
            "predicate": term_json(term.predicate),
            "object": term_json(term.object),
        },
    }


# --------------------------------------------------------------------------- in the server


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, process: Any, conn: multiprocessing.connection.Connection) -> None:
        self.process = process
        self.conn = conn

    @property
    def pid(self) -> int:
        return int(self.process.pid)

    def stop(self) -> None:
        """Kill the process (by its id, through ``Process.kill``) and close the pipe."""
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
        self.process.join(10)
        with contextlib.suppress(OSError):
            self.conn.close()


class WorkerPool:
    """A fixed number of query workers; a worker that runs past the time limit is replaced.

    Args:
        size: how many workers (and so how many queries run at once).
        data_dir: the data folder each worker loads (``None`` for the default data).

    Raises:
        DataError: if the first worker cannot load the graph.
    """

    def __init__(self, size: int, data_dir: str | os.PathLike[str] | None = None) -> None:
        if size < 1:
            raise ValueError("a pool needs at least one worker")
        self.size = size
        self.data_dir = str(data_dir) if data_dir is not None else None
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.quads = 0
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        """Start a worker and wait until it has loaded the graph."""
        from sovkg.errors import DataError

        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main,
            args=(child, self.data_dir),
            name="sovkg-query-worker",
            daemon=True,
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._all.add(worker)
        try:
            if not parent.poll(START_TIMEOUT):
                raise DataError(f"a query worker did not load the graph in {START_TIMEOUT:g} s")
            kind, value = parent.recv()
        except (EOFError, OSError):
            self._forget(worker)
            raise DataError("a query worker stopped while loading the graph") from None
        except DataError:
            self._forget(worker)
            raise
        if kind != "ready":
            self._forget(worker)
            raise DataError(str(value))
        self.quads = int(value)
        return worker

    def _forget(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._all.discard(worker)

    def _replace(self) -> None:
        """Start a worker in place of a killed one (runs in a background thread)."""
        if self._closed:
            return
        try:
            worker = self._start()
        except Exception as exc:  # keep serving with fewer workers; say why on stderr
            print(f"sovkg: error: cannot restart a query worker: {exc}", file=sys.stderr)
            return
        if self._closed:
            self._forget(worker)
        else:
            self._idle.put(worker)

    def _restart_later(self) -> None:
        threading.Thread(target=self._replace, name="sovkg-worker-restart", daemon=True).start()

    @property
    def pids(self) -> list[int]:
        """The process ids of the current workers."""
        with self._lock:
            return sorted(w.pid for w in self._all)

    def run(self, job: Job, time_limit: float, queue_wait: float = QUEUE_WAIT) -> Answer:
        """Answer ``job`` in a free worker, waiting at most ``time_limit`` seconds for it.

        Args:
            job: the query.
            time_limit: seconds the query may run.
            queue_wait: seconds to wait for a free worker.

        Raises:
            PoolError: 503 if no worker became free in time or the query ran out of time
                (its worker is then killed and replaced); 500 if a worker died.
        """
        if self._closed:
            raise PoolError("the server is shutting down", 503)
        try:
            worker = self._idle.get(timeout=queue_wait)
        except queue.Empty:
            raise PoolError(
                f"all {self.size} query workers stayed busy for {queue_wait:g} s; try again later",
                503,
            ) from None
        try:
            worker.conn.send(job)
            if worker.conn.poll(time_limit):
                result = worker.conn.recv()
                self._idle.put(worker)
                return result  # type: ignore[no-any-return]
        except (EOFError, OSError):
            self._forget(worker)
            self._restart_later()
            raise PoolError("the query worker stopped unexpectedly; restarting it", 500) from None
        self._forget(worker)
        self._restart_later()
        raise PoolError(
            f"the query ran longer than the time limit of {time_limit:g} s and was stopped", 503
        )

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()


__all__ = [
    "GRAPH_MEDIA_TYPES",
    "RESULT_MEDIA_TYPES",
    "Answer",
    "Job",
    "PoolError",
    "WorkerPool",
    "answer",
    "term_json",
]
