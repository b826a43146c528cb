"""``sovkg validate``: exit codes, output formats and the could-not-run cases."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from test_shapes import SHAPES_DIR, make_data_dir

from sovkg.validate import bench_validate

NEGATIVE_COUNT = SHAPES_DIR / "broken" / "negative-count.trig"
COUNT_IRI = "https://w3id.org/sovkg/id/count-negative"


def test_valid_data_exits_0_with_a_summary_on_stderr(tmp_path: Path, cli) -> None:
    outcome = cli(["validate", "--data", str(make_data_dir(tmp_path / "data"))])
    assert outcome.exit_code == 0
    assert outcome.stdout == ""
    [summary] = outcome.stderr.splitlines()
    assert summary.startswith("sovkg: valid: 0 violations in ")
    assert "shacl" in summary and "consistency" in summary and "qc" in summary


def test_violations_exit_1_one_line_each(tmp_path: Path, cli) -> None:
    outcome = cli(["validate", "--data", str(make_data_dir(tmp_path / "data", NEGATIVE_COUNT))])
    assert outcome.exit_code == 1
    assert outcome.stdout == (
        "sk:count-negative  sovsh:DelegateCount-count  DelegateCount-count: a delegate count has "
        "exactly one sov:count, an xsd:integer >= 0 (sh:MinInclusiveConstraintComponent, value "
        '"-5"^^<http://www.w3.org/2001/XMLSchema#integer>)\n'
    )
    assert outcome.stderr.startswith("sovkg: error: 1 violations in ")


def test_global_data_option_works_too(tmp_path: Path, cli) -> None:
    data = make_data_dir(tmp_path / "data", NEGATIVE_COUNT)
    outcome = cli(["--data", str(data), "validate"])
    assert outcome.exit_code == 1
    assert outcome.stdout.startswith("sk:count-negative  sovsh:DelegateCount-count  ")


def test_json_format_is_the_whole_report(tmp_path: Path, cli) -> None:
    data = make_data_dir(tmp_path / "data", NEGATIVE_COUNT)
    outcome = cli(["validate", "--data", str(data), "--format", "json"])
    assert outcome.exit_code == 1
    report = json.loads(outcome.stdout)
    assert report["conforms"] is False
    assert set(report["timings"]) == {"load", "shacl", "qc", "consistency", "total"}
    assert report["results"] == [
        {
            "focus": COUNT_IRI,
            "rule": "sovsh:DelegateCount-count",
            "message": "DelegateCount-count: a delegate count has exactly one sov:count, an "
            "xsd:integer >= 0 (sh:MinInclusiveConstraintComponent, value "
            '"-5"^^<http://www.w3.org/2001/XMLSchema#integer>)',
            "severity": "Violation",
            "source": "shacl",
            "value": '"-5"^^<http://www.w3.org/2001/XMLSchema#integer>',
        }
    ]


def test_json_format_of_valid_data(tmp_path: Path, cli) -> None:
    outcome = cli(["validate", "--data", str(make_data_dir(tmp_path / "data")), "-f", "json"])
    assert outcome.exit_code == 0
    report = json.loads(outcome.stdout)
    assert (report["conforms"], report["results"]) == (True, [])
    assert report["triples"] > 1000


def test_json_format_names_the_consistency_cache_flag(tmp_path: Path, cli) -> None:
    """The cached verdict is the consistency phase's, and the key says so."""
    data = str(make_data_dir(tmp_path / "data"))
    cli(["validate", "--data", data])  # fills the cache for these inputs
    again = json.loads(cli(["validate", "--data", data, "-f", "json"]).stdout)
    assert set(again) == {"conforms", "triples", "consistency_cached", "timings", "results"}
    assert again["consistency_cached"] is True
    fresh = json.loads(cli(["validate", "--data", data, "-f", "json", "--no-cache"]).stdout)
    assert fresh["consistency_cached"] is False


def test_unparsable_file_exits_2_naming_file_and_line(tmp_path: Path, cli) -> None:
    data = make_data_dir(tmp_path / "data", SHAPES_DIR / "unparsable.trig")
    outcome = cli(["validate", "--data", str(data)])
    assert outcome.exit_code == 2
    assert outcome.stdout == ""
    [line] = outcome.stderr.splitlines()
    assert line.startswith("sovkg: error: cannot parse ")
    assert "unparsable.trig" in line and "line 5" in line
    assert "Traceback" not in outcome.stderr


def test_missing_data_folder_exits_2(tmp_path: Path, cli) -> None:
    outcome = cli(["validate", "--data", str(tmp_path / "nowhere")])
    assert outcome.exit_code == 2
    assert outcome.stderr == (
        f"sovkg: error: data folder '{tmp_path / 'nowhere'}' does not exist or is not a directory\n"
    )


def test_folder_without_data_files_exits_2(tmp_path: Path, cli) -> None:
    (tmp_path / "empty").mkdir()
    outcome = cli(["validate", "--data", str(tmp_path / "empty")])
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("sovkg: error: no data files in ")


def test_missing_shapes_file_exits_2(tmp_path: Path, cli) -> None:
    data = make_data_dir(tmp_path / "data")
    outcome = cli(["validate", "--data", str(data), "--shapes", str(tmp_path / "none.ttl")])
    assert outcome.exit_code == 2
    assert outcome.stderr == f"sovkg: error: the shapes file {tmp_path / 'none.ttl'} is missing\n"


def test_unparsable_shapes_file_exits_2(tmp_path: Path, cli) -> None:
    data = make_data_dir(tmp_path / "data")
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    outcome = cli(["validate", "--data", str(data), "--shapes", str(bad)])
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith(f"sovkg: error: cannot parse {bad}: ")
    assert len(outcome.stderr.splitlines()) == 1


def test_unreadable_source_text_is_a_violation_not_a_crash(tmp_path: Path, cli) -> None:
    data = make_data_dir(tmp_path / "data")
    shutil.rmtree(data / "sources")
    outcome = cli(["validate", "--data", str(data)])
    assert outcome.exit_code == 1
    assert outcome.stdout == (
        "src:fx  qc:source-file  source-file: the source text sources/fixture.txt is missing or "
        "unreadable\n"
    )


def test_help_has_a_runnable_example(cli) -> None:
    outcome = cli(["validate", "--help"])
    assert outcome.exit_code == 0
    assert "sovkg validate\n" in outcome.stdout
    assert "Exit codes: 0 valid, 1 violations found, 2 could not run." in outcome.stdout


def test_bench_function_reports_figures(tmp_path: Path) -> None:
    figures = bench_validate(make_data_dir(tmp_path / "data", NEGATIVE_COUNT))
    assert (figures["violations"], figures["conforms"]) == (1, False)
    assert figures["consistency_cached"] is False
    assert figures["triples"] > 1000
    assert set(figures) == {
        "triples",
        "violations",
        "conforms",
        "consistency_cached",
        "seconds",
        "load_s",
        "shacl_s",
        "qc_s",
        "consistency_s",
    }
    assert figures["seconds"] >= figures["shacl_s"] + figures["consistency_s"]
