"""Start and stop HTTP servers on loopback for the tests (Oxigraph, ``sovkg serve``).

Every server is started on 127.0.0.1 on a free port, waited for until it answers, and stopped
by its process id when the ``with`` block ends, whatever happened inside it. A test that needs
a program that is missing skips on a developer's machine but fails under ``CI=true``
(:func:`need`).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from sovkg.queries import tokenize

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
LOOPBACK = "127.0.0.1"
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def report_dirs(tmp: Path) -> list[Path]:
    """Where a test writes its measured figures: ``tmp``, and ``$SOVKG_TEST_REPORTS`` if set."""
    dirs = [tmp]
    extra = os.environ.get("SOVKG_TEST_REPORTS")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        dirs.append(Path(extra))
    return dirs


def need(available: bool, what: str) -> None:
    """Skip the test if ``what`` is missing, or fail it under ``CI=true`` (never skip there)."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true but is missing")
    pytest.skip(f"{what} is missing")


def free_port() -> int:
    """Return a TCP port that is free on loopback right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def find_program(name: str) -> Path | None:
    """Return the program ``name`` beside this interpreter (the venv's bin), else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    found = shutil.which(name)
    return Path(found) if found else None


def http_get(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    """GET ``url`` without proxies; return the status and body (also for HTTP errors)."""
    try:
        with _NO_PROXY.open(url, timeout=timeout) as answer:
            return int(answer.status), answer.read()
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read()


def wait_until_answers(url: str, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    """Poll ``url`` until it answers any HTTP status; fail if ``process`` dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode} while starting")
        try:
            http_get(url, timeout=1.0)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout:g} s")


def stop(process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """Stop ``process`` by its id: SIGTERM, then SIGKILL if it has not ended in ``timeout``."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout)


# --------------------------------------------------------------------------- Oxigraph


@dataclass(frozen=True)
class Oxigraph:
    """A running Oxigraph server.

    Attributes:
        base: its base URL, ending in ``/``.
        pid: its process id.
    """

    base: str
    pid: int

    @property
    def query_url(self) -> str:
        """The SPARQL query endpoint."""
        return self.base + "query"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol endpoint."""
        return self.base + "store"


@contextlib.contextmanager
def oxigraph_server(binary: Path, location: Path, log: Path) -> Iterator[Oxigraph]:
    """Run ``oxigraph serve --location LOCATION --bind 127.0.0.1:PORT`` for the ``with`` block.

    Retries with another port if the chosen one was taken in the meantime.
    """
    for attempt in range(3):
        port = free_port()
        with log.open("ab") as sink:
            process = subprocess.Popen(
                [str(binary), "serve", "--location", str(location), "--bind", f"{LOOPBACK}:{port}"],
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=sink,
            )
        base = f"http://{LOOPBACK}:{port}/"
        try:
            wait_until_answers(base, process)
        except RuntimeError:
            stop(process)
            if attempt == 2:
                raise
            continue
        try:
            yield Oxigraph(base, process.pid)
        finally:
            stop(process)
        return


# --------------------------------------------------------------------------- sovkg serve


@dataclass
class SovkgServer:
    """A running ``sovkg serve``.

    Attributes:
        base: its base URL, ending in ``/``.
        process: the server process.
        banner: the first line it printed.
    """

    base: str
    process: subprocess.Popen[bytes]
    banner: str

    @property
    def sparql_url(self) -> str:
        """The SPARQL endpoint."""
        return self.base + "sparql"


_URL = re.compile(r"http://[0-9.]+:[0-9]+/")


@contextlib.contextmanager
def sovkg_server(options: Sequence[str], log: Path, timeout: float = 60.0) -> Iterator[SovkgServer]:
    """Run ``sovkg serve --port 0 --quiet OPTIONS`` (this interpreter) for the ``with`` block.

    The URL is read from the line the server prints when it is ready. On exit the server is
    stopped by its process id (SIGTERM, which it handles by stopping its query workers).
    """
    command = [
        sys.executable,
        "-m",
        "sovkg.cli",
        "serve",
        "--host",
        LOOPBACK,
        "--port",
        "0",
        "--quiet",
        *options,
    ]
    with log.open("ab") as sink:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=sink
        )
    lines: list[str] = []

    def read_banner() -> None:
        assert process.stdout is not None
        lines.append(process.stdout.readline().decode("utf-8", "replace"))

    reader = threading.Thread(target=read_banner, daemon=True)
    reader.start()
    reader.join(timeout)
    try:
        match = _URL.search(lines[0]) if lines else None
        if match is None:
            raise RuntimeError(
                f"sovkg serve did not print its URL in {timeout:g} s: {lines!r}; see {log}"
            )
        server = SovkgServer(match.group(), process, lines[0].strip())
        wait_until_answers(server.base, process)
        yield server
    finally:
        stop(process)
        if process.stdout is not None:
            process.stdout.close()


def has_order_by(text: str) -> bool:
    """Whether the outermost query has an ORDER BY clause (so row order is part of the answer)."""
    depth = 0
    tokens = tokenize(text)
    for token, following in itertools.pairwise(tokens):
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
        elif (
            depth == 0
            and token.kind == "word"
            and token.text.upper() == "ORDER"
            and following.text.upper() == "BY"
        ):
            return True
    return False
