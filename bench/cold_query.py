"""Benchmark: the cold `sovkg query succession` against `python -c "import rdflib"`.

Prints, from one run:

* the wall time of new processes (median and min of ``--repeat`` runs, interleaved so that load
  on the machine hits every command alike): the interpreter alone, importing the CLI, the cold
  ``sovkg query succession`` (table output), and ``python -c "import rdflib"``;
* the ratio cold query / import rdflib (target: at most 1.0);
* each named query's in-process time on the oxigraph and rdflib engines (median of several
  runs, graph already loaded), and each engine's load time.

Run it with the interpreter that has sovkg installed::

    python bench/cold_query.py [--repeat 21]

It is a benchmark, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path


def _sovkg_command() -> list[str]:
    """The installed console script beside this interpreter, else ``python -m sovkg.cli``."""
    script = Path(sys.executable).parent / "sovkg"
    return [str(script)] if script.exists() else [sys.executable, "-m", "sovkg.cli"]


def _wall(command: Sequence[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def cold_times(repeat: int) -> dict[str, list[float]]:
    """Run each command ``repeat`` times, interleaved; return the wall times per label."""
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import sovkg.cli'": [sys.executable, "-c", "import sovkg.cli"],
        "sovkg query succession": [*_sovkg_command(), "query", "succession"],
        "python -c 'import rdflib'": [sys.executable, "-c", "import rdflib"],
    }
    for command in commands.values():  # warm the OS file cache and the store cache
        _wall(command)
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(repeat):
        for label, command in commands.items():
            times[label].append(_wall(command))
    return times


def _median_time(action: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def query_times(runs_oxigraph: int, runs_rdflib: int) -> tuple[dict[str, float], list[tuple]]:
    """Load both engines, then time every named query on each; return loads and rows."""
    from sovkg import store
    from sovkg.queries import QueryRegistry

    loads = {}
    graphs = {}
    for engine in ("oxigraph", "rdflib"):
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            graphs[engine] = store.load(None, engine)  # type: ignore[arg-type]
        loads[engine] = time.perf_counter() - start
    rows = []
    for query in QueryRegistry():
        values = {
            p.name: (p.choices or (p.kind.example,))[0] for p in query.parameters if p.required
        }
        bindings = query.bind(values)
        timings = []
        for engine, runs in (("oxigraph", runs_oxigraph), ("rdflib", runs_rdflib)):
            graph = graphs[engine]

            def run(graph=graph, text=query.text, bindings=bindings) -> object:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    return graph.select(text, bindings)

            timings.append(_median_time(run, runs))
        rows.append((query.name, values, *timings))
    return loads, rows


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="cold runs per command")
    parser.add_argument("--runs", type=int, default=50, help="in-process runs per query (oxigraph)")
    parser.add_argument("--rdflib-runs", type=int, default=3, help="in-process runs (rdflib)")
    args = parser.parse_args(argv)

    times = cold_times(args.repeat)
    print(f"Cold processes ({args.repeat} interleaved runs each, wall time)\n")
    print(f"| {'command':<30} | median ms | min ms |")
    print(f"| {'-' * 30} | --------: | -----: |")
    for label, samples in times.items():
        print(
            f"| {label:<30} | {1000 * statistics.median(samples):9.1f} | "
            f"{1000 * min(samples):6.1f} |"
        )
    query = times["sovkg query succession"]
    rdflib = times["python -c 'import rdflib'"]
    floor = times["python -c pass"]
    ratio = statistics.median(query) / statistics.median(rdflib)
    print(
        f"\nratio cold query / import rdflib = {ratio:.2f} (medians), "
        f"{min(query) / min(rdflib):.2f} (minima)"
    )
    print(
        f"interpreter start-up alone = {statistics.median(floor) / statistics.median(rdflib):.2f}"
        " of import rdflib"
    )

    loads, rows = query_times(args.runs, args.rdflib_runs)
    print("\nIn-process, graph loaded (median)\n")
    oxigraph_ms, rdflib_ms = 1000 * loads["oxigraph"], 1000 * loads["rdflib"]
    print(f"load: oxigraph {oxigraph_ms:.1f} ms, rdflib {rdflib_ms:.1f} ms\n")
    print(f"| {'query':<22} | {'parameters':<16} | oxigraph ms | rdflib ms | rdflib/oxigraph |")
    print(f"| {'-' * 22} | {'-' * 16} | ----------: | --------: | --------------: |")
    for name, values, oxigraph, rdflib_time in rows:
        shown = ", ".join(f"{k}={v}" for k, v in values.items()) or "-"
        print(
            f"| {name:<22} | {shown:<16} | {1000 * oxigraph:11.2f} | {1000 * rdflib_time:9.1f} "
            f"| {rdflib_time / oxigraph:15.0f} |"
        )


if __name__ == "__main__":
    main()
