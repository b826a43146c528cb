"""Shared fixtures: fixture folders, a fresh store cache, and ways to run the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

TESTS_DIR = Path(__file__).resolve().parent
REPO_DIR = TESTS_DIR.parent
MINI_DATA = TESTS_DIR / "data" / "mini"
"""A tiny TriG fixture in the project's layout (facts in citation graphs)."""
FIXTURE_QUERIES = TESTS_DIR / "data" / "queries"
"""Named queries written against MINI_DATA, one per parameter kind."""
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep every on-disk store the tests build out of the user's cache."""
    cache = tmp_path_factory.mktemp("sovkg-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOVKG_CACHE", str(cache))
        patch.delenv("SOVKG_DATA", raising=False)
        patch.delenv("SOVKG_QUERIES", raising=False)
        patch.delenv("SOVKG_STORE", raising=False)
        # no detached store builders behind the tests' backs (test_api tests that mode itself)
        patch.setenv("SOVKG_STORE_BUILD", "foreground")
        yield cache


@dataclass(frozen=True)
class Outcome:
    """What a command did: its exit code and both output streams."""

    exit_code: int
    stdout: str
    stderr: str


Runner = Callable[..., Outcome]


@pytest.fixture
def cli() -> Runner:
    """Run the ``sovkg`` click group in-process with click's CliRunner: ``cli([args], stdin=)``."""
    from sovkg.cli import cli as group

    def invoke(args: Sequence[str], stdin: str | None = None) -> Outcome:
        result = CliRunner().invoke(group, list(args), input=stdin, catch_exceptions=False)
        return Outcome(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def script() -> Runner:
    """Run the installed ``sovkg`` console script: ``script([args], cwd=, env=)``.

    The script is the one beside this interpreter, so it runs the installed wheel with its
    bundled ontology, data and queries. Under CI=true a missing script fails instead of skipping.
    """
    path = Path(sys.executable).parent / "sovkg"
    if not path.exists():
        if IN_CI:
            pytest.fail("the sovkg console script is not installed beside the interpreter")
        pytest.skip("sovkg is not installed in this environment")

    def run(
        args: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None
    ) -> Outcome:
        done = subprocess.run(
            [str(path), *args],
            cwd=cwd or Path.cwd(),
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        return Outcome(done.returncode, done.stdout, done.stderr)

    return run
