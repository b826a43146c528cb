"""Benchmark sovkg at growing sizes: load time, every named query's time, peak memory, validation.

For each size from 10^3 quads up to ``--max-triples`` (10^3 is the real data alone; larger sizes
add synthetic data from ``bench/generate.py``), every measurement runs in a fresh Python process,
so its peak RSS is its own:

* ``sovkg``: the engine ``sovkg`` uses by default (pyoxigraph through :func:`sovkg.store.load`,
  which picks memory or its on-disk store by size), starting from an empty cache: the first use;
* ``sovkg-reuse``: a second process on the same cache, which reuses the store the first built;
* ``sovkg-memory``: pyoxigraph in memory whatever the size (``SOVKG_STORE=memory``);
* ``rdflib``: rdflib's in-memory ``Dataset``, the baseline. Each rdflib query has a time limit
  (``--query-timeout``); a query over it is recorded with no time, and is not run again at
  larger sizes;
* ``validate`` (engine ``sovkg``): :func:`sovkg.validate.validate` at 10^3, 10^4 and 10^5.

Each query runs ``--repeats`` times (fewer if that would pass its time limit); ``min_s`` and
``median_s`` are over those runs and include turning the answer into rows. Results go to
``OUT/scale.json`` (a list of records ``{"engine", "triples", "query", "load_s", "median_s",
"min_s", "peak_rss_mb"}``; ``triples`` counts the quads of the data folder; ``median_s`` and
``min_s`` are ``null`` for a query that did not finish, ``load_s`` is ``null`` for ``validate``,
which loads by itself), ``OUT/scale.md`` (tables, growth exponents, ratios, targets) and
``OUT/scale.png`` (log-log plot). The whole run keeps to ``--budget`` seconds.

Usage::

    python bench/scale.py --max-triples 1000000 --out /tmp/scale-out
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

ENGINES = ("sovkg", "sovkg-reuse", "sovkg-memory", "rdflib")
"""Engines measured, in the order they run at each size."""
DEFAULT_ENGINE = "sovkg"
BASELINE_ENGINE = "rdflib"
VALIDATE = "validate"
VALIDATE_MAX = 100_000
"""Validation is timed at sizes up to this many quads."""
RECORD_KEYS = ("engine", "triples", "query", "load_s", "median_s", "min_s", "peak_rss_mb")
"""The keys of every record of ``scale.json``, in order."""
RESULT_PREFIX = "RESULT "

TARGET_QUERY_S = 0.5
TARGET_LOAD_S = 5.0
TARGET_REUSE_S = 0.5
TARGET_RSS_MB = 1536.0
TARGET_VALIDATE_S = 60.0
TARGET_EXPONENT = 1.0


# --------------------------------------------------------------------------- measurements


@dataclass
class Measurement:
    """One engine, size and query (or ``validate``): what ``scale.json`` records, and more.

    Attributes:
        engine: ``sovkg``, ``sovkg-reuse``, ``sovkg-memory`` or ``rdflib``.
        triples: quads of the data folder.
        query: a named query, or ``validate``.
        load_s: the process's load time (``None`` for ``validate``).
        median_s: median run time, ``None`` if no run finished.
        min_s: fastest run time, ``None`` if no run finished.
        peak_rss_mb: the process's peak resident memory, MiB.
        runs: how many runs finished.
        rows: rows of the answer (violations for ``validate``), ``None`` if unknown.
        status: ``ok``, ``timeout``, ``skipped: ...`` or ``error: ...``.
        detail: extra facts for the report (the store kind, the validation verdict).
    """

    engine: str
    triples: int
    query: str
    load_s: float | None
    median_s: float | None
    min_s: float | None
    peak_rss_mb: float | None
    runs: int = 0
    rows: int | None = None
    status: str = "ok"
    detail: dict[str, Any] = field(default_factory=dict)

    def record(self) -> dict[str, Any]:
        """Return the documented ``scale.json`` record (the seven keys of :data:`RECORD_KEYS`)."""
        values = asdict(self)
        return {key: values[key] for key in RECORD_KEYS}


def summarize_times(times: Sequence[float]) -> tuple[float | None, float | None]:
    """Return ``(median, min)`` of run times, ``(None, None)`` for no runs.

    Example:
        >>> summarize_times([0.3, 0.1, 0.2])
        (0.2, 0.1)
    """
    if not times:
        return None, None
    return statistics.median(times), min(times)


def growth_exponent(points: Iterable[tuple[int, float | None]]) -> float | None:
    """Return the least-squares slope of log(time) against log(size): the growth exponent.

    Args:
        points: ``(size, seconds)`` pairs; pairs without a positive time are left out.

    Returns:
        The slope (1.0 is linear growth), or ``None`` with fewer than two distinct sizes.

    Example:
        >>> round(growth_exponent([(10_000, 0.01), (100_000, 0.1), (1_000_000, 1.0)]), 6)
        1.0
        >>> growth_exponent([(10_000, 0.01), (100_000, None)]) is None
        True
    """
    usable = [(math.log(n), math.log(t)) for n, t in points if t is not None and t > 0 and n > 0]
    if len({x for x, _ in usable}) < 2:
        return None
    mean_x = statistics.fmean(x for x, _ in usable)
    mean_y = statistics.fmean(y for _, y in usable)
    sxx = sum((x - mean_x) ** 2 for x, _ in usable)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in usable)
    return sxy / sxx


# --------------------------------------------------------------------------- the worker process


class _TimeLimit(BaseException):
    """Raised by SIGALRM inside a query run; a BaseException so no ``except Exception`` eats it."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise _TimeLimit


def _peak_rss_mb() -> float:
    """Return this process's peak resident set size in MiB.

    On Linux this is ``VmHWM`` of ``/proc/self/status``: ``getrusage``'s ``ru_maxrss`` keeps the
    high-water mark of the parent's image across fork and exec, so a worker started by a parent
    that had grown (it generated 10^6 quads) would report the parent's peak.
    """
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def query_arguments(query: Any) -> dict[str, str]:
    """Return the parameter values a benchmark run uses: each required one's example value.

    Optional parameters keep their defaults (or stay unbound), as a user running the query
    without options would have them.
    """
    return {p.name: p.kind.example for p in query.parameters if p.required}


def _timed_runs(run: Any, repeats: int, limit: float, times: list[float]) -> tuple[int | None, str]:
    """Call ``run()`` up to ``repeats`` times within ``limit`` seconds in all.

    A run still going at the limit is interrupted by SIGALRM where the engine runs Python code
    (rdflib); pyoxigraph's Rust code is stopped by the worker's watchdog instead.

    Args:
        run: returns the size of the answer.
        repeats: the most runs to make.
        limit: seconds for all runs together.
        times: receives each finished run's seconds (shared with the watchdog).

    Returns:
        The answer's size (from the last finished run) and ``ok`` or ``timeout``.
    """
    size: int | None = None
    spent = 0.0
    while len(times) < repeats:
        left = limit - spent
        if times and times[-1] > left:
            break
        if left <= 0:
            break
        signal.setitimer(signal.ITIMER_REAL, left)
        start = time.perf_counter()
        try:
            size = run()
        except _TimeLimit:
            break
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        spent += elapsed
    return size, "ok" if times else "timeout"


WATCHDOG_GRACE_S = 3.0
"""Seconds past a query's limit before the watchdog stops the worker."""


class _Watchdog:
    """Ends the worker when a query overruns its limit inside native code, keeping its results.

    SIGALRM cannot interrupt pyoxigraph while Rust evaluates a query, but pyoxigraph releases
    the GIL, so a timer thread can still run: it prints what was measured so far, marks the
    query as timed out and the ones not reached as ``stopped``, and exits the process.
    """

    def __init__(self, result: dict[str, Any], names: list[str]) -> None:
        self.result = result
        self.names = names
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def arm(self, name: str, seconds: float, times: list[float], limit: float) -> None:
        """Stop the worker if query ``name`` is still running after ``seconds``."""
        self.timer = threading.Timer(seconds, self._fire, (name, times, limit))
        self.timer.daemon = True
        self.timer.start()

    def disarm(self) -> None:
        """Cancel the timer of the query that just finished."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def _fire(self, name: str, times: list[float], limit: float) -> None:
        with self.lock:
            queries = self.result["queries"]
            queries[name] = {
                "times": list(times),
                "rows": None,
                "status": "ok" if times else "timeout",
                "limit_s": limit,
            }
            for other in self.names:
                queries.setdefault(other, {"times": [], "rows": None, "status": "stopped"})
            self.result["peak_rss_mb"] = _peak_rss_mb()
            sys.stdout.write(RESULT_PREFIX + json.dumps(self.result) + "\n")
            sys.stdout.flush()
            os._exit(0)

    def emit(self) -> None:
        """Print the final result (the watchdog is disarmed)."""
        with self.lock:
            self.result["peak_rss_mb"] = _peak_rss_mb()
            sys.stdout.write(RESULT_PREFIX + json.dumps(self.result) + "\n")
            sys.stdout.flush()


def measure_queries(spec: dict[str, Any]) -> None:
    """Load a data folder in one engine and time the named queries; print the result.

    Runs in the worker process and prints one ``RESULT {json}`` line: ``load_s``,
    ``peak_rss_mb``, ``persistent`` and per query ``times``, ``rows``, ``status`` (``ok``,
    ``timeout``, ``stopped`` when the worker ended before reaching it, or ``skipped: ...``)
    and ``limit_s``.

    Args:
        spec: ``engine`` (``oxigraph`` or ``rdflib``), ``data``, ``queries`` (names),
            ``repeats``, ``query_timeout`` and ``deadline_s`` (seconds this worker may use).
    """
    started = time.perf_counter()
    signal.signal(signal.SIGALRM, _on_alarm)
    from sovkg.queries import QueryRegistry
    from sovkg.store import load

    registry = QueryRegistry()
    graph = load(spec["data"], spec["engine"])
    results: dict[str, Any] = {}
    result = {
        "load_s": time.perf_counter() - started,
        "peak_rss_mb": _peak_rss_mb(),
        "persistent": bool(getattr(graph, "persistent", False)),
        "queries": results,
    }
    names = list(spec["queries"])
    watchdog = _Watchdog(result, names)
    for index, name in enumerate(names):
        query = registry.get(name)
        bindings = query.bind(query_arguments(query))
        left = spec["deadline_s"] - (time.perf_counter() - started)
        limit = min(spec["query_timeout"], left / (len(names) - index))
        if limit <= 0.01:
            results[name] = {"times": [], "rows": None, "status": "skipped: out of time budget"}
            continue

        def run(query: Any = query, bindings: Any = bindings) -> int:
            return len(graph.select(query.text, bindings).rows)  # type: ignore[union-attr]

        times: list[float] = []
        watchdog.arm(name, limit + WATCHDOG_GRACE_S, times, limit)
        try:
            rows, status = _timed_runs(run, spec["repeats"], limit, times)
        except Exception as exc:  # a failing query is a result too
            rows, status = None, f"error: {type(exc).__name__}: {' '.join(str(exc).split())}"
        watchdog.disarm()
        results[name] = {"times": times, "rows": rows, "status": status, "limit_s": limit}
    if getattr(graph, "union_copied", True) is False:
        # The queries ran on pyoxigraph's union view (sovkg.union_view); time the copy that a
        # query counting repeated triples would trigger, and count its memory in the peak.
        copy_started = time.perf_counter()
        graph.copy_union()  # type: ignore[union-attr]
        result["union_copy_s"] = time.perf_counter() - copy_started
        result["peak_rss_mb"] = _peak_rss_mb()
    watchdog.emit()


def measure_validation(spec: dict[str, Any]) -> dict[str, Any]:
    """Time ``sovkg validate`` on a data folder once, nothing cached (in the worker).

    Uses :func:`sovkg.validate.bench_validate` (the full cost, phase by phase) when sovkg has
    it, else times :func:`sovkg.validate.validate`.

    Returns:
        ``seconds``, ``peak_rss_mb``, ``conforms``, ``violations`` and ``phases`` (seconds).
    """
    from sovkg import validate as validation

    start = time.perf_counter()
    if hasattr(validation, "bench_validate"):
        figures = validation.bench_validate(spec["data"], use_cache=False)
        seconds = time.perf_counter() - start
        phases = {k[:-2]: v for k, v in figures.items() if k.endswith("_s")}
        return {
            "seconds": seconds,
            "peak_rss_mb": _peak_rss_mb(),
            "conforms": bool(figures["conforms"]),
            "violations": figures["violations"],
            "phases": phases,
        }
    report = validation.validate(data_dir=spec["data"], use_cache=False)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_rss_mb": _peak_rss_mb(), **verdict(report), "phases": {}}


def verdict(report: Any) -> dict[str, Any]:
    """Return ``conforms`` and the number of ``violations`` of a validation report.

    Accepts an object with ``conforms`` and a sized ``results`` (sovkg's report) or
    ``violations`` attribute, or pySHACL's ``(conforms, graph, text)`` tuple.

    Example:
        >>> verdict((True, None, "Conforms"))
        {'conforms': True, 'violations': None}
    """
    if isinstance(report, tuple):
        return {"conforms": bool(report[0]), "violations": None}
    conforms = bool(getattr(report, "conforms", False))
    for name in ("results", "violations"):
        found = getattr(report, name, None)
        if found is not None and hasattr(found, "__len__"):
            return {"conforms": conforms, "violations": len(found)}
    return {"conforms": conforms, "violations": None}


def worker_main(spec_text: str) -> int:
    """Entry point of a worker process: run one measurement and print its JSON result."""
    spec = json.loads(spec_text)
    try:
        if spec["kind"] == "validate":
            result = measure_validation(spec)
        else:
            measure_queries(spec)  # prints its own result, even when its watchdog ends it
            return 0
    except Exception as exc:  # report any failure to the parent as data
        result = {"error": f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:300]}
    sys.stdout.write(RESULT_PREFIX + json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


# --------------------------------------------------------------------------- the parent


def run_worker(spec: dict[str, Any], env: dict[str, str], timeout: float) -> dict[str, Any]:
    """Run one measurement in a fresh process and return its result (or ``error``)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(spec)]
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=max(timeout, 1.0), check=False
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timeout: the process ran over {timeout:.0f} s and was stopped"}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX) :])
    tail = " ".join(done.stderr.split())[-300:]
    return {"error": f"exit {done.returncode}: {tail}"}


def sizes_for(max_triples: int) -> list[int]:
    """Return the sizes measured: powers of ten from 10^3, and ``max_triples`` itself.

    Example:
        >>> sizes_for(1_000_000), sizes_for(30_000)
        ([1000, 10000, 100000, 1000000], [1000, 10000, 30000])
    """
    from generate import iter_sizes

    return list(iter_sizes(max_triples))


def label(size: int) -> str:
    """Return a size as ``10^k`` when it is a power of ten, else with thousands separators.

    Example:
        >>> label(1_000_000), label(30_000)
        ('10^6', '30,000')
    """
    power = round(math.log10(size)) if size > 0 else 0
    return f"10^{power}" if 10**power == size else f"{size:,}"


@dataclass
class Settings:
    """Options of one benchmark run (see ``--help``)."""

    max_triples: int
    out: Path
    seed: int = 1
    repeats: int = 5
    rdflib_repeats: int = 3
    query_timeout: float = 10.0
    rdflib_query_timeout: float = 30.0
    validate_timeout: float = 120.0
    budget_s: float = 840.0
    engines: tuple[str, ...] = ENGINES
    validate: bool = True
    keep_data: bool = False


@dataclass
class Run:
    """The state of one benchmark run: what was measured so far, and the clock."""

    settings: Settings
    started: float = field(default_factory=time.perf_counter)
    measurements: list[Measurement] = field(default_factory=list)
    sizes: dict[int, dict[str, int]] = field(default_factory=dict)
    given_up: dict[tuple[str, str], int] = field(default_factory=dict)
    background: dict[int, float] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)

    def left(self) -> float:
        """Seconds of the budget still available."""
        return self.settings.budget_s - (time.perf_counter() - self.started)

    def say(self, message: str) -> None:
        """Print a progress line (stderr) and keep it for the report."""
        line = f"[{time.perf_counter() - self.started:6.1f} s] {message}"
        self.log.append(line)
        print(line, file=sys.stderr, flush=True)


def _env(cache: Path, store: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env["SOVKG_CACHE"] = str(cache)
    env.pop("SOVKG_DATA", None)
    if store is None:
        env.pop("SOVKG_STORE", None)
    else:
        env["SOVKG_STORE"] = store
    return env


def _query_names() -> list[str]:
    from sovkg.queries import QueryRegistry

    return QueryRegistry().names()


def measure_engine(
    run: Run, engine: str, size: int, data: Path, cache: Path, names: list[str], deadline_s: float
) -> list[Measurement]:
    """Measure one engine at one size in a fresh process; return one measurement per query.

    Queries that timed out for this engine at a smaller size are not run again (they are
    recorded as skipped). If the worker had to be stopped inside a query, a new worker takes
    the queries it did not reach; the load time and store kind are the first worker's.
    """
    settings = run.settings
    kind = "rdflib" if engine == BASELINE_ENGINE else "oxigraph"
    store = "memory" if engine == "sovkg-memory" else None
    repeats = settings.rdflib_repeats if engine == BASELINE_ENGINE else settings.repeats
    triples = run.sizes[size]["quads"]
    todo = [n for n in names if (engine, n) not in run.given_up]
    outcomes: dict[str, dict[str, Any]] = {}
    first: dict[str, Any] | None = None
    limit = settings.rdflib_query_timeout if engine == BASELINE_ENGINE else settings.query_timeout
    ends = time.perf_counter() + deadline_s
    while todo:
        left = ends - time.perf_counter()
        spec = {
            "kind": "queries",
            "engine": kind,
            "data": str(data),
            "queries": todo,
            "repeats": repeats,
            "query_timeout": limit,
            "deadline_s": max(left, 0.0),
        }
        result = run_worker(spec, _env(cache, store), timeout=max(left, 0.0) + 60)
        if "error" in result:
            run.say(f"{engine} at {label(size)}: {result['error']}")
            outcomes.update(
                {
                    n: {"times": [], "rows": None, "status": "error: " + result["error"]}
                    for n in todo
                }
            )
            break
        first = first or result
        first["peak_rss_mb"] = max(first["peak_rss_mb"], result["peak_rss_mb"])
        first["union_copy_s"] = result.get("union_copy_s", first.get("union_copy_s"))
        outcomes.update(result["queries"])
        todo = [n for n in todo if result["queries"][n]["status"] == "stopped"]
        if todo and ends - time.perf_counter() < 5:
            outcomes.update(
                {
                    n: {"times": [], "rows": None, "status": "skipped: out of time budget"}
                    for n in todo
                }
            )
            break
    found = []
    for name in names:
        if (engine, name) in run.given_up and name not in outcomes:
            found.append(
                Measurement(
                    engine,
                    triples,
                    name,
                    first["load_s"] if first else None,
                    None,
                    None,
                    first["peak_rss_mb"] if first else None,
                    status=f"skipped: over its time limit at {label(run.given_up[engine, name])}",
                )
            )
            continue
        outcome = outcomes[name]
        median, fastest = summarize_times(outcome["times"])
        found.append(
            Measurement(
                engine,
                triples,
                name,
                round(first["load_s"], 4) if first else None,
                _round(median),
                _round(fastest),
                first["peak_rss_mb"] if first else None,
                runs=len(outcome["times"]),
                rows=outcome["rows"],
                status=outcome["status"],
                detail={
                    "persistent": bool(first and first["persistent"]),
                    "limit_s": outcome.get("limit_s"),
                    "union_copy_s": _round(first.get("union_copy_s")) if first else None,
                },
            )
        )
        if outcome["status"] == "timeout":
            run.given_up.setdefault((engine, name), size)
    slow = [m.query for m in found if m.status != "ok"]
    if first is not None:
        run.say(
            f"{engine} at {label(size)}: load {first['load_s']:.2f} s, peak "
            f"{first['peak_rss_mb']:.0f} MB" + (f"; no time for: {', '.join(slow)}" if slow else "")
        )
    return found


BUILDING_MARKS = (".lock-", ".build-")
"""Names sovkg gives cache entries while a store is being built."""


def wait_for_store(cache: Path, limit: float, poll: float = 0.2) -> float | None:
    """Wait until no store is being built in ``cache`` (a builder sovkg left running).

    Returns:
        Seconds waited, or ``None`` if nothing was being built.
    """

    def building() -> bool:
        return cache.is_dir() and any(p.name.startswith(BUILDING_MARKS) for p in cache.iterdir())

    if not building():
        return None
    start = time.perf_counter()
    while building() and time.perf_counter() - start < limit:
        time.sleep(poll)
    return time.perf_counter() - start


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def measure_validation_at(run: Run, size: int, data: Path, cache: Path) -> Measurement:
    """Time ``sovkg validate`` at one size in a fresh process."""
    limit = min(run.settings.validate_timeout, max(run.left() - 60, 5))
    spec = {"kind": "validate", "data": str(data)}
    result = run_worker(spec, _env(cache, None), timeout=limit)
    triples = run.sizes[size]["quads"]
    if "error" in result:
        run.say(f"validate at {label(size)}: {result['error']}")
        status = "timeout" if result["error"].startswith("timeout") else "error: " + result["error"]
        return Measurement(
            DEFAULT_ENGINE,
            triples,
            VALIDATE,
            None,
            None,
            None,
            None,
            status=status,
            detail={"limit_s": limit},
        )
    seconds = round(result["seconds"], 4)
    run.say(
        f"validate at {label(size)}: {seconds:.1f} s, conforms={result['conforms']}, "
        f"violations={result['violations']}"
    )
    return Measurement(
        DEFAULT_ENGINE,
        triples,
        VALIDATE,
        None,
        seconds,
        seconds,
        result["peak_rss_mb"],
        runs=1,
        rows=result["violations"],
        detail={"conforms": result["conforms"], "phases": result["phases"]},
    )


def benchmark(settings: Settings) -> Run:
    """Generate each size, measure every engine and validation; return the run's measurements.

    The oxigraph engines and validation run first at every size; rdflib, the slowest, runs
    last, sharing what is left of the budget, so that a slow baseline cannot crowd out the
    measurements of sovkg itself.
    """
    from generate import generate

    run = Run(settings)
    work = settings.out / "work"
    work.mkdir(parents=True, exist_ok=True)
    names = _query_names()
    folders: dict[int, Path] = {}
    for size in sizes_for(settings.max_triples):
        data = work / f"data-{size}"
        report = generate(size, settings.seed, data)
        folders[size] = data
        run.sizes[size] = {
            "quads": report.quads,
            "real": report.real_quads,
            "synthetic": report.synthetic_quads,
            "mandates": report.mandates,
            "delegates": report.delegates,
            "sessions": report.sessions,
            "republics": report.republics,
        }
        run.say(f"generated {label(size)}: {report.quads} quads in {data}")
        cache = work / f"cache-{size}"
        shutil.rmtree(cache, ignore_errors=True)
        for engine in settings.engines:
            if engine == BASELINE_ENGINE:
                continue
            run.measurements += measure_engine(
                run,
                engine,
                size,
                data,
                cache,
                names,
                deadline_s=max(min(run.left() - 120, 300), 10),
            )
            if engine == DEFAULT_ENGINE:
                waited = wait_for_store(cache, limit=min(300.0, max(run.left() - 200, 10)))
                if waited is not None:
                    run.say(
                        f"sovkg at {label(size)}: the on-disk store was built in the "
                        f"background, ready {waited:.1f} s after the first use ended"
                    )
                    run.background[size] = waited
        if settings.validate and size <= VALIDATE_MAX:
            run.measurements.append(measure_validation_at(run, size, data, cache))
        shutil.rmtree(cache, ignore_errors=True)
    if BASELINE_ENGINE in settings.engines:
        _measure_baseline(run, folders, names)
    if not settings.keep_data:
        shutil.rmtree(work, ignore_errors=True)
    return run


def _measure_baseline(run: Run, folders: dict[int, Path], names: list[str]) -> None:
    """Measure rdflib at every size, sharing what is left of the budget."""
    sizes = sorted(folders)
    for position, size in enumerate(sizes):
        remaining = len(sizes) - position
        # Small sizes are cheap; the largest gets whatever is left (minus time to write outputs).
        deadline = (run.left() - 20) if remaining == 1 else (run.left() - 20) / (remaining + 1)
        if deadline < 5:
            run.say(f"rdflib at {label(size)}: skipped, out of time budget")
            run.measurements += [
                Measurement(
                    BASELINE_ENGINE,
                    run.sizes[size]["quads"],
                    n,
                    None,
                    None,
                    None,
                    None,
                    status="skipped: out of time budget",
                )
                for n in names
            ]
            continue
        run.measurements += measure_engine(
            run,
            BASELINE_ENGINE,
            size,
            folders[size],
            run.settings.out / "work" / "cache-rdflib",
            names,
            deadline,
        )


# --------------------------------------------------------------------------- reporting


def _find(
    measurements: Sequence[Measurement], engine: str, triples: int, query: str
) -> Measurement | None:
    return next(
        (
            m
            for m in measurements
            if m.engine == engine and m.triples == triples and m.query == query
        ),
        None,
    )


def _ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.1f}" if value < 10 else f"{value * 1000:.0f}"


def _cell(m: Measurement | None) -> str:
    """A median in ms, or why there is none."""
    if m is None:
        return "-"
    if m.median_s is not None:
        return _ms(m.median_s)
    if m.status == "timeout":
        return f"> {m.detail.get('limit_s') or 0:.0f} s"
    if m.status.startswith("skipped: over"):
        return "(slower)"
    return m.status.split(":")[0]


def _fmt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def exponents(
    measurements: Sequence[Measurement], engine: str, low: int = 10_000, high: int = 1_000_000
) -> dict[str, float | None]:
    """Growth exponent of each query's median time for ``engine``, sizes ``low``..``high``."""
    found: dict[str, list[tuple[int, float | None]]] = {}
    for m in measurements:
        if m.engine == engine and low * 0.9 <= m.triples <= high * 1.1:
            found.setdefault(m.query, []).append((m.triples, m.median_s))
    return {query: growth_exponent(points) for query, points in found.items()}


def ratio(base: Measurement | None, ours: Measurement | None) -> str:
    """Return the ratio rdflib time / sovkg time, or a lower bound if rdflib did not finish."""
    if ours is None or ours.median_s is None or base is None:
        return "-"
    if base.median_s is not None:
        return (
            f"{base.median_s / ours.median_s:,.0f}x"
            if base.median_s >= ours.median_s * 10
            else f"{base.median_s / ours.median_s:.1f}x"
        )
    limit = base.detail.get("limit_s")
    if base.status == "timeout" and limit:
        return f"> {limit / ours.median_s:,.0f}x"
    if base.status.startswith("skipped: over"):
        return "> (timed out at a smaller size)"
    return "-"


def targets(run: Run) -> list[tuple[str, str, str]]:
    """Check the issue's targets at the largest size: ``(target, measured, verdict)`` rows."""
    ms = run.measurements
    if not run.sizes:
        return []
    top = max(run.sizes)
    quads = run.sizes[top]["quads"]
    rows: list[tuple[str, str, str]] = []
    queries = sorted({m.query for m in ms if m.query != VALIDATE})
    ours = [_find(ms, DEFAULT_ENGINE, quads, q) for q in queries]
    slowest = max(
        (m for m in ours if m is not None and m.median_s is not None),
        key=lambda m: m.median_s or 0.0,
        default=None,
    )
    missing = [q for q, m in zip(queries, ours, strict=True) if m is None or m.median_s is None]
    if slowest is not None:
        over = [m.query for m in ours if m is not None and (m.median_s or 0) > TARGET_QUERY_S]
        ok = not over and not missing
        rows.append(
            (
                f"every named query <= {TARGET_QUERY_S} s median at {label(top)}",
                f"slowest {slowest.query} {slowest.median_s:.3f} s"
                + (f"; over: {', '.join(over)}" if over else "")
                + (f"; no time: {', '.join(missing)}" if missing else ""),
                "met" if ok else "MISSED",
            )
        )
    first = next((m for m in ours if m is not None and m.load_s is not None), None)
    if first is not None:
        rows.append(
            (
                f"first load <= {TARGET_LOAD_S} s at {label(top)}",
                f"{first.load_s:.2f} s ({_store(first)})",
                "met" if first.load_s <= TARGET_LOAD_S else "MISSED",
            )
        )
    reuse = next(
        (
            m
            for m in ms
            if m.engine == "sovkg-reuse" and m.triples == quads and m.load_s is not None
        ),
        None,
    )
    if reuse is not None:
        rows.append(
            (
                f"reuse load <= {TARGET_REUSE_S} s at {label(top)}",
                f"{reuse.load_s:.2f} s ({_store(reuse)})",
                "met" if reuse.load_s <= TARGET_REUSE_S else "MISSED",
            )
        )
    peaks = [
        m
        for m in ms
        if m.engine.startswith("sovkg")
        and m.triples == quads
        and m.peak_rss_mb is not None
        and m.query != VALIDATE
    ]
    if peaks:
        worst = max(peaks, key=lambda m: m.peak_rss_mb or 0.0)
        rows.append(
            (
                f"peak memory <= {TARGET_RSS_MB / 1024:.1f} GB at {label(top)}",
                f"{worst.peak_rss_mb:.0f} MB ({worst.engine})",
                "met" if (worst.peak_rss_mb or 0) <= TARGET_RSS_MB else "MISSED",
            )
        )
    rows += _validation_targets(run)
    grown = exponents(ms, DEFAULT_ENGINE)
    known = {q: e for q, e in grown.items() if q != VALIDATE and e is not None}
    if known:
        steep = {q: e for q, e in known.items() if e > TARGET_EXPONENT}
        worst_q = max(known, key=lambda q: known[q])
        rows.append(
            (
                f"no query grows faster than linearly (exponent <= {TARGET_EXPONENT:g})",
                f"largest {worst_q} {known[worst_q]:.2f}"
                + (f"; over: {', '.join(sorted(steep))}" if steep else ""),
                "met" if not steep else "MISSED",
            )
        )
    return rows


def _store(m: Measurement) -> str:
    return "on-disk store" if m.detail.get("persistent") else "in memory"


def _validation_targets(run: Run) -> list[tuple[str, str, str]]:
    checks = [m for m in run.measurements if m.query == VALIDATE]
    if not checks:
        return []
    rows = []
    at_1e5 = next((m for m in checks if abs(m.triples - VALIDATE_MAX) <= VALIDATE_MAX * 0.1), None)
    if at_1e5 is not None:
        seconds = at_1e5.median_s
        shown = (
            f"{seconds:.1f} s"
            if seconds is not None
            else f"> {at_1e5.detail.get('limit_s', 0):.0f} s (stopped)"
            if at_1e5.status == "timeout"
            else at_1e5.status
        )
        rows.append(
            (
                f"validate <= {TARGET_VALIDATE_S:g} s at 10^5",
                shown,
                "met" if seconds is not None and seconds <= TARGET_VALIDATE_S else "MISSED",
            )
        )
    verdicts = {(m.detail.get("conforms"), m.rows) for m in checks if m.median_s is not None}
    if verdicts:
        shown = ", ".join(
            f"{label(m.triples)}: conforms={m.detail.get('conforms')}, violations={m.rows}"
            for m in checks
            if m.median_s is not None
        )
        rows.append(
            (
                "validate gives the same verdict at every size",
                shown,
                "met" if len(verdicts) == 1 else "MISSED",
            )
        )
    return rows


def markdown(run: Run) -> str:
    """Return the Markdown report: data, loads, query times with exponents and ratios, targets."""
    ms = run.measurements
    sizes = sorted(run.sizes)
    quads = [run.sizes[s]["quads"] for s in sizes]
    top = quads[-1] if quads else 0
    out = ["# sovkg at scale", ""]
    out.append(
        f"{platform.node() or 'this machine'}: {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {_versions()}; seed {run.settings.seed}; "
        f"{time.perf_counter() - run.started:.0f} s in all. Times are medians of up to "
        f"{run.settings.repeats} runs ({run.settings.rdflib_repeats} for rdflib), in ms."
    )
    out += [
        "",
        "## Data",
        "",
        "| size | quads | real | synthetic | mandates | delegates | sessions | republics |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in sizes:
        d = run.sizes[s]
        out.append(
            f"| {label(s)} | {d['quads']:,} | {d['real']:,} | {d['synthetic']:,} | "
            f"{d['mandates']:,} | {d['delegates']:,} | {d['sessions']:,} | "
            f"{d['republics']:,} |"
        )
    out += [
        "",
        "## Load time and peak memory",
        "",
        "| engine | " + " | ".join(label(s) for s in sizes) + " |",
        "| --- |" + " ---: |" * len(sizes),
    ]
    for engine in ENGINES:
        cells = []
        for q in quads:
            m = next(
                (
                    m
                    for m in ms
                    if m.engine == engine
                    and m.triples == q
                    and m.query != VALIDATE
                    and m.load_s is not None
                ),
                None,
            )
            cells.append(
                "-"
                if m is None
                else f"{m.load_s:.2f} s, {m.peak_rss_mb:.0f} MB"
                + (" (disk)" if m.detail.get("persistent") else "")
            )
        if any(c != "-" for c in cells):
            out.append(f"| {engine} | " + " | ".join(cells) + " |")
    if run.background:
        out += [
            "",
            "The first use left a background process building the on-disk store; it was "
            "ready "
            + ", ".join(f"{w:.1f} s later at {label(s)}" for s, w in sorted(run.background.items()))
            + " (sovkg-reuse waited for it).",
        ]
    copies = sorted(
        {
            (m.triples, m.detail["union_copy_s"])
            for m in ms
            if m.engine == DEFAULT_ENGINE and m.detail.get("union_copy_s") is not None
        }
    )
    if copies:
        out += [
            "",
            "sovkg's first use answered every named query from pyoxigraph's union view "
            "(sovkg.union_view); copying the union into the default graph, which a query that "
            "counts repeated triples would wait for, then took "
            + ", ".join(f"{c:.2f} s at {label(t)}" for t, c in copies)
            + " (its memory is in the peak above).",
        ]
    names = sorted({m.query for m in ms if m.query != VALIDATE})
    ours, base = exponents(ms, DEFAULT_ENGINE), exponents(ms, BASELINE_ENGINE)
    out += [
        "",
        f"## Named queries: median ms by size; exponent 10^4-10^6; rdflib/sovkg at "
        f"{label(sizes[-1]) if sizes else '-'}",
        "",
        "| query | "
        + " | ".join(f"sovkg {label(s)}" for s in sizes)
        + " | reuse "
        + (label(sizes[-1]) if sizes else "")
        + " | rdflib "
        + (label(sizes[-1]) if sizes else "")
        + " | exponent sovkg | exponent rdflib "
        "| rdflib/sovkg | rows |",
        "| --- |" + " ---: |" * (len(sizes) + 6),
    ]
    for name in names:
        cells = [_cell(_find(ms, DEFAULT_ENGINE, q, name)) for q in quads]
        reuse = _find(ms, "sovkg-reuse", top, name)
        rd = _find(ms, BASELINE_ENGINE, top, name)
        mine = _find(ms, DEFAULT_ENGINE, top, name)
        rows = mine.rows if mine is not None and mine.rows is not None else "-"
        out.append(
            f"| {name} | " + " | ".join(cells) + f" | {_cell(reuse)} | {_cell(rd)} | "
            f"{_fmt(ours.get(name))} | {_fmt(base.get(name))} | {ratio(rd, mine)} | "
            f"{rows} |"
        )
    checks = [m for m in ms if m.query == VALIDATE]
    if checks:
        out += [
            "",
            "## sovkg validate (one run, nothing cached)",
            "",
            "| quads | time (s) | phases (s) | peak MB | verdict |",
            "| ---: | ---: | --- | ---: | --- |",
        ]
        for m in checks:
            if m.median_s is not None:
                verdict_text = f"conforms={m.detail.get('conforms')}, violations={m.rows}"
            elif m.status == "timeout":
                verdict_text = f"not finished within {m.detail.get('limit_s', 0):.0f} s"
            else:
                verdict_text = m.status
            phases = ", ".join(
                f"{k} {v:.1f}" for k, v in m.detail.get("phases", {}).items() if k != "seconds"
            )
            out.append(
                f"| {m.triples:,} | {_fmt(m.median_s, 1)} | {phases or '-'} | "
                f"{_fmt(m.peak_rss_mb, 0)} | {verdict_text} |"
            )
    out += ["", "## Targets", "", "| target | measured | verdict |", "| --- | --- | --- |"]
    out += [f"| {a} | {b} | {c} |" for a, b, c in targets(run)]
    out += [
        "",
        "## Every measurement",
        "",
        "| engine | quads | query | load (s) | median (ms) | min (ms) | peak MB | runs | "
        "rows | status |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for m in ms:
        out.append(
            f"| {m.engine} | {m.triples:,} | {m.query} | {_fmt(m.load_s, 3)} | "
            f"{_ms(m.median_s)} | {_ms(m.min_s)} | {_fmt(m.peak_rss_mb, 0)} | {m.runs} | "
            f"{'-' if m.rows is None else m.rows} | {m.status} |"
        )
    return "\n".join(out) + "\n"


def _versions() -> str:
    parts = []
    for module in ("pyoxigraph", "rdflib", "pyshacl"):
        with contextlib.suppress(Exception):
            parts.append(f"{module} {__import__(module).__version__}")
    return ", ".join(parts)


def plot(measurements: Sequence[Measurement], path: Path) -> None:
    """Draw time against quads, log-log: one panel per engine, one line per query.

    Each panel also draws the load time (black, dashed) and, for ``sovkg``, validation
    (black, dotted); the red line is the 0.5 s target for a named query.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    engines = [e for e in ENGINES if any(m.engine == e for m in measurements)]
    names = sorted({m.query for m in measurements if m.query != VALIDATE})
    colours = plt.get_cmap("tab20")
    count = max(len(engines), 1)
    rows = 1 if count <= 2 else 2
    columns = math.ceil(count / rows)
    figure, grid = plt.subplots(
        rows,
        columns,
        figsize=(6 * columns, 4.5 * rows + 1.2),
        sharex=True,
        sharey=True,
        squeeze=False,
    )
    axes = [axis for row in grid for axis in row]
    for axis in axes[count:]:
        axis.set_visible(False)
    for axis, engine in zip(axes, engines, strict=False):
        mine = [m for m in measurements if m.engine == engine]
        for index, name in enumerate(names):
            points = sorted(
                (m.triples, m.median_s) for m in mine if m.query == name and m.median_s is not None
            )
            if points:
                axis.plot(
                    *zip(*points, strict=True),
                    marker="o",
                    markersize=3,
                    color=colours(index % 20),
                    label=name,
                )
        loads = sorted(
            {(m.triples, m.load_s) for m in mine if m.load_s is not None and m.query != VALIDATE}
        )
        if loads:
            axis.plot(*zip(*loads, strict=True), "k--", marker="s", markersize=4, label="load")
        checks = sorted(
            (m.triples, m.median_s) for m in mine if m.query == VALIDATE and m.median_s is not None
        )
        if checks:
            axis.plot(*zip(*checks, strict=True), "k:", marker="^", markersize=4, label="validate")
        axis.axhline(
            TARGET_QUERY_S, color="red", linewidth=0.8, linestyle="-.", label="0.5 s target"
        )
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_title(engine)
        axis.set_xlabel("quads in the data folder")
        axis.grid(True, which="major", alpha=0.3)
    for row in grid:
        row[0].set_ylabel("seconds (median)")
    handles, labels = [], []
    for axis in axes:
        for handle, text in zip(*axis.get_legend_handles_labels(), strict=True):
            if text not in labels:
                handles.append(handle)
                labels.append(text)
    figure.legend(handles, labels, loc="lower center", ncol=min(len(labels), 6), fontsize=8)
    figure.suptitle("sovkg: time against graph size (log-log; slope 1 = linear growth)")
    figure.tight_layout(rect=(0, 0.1 if rows > 1 else 0.14, 1, 0.96))
    temporary = path.with_name(f".{path.name}.tmp.png")
    figure.savefig(temporary, dpi=110)
    plt.close(figure)
    temporary.replace(path)


def write_outputs(run: Run) -> str:
    """Write ``scale.json``, ``scale.md`` and ``scale.png`` into the output folder atomically.

    Returns:
        The Markdown report.
    """
    out = run.settings.out
    out.mkdir(parents=True, exist_ok=True)
    report = markdown(run)
    _atomic(out / "scale.json", json.dumps([m.record() for m in run.measurements], indent=1) + "\n")
    _atomic(out / "scale.md", report)
    plot(run.measurements, out / "scale.png")
    return report


def _atomic(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


# --------------------------------------------------------------------------- command line


def parse_args(argv: Sequence[str] | None) -> Settings:
    """Parse the command line into :class:`Settings`."""
    parser = argparse.ArgumentParser(
        description="Benchmark sovkg's load, named queries, memory and validation at growing "
        "sizes; write scale.json, scale.md and scale.png.",
        epilog="Example: python bench/scale.py --max-triples 1000000 --out /tmp/scale-out",
    )
    parser.add_argument(
        "--max-triples",
        type=int,
        required=True,
        help="largest size in quads (sizes are 10^3, 10^4, ... up to it)",
    )
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic data")
    parser.add_argument("--repeats", type=int, default=5, help="runs per query (default 5)")
    parser.add_argument(
        "--rdflib-repeats", type=int, default=3, help="runs per query for rdflib (default 3)"
    )
    parser.add_argument(
        "--query-timeout",
        type=float,
        default=10.0,
        help="seconds a query may take in all its runs (default 10)",
    )
    parser.add_argument(
        "--rdflib-query-timeout", type=float, default=30.0, help="the same for rdflib (default 30)"
    )
    parser.add_argument(
        "--validate-timeout",
        type=float,
        default=120.0,
        help="seconds one validation may take before it is stopped (default 120)",
    )
    parser.add_argument(
        "--budget", type=float, default=840.0, help="seconds for the whole run (default 840)"
    )
    parser.add_argument(
        "--engines",
        default=",".join(ENGINES),
        help=f"comma-separated engines (default {','.join(ENGINES)})",
    )
    parser.add_argument("--no-validate", action="store_true", help="do not time validation")
    parser.add_argument(
        "--keep-data", action="store_true", help="keep the generated data in OUT/work"
    )
    args = parser.parse_args(argv)
    engines = tuple(e.strip() for e in args.engines.split(",") if e.strip())
    unknown = [e for e in engines if e not in ENGINES]
    if unknown:
        parser.error(f"unknown engine(s) {', '.join(unknown)}; known: {', '.join(ENGINES)}")
    if "sovkg-reuse" in engines and "sovkg" not in engines:
        parser.error("sovkg-reuse needs sovkg (the first use builds the store it reuses)")
    if args.max_triples < 1000:
        parser.error("--max-triples must be at least 1000")
    if args.repeats < 1 or args.rdflib_repeats < 1:
        parser.error("--repeats and --rdflib-repeats must be at least 1")
    return Settings(
        max_triples=args.max_triples,
        out=args.out,
        seed=args.seed,
        repeats=args.repeats,
        rdflib_repeats=args.rdflib_repeats,
        query_timeout=args.query_timeout,
        rdflib_query_timeout=args.rdflib_query_timeout,
        validate_timeout=args.validate_timeout,
        budget_s=args.budget,
        engines=engines,
        validate=not args.no_validate,
        keep_data=args.keep_data,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the Markdown report."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["--worker"]:
        return worker_main(arguments[1])
    settings = parse_args(arguments)
    run = benchmark(settings)
    report = write_outputs(run)
    print(report)
    print(
        f"wrote {settings.out / 'scale.json'}, {settings.out / 'scale.md'}, "
        f"{settings.out / 'scale.png'}"
    )
    return 0


def iter_records(path: Path) -> Iterator[dict[str, Any]]:
    """Yield the records of a ``scale.json`` file."""
    yield from json.loads(path.read_text(encoding="utf-8"))


if __name__ == "__main__":
    sys.exit(main())
