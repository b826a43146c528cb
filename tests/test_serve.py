"""``sovkg serve``: the SPARQL protocol, the named queries, the limits, and a load test.

The server runs as a subprocess on a free loopback port (``--port 0``; it prints its URL).
Expected answers come from the embedded engine in this process (:func:`sovkg.query_table`,
:func:`sovkg.load`), so every answer is checked row by row, term by term.

The load test (8 clients, 2,000 requests) writes its figures (requests, errors, median and
worst latency) as JSON to ``serve-load.json`` in the test's temporary folder, and in
``$SOVKG_TEST_REPORTS`` if that is set. It prints nothing.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pyoxigraph as ox
import pytest
from servers import SovkgServer, has_order_by, report_dirs, sovkg_server

import sovkg
from sovkg.remote import term_from_ox
from sovkg.results import GraphResult, ResultTable, Term

CLIENTS = 8
REQUESTS = 2_000
PREFIXES = """\
PREFIX sov: <https://w3id.org/sovkg/ontology#>
PREFIX sk: <https://w3id.org/sovkg/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
CONGRESSES = PREFIXES + (
    "SELECT ?ordinal ?congress WHERE { ?congress a sov:Congress ; sov:ordinal ?ordinal } "
    "ORDER BY ?ordinal"
)
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ASK_SEVENTH = PREFIXES + "ASK { sk:congress-7 a sov:Congress }"
LABELS = PREFIXES + ("CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a sov:Congress ; rdfs:label ?l }")
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
"""A cross product of the whole graph four times: hours of work."""
NAMED_CASES: list[tuple[str, dict[str, str]]] = [
    ("succession", {}),
    ("agenda", {}),
    ("agenda", {"congress": "1"}),
    ("members-at", {"date": "1926-01-01"}),
    ("members-at", {"date": "1936-12-05"}),
    ("republics-at-congress", {"congress": "8"}),
    ("timeline", {}),
    ("timeline", {"from": "1926-01-01", "to": "1936-12-31"}),
    ("people", {}),
    ("powers", {}),
]
"""Named queries and parameters the load test asks for (each must exist in queries/)."""

ACCEPT = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "tsv": "text/tab-separated-values",
    "csv": "text/csv",
}
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "tsv": ox.QueryResultsFormat.TSV,
}


# --------------------------------------------------------------------------- HTTP


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def send(
    connection: http.client.HTTPConnection,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
) -> Reply:
    connection.request(method, path, body=body, headers=headers or {})
    answer = connection.getresponse()
    data = answer.read()
    return Reply(answer.status, {k.lower(): v for k, v in answer.getheaders()}, data)


def connect(server: SovkgServer, timeout: float = 60.0) -> http.client.HTTPConnection:
    parts = urllib.parse.urlsplit(server.base)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)


def fetch(
    server: SovkgServer,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
) -> Reply:
    connection = connect(server)
    try:
        return send(connection, method, path, headers, body)
    finally:
        connection.close()


def sparql_get(query: str, **extra: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query, **extra})


def form(query: str, key: str = "query") -> bytes:
    return urllib.parse.urlencode({key: query}).encode("utf-8")


FORM = {"Content-Type": "application/x-www-form-urlencoded"}
SPARQL_BODY = {"Content-Type": "application/sparql-query"}


# --------------------------------------------------------------------------- parsing answers


def table_of(reply: Reply, fmt: str) -> tuple[tuple[str, ...], list[tuple[Term | None, ...]]]:
    parsed = ox.parse_query_results(reply.body, format=RESULT_FORMATS[fmt])
    assert isinstance(parsed, ox.QuerySolutions)
    variables = tuple(v.value for v in parsed.variables)
    return variables, [tuple(term_from_ox(s[i]) for i in range(len(variables))) for s in parsed]


def csv_cell(term: Term | None) -> str:
    """A term as the W3C CSV results format writes it: no types, no language tags."""
    if term is None:
        return ""
    return "_:" + term.value if term.kind == "bnode" else term.value


def same_rows(
    got: list[tuple[Term | None, ...]], expected: tuple[tuple[Term | None, ...], ...], ordered: bool
) -> bool:
    return got == list(expected) if ordered else Counter(got) == Counter(expected)


# --------------------------------------------------------------------------- the servers


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SovkgServer]:
    log = tmp_path_factory.mktemp("serve") / "server.log"
    with sovkg_server(["--workers", "2"], log) as running:
        yield running


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SovkgServer]:
    log = tmp_path_factory.mktemp("serve-limited") / "server.log"
    options = ["--workers", "1", "--row-limit", "5", "--time-limit", "1"]
    with sovkg_server(options, log) as running:
        yield running


# --------------------------------------------------------------------------- the load test


@dataclass
class Check:
    """One kind of request and how to judge its answer."""

    name: str
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    judge: Callable[[Reply], str | None]
    """Returns ``None`` if the answer is right, else what is wrong."""


def _table_check(
    name: str,
    method: str,
    path: str,
    headers: dict[str, str],
    body: bytes | None,
    fmt: str,
    expected: ResultTable,
    ordered: bool,
) -> Check:
    def judge(reply: Reply) -> str | None:
        if reply.status != 200:
            return f"HTTP {reply.status}: {reply.body[:200]!r}"
        if not reply.headers.get("content-type", "").startswith(ACCEPT[fmt]):
            return f"content type {reply.headers.get('content-type')}"
        if reply.headers.get("x-sovkg-truncated") != "false":
            return "marked truncated"
        if fmt == "csv":
            lines = list(csv.reader(io.StringIO(reply.text)))
            want = [list(expected.variables)]
            want += [[csv_cell(t) for t in row] for row in expected.rows]
            ok = (
                lines == want
                if ordered
                else (
                    lines[:1] == want[:1]
                    and Counter(map(tuple, lines[1:])) == Counter(map(tuple, want[1:]))
                )
            )
            return None if ok else "CSV rows differ"
        variables, rows = table_of(reply, fmt)
        if variables != expected.variables:
            return f"variables {variables} != {expected.variables}"
        return None if same_rows(rows, expected.rows, ordered) else "rows differ"

    return Check(name, method, path, headers, body, judge)


def _refusal_check(
    name: str,
    method: str,
    path: str,
    headers: dict[str, str],
    body: bytes | None,
    status: int,
    message_start: str,
) -> Check:
    def judge(reply: Reply) -> str | None:
        if reply.status != status:
            return f"HTTP {reply.status}, expected {status}"
        if not reply.text.startswith(message_start):
            return f"message {reply.text!r}"
        return None

    return Check(name, method, path, headers, body, judge)


def build_checks() -> list[Check]:
    """Every kind of request of the load test, with its expected answer."""
    graph = sovkg.load()
    checks: list[Check] = []
    formats = ["json", "xml", "tsv", "csv"]
    for index, (name, params) in enumerate(NAMED_CASES):
        query = sovkg.get_query(name)
        expected = sovkg.query_table(name, params)
        ordered = has_order_by(query.text)
        path = f"/queries/{name}" + ("?" + urllib.parse.urlencode(params) if params else "")
        fmt = formats[index % len(formats)]
        checks.append(
            _table_check(
                f"named {name} {fmt}",
                "GET",
                path,
                {"Accept": ACCEPT[fmt]},
                None,
                fmt,
                expected,
                ordered,
            )
        )
        if fmt != "json":
            checks.append(
                _table_check(f"named {name} json", "GET", path, {}, None, "json", expected, ordered)
            )
    for text, ordered in ((CONGRESSES, True), (COUNT_ALL, True)):
        expected = graph.select(text)
        assert isinstance(expected, ResultTable)
        for fmt in ("json", "xml", "csv", "tsv"):
            accept = {"Accept": ACCEPT[fmt]}
            checks.append(
                _table_check(
                    f"GET {fmt}", "GET", sparql_get(text), accept, None, fmt, expected, ordered
                )
            )
        checks.append(
            _table_check(
                "POST form", "POST", "/sparql", FORM, form(text), "json", expected, ordered
            )
        )
        checks.append(
            _table_check(
                "POST query",
                "POST",
                "/sparql",
                SPARQL_BODY,
                text.encode("utf-8"),
                "json",
                expected,
                ordered,
            )
        )
        checks.append(
            _table_check(
                "GET format=tsv",
                "GET",
                sparql_get(text, format="tsv"),
                {},
                None,
                "tsv",
                expected,
                ordered,
            )
        )

    def ask_true(reply: Reply) -> str | None:
        ok = reply.status == 200 and json.loads(reply.body) == {"head": {}, "boolean": True}
        return None if ok else f"HTTP {reply.status}: {reply.body[:200]!r}"

    checks.append(Check("ASK", "POST", "/sparql", FORM, form(ASK_SEVENTH), ask_true))
    labels = graph.select(LABELS)
    assert isinstance(labels, GraphResult)

    def same_graph(reply: Reply) -> str | None:
        if reply.status != 200 or not reply.headers["content-type"].startswith("text/turtle"):
            return f"HTTP {reply.status} {reply.headers.get('content-type')}"
        got = {
            (term_from_ox(t.subject), term_from_ox(t.predicate), term_from_ox(t.object))
            for t in ox.parse(reply.body, format=ox.RdfFormat.TURTLE)
        }
        return None if got == set(labels.triples) else "triples differ"

    checks.append(Check("CONSTRUCT", "GET", sparql_get(LABELS), {}, None, same_graph))
    checks += [
        _refusal_check(
            "update",
            "GET",
            sparql_get("INSERT DATA { sk:a sk:b sk:c }"),
            {},
            None,
            400,
            "update queries are not allowed (INSERT",
        ),
        _refusal_check(
            "service",
            "POST",
            "/sparql",
            FORM,
            form("SELECT * { SERVICE <http://example.org/> { ?s ?p ?o } }"),
            400,
            "SERVICE is not allowed",
        ),
        _refusal_check(
            "unknown query",
            "GET",
            "/queries/sucession",
            {},
            None,
            404,
            "unknown query 'sucession'; did you mean 'succession'?",
        ),
        _refusal_check(
            "bad date",
            "GET",
            "/queries/members-at?date=1926-02-30",
            {},
            None,
            400,
            "parameter 'date': '1926-02-30' is not a calendar date",
        ),
    ]
    return checks


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    by_check: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def client(server: SovkgServer, plan: list[Check], tally: Tally) -> None:
    """Send ``plan``'s requests in order over one keep-alive connection."""
    connection = connect(server)
    try:
        for check in plan:
            started = time.perf_counter()
            try:
                reply = send(connection, check.method, check.path, check.headers, check.body)
                problem = check.judge(reply)
                if reply.headers.get("connection") == "close":
                    connection.close()
                    connection = connect(server)
            except (OSError, http.client.HTTPException, ValueError, SyntaxError) as exc:
                problem = f"{type(exc).__name__}: {exc}"
                connection.close()
                connection = connect(server)
            elapsed = time.perf_counter() - started
            with tally.lock:
                tally.latencies.append(elapsed)
                tally.by_check[check.name] += 1
                if problem is not None:
                    tally.errors.append(f"{check.name} {check.path[:80]}: {problem}")
    finally:
        connection.close()


def test_load_8_clients_2000_requests_every_answer_checked(
    server: SovkgServer, tmp_path: Path
) -> None:
    checks = build_checks()
    rng = random.Random(1922)
    requests = [checks[i % len(checks)] for i in range(REQUESTS)]
    rng.shuffle(requests)
    plans = [requests[i::CLIENTS] for i in range(CLIENTS)]
    tally = Tally()
    threads = [threading.Thread(target=client, args=(server, plan, tally)) for plan in plans]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(600)
    wall = time.perf_counter() - started
    assert not any(thread.is_alive() for thread in threads)
    latencies = sorted(tally.latencies)
    report = {
        "clients": CLIENTS,
        "requests": len(latencies),
        "errors": len(tally.errors),
        "median_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 2),
        "worst_ms": round(latencies[-1] * 1000, 2),
        "wall_s": round(wall, 2),
        "requests_per_s": round(len(latencies) / wall, 1),
        "kinds_of_request": len(checks),
        "first_errors": tally.errors[:10],
    }
    for folder in report_dirs(tmp_path):
        (folder / "serve-load.json").write_text(json.dumps(report, indent=2) + "\n")
    assert len(latencies) == REQUESTS
    assert tally.errors == []
    assert set(tally.by_check) == {c.name for c in checks}


# --------------------------------------------------------------------------- protocol details


def test_named_query_answers_like_the_command_line(server: SovkgServer) -> None:
    reply = fetch(server, "GET", "/queries/members-at?date=1926-01-01")
    assert reply.status == 200
    assert reply.headers["content-type"] == "application/sparql-results+json; charset=utf-8"
    document = json.loads(reply.body)
    assert document["sovkg"] == {"truncated": False, "rowLimit": 10000}
    variables, rows = table_of(reply, "json")
    expected = sovkg.query_table("members-at", {"date": "1926-01-01"})
    assert variables == expected.variables
    assert rows == list(expected.rows)
    assert reply.headers["x-sovkg-rows"] == str(len(expected.rows))


def test_query_listing_matches_the_registry(server: SovkgServer) -> None:
    reply = fetch(server, "GET", "/queries")
    assert reply.status == 200
    listing = json.loads(reply.body)["queries"]
    assert [q["name"] for q in listing] == [q.name for q in sovkg.list_queries()]
    members = next(q for q in listing if q["name"] == "members-at")
    assert members["parameters"] == [
        {
            "name": "date",
            "kind": "date",
            "required": True,
            "default": None,
            "allowed": "YYYY-MM-DD, e.g. 1926-01-01",
            "example": "1926-01-01",
            "choices": [],
        }
    ]


def test_page_and_its_assets(server: SovkgServer) -> None:
    page = fetch(server, "GET", "/")
    assert page.status == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert '<select id="query"' in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    script = fetch(server, "GET", "/app.js")
    assert script.status == 200
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert fetch(server, "GET", "/style.css").status == 200
    assert fetch(server, "GET", "/../pyproject.toml").status == 404


REFUSALS = [
    pytest.param(
        "GET",
        sparql_get("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"),
        {},
        None,
        400,
        "FROM is not allowed (line 1, column 10)",
        id="FROM",
    ),
    pytest.param(
        "GET",
        sparql_get("SELECT * FROM NAMED <http://x/> WHERE { ?s ?p ?o }"),
        {},
        None,
        400,
        "FROM is not allowed (line 1, column 10)",
        id="FROM-NAMED",
    ),
    pytest.param(
        "POST",
        "/sparql",
        FORM,
        form("LOAD <http://example.org/x.ttl>"),
        400,
        "update queries are not allowed (LOAD at line 1, column 1)",
        id="LOAD",
    ),
    pytest.param(
        "POST",
        "/sparql",
        FORM,
        form("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"),
        400,
        "SERVICE is not allowed (line 1, column 12)",
        id="SERVICE",
    ),
    pytest.param(
        "GET",
        sparql_get("DELETE WHERE { ?s ?p ?o }"),
        {},
        None,
        400,
        "update queries are not allowed (DELETE at line 1, column 1)",
        id="DELETE",
    ),
    pytest.param(
        "POST",
        "/sparql",
        FORM,
        form("DELETE WHERE { ?s ?p ?o }", "update"),
        400,
        "updates are not allowed: this endpoint is read-only",
        id="update-form",
    ),
    pytest.param(
        "POST",
        "/sparql",
        {"Content-Type": "application/sparql-update"},
        b"CLEAR ALL",
        400,
        "updates are not allowed: this endpoint is read-only",
        id="update-body",
    ),
    pytest.param(
        "GET",
        sparql_get(COUNT_ALL, **{"default-graph-uri": "http://x/"}),
        {},
        None,
        400,
        "default-graph-uri is not allowed",
        id="default-graph-uri",
    ),
    pytest.param(
        "GET",
        sparql_get(COUNT_ALL, **{"named-graph-uri": "http://x/"}),
        {},
        None,
        400,
        "named-graph-uri is not allowed",
        id="named-graph-uri",
    ),
    pytest.param(
        "GET", "/sparql", {}, None, 400, "give exactly one 'query' parameter", id="no-query"
    ),
    pytest.param(
        "GET",
        sparql_get("SELECT ?s WHERE { ?s ?p }"),
        {},
        None,
        400,
        "SPARQL syntax error",
        id="syntax",
    ),
    pytest.param(
        "GET",
        sparql_get("hello"),
        {},
        None,
        400,
        "SPARQL syntax error: expected a SELECT, ASK, CONSTRUCT or DESCRIBE query",
        id="not-a-query",
    ),
    pytest.param(
        "GET",
        sparql_get(COUNT_ALL),
        {"Accept": "image/png"},
        None,
        406,
        "cannot answer in image/png; available:",
        id="not-acceptable",
    ),
    pytest.param(
        "GET",
        sparql_get(COUNT_ALL, format="pdf"),
        {},
        None,
        406,
        "unknown format 'pdf'; available:",
        id="unknown-format",
    ),
    pytest.param(
        "POST",
        "/sparql",
        {"Content-Type": "text/plain"},
        b"ASK {}",
        415,
        "cannot read a text/plain body",
        id="media-type",
    ),
    pytest.param(
        "PUT",
        "/sparql",
        {"Content-Type": "text/turtle"},
        b"",
        405,
        "PUT is not allowed: this endpoint is read-only",
        id="PUT",
    ),
    pytest.param(
        "GET",
        "/queries/sucession",
        {},
        None,
        404,
        "unknown query 'sucession'; did you mean 'succession'?",
        id="unknown-query",
    ),
    pytest.param(
        "GET",
        "/queries/members-at",
        {},
        None,
        400,
        "missing required parameter 'date' for query 'members-at'",
        id="missing-param",
    ),
    pytest.param(
        "GET",
        "/queries/members-at?date=1926-13-01",
        {},
        None,
        400,
        "parameter 'date': '1926-13-01' is not a calendar date",
        id="bad-param",
    ),
    pytest.param(
        "GET",
        "/queries/members-at?date=1926-01-01&date=1927-01-01",
        {},
        None,
        400,
        "parameter 'date' is given more than once",
        id="repeated-param",
    ),
    pytest.param(
        "GET",
        "/queries/members-at?day=1926-01-01",
        {},
        None,
        400,
        "unknown parameter 'day' for query 'members-at'",
        id="unknown-param",
    ),
    pytest.param(
        "GET", "/nothing-here", {}, None, 404, "no such page: /nothing-here", id="no-page"
    ),
]


@pytest.mark.parametrize(("method", "path", "headers", "body", "status", "start"), REFUSALS)
def test_refusals(
    server: SovkgServer,
    method: str,
    path: str,
    headers: dict[str, str],
    body: bytes | None,
    status: int,
    start: str,
) -> None:
    reply = fetch(server, method, path, headers, body)
    assert reply.status == status
    assert reply.headers["content-type"] == "text/plain; charset=utf-8"
    assert reply.text.startswith(start)
    assert reply.text.count("\n") == 1  # one line


def test_body_limit_is_64_kib(server: SovkgServer) -> None:
    padding = 64 * 1024 - len(COUNT_ALL) - 2
    exactly = (COUNT_ALL + "\n#" + "x" * padding).encode("utf-8")
    assert len(exactly) == 64 * 1024
    accepted = fetch(server, "POST", "/sparql", SPARQL_BODY, exactly)
    assert accepted.status == 200
    refused = fetch(server, "POST", "/sparql", SPARQL_BODY, exactly + b" ")
    assert refused.status == 413
    assert refused.text == "the request body has 65537 bytes; the limit is 65536\n"
    assert refused.headers["connection"] == "close"


# --------------------------------------------------------------------------- limits


def test_row_limit_cuts_and_says_so(limited: SovkgServer) -> None:
    reply = fetch(limited, "GET", sparql_get("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"))
    assert reply.status == 200
    assert reply.headers["x-sovkg-truncated"] == "true"
    assert reply.headers["x-sovkg-row-limit"] == "5"
    document = json.loads(reply.body)
    assert document["sovkg"] == {"truncated": True, "rowLimit": 5}
    assert len(document["results"]["bindings"]) == 5
    as_csv = fetch(limited, "GET", "/queries/succession", {"Accept": "text/csv"})
    assert as_csv.headers["x-sovkg-truncated"] == "true"
    expected = sovkg.query_table("succession")
    assert len(expected.rows) > 5
    lines = list(csv.reader(io.StringIO(as_csv.text)))
    assert lines[0] == list(expected.variables)
    assert lines[1:] == [[csv_cell(t) for t in row] for row in expected.rows[:5]]


def test_row_limit_leaves_small_answers_whole(limited: SovkgServer) -> None:
    reply = fetch(limited, "GET", "/queries/representation")
    expected = sovkg.query_table("representation")
    assert len(expected.rows) <= 5
    assert reply.headers["x-sovkg-truncated"] == "false"
    assert Counter(table_of(reply, "json")[1]) == Counter(expected.rows)


def test_time_limit_stops_the_query_and_its_worker(limited: SovkgServer) -> None:
    before = {
        p.pid
        for p in psutil.Process(limited.process.pid).children(recursive=True)
        if "spawn_main" in " ".join(p.cmdline())
    }
    assert len(before) == 1
    started = time.monotonic()
    reply = fetch(limited, "POST", "/sparql", FORM, form(SLOW))
    elapsed = time.monotonic() - started
    assert reply.status == 503
    assert reply.text == "the query ran longer than the time limit of 1 s and was stopped\n"
    assert 1.0 <= elapsed < 4.0
    assert (
        psutil.wait_procs(
            [psutil.Process(pid) for pid in before if psutil.pid_exists(pid)], timeout=10
        )[1]
        == []
    )
    after = fetch(limited, "GET", sparql_get(COUNT_ALL))  # waits for the new worker
    assert after.status == 200
    expected = sovkg.load().select(COUNT_ALL)
    assert table_of(after, "json")[1] == list(expected.rows)  # type: ignore[union-attr]


def test_stopping_the_server_stops_its_workers(tmp_path: Path) -> None:
    with sovkg_server(["--workers", "2"], tmp_path / "server.log") as running:
        workers = [
            p
            for p in psutil.Process(running.process.pid).children(recursive=True)
            if "spawn_main" in " ".join(p.cmdline())
        ]
        assert len(workers) == 2
    assert running.process.returncode == 0
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == []


def test_a_dead_worker_is_reported_and_replaced(limited: SovkgServer) -> None:
    workers = [
        p
        for p in psutil.Process(limited.process.pid).children(recursive=True)
        if "spawn_main" in " ".join(p.cmdline())
    ]
    assert len(workers) == 1
    workers[0].kill()
    psutil.wait_procs(workers, timeout=10)
    reply = fetch(limited, "GET", sparql_get(COUNT_ALL))
    assert reply.status == 500
    assert reply.text == "the query worker stopped unexpectedly; restarting it\n"
    again = fetch(limited, "GET", sparql_get(COUNT_ALL))
    assert again.status == 200
    assert table_of(again, "json")[1] == list(sovkg.load().select(COUNT_ALL).rows)  # type: ignore[union-attr]


def _serve_fails(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sovkg.cli", "serve", "--quiet", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_serve_refuses_a_missing_data_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nothing"
    done = _serve_fails(["--port", "0", "--data", str(missing)])
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"sovkg: error: data folder '{missing}' does not exist or is not a directory\n"
    )


def test_serve_refuses_a_port_in_use() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _serve_fails(["--port", str(port), "--workers", "1"])
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"sovkg: error: cannot listen on 127.0.0.1:{port}: Address already in use\n"
    )


@pytest.mark.parametrize("source", ["option", "environment"])
def test_serve_refuses_a_query_folder_without_query_files(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    """As ``list`` and ``query`` do: an empty --queries folder never starts a server."""
    import sovkg.serve

    def started(*args: object, **kwargs: object) -> None:
        pytest.fail("sovkg serve started a server on a folder without named queries")

    monkeypatch.setattr(sovkg.serve, "serve", started)
    (tmp_path / "notes.txt").write_text("no queries here", encoding="utf-8")
    if source == "environment":
        monkeypatch.setenv("SOVKG_QUERIES", str(tmp_path))
        args = ["serve", "--port", "0", "--quiet"]
    else:
        args = ["--queries", str(tmp_path), "serve", "--port", "0", "--quiet"]
    outcome = cli(args)
    assert outcome.exit_code == 2
    assert outcome.stdout == ""
    assert outcome.stderr == (
        f"sovkg: error: query folder '{tmp_path}' has no named queries (no *.rq files); "
        "--queries (or $SOVKG_QUERIES) takes a folder of NAME.rq files\n"
    )
