"""The query page in a real headless browser (Debian's chromium): pick a query, run it, see rows.

Chromium loads ``/?query=NAME&run=1`` from ``sovkg serve`` on loopback, runs the page's script
(``--virtual-time-budget``) and prints the resulting DOM (``--dump-dom``); the test reads the
table out of it and compares it cell by cell with the embedded engine's answer. No webdriver.
Skips without chromium, except under ``CI=true``.
"""

from __future__ import annotations

import shutil
import subprocess
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from servers import SovkgServer, need, sovkg_server

import sovkg
from sovkg.results import Term

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--no-proxy-server",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--virtual-time-budget=5000",
]


def find_chromium() -> Path | None:
    for candidate in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return Path(found)
    return None


@dataclass
class Page:
    """What the test reads from the dumped DOM."""

    state: str = ""
    status: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    options: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    """Collects the body's data-state, the status line, the table and the query options."""

    def __init__(self) -> None:
        super().__init__()
        self.page = Page()
        self._in: str | None = None
        self._text: list[str] = []
        self._row: list[str] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "body":
            self.page.state = attributes.get("data-state") or ""
        elif tag == "p" and attributes.get("id") == "status":
            self._in, self._text = "status", []
        elif tag == "th":
            self._in, self._text = "th", []
        elif tag == "tr":
            self._row = []
        elif tag == "td":
            self._row.append(attributes.get("data-value") or "")
        elif tag == "option" and self._select == "query":
            self.page.options.append(attributes.get("value") or "")
        if tag == "select":
            self._select = attributes.get("id")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._in == "status":
            self.page.status = "".join(self._text).strip()
            self._in = None
        elif tag == "th" and self._in == "th":
            self.page.headers.append("".join(self._text).strip())
            self._in = None
        elif tag == "tr" and self._row:
            self.page.rows.append(self._row)
            self._row = []
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._text.append(data)


def read_page(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    return reader.page


@pytest.fixture(scope="module")
def chromium() -> Path:
    binary = find_chromium()
    need(binary is not None, "Debian's chromium (apt-get install chromium)")
    assert binary is not None
    return binary


@pytest.fixture(scope="module")
def server(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SovkgServer]:
    log = tmp_path_factory.mktemp("serve-browser") / "server.log"
    with sovkg_server(["--workers", "1"], log) as running:
        yield running


def open_page(chromium: Path, url: str, profile: Path) -> Page:
    done = subprocess.run(
        [str(chromium), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return read_page(done.stdout.decode("utf-8"))


def cell(term: Term | None) -> str:
    return "" if term is None else term.value


def page_url(server: SovkgServer, **params: str) -> str:
    return server.base + "?" + urllib.parse.urlencode(params)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        pytest.param("succession", {}, id="succession"),
        pytest.param("members-at", {"date": "1926-01-01"}, id="members-at"),
        pytest.param("timeline", {"from": "1930-01-01"}, id="timeline-from"),
    ],
)
def test_page_runs_a_named_query_and_shows_its_rows(
    chromium: Path, server: SovkgServer, tmp_path: Path, name: str, params: dict[str, str]
) -> None:
    page = open_page(chromium, page_url(server, query=name, run="1", **params), tmp_path)
    expected = sovkg.query_table(name, params)
    assert page.state == "done", page.status
    assert page.headers == list(expected.variables)
    assert page.rows == [[cell(t) for t in row] for row in expected.rows]
    assert len(page.rows) > 0
    assert page.status == f"{len(expected.rows)} rows"


def test_page_lists_every_named_query(chromium: Path, server: SovkgServer, tmp_path: Path) -> None:
    page = open_page(chromium, server.base, tmp_path)
    assert page.state == "ready"
    assert page.options == [q.name for q in sovkg.list_queries()]
    assert page.rows == []


def test_page_shows_the_servers_refusal(
    chromium: Path, server: SovkgServer, tmp_path: Path
) -> None:
    page = open_page(chromium, page_url(server, query="members-at", run="1"), tmp_path)
    assert page.state == "error"
    assert page.status.startswith("Error 400: missing required parameter 'date'")
    assert page.rows == []
