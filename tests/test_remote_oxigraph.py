"""The named queries give the same rows on a real triple store (the Oxigraph server).

The test starts ``oxigraph serve`` (the binary of the ``oxigraph`` package) on a free loopback
port, uploads the plain merged export with ``sovkg push``, runs every ``queries/*.rq`` through
``sovkg query NAME --endpoint`` with its defaults and with explicit parameter values, and
compares the rows with the embedded engine's: as lists when the query has ``ORDER BY``, as
multisets otherwise. The server is stopped by its process id when the module ends.

The parity figures (queries and runs equal out of total) are written as JSON to
``oxigraph-parity.json`` in the test's temporary folder, and in ``$SOVKG_TEST_REPORTS`` if set.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import Outcome, Runner
from servers import (
    Oxigraph,
    find_program,
    free_port,
    has_order_by,
    need,
    oxigraph_server,
    report_dirs,
)

import sovkg
from sovkg.cli import cli as group
from sovkg.queries import NamedQuery
from sovkg.remote import run_remote, term_from_ox
from sovkg.results import ResultTable, Term

REPO = Path(__file__).resolve().parent.parent
QUERY_FILES = sorted((REPO / "queries").glob("*.rq"))
SOV = "https://w3id.org/sovkg/ontology#"
SK = "https://w3id.org/sovkg/id/"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

SAMPLE_VALUES: dict[str, list[str]] = {
    "date": ["1922-12-30", "1926-01-01", "1930-06-01", "1936-12-05"],
    "congress": ["1", "5", "7", "8"],
}
"""Explicit values tried for each parameter kind (a kind missing here uses its example)."""


def _param_sets(query: NamedQuery) -> list[dict[str, str]]:
    """The default run (required parameters at their first sample), then each sample value of
    each parameter, then all optional parameters together."""
    samples = {p.name: SAMPLE_VALUES.get(p.kind.name, [p.kind.example]) for p in query.parameters}
    base = {p.name: samples[p.name][0] for p in query.parameters if p.required}
    sets = [base]
    for param in query.parameters:
        for value in samples[param.name]:
            candidate = {**base, param.name: value}
            if candidate not in sets:
                sets.append(candidate)
    optional = [p for p in query.parameters if not p.required]
    if len(optional) > 1:
        together = {
            **base,
            **{p.name: samples[p.name][i % len(samples[p.name])] for i, p in enumerate(optional)},
        }
        if together not in sets:
            sets.append(together)
    return sets


def _cases() -> list[pytest.ParameterSet]:
    cases = []
    for path in QUERY_FILES:
        query = sovkg.get_query(path.stem, path.parent)
        for params in _param_sets(query):
            shown = ",".join(f"{k}={v}" for k, v in params.items()) or "defaults"
            cases.append(pytest.param(path.stem, params, id=f"{path.stem}[{shown}]"))
    return cases


CASES = _cases()
RESULTS: dict[str, bool] = {}
"""Case id -> whether the remote rows equalled the embedded rows."""


def rows_from_json(data: str) -> tuple[tuple[str, ...], list[tuple[Term | None, ...]]]:
    """Parse SPARQL JSON results into variable names and rows of terms."""
    parsed = ox.parse_query_results(data.encode("utf-8"), format=ox.QueryResultsFormat.JSON)
    assert isinstance(parsed, ox.QuerySolutions)
    variables = tuple(v.value for v in parsed.variables)
    rows = [tuple(term_from_ox(s[i]) for i in range(len(variables))) for s in parsed]
    return variables, rows


# --------------------------------------------------------------------------- the server


@pytest.fixture(scope="module")
def oxigraph_binary() -> Path:
    binary = find_program("oxigraph")
    need(binary is not None, "the oxigraph server binary (pip install oxigraph)")
    assert binary is not None
    return binary


@pytest.fixture(scope="module")
def server(oxigraph_binary: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    folder = tmp_path_factory.mktemp("oxigraph")
    with oxigraph_server(oxigraph_binary, folder / "store", folder / "server.log") as running:
        yield running
    report = {
        "cases": len(RESULTS),
        "cases_equal": sum(RESULTS.values()),
        "queries": len({case.split("[")[0] for case in RESULTS}),
        "queries_equal": len(
            {case.split("[")[0] for case in RESULTS}
            - {case.split("[")[0] for case, ok in RESULTS.items() if not ok}
        ),
        "unequal": sorted(case for case, ok in RESULTS.items() if not ok),
    }
    for target in report_dirs(folder):
        (target / "oxigraph-parity.json").write_text(json.dumps(report, indent=2) + "\n")


def run_cli(args: list[str]) -> Outcome:
    """Run the ``sovkg`` group in-process (for module-scoped fixtures; tests use ``cli``)."""
    result = CliRunner().invoke(group, args, catch_exceptions=False)
    return Outcome(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(scope="module")
def pushed(server: Oxigraph) -> Oxigraph:
    from sovkg.export import export

    expected = export("turtle")
    outcome = run_cli(["push", "--endpoint", server.store_url])
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == (
        f"pushed {expected.statements} triples ({len(expected.data)} bytes) to the default graph "
        f"of {server.store_url} (HTTP 204)\n"
    )
    count = run_remote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", None, server.query_url)
    assert isinstance(count, ResultTable)
    assert count.rows == ((Term("literal", str(expected.statements), XSD_INTEGER),),)
    return server


# --------------------------------------------------------------------------- parity


def test_every_query_file_is_covered() -> None:
    assert QUERY_FILES, "no named queries found in queries/"
    assert [p.stem for p in QUERY_FILES] == [q.name for q in sovkg.list_queries()]
    assert {case.values[0] for case in CASES} == {p.stem for p in QUERY_FILES}


@pytest.mark.parametrize(("name", "params"), CASES)
def test_same_rows_as_embedded_engine(
    pushed: Oxigraph, cli: Runner, name: str, params: dict[str, str], request: pytest.FixtureRequest
) -> None:
    query = sovkg.get_query(name)
    args = ["query", name, "--endpoint", pushed.query_url, "--format", "json"]
    for key, value in params.items():
        args += ["--param", f"{key}={value}"]
    outcome = cli(args)
    RESULTS[request.node.callspec.id] = False
    assert outcome.exit_code == 0, outcome.stderr
    variables, remote_rows = rows_from_json(outcome.stdout)
    local = sovkg.query_table(name, params)
    assert variables == local.variables
    if has_order_by(query.text):
        assert remote_rows == list(local.rows)
    else:
        assert Counter(remote_rows) == Counter(local.rows)
    RESULTS[request.node.callspec.id] = True


@pytest.mark.parametrize(
    "args",
    [["succession"], ["members-at", "--param", "date=1926-01-01"], ["agenda"], ["people"]],
    ids=["succession", "members-at", "agenda", "people"],
)
def test_endpoint_table_reads_like_the_local_one(
    pushed: Oxigraph, cli: Runner, args: list[str]
) -> None:
    # labels come from the endpoint (one VALUES request), chosen as the local graph chooses them
    remote = cli(["query", *args, "--endpoint", pushed.query_url])
    local = cli(["query", *args])
    assert (remote.exit_code, remote.stderr) == (0, "")
    assert remote.stdout == local.stdout
    assert "Moscow" in cli(["query", "succession", "--endpoint", pushed.query_url]).stdout


# --------------------------------------------------------------------------- binding


FILTER_QUERY = """\
#+ summary: The congresses from a given one on (a FILTER on the parameter)
PREFIX sov: <https://w3id.org/sovkg/ontology#>
SELECT ?_congress ?congress ?ordinal
WHERE {
  ?congress a sov:Congress ; sov:ordinal ?ordinal .
  FILTER(?ordinal >= ?_congress)
}
ORDER BY ?ordinal
"""


@pytest.fixture
def filter_queries(tmp_path: Path) -> Path:
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "from-congress.rq").write_text(FILTER_QUERY, encoding="utf-8")
    return folder


def _congress_rows(ordinals: list[int]) -> list[tuple[Term, Term, Term]]:
    seven = Term("literal", "7", XSD_INTEGER)
    return [
        (seven, Term("iri", f"{SK}congress-{n}"), Term("literal", str(n), XSD_INTEGER))
        for n in ordinals
    ]


def test_filter_on_a_parameter_keeps_its_rows_remotely(
    pushed: Oxigraph, cli: Runner, filter_queries: Path
) -> None:
    outcome = cli(
        [
            "--queries",
            str(filter_queries),
            "query",
            "from-congress",
            "-p",
            "congress=7",
            "--endpoint",
            pushed.query_url,
            "-f",
            "json",
        ]
    )
    assert outcome.exit_code == 0, outcome.stderr
    variables, rows = rows_from_json(outcome.stdout)
    assert variables == ("_congress", "congress", "ordinal")
    assert rows == _congress_rows([7, 8])
    local = sovkg.query_table("from-congress", {"congress": "7"}, queries_dir=filter_queries)
    assert list(local.rows) == _congress_rows([7, 8])


def test_rdflib_sparqlstore_bindings_empty_the_same_query(
    pushed: Oxigraph, filter_queries: Path
) -> None:
    """The trap this module avoids: rdflib appends VALUES after the WHERE group."""
    from rdflib import Literal, Variable
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(pushed.query_url, returnFormat="json")
    result = store.query(FILTER_QUERY, initBindings={Variable("_congress"): Literal(7)})
    assert list(result) == []


def test_optional_parameters_are_bound_inside_bound(pushed: Oxigraph) -> None:
    query = sovkg.get_query("timeline")
    given = query.bind({"from": "1930-01-01"})
    remote = run_remote(query.text, given, pushed.query_url)
    assert remote == sovkg.query_table("timeline", {"from": "1930-01-01"})
    assert isinstance(remote, ResultTable)
    assert 0 < len(remote.rows) < len(sovkg.query_table("timeline").rows)


# --------------------------------------------------------------------------- push


def test_push_to_a_named_graph(pushed: Oxigraph, cli: Runner) -> None:
    graph = "https://w3id.org/sovkg/graph/pushed"
    outcome = cli(["push", "--endpoint", pushed.store_url, "--graph", graph])
    assert outcome.exit_code == 0, outcome.stderr
    assert f"to graph <{graph}> of {pushed.store_url} (HTTP 201)" in outcome.stdout
    in_graph = run_remote(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/sovkg/graph/pushed> "
        "{ ?s ?p ?o } }",
        None,
        pushed.query_url,
    )
    in_default = run_remote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", None, pushed.query_url)
    assert in_graph == in_default


# --------------------------------------------------------------------------- errors


def test_connection_refused_is_one_line_exit_2(cli: Runner) -> None:
    port = free_port()
    outcome = cli(["query", "succession", "--endpoint", f"http://127.0.0.1:{port}/query"])
    assert outcome.exit_code == 2
    assert outcome.stdout == ""
    assert outcome.stderr == (
        f"sovkg: error: cannot reach http://127.0.0.1:{port}/query: connection refused "
        "(is the server running on that port?)\n"
    )


def test_http_error_is_one_line_exit_2(pushed: Oxigraph, cli: Runner) -> None:
    url = pushed.base + "no-such-endpoint"
    outcome = cli(["query", "succession", "--endpoint", url])
    assert outcome.exit_code == 2
    assert outcome.stdout == ""
    assert outcome.stderr.startswith(f"sovkg: error: {url} answered HTTP 404 Not Found")
    assert outcome.stderr.count("\n") == 1


def test_endpoint_must_be_http(cli: Runner) -> None:
    outcome = cli(["query", "succession", "--endpoint", "file:///etc/passwd"])
    assert outcome.exit_code == 2
    assert outcome.stderr == (
        "sovkg: error: the endpoint must be an http:// or https:// URL, got 'file:///etc/passwd'\n"
    )


def test_push_refuses_a_graph_that_is_not_an_iri(pushed: Oxigraph, cli: Runner) -> None:
    outcome = cli(["push", "--endpoint", pushed.store_url, "--graph", "not an iri"])
    assert outcome.exit_code == 2
    assert outcome.stderr == "sovkg: error: --graph must be an absolute IRI, got 'not an iri'\n"


def test_push_to_nothing_is_one_line_exit_2(cli: Runner) -> None:
    port = free_port()
    outcome = cli(["push", "--endpoint", f"http://127.0.0.1:{port}/store"])
    assert outcome.exit_code == 2
    assert outcome.stderr == (
        f"sovkg: error: cannot reach http://127.0.0.1:{port}/store?default: connection refused "
        "(is the server running on that port?)\n"
    )


# --------------------------------------------------------------------------- time limit


class _Answer:
    """What a fake opener returns: a SPARQL JSON answer with no rows."""

    status = 200

    def __init__(self, body: bytes, media: str) -> None:
        from email.message import Message

        self._body = body
        self.headers = Message()
        self.headers["Content-Type"] = media

    def read(self, limit: int) -> bytes:
        return self._body[:limit]

    def __enter__(self) -> _Answer:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, float]]:
    """Replace the HTTP opener of :mod:`sovkg.remote`: record (method, URL, timeout) per request."""
    import urllib.request

    from sovkg import remote

    requests: list[tuple[str, str, float]] = []

    class Opener:
        def open(self, request: urllib.request.Request, timeout: float) -> _Answer:
            requests.append((request.get_method(), request.full_url, timeout))
            if request.get_method() == "PUT":
                return _Answer(b"", "text/plain")
            body = b'{"head": {"vars": ["n"]}, "results": {"bindings": []}}'
            return _Answer(body, "application/sparql-results+json")

    monkeypatch.setattr(remote.urllib.request, "build_opener", lambda *handlers: Opener())
    return requests


def test_the_cli_default_timeout_is_the_library_default() -> None:
    from sovkg.cli import REMOTE_TIMEOUT
    from sovkg.remote import DEFAULT_TIMEOUT

    assert REMOTE_TIMEOUT == DEFAULT_TIMEOUT == 60.0


@pytest.mark.parametrize(("args", "expected"), [([], 60.0), (["--timeout", "2.5"], 2.5)])
def test_query_timeout_reaches_every_request(
    cli: Runner, sent: list[tuple[str, str, float]], args: list[str], expected: float
) -> None:
    """The query and the label look-ups of the table all wait --timeout seconds (default 60)."""
    url = "http://127.0.0.1:9/query"
    outcome = cli(["query", "succession", "--endpoint", url, *args])
    assert (outcome.exit_code, outcome.stderr) == (0, "")
    assert sent and all(request == ("POST", url, expected) for request in sent), sent


def test_push_timeout_reaches_the_request(
    cli: Runner, sent: list[tuple[str, str, float]], tmp_path: Path
) -> None:
    data = tmp_path / "g.ttl"
    data.write_text("<urn:s> <urn:p> <urn:o> .\n", encoding="utf-8")
    url = "http://127.0.0.1:9/store"
    outcome = cli(["push", "--endpoint", url, "--file", str(data), "--timeout", "7"])
    assert (outcome.exit_code, outcome.stderr) == (0, "")
    assert sent == [("PUT", url + "?default", 7.0)]


def test_a_slow_endpoint_is_named_with_the_time_limit(
    cli: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The time-out message gives the --timeout value the user chose."""
    from sovkg import remote

    class Slow:
        def open(self, request: object, timeout: float) -> _Answer:
            raise TimeoutError

    monkeypatch.setattr(remote.urllib.request, "build_opener", lambda *handlers: Slow())
    url = "http://127.0.0.1:9/query"
    outcome = cli(["query", "succession", "--endpoint", url, "--timeout", "0.25", "-f", "csv"])
    assert outcome.exit_code == 2
    assert outcome.stdout == ""
    assert outcome.stderr == f"sovkg: error: {url} did not answer within 0.25 s\n"
