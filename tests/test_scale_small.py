"""The scale benchmark on small data: generated data is valid and deterministic, the engines
agree on it, and ``bench/scale.py`` writes records of the documented shape.

Everything here runs on about 10^4 quads (the benchmark's smallest synthetic size); the timing
targets of issue 5 are read from ``bench/scale.py``'s report, never asserted here.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO_DIR / "bench"
QUERY_FILES = sorted((REPO_DIR / "queries").glob("*.rq"))
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib 7.6, per triple
SIZE = 10_000
SEED = 1
RDFLIB_LIMIT_S = 60
"""Seconds rdflib may take for one named query on 10^4 quads before the parity test fails."""

SOV = "https://w3id.org/sovkg/ontology#"
SK = "https://w3id.org/sovkg/id/"
SYNTHETIC_SOURCE = "https://w3id.org/sovkg/id/source/synthetic"


def _bench_module(name: str) -> ModuleType:
    """Import ``bench/NAME.py`` (bench is a folder of scripts, not a package)."""
    if str(BENCH_DIR) not in sys.path:
        sys.path.insert(0, str(BENCH_DIR))
    spec = importlib.util.spec_from_file_location(name, BENCH_DIR / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


generate = _bench_module("generate")
scale = _bench_module("scale")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """A data folder of about 10^4 quads (seed 1) and the generator's report."""
    folder = tmp_path_factory.mktemp("scale-1e4")
    return folder, generate.generate(SIZE, SEED, folder)


# --------------------------------------------------------------------------- generation


def test_generated_size_and_contents(generated: tuple[Path, Any]) -> None:
    folder, report = generated
    real = generate.real_files(REPO_DIR / "data")
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [p.name for p in real] + ["sources", "synthetic.trig"]
    )
    assert sorted(p.name for p in (folder / "sources").iterdir()) == sorted(
        [p.name for p in (REPO_DIR / "data" / "sources").iterdir()] + ["synthetic-roster.txt"]
    )
    # the target is reached with at most one more fact (a fact is under 40 quads)
    assert SIZE <= report.quads < SIZE + 40
    assert generate.count_quads(generate.real_files(folder)) == report.quads
    assert report.real_quads == generate.count_quads(real)
    assert report.synthetic_quads == report.quads - report.real_quads
    assert 300 < report.mandates < 400
    assert report.delegates < report.mandates  # some delegates were re-elected
    assert report.sessions == report.mandates // generate.MANDATES_PER_SESSION
    assert report.republics == report.mandates // generate.MANDATES_PER_REPUBLIC


def test_generation_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    first = generate.generate(3000, 7, tmp_path / "a")
    second = generate.generate(3000, 7, tmp_path / "b")
    generate.generate(3000, 8, tmp_path / "c")
    assert first == second
    for name in ("synthetic.trig", "sources/synthetic-roster.txt"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
        assert (tmp_path / "a" / name).read_bytes() != (tmp_path / "c" / name).read_bytes()


def test_below_the_real_size_the_folder_holds_the_real_data_only(tmp_path: Path) -> None:
    report = generate.generate(1000, SEED, tmp_path)
    assert report.synthetic_quads == 0
    assert not (tmp_path / "synthetic.trig").exists()
    assert report.quads == report.real_quads


def test_every_quote_is_a_line_of_the_recorded_source(generated: tuple[Path, Any]) -> None:
    import pyoxigraph as ox

    folder, _ = generated
    text = (folder / "sources" / generate.SOURCE_FILE).read_bytes()
    lines = set(text.decode("utf-8").splitlines())
    quads = list(ox.parse(path=str(folder / "synthetic.trig"), format=ox.RdfFormat.TRIG))
    source = ox.NamedNode(SYNTHETIC_SOURCE)
    digest = [
        q.object.value
        for q in quads
        if q.subject == source and q.predicate == ox.NamedNode(SOV + "sha256")
    ]
    assert digest == [hashlib.sha256(text).hexdigest()]
    quotes = [q.object.value for q in quads if q.predicate == ox.NamedNode(SOV + "quote")]
    assert len(quotes) == len(lines)
    assert set(quotes) == lines


def test_every_fact_triple_is_in_the_graph_of_a_citation(generated: tuple[Path, Any]) -> None:
    import pyoxigraph as ox

    folder, _ = generated
    quads = list(ox.parse(path=str(folder / "synthetic.trig"), format=ox.RdfFormat.TRIG))
    citations = {
        q.subject
        for q in quads
        if q.predicate == ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        and q.object == ox.NamedNode(SOV + "Citation")
    }
    default = [q for q in quads if isinstance(q.graph_name, ox.DefaultGraph)]
    # the default graph holds only the source and its citations, as in data/*.trig
    assert {q.subject for q in default} == citations | {ox.NamedNode(SYNTHETIC_SOURCE)}
    assert {q.graph_name for q in quads if q not in default} == citations


def test_generated_data_conforms_to_the_shapes(generated: tuple[Path, Any]) -> None:
    """pySHACL on the merge of the ontology and every graph, as ``sovkg validate`` runs it."""
    from pyshacl import validate
    from rdflib import Dataset, Graph

    folder, _ = generated
    data = Graph()
    data.parse(REPO_DIR / "ontology" / "sovkg.ttl", format="turtle")
    for path in generate.real_files(folder):
        dataset = Dataset()
        dataset.parse(path, format="trig")
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            data.add((s, p, o))
    shapes = Graph().parse(REPO_DIR / "ontology" / "shapes.ttl", format="turtle")
    conforms, _, text = validate(data, shacl_graph=shapes, inference="none", advanced=True)
    assert conforms, text[:2000]


def test_generated_data_passes_the_qc_queries(generated: tuple[Path, Any]) -> None:
    from sovkg.inference import read_quads, source_files
    from sovkg.validate import qc_store, qc_violations

    folder, _ = generated
    store = qc_store([read_quads(path) for path in source_files(folder)])
    assert [v.line() for v in qc_violations(store)] == []


# --------------------------------------------------------------------------- engine parity


class _TooSlow(BaseException):
    """Raised by SIGALRM when rdflib runs over :data:`RDFLIB_LIMIT_S`."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise _TooSlow


@pytest.fixture(scope="module")
def graphs(generated: tuple[Path, Any]) -> dict[str, Any]:
    """The generated folder in every engine: oxigraph in memory, on disk, in memory before the
    union copy (as a large input's first use answers), and rdflib."""
    from sovkg.inputs import input_files
    from sovkg.store import _memory_graph, clear_memo, load

    folder, _ = generated
    clear_memo()
    files = input_files(folder)
    return {
        "oxigraph-memory": load(folder, "oxigraph", persistent=False),
        "oxigraph-disk": load(folder, "oxigraph", persistent=True),
        "oxigraph-union-view": _memory_graph(files, "view", copy_union=False),
        "rdflib": load(folder, "rdflib"),
    }


def _rows(graph: Any, path: Path) -> Counter[tuple[Any, ...]]:
    from sovkg.queries import read_query

    query = read_query(path)
    bindings = query.bind({p.name: p.kind.example for p in query.parameters if p.required})
    return Counter(graph.select(query.text, bindings).rows)


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_every_engine_returns_the_same_rows(graphs: dict[str, Any], path: Path) -> None:
    expected = _rows(graphs["oxigraph-memory"], path)
    assert sum(expected.values()) > 0, f"{path.stem} answers nothing on the generated data"
    assert _rows(graphs["oxigraph-disk"], path) == expected
    assert _rows(graphs["oxigraph-union-view"], path) == expected
    assert not graphs["oxigraph-union-view"].union_copied, f"{path.stem} needed the union copy"
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(RDFLIB_LIMIT_S)
    try:
        found = _rows(graphs["rdflib"], path)
    except _TooSlow:
        pytest.fail(
            f"rdflib needs more than {RDFLIB_LIMIT_S} s for '{path.stem}' on "
            f"{SIZE} quads: a join order that makes rdflib walk the whole graph "
            "(an unbound rdfs:subClassOf* path, a cross product of time spans)"
        )
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert found == expected


def test_the_generated_data_changes_what_the_growing_queries_answer(
    graphs: dict[str, Any],
) -> None:
    """Synthetic sessions and admissions are dated events, synthetic memberships are members."""
    timeline = _rows(graphs["oxigraph-memory"], REPO_DIR / "queries" / "timeline.rq")
    events = {row[2].value for row in timeline}
    assert any(e.startswith(SK + "syn-session-") for e in events)
    assert any(e.startswith(SK + "admission-syn-republic-") for e in events)
    members = _rows(graphs["oxigraph-memory"], REPO_DIR / "queries" / "membership-timeline.rq")
    assert any(row[0].value.startswith(SK + "syn-republic-") for row in members)


# --------------------------------------------------------------------------- the benchmark


def test_growth_exponent_is_the_log_log_slope() -> None:
    assert scale.growth_exponent([(10_000, 0.002), (1_000_000, 0.2)]) == pytest.approx(1.0)
    assert scale.growth_exponent([(10_000, 0.5), (100_000, 0.5)]) == pytest.approx(0.0)
    assert scale.growth_exponent([(10_000, 0.001), (100_000, 0.1)]) == pytest.approx(2.0)
    assert scale.growth_exponent([(10_000, 0.001), (100_000, None)]) is None


def test_summaries_and_labels() -> None:
    assert scale.summarize_times([0.4, 0.1, 0.3, 0.2]) == (0.25, 0.1)
    assert scale.summarize_times([]) == (None, None)
    assert [scale.label(n) for n in (1000, 10_000, 1_000_000, 30_000)] == [
        "10^3",
        "10^4",
        "10^6",
        "30,000",
    ]
    assert scale.sizes_for(100_000) == [1000, 10_000, 100_000]


@pytest.fixture(scope="module")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``bench/scale.py`` at 10^3 quads, every engine and validation (about half a minute)."""
    out = tmp_path_factory.mktemp("scale-out")
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH_DIR / "scale.py"),
            "--max-triples",
            "1000",
            "--out",
            str(out),
            "--repeats",
            "2",
            "--rdflib-repeats",
            "1",
            "--query-timeout",
            "20",
            "--rdflib-query-timeout",
            "20",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    yield out


def test_scale_json_has_the_documented_records(small_run: Path) -> None:
    records = json.loads((small_run / "scale.json").read_text(encoding="utf-8"))
    names = {p.stem for p in QUERY_FILES}
    assert all(list(r) == list(scale.RECORD_KEYS) for r in records)
    assert {r["engine"] for r in records} == set(scale.ENGINES)
    assert {r["query"] for r in records} == names | {scale.VALIDATE}
    real = generate.count_quads(generate.real_files(REPO_DIR / "data"))
    assert {r["triples"] for r in records} == {real}
    for engine in scale.ENGINES:
        assert {r["query"] for r in records if r["engine"] == engine} >= names
    [check] = [r for r in records if r["query"] == scale.VALIDATE]
    assert check["engine"] == scale.DEFAULT_ENGINE and check["load_s"] is None
    for record in records:
        assert isinstance(record["triples"], int)
        for key in ("load_s", "median_s", "min_s", "peak_rss_mb"):
            assert record[key] is None or (isinstance(record[key], float) and record[key] >= 0)
        if record["median_s"] is not None:
            assert record["min_s"] <= record["median_s"]
            assert record["peak_rss_mb"] > 0
    # on the real data every oxigraph query finishes
    assert all(r["median_s"] is not None for r in records if r["engine"].startswith("sovkg"))


def test_scale_writes_the_table_and_the_plot(small_run: Path) -> None:
    report = (small_run / "scale.md").read_text(encoding="utf-8")
    assert "## Named queries" in report and "## Targets" in report
    for path in QUERY_FILES:
        assert re.search(rf"^\| {re.escape(path.stem)} \|", report, re.MULTILINE)
    assert (small_run / "scale.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not (small_run / "work").exists()
    assert not list(small_run.glob(".*.tmp*"))
