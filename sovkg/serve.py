"""A read-only SPARQL endpoint over the embedded graph, with the named queries and a web page.

``sovkg serve`` answers on these paths:

* ``/sparql``: the SPARQL 1.1 Protocol: ``GET ?query=...``, ``POST`` form
  (``application/x-www-form-urlencoded``, field ``query``) or ``POST application/sparql-query``.
  SELECT and ASK results by content negotiation (``Accept``; or ``format=json|xml|csv|tsv``):
  SPARQL JSON (the default), XML, CSV, TSV; CONSTRUCT and DESCRIBE as Turtle (the default) or
  N-Triples. The default graph is the union of all graphs, as for ``sovkg query``.
* ``/queries``: the named queries and their parameters, as JSON.
* ``/queries/NAME?param=value``: a named query, with the same checking and binding as
  ``sovkg query NAME --param param=value``.
* ``/``: a page where a person picks a named query, fills its parameters and sees the answer.
  ``/?query=NAME&run=1&param=value`` preselects a query and runs it.

Limits, each answered in one line of ``text/plain``:

* ``400`` for updates, ``LOAD``, ``SERVICE``, ``FROM``/``FROM NAMED``, ``default-graph-uri``
  and ``named-graph-uri`` (the check of :func:`sovkg.queries.check_read_only`), and for
  queries that do not parse; ``404`` for an unknown named query.
* ``413`` for a request body over ``max_body`` bytes (64 KiB); it is not read.
* ``503`` when a query runs past the time limit (10 s). Queries run in worker processes
  (:mod:`sovkg.query_workers`) because a pyoxigraph query cannot be cancelled: the worker that
  ran out of time is killed and replaced, so an abandoned query does not keep a core busy.
* ``503`` also when every worker stays busy for 30 s (a request waits that long for one);
  ``500`` if a worker dies while answering (it is restarted).
* Rows are capped (10,000): every result says ``X-Sovkg-Truncated: true|false`` and
  ``X-Sovkg-Row-Limit`` in its headers, and a JSON result also in a leading
  ``"sovkg": {"truncated": ..., "rowLimit": ...}`` member, which SPARQL JSON parsers skip.

The server binds to 127.0.0.1 unless told otherwise. It is built on the standard library's
``ThreadingHTTPServer``: one thread per connection, at most ``workers`` queries at a time.

Example:
    >>> negotiate("text/csv;q=0.5, application/sparql-results+json", RESULT_OFFERS, "json")
    'json'
    >>> negotiate("image/png", RESULT_OFFERS, "json") is None
    True
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sys
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sovkg import __version__
from sovkg.errors import (
    ForbiddenQueryError,
    ParameterError,
    QuerySyntaxError,
    SovkgError,
    UnknownQueryError,
)
from sovkg.queries import (
    BoundLiteral,
    NamedQuery,
    QueryRegistry,
    check_read_only,
    query_form,
    tokenize,
)
from sovkg.query_workers import (
    GRAPH_MEDIA_TYPES,
    RESULT_MEDIA_TYPES,
    Answer,
    Job,
    PoolError,
    WorkerPool,
)
from sovkg.remote import is_loopback

STATIC_DIR = Path(__file__).resolve().parent / "static"
"""The web page's files."""
STATIC_FILES: dict[str, tuple[str, str]] = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/style.css": ("style.css", "text/css; charset=utf-8"),
}
"""URL path -> (file in :data:`STATIC_DIR`, media type). Nothing else is served from disk."""

RESULT_OFFERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("json", ("application/sparql-results+json", "application/json")),
    ("xml", ("application/sparql-results+xml", "application/xml", "text/xml")),
    ("csv", ("text/csv",)),
    ("tsv", ("text/tab-separated-values",)),
)
"""SELECT/ASK result formats and the media types that ask for each."""
GRAPH_OFFERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("turtle", ("text/turtle", "application/x-turtle")),
    ("ntriples", ("application/n-triples", "text/plain")),
)
"""CONSTRUCT/DESCRIBE result formats and the media types that ask for each."""

UPDATES_REFUSED = "updates are not allowed: this endpoint is read-only"
_FORBIDDEN_PARAMETERS = (
    "default-graph-uri",
    "named-graph-uri",
    "using-graph-uri",
    "using-named-graph-uri",
)
_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
}


def default_workers() -> int:
    """Return the default number of query workers: the number of cores, from 1 to 4."""
    return max(1, min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class ServerConfig:
    """How ``sovkg serve`` runs.

    Attributes:
        host: the address to listen on (loopback by default).
        port: the TCP port; 0 picks a free one.
        data_dir: the data folder; ``None`` for ``$SOVKG_DATA`` or the bundled data.
        queries_dir: the named-query folder; ``None`` for the bundled queries.
        time_limit: seconds a query may run before it is stopped (503).
        row_limit: the most rows (or triples) in one answer.
        max_body: the largest request body accepted, in bytes (413 above).
        workers: how many queries run at once, each in its own process.
        quiet: ``True`` to log nothing per request.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path | None = None
    queries_dir: Path | None = None
    time_limit: float = 10.0
    row_limit: int = 10_000
    max_body: int = 64 * 1024
    workers: int = 0
    quiet: bool = False


# --------------------------------------------------------------------------- negotiation


def _accepted(header: str) -> list[str]:
    """Media ranges of an ``Accept`` header, most wanted first (``q=0`` dropped)."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for field in fields[1:]:
            key, _, value = field.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, index, media))
    return [media for _, _, media in sorted(ranked)]


def negotiate(
    accept: str | None, offers: Sequence[tuple[str, Sequence[str]]], default: str
) -> str | None:
    """Pick the format the client wants most among ``offers``; ``None`` if it wants none.

    Args:
        accept: the ``Accept`` header, or ``None`` (anything goes: ``default``).
        offers: (format name, media types) pairs.
        default: the format for ``*/*`` and for a missing header.
    """
    if not accept or not accept.strip():
        return default
    for media in _accepted(accept):
        if media == "*/*":
            return default
        kind = media.split("/", 1)[0]
        for name, types in offers:
            if media in types:
                return name
        if media.endswith("/*"):
            for name, types in offers:
                if any(t.startswith(kind + "/") for t in types):
                    return name
    return None


# --------------------------------------------------------------------------- the server


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server: its configuration, query registry and worker pool.

    Args:
        config: how to run.
        pool: the query workers (started by the caller, closed by :meth:`close`).
        registry: the named queries.
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, config: ServerConfig, pool: WorkerPool, registry: QueryRegistry) -> None:
        self.config = config
        self.pool = pool
        self.registry = registry
        if ":" in config.host:
            self.address_family = socket.AF_INET6
        super().__init__((config.host, config.port), SparqlHandler)

    @property
    def url(self) -> str:
        """The server's base URL, ending in ``/``."""
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else str(host)
        return f"http://{shown}:{port}/"

    def close(self) -> None:
        """Stop listening and stop the query workers."""
        self.server_close()
        self.pool.close()


class SparqlHandler(BaseHTTPRequestHandler):
    """Answers one connection's requests (HTTP/1.1, keep-alive)."""

    server: SparqlServer
    server_version = f"sovkg/{__version__}"
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds an idle keep-alive connection may hold its thread

    # ---- routing

    def do_GET(self) -> None:
        """Answer GET: the page, the SPARQL endpoint, the named queries."""
        path, params = self._split()
        if path in STATIC_FILES:
            self._static(path)
        elif path == "/sparql":
            self._sparql_get(params)
        elif path in {"/queries", "/queries/"}:
            self._list_queries()
        elif path.startswith("/queries/"):
            self._named_query(urllib.parse.unquote(path[len("/queries/") :]), params)
        else:
            self._fail(HTTPStatus.NOT_FOUND, f"no such page: {path}; try / or /sparql")

    def do_POST(self) -> None:
        """Answer POST: SPARQL queries only."""
        path, params = self._split()
        if path != "/sparql":
            self._refuse_body()
            self._fail(
                HTTPStatus.METHOD_NOT_ALLOWED
                if path in STATIC_FILES or path.startswith("/queries")
                else HTTPStatus.NOT_FOUND,
                f"POST is accepted on /sparql only, not on {path}",
                {"Allow": "GET"},
            )
            return
        self._sparql_post(params)

    def _not_allowed(self) -> None:
        self._refuse_body()
        self._fail(
            HTTPStatus.METHOD_NOT_ALLOWED,
            f"{self.command} is not allowed: this endpoint is read-only",
            {"Allow": "GET, POST"},
        )

    do_PUT = do_DELETE = do_PATCH = _not_allowed  # noqa: N815

    def _split(self) -> tuple[str, dict[str, list[str]]]:
        parts = urllib.parse.urlsplit(self.path)
        return parts.path, urllib.parse.parse_qs(parts.query, keep_blank_values=True)

    # ---- static page and listing

    def _static(self, path: str) -> None:
        name, media = STATIC_FILES[path]
        try:
            body = (STATIC_DIR / name).read_bytes()
        except OSError:
            self._fail(HTTPStatus.INTERNAL_SERVER_ERROR, f"the page file {name} is missing")
            return
        self._send(HTTPStatus.OK, media, body)

    def _list_queries(self) -> None:
        try:
            listing = [_describe(q) for q in self.server.registry]
        except SovkgError as exc:
            self._fail(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
            return
        body = json.dumps({"queries": listing}, ensure_ascii=False, indent=1).encode("utf-8")
        self._send(HTTPStatus.OK, "application/json", body)

    # ---- named queries

    def _named_query(self, name: str, params: Mapping[str, list[str]]) -> None:
        try:
            query = self.server.registry.get(name)
        except UnknownQueryError as exc:
            self._fail(HTTPStatus.NOT_FOUND, str(exc))
            return
        except SovkgError as exc:
            self._fail(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
            return
        repeated = sorted(key for key, values in params.items() if len(values) > 1)
        if repeated:
            self._fail(HTTPStatus.BAD_REQUEST, f"parameter '{repeated[0]}' is given more than once")
            return
        try:
            bindings = query.bind({key: values[0] for key, values in params.items()})
        except ParameterError as exc:
            self._fail(HTTPStatus.BAD_REQUEST, str(exc))
            return
        self._run(query.text, bindings, None)

    # ---- the SPARQL protocol

    def _sparql_get(self, params: Mapping[str, list[str]]) -> None:
        if "update" in params:
            self._fail(HTTPStatus.BAD_REQUEST, UPDATES_REFUSED)
            return
        queries = params.get("query", [])
        if len(queries) != 1:
            self._fail(
                HTTPStatus.BAD_REQUEST,
                "give exactly one 'query' parameter, e.g. /sparql?query=ASK%7B%7D",
            )
            return
        self._sparql(queries[0], params)

    def _sparql_post(self, params: dict[str, list[str]]) -> None:
        body = self._read_body()
        if body is None:
            return
        media = self.headers.get_content_type()
        if media == "application/x-www-form-urlencoded":
            try:
                form = urllib.parse.parse_qs(
                    body.decode("utf-8"),
                    keep_blank_values=True,
                    strict_parsing=bool(body),
                    errors="strict",
                )
            except (UnicodeDecodeError, ValueError):
                self._fail(HTTPStatus.BAD_REQUEST, "the form body is not valid UTF-8 form data")
                return
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
            self._sparql_get(params)
        elif media == "application/sparql-query":
            try:
                text = body.decode(self.headers.get_content_charset() or "utf-8")
            except (UnicodeDecodeError, LookupError):
                self._fail(HTTPStatus.BAD_REQUEST, "the query is not valid UTF-8")
                return
            if "query" in params or "update" in params:
                self._fail(
                    HTTPStatus.BAD_REQUEST,
                    "give the query either in the body or in the URL, not both",
                )
                return
            self._sparql(text, params)
        elif media == "application/sparql-update":
            self._fail(HTTPStatus.BAD_REQUEST, UPDATES_REFUSED)
        else:
            self._fail(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                f"cannot read a {media} body; send application/sparql-query or "
                "application/x-www-form-urlencoded",
            )

    def _read_body(self) -> bytes | None:
        """Read the request body, or answer 411/413 and return ``None``."""
        length = self.headers.get("Content-Length")
        if length is None:
            if self.headers.get("Transfer-Encoding"):
                self.close_connection = True
                self._fail(HTTPStatus.LENGTH_REQUIRED, "send the body with a Content-Length")
                return None
            return b""
        try:
            size = int(length)
            if size < 0:
                raise ValueError
        except ValueError:
            self.close_connection = True
            self._fail(HTTPStatus.BAD_REQUEST, f"bad Content-Length {length!r}")
            return None
        limit = self.server.config.max_body
        if size > limit:
            self.close_connection = True
            self._fail(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"the request body has {size} bytes; the limit is {limit}",
                {"Connection": "close"},
            )
            return None
        return self.rfile.read(size)

    def _refuse_body(self) -> None:
        """Before answering without reading a body, make sure the connection is not reused."""
        if self.headers.get("Content-Length") not in (None, "0") or self.headers.get(
            "Transfer-Encoding"
        ):
            self.close_connection = True

    def _sparql(self, text: str, params: Mapping[str, list[str]]) -> None:
        for name in _FORBIDDEN_PARAMETERS:
            if name in params:
                self._fail(
                    HTTPStatus.BAD_REQUEST,
                    f"{name} is not allowed: queries run on the local graph only, "
                    "whose default graph is the union of all graphs",
                )
                return
        formats = params.get("format", [])
        self._run(text, {}, formats[0] if formats else None)

    # ---- running

    def _run(self, text: str, bindings: Mapping[str, BoundLiteral], fmt: str | None) -> None:
        try:
            check_read_only(text)
            graph = _is_graph_query(text)
        except (ForbiddenQueryError, QuerySyntaxError) as exc:
            self._fail(HTTPStatus.BAD_REQUEST, str(exc))
            return
        offers = GRAPH_OFFERS if graph else RESULT_OFFERS
        default = "turtle" if graph else "json"
        if fmt is not None:
            chosen = fmt if fmt in dict(offers) else None
            problem = f"unknown format '{fmt}'"
        else:
            chosen = negotiate(self.headers.get("Accept"), offers, default)
            problem = f"cannot answer in {self.headers.get('Accept')}"
        if chosen is None:
            types = ", ".join(t for _, ts in offers for t in ts[:1])
            self._fail(HTTPStatus.NOT_ACCEPTABLE, f"{problem}; available: {types}")
            return
        config = self.server.config
        job = Job(
            query=text,
            substitutions=tuple((k, v.lexical, v.datatype) for k, v in bindings.items()),
            fmt=chosen,
            row_limit=config.row_limit,
        )
        try:
            answer = self.server.pool.run(job, config.time_limit)
        except PoolError as exc:
            self._fail(HTTPStatus(exc.status), str(exc))
            return
        self._answer(answer)

    def _answer(self, answer: Answer) -> None:
        if answer.status != HTTPStatus.OK:
            self._fail(HTTPStatus(answer.status), answer.body.decode("utf-8", "replace").strip())
            return
        media = answer.media_type
        if media.startswith("text/") or media.endswith("json") or media.endswith("xml"):
            media += "; charset=utf-8"
        self._send(
            HTTPStatus.OK,
            media,
            answer.body,
            {
                "X-Sovkg-Truncated": "true" if answer.truncated else "false",
                "X-Sovkg-Row-Limit": str(self.server.config.row_limit),
                "X-Sovkg-Rows": str(answer.rows),
                "Vary": "Accept",
            },
        )

    # ---- writing

    def _send(
        self, status: HTTPStatus, media: str, body: bytes, headers: Mapping[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for key, value in {**_SECURITY_HEADERS, **(headers or {})}.items():
            self.send_header(key, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def _fail(
        self, status: HTTPStatus, message: str, headers: Mapping[str, str] | None = None
    ) -> None:
        """Answer with an error status and a one-line plain-text message."""
        line = " ".join(message.split())
        self._send(status, "text/plain; charset=utf-8", (line + "\n").encode("utf-8"), headers)

    def log_message(self, format: str, *args: Any) -> None:
        """Log one line per request on stderr, unless the server is quiet."""
        if not self.server.config.quiet:
            super().log_message(format, *args)


def _is_graph_query(text: str) -> bool:
    """Whether ``text`` is a CONSTRUCT or DESCRIBE query (its answer is a graph).

    Raises:
        QuerySyntaxError: if the text is not a query at all.
    """
    try:
        form, _ = query_form(tokenize(text))
    except ValueError as exc:
        raise QuerySyntaxError(str(exc)) from None
    return form in {"CONSTRUCT", "DESCRIBE"}


def _describe(query: NamedQuery) -> dict[str, Any]:
    """The JSON description of a named query that the web page uses."""
    return {
        "name": query.name,
        "summary": query.summary,
        "description": query.description,
        "tags": list(query.tags),
        "url": "/queries/" + urllib.parse.quote(query.name),
        "parameters": [
            {
                "name": p.name,
                "kind": p.kind.name,
                "required": p.required,
                "default": p.default,
                "allowed": p.kind.allowed,
                "example": p.kind.example,
                "choices": list(p.kind.choices),
            }
            for p in query.parameters
        ],
    }


# --------------------------------------------------------------------------- running


def make_server(config: ServerConfig) -> SparqlServer:
    """Start the query workers and bind the server (it does not serve yet).

    Raises:
        DataError: if the graph cannot be loaded.
        QueryDefinitionError: if a named query file is malformed.
        OSError: if the address cannot be bound (in use, not local, no permission).
    """
    registry = QueryRegistry(config.queries_dir)
    for query in registry:  # read every named query now: a bad file fails at start
        query.parameters  # noqa: B018
    pool = WorkerPool(config.workers or default_workers(), config.data_dir)
    try:
        return SparqlServer(config, pool, registry)
    except BaseException:
        pool.close()
        raise


def serve(config: ServerConfig, announce: Callable[[str], None] = print) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM), then stop the workers.

    Args:
        config: how to run.
        announce: called once with a line that gives the server's URL, when it is ready.
    """
    server = make_server(config)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        announce(
            f"sovkg: serving {server.url} (SPARQL endpoint {server.url}sparql, "
            f"{server.pool.quads} quads, {server.pool.size} workers); Ctrl-C stops"
        )
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever(poll_interval=0.2)
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.close()
        sys.stdout.flush()


__all__ = [
    "GRAPH_MEDIA_TYPES",
    "RESULT_MEDIA_TYPES",
    "ServerConfig",
    "SparqlServer",
    "default_workers",
    "is_loopback",
    "make_server",
    "negotiate",
    "serve",
]
