"""Every bad input of issue 3 ends with exit code 2, one line on stderr, and no output file.

Most cases run in-process with click's CliRunner against the fixture queries and data
(``tests/data/``); a few run the installed ``sovkg`` script on the bundled queries and data.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from servers import need

DATA = Path(__file__).parent / "data"
FIXTURE = ["--data", str(DATA / "mini"), "--queries", str(DATA / "queries")]
SERVICE_IRI = "http://127.0.0.1:9/sparql"


def assert_bad_input(outcome, *fragments: str) -> None:
    """Exit code 2, no stdout, exactly one stderr line naming the problem, no traceback."""
    lines = outcome.stderr.splitlines()
    assert outcome.exit_code == 2, outcome
    assert len(lines) == 1, outcome.stderr
    assert lines[0].startswith("sovkg: error: "), lines[0]
    assert "Traceback" not in outcome.stderr
    assert outcome.stdout == ""
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


# --------------------------------------------------------------------------- query names


def test_unknown_query_suggests_nearest(cli):
    outcome = cli([*FIXTURE, "query", "succesion"])
    assert_bad_input(outcome, "unknown query 'succesion'", "did you mean 'succession'")


def test_unknown_query_lists_known_when_nothing_is_near(cli):
    outcome = cli([*FIXTURE, "query", "zzzz"])
    assert_bad_input(outcome, "unknown query 'zzzz'", "known queries: agenda, members-at")


def test_show_unknown_query(cli):
    assert_bad_input(cli([*FIXTURE, "show", "member-at"]), "did you mean 'members-at'")


# --------------------------------------------------------------------------- parameters


def test_unknown_parameter_names_allowed_ones(cli):
    outcome = cli([*FIXTURE, "query", "members-at", "--param", "dat=1926-01-01"])
    assert_bad_input(outcome, "unknown parameter 'dat'", "did you mean 'date'", "allowed: date")


def test_parameter_for_query_without_parameters(cli):
    outcome = cli([*FIXTURE, "query", "succession", "--param", "date=1926-01-01"])
    assert_bad_input(outcome, "unknown parameter 'date'", "takes no parameters")


def test_missing_required_parameter(cli):
    outcome = cli([*FIXTURE, "query", "members-at"])
    assert_bad_input(outcome, "missing required parameter 'date'", "YYYY-MM-DD")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        pytest.param("1926-13-01", "not a calendar date", id="month-13"),
        pytest.param("1926-02-30", "not a calendar date", id="feb-30"),
        pytest.param("1925-02-29", "not a calendar date", id="not-leap"),
        pytest.param("1926-00-10", "not a calendar date", id="month-0"),
        pytest.param("yesterday", "is not a date", id="word"),
        pytest.param("1926-1-1", "is not a date", id="no-padding"),
        pytest.param("26-01-01", "is not a date", id="short-year"),
        pytest.param("1926/01/01", "is not a date", id="slashes"),
        pytest.param("1926-01-01T00:00:00", "is not a date", id="datetime"),
        pytest.param(" 1926-01-01", "is not a date", id="leading-space"),
        pytest.param("", "is not a date", id="empty"),
        pytest.param("\u0661\u0669\u0662\u0666-01-01", "is not a date", id="arabic-digits"),
    ],
)
def test_malformed_date(cli, value, reason):
    outcome = cli([*FIXTURE, "query", "members-at", "--param", f"date={value}"])
    assert_bad_input(outcome, "parameter 'date'", reason, "expected YYYY-MM-DD")


@pytest.mark.parametrize("value", ["0", "9", "seven", "-1", "7.0", "07", "+7", "", "1e1", "\uff17"])
def test_malformed_congress(cli, value):
    outcome = cli([*FIXTURE, "query", "agenda", "--param", f"congress={value}"])
    assert_bad_input(outcome, "parameter 'congress'", "not a congress number", "from 1 to 8")


def test_optional_date_is_checked_too(cli):
    outcome = cli([*FIXTURE, "query", "timeline", "-p", "from=1930-02-31"])
    assert_bad_input(outcome, "parameter 'from'", "not a calendar date")


def test_param_without_equals(cli):
    assert_bad_input(cli([*FIXTURE, "query", "agenda", "-p", "congress"]), "KEY=VALUE")


def test_repeated_param(cli):
    outcome = cli([*FIXTURE, "query", "agenda", "-p", "congress=7", "-p", "congress=8"])
    assert_bad_input(outcome, "'congress' is given more than once")


# --------------------------------------------------------------------------- ad-hoc SPARQL


def test_syntax_error_reports_line_and_column(cli):
    outcome = cli([*FIXTURE, "sparql", "SELECT ?x WHERE {\n  ?x ?y }"])
    assert_bad_input(outcome, "SPARQL syntax error at line 2, column 9")


def test_syntax_error_on_the_rdflib_engine_reports_line_and_column(cli):
    outcome = cli([*FIXTURE, "sparql", "--engine", "rdflib", "SELECT ?x WHERE {\n  ?x ?y }"])
    assert_bad_input(outcome, "SPARQL syntax error at line 2, column")


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("INSERT DATA { <urn:a> <urn:b> <urn:c> }", id="insert-data"),
        pytest.param("DELETE WHERE { ?s ?p ?o }", id="delete-where"),
        pytest.param("delete { ?s ?p ?o } where { ?s ?p ?o }", id="lowercase-delete"),
        pytest.param("LOAD <file:///etc/passwd>", id="load"),
        pytest.param("CLEAR ALL", id="clear"),
        pytest.param("DROP GRAPH <urn:g>", id="drop"),
        pytest.param("CREATE GRAPH <urn:g>", id="create"),
        pytest.param("ADD DEFAULT TO <urn:g>", id="add"),
        pytest.param("COPY <urn:a> TO <urn:b>", id="copy"),
        pytest.param("MOVE <urn:a> TO <urn:b>", id="move"),
        pytest.param("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", id="with-modify"),
        pytest.param("SELECT * {} ;\nINSERT DATA { <urn:a> <urn:b> <urn:c> }", id="appended"),
        pytest.param(r"\u0049NSERT DATA { <urn:a> <urn:b> <urn:c> }", id="u-escaped"),
    ],
)
def test_update_queries_are_refused(cli, query):
    assert_bad_input(cli([*FIXTURE, "sparql", query]), "update queries are not allowed")


@pytest.mark.parametrize(
    "query",
    [
        pytest.param(f"SELECT * WHERE {{ SERVICE <{SERVICE_IRI}> {{ ?s ?p ?o }} }}", id="plain"),
        pytest.param(f"select * where {{ service silent <{SERVICE_IRI}> {{ }} }}", id="lower"),
        pytest.param(
            f"PREFIX x: <{SERVICE_IRI}#>\nSELECT * WHERE {{ SERVICEx:y {{ ?s ?p ?o }} }}",
            id="glued-to-prefixed-name",
        ),
        pytest.param(
            f"SELECT * WHERE {{ ?s ?p trueSERVICE<{SERVICE_IRI}> {{ }} }}", id="glued-to-true"
        ),
        pytest.param(
            rf"SELECT * WHERE {{ \u0053ERVICE <{SERVICE_IRI}> {{ ?s ?p ?o }} }}", id="u-escaped"
        ),
        pytest.param(
            "SELECT * WHERE { ?s ?p <urn:x\\u0041#> SERVICE <" + SERVICE_IRI + "> { } }",
            id="hash-inside-escaped-iri",
        ),
        pytest.param(
            "# a comment\nSELECT * WHERE {\n  SERVICE <" + SERVICE_IRI + "> { ?s ?p ?o }\n}",
            id="after-comment",
        ),
    ],
)
def test_service_is_refused(cli, query):
    outcome = cli([*FIXTURE, "sparql", query])
    assert_bad_input(outcome, "SERVICE is not allowed", "local graph only")


def test_service_reports_its_position(cli):
    outcome = cli([*FIXTURE, "sparql", "SELECT * WHERE {\n  SERVICE <urn:x> { } }"])
    assert_bad_input(outcome, "line 2, column 3")


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", id="from"),
        pytest.param("SELECT * FROM NAMED <urn:g> WHERE { ?s ?p ?o }", id="from-named"),
        pytest.param("select * from named <urn:g> where { ?s ?p ?o }", id="lowercase"),
        pytest.param("ASK FROM <http://127.0.0.1:9/x.ttl> { ?s ?p ?o }", id="ask-from"),
        pytest.param("CONSTRUCT { ?s ?p ?o } FROM <urn:g> WHERE { ?s ?p ?o }", id="construct"),
        pytest.param("DESCRIBE <urn:x> FROM <urn:g>", id="describe"),
        pytest.param(r"SELECT * \u0046ROM <urn:g> WHERE { ?s ?p ?o }", id="u-escaped"),
    ],
)
def test_dataset_clauses_are_refused(cli, query):
    assert_bad_input(cli([*FIXTURE, "sparql", query]), "FROM is not allowed")


def test_query_argument_and_file_together(cli, tmp_path):
    query_file = tmp_path / "q.rq"
    query_file.write_text("ASK {}", encoding="utf-8")
    outcome = cli([*FIXTURE, "sparql", "ASK {}", "--file", str(query_file)])
    assert_bad_input(outcome, "either as an argument or with --file")


def test_no_query_at_all(cli):
    assert_bad_input(cli([*FIXTURE, "sparql"]), "no query: give one as an argument or with --file")


@pytest.mark.parametrize("text", ["", "   ", "# only a comment\n"])
def test_empty_query(cli, text):
    assert_bad_input(cli([*FIXTURE, "sparql", text]), "the query is empty")


def test_undeclared_prefix_is_named(cli):
    outcome = cli([*FIXTURE, "sparql", "SELECT * WHERE { ?s foo:bar ?o }"])
    assert_bad_input(outcome, "line 1, column 21", "prefix 'foo:' is not declared")


def test_from_after_to_is_refused(cli):
    outcome = cli([*FIXTURE, "query", "timeline", "-p", "from=1936-01-01", "-p", "to=1930-01-01"])
    assert_bad_input(outcome, "'from' (1936-01-01) is after 'to' (1930-01-01)")


def test_unknown_store_choice_is_refused(cli, monkeypatch):
    monkeypatch.setenv("SOVKG_STORE", "bogus")
    outcome = cli([*FIXTURE, "query", "succession"])
    assert_bad_input(outcome, "$SOVKG_STORE is 'bogus'", "allowed: auto, memory, disk")


def test_result_kind_and_format_mismatch(cli):
    outcome = cli([*FIXTURE, "sparql", "ASK { ?s ?p ?o }", "--format", "csv"])
    assert_bad_input(outcome, "ASK result has no 'csv' form")


# --------------------------------------------------------------------------- input files


def test_missing_query_file(cli, tmp_path):
    outcome = cli([*FIXTURE, "sparql", "--file", str(tmp_path / "missing.rq")])
    assert_bad_input(outcome, "cannot read query file", "missing.rq")


def test_query_file_that_is_a_directory(cli, tmp_path):
    folder = tmp_path / "folder.rq"
    folder.mkdir()
    assert_bad_input(cli([*FIXTURE, "sparql", "--file", str(folder)]), "cannot read query file")


def test_query_file_not_utf8(cli, tmp_path):
    query_file = tmp_path / "latin1.rq"
    query_file.write_bytes(b'SELECT * WHERE { ?s ?p "\xe9" }')
    assert_bad_input(cli([*FIXTURE, "sparql", "--file", str(query_file)]), "cannot read query")


def test_missing_data_folder(cli, tmp_path):
    outcome = cli(["--data", str(tmp_path / "nowhere"), "sparql", "ASK {}"])
    assert_bad_input(outcome, "data folder", "does not exist")


def test_data_folder_without_data(cli, tmp_path):
    (tmp_path / "notes.txt").write_text("not RDF", encoding="utf-8")
    outcome = cli(["--data", str(tmp_path), "sparql", "ASK {}"])
    assert_bad_input(outcome, "no data files", "*.trig")


def test_unparseable_data_file(cli, tmp_path):
    (tmp_path / "broken.trig").write_text("<urn:a> <urn:b> .", encoding="utf-8")
    outcome = cli(["--data", str(tmp_path), "sparql", "ASK {}"])
    assert_bad_input(outcome, "cannot parse", "broken.trig")


def test_unreadable_data_file(cli, tmp_path):
    (tmp_path / "dangling.ttl").symlink_to(tmp_path / "gone.ttl")
    outcome = cli(["--data", str(tmp_path), "sparql", "ASK {}"])
    assert_bad_input(outcome, "cannot read", "dangling.ttl")


def test_missing_query_folder(cli, tmp_path):
    outcome = cli(["--queries", str(tmp_path / "nowhere"), "list"])
    assert_bad_input(outcome, "query folder", "does not exist")


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["list"], id="list"),
        pytest.param(["query", "succession"], id="query"),
        pytest.param(["show", "succession"], id="show"),
    ],
)
def test_query_folder_without_query_files(cli, tmp_path, args):
    (tmp_path / "notes.txt").write_text("no queries here", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "hidden.rq").write_text("SELECT * {}", encoding="utf-8")
    outcome = cli(["--queries", str(tmp_path), *args])
    assert_bad_input(
        outcome,
        f"query folder '{tmp_path}' has no named queries (no *.rq files); "
        "--queries (or $SOVKG_QUERIES) takes a folder of NAME.rq files",
    )


def test_query_folder_without_query_files_from_the_environment(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SOVKG_QUERIES", str(tmp_path))
    assert_bad_input(cli(["list"]), f"query folder '{tmp_path}' has no named queries")


# --------------------------------------------------------------------------- owl-check options


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["owl-check", "--what", "ontology", "--data", "DIR"], id="command-option"),
        pytest.param(["--data", "DIR", "owl-check", "--what", "ontology"], id="global-option"),
    ],
)
def test_owl_check_refuses_data_for_the_ontology_alone(cli, args):
    args = [str(DATA / "mini") if arg == "DIR" else arg for arg in args]
    assert_bad_input(
        cli(args),
        "--data does not apply to --what ontology, which checks ontology/sovkg.ttl alone; "
        "to check a data folder use --what export or --what both",
    )


# --------------------------------------------------------------------------- output files


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("missing-folder/out.csv", id="missing-folder"),
        pytest.param("existing-folder", id="is-a-folder"),
        pytest.param("a-file/out.csv", id="parent-is-a-file"),
    ],
)
def test_unwritable_output(cli, tmp_path, target):
    (tmp_path / "existing-folder").mkdir()
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    outcome = cli([*FIXTURE, "query", "succession", "--output", str(tmp_path / target)])
    assert_bad_input(outcome, "cannot write")
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_unwritable_output_on_a_read_only_filesystem(cli):
    outcome = cli([*FIXTURE, "query", "succession", "--output", "/proc/sovkg-out.csv"])
    assert_bad_input(outcome, "cannot write")
    assert not Path("/proc/sovkg-out.csv").exists()


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["query", "members-at", "-p", "date=1926-02-30"], id="bad-param"),
        pytest.param(["query", "nope"], id="unknown-query"),
        pytest.param(["sparql", "SELECT * WHERE { SERVICE <urn:x> {} }"], id="service"),
        pytest.param(["sparql", "SELECT ?x WHERE {"], id="syntax"),
        pytest.param(["sparql", "ASK {}", "--format", "csv"], id="render-fails"),
    ],
)
def test_existing_output_is_not_clobbered_on_failure(cli, tmp_path, args):
    output = tmp_path / "result.csv"
    output.write_text("keep me\n", encoding="utf-8")
    outcome = cli([*FIXTURE, *args, "--output", str(output)])
    assert_bad_input(outcome)
    assert output.read_text(encoding="utf-8") == "keep me\n"
    assert [p.name for p in tmp_path.iterdir()] == ["result.csv"]  # no temporary file left


def test_no_output_file_is_created_on_failure(cli, tmp_path):
    output = tmp_path / "result.csv"
    outcome = cli([*FIXTURE, "query", "members-at", "--output", str(output)])
    assert_bad_input(outcome, "missing required parameter")
    assert list(tmp_path.iterdir()) == []


def test_output_is_written_on_success(cli, tmp_path):
    output = tmp_path / "result.csv"
    output.write_text("old\n", encoding="utf-8")
    outcome = cli([*FIXTURE, "query", "agenda", "--format", "csv", "--output", str(output)])
    assert outcome.exit_code == 0, outcome
    assert outcome.stdout == ""
    assert output.read_text(encoding="utf-8").splitlines()[0] == "_congress,position,item,title"
    assert [p.name for p in tmp_path.iterdir()] == ["result.csv"]


# --------------------------------------------------------------------------- click's own errors


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        pytest.param(["query"], "Missing argument 'NAME'", id="missing-argument"),
        pytest.param(["query", "agenda", "--nope"], "No such option", id="unknown-option"),
        pytest.param(["query", "agenda", "--format", "pdf"], "'pdf' is not one of", id="format"),
        pytest.param(["query", "agenda", "--engine", "jena"], "'jena' is not one of", id="engine"),
        pytest.param(["frobnicate"], "No such command 'frobnicate'", id="unknown-command"),
    ],
)
def test_usage_errors_are_one_line(cli, args, fragment):
    assert_bad_input(cli([*FIXTURE, *args]), fragment, "--help")


# --------------------------------------------------------------------------- remote time limit

TIMEOUT_ALLOWED = "allowed: a number of seconds greater than 0 and at most 86400 (one day)"


@pytest.mark.parametrize("command", ["query", "push"])
@pytest.mark.parametrize("value", ["0", "-1", "abc", "", "nan", "inf", "1e9", "86400.5"])
def test_timeout_must_be_a_positive_number_of_seconds(cli, command, value):
    """A bad --timeout is refused before anything is sent, naming the allowed range."""
    args = ["query", "agenda"] if command == "query" else ["push"]
    outcome = cli([*FIXTURE, *args, "--endpoint", SERVICE_IRI, "--timeout", value])
    assert_bad_input(
        outcome,
        f"Invalid value for '--timeout': {value!r} is not a time limit; {TIMEOUT_ALLOWED}",
        f" {command} --help')",
    )


@pytest.mark.parametrize("value", ["0.5", "60", "86400", "1e3"])
def test_timeout_accepts_any_number_in_range(value):
    from sovkg.cli import SECONDS

    assert SECONDS.convert(value, None, None) == float(value)


def test_timeout_without_endpoint_is_refused(cli):
    outcome = cli([*FIXTURE, "query", "agenda", "--timeout", "5"])
    assert_bad_input(
        outcome,
        "--timeout applies only with --endpoint (a remote query); a local query has no time limit",
    )


# --------------------------------------------------------------------------- help texts


def _readme_command_line() -> str:
    """The "Command line" section of README.md, its whitespace collapsed."""
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Command line") : text.index("\n## ", text.index("## Command"))]
    return " ".join(section.split())


def test_timeline_help_says_how_admissions_and_undated_events_are_drawn(cli):
    """The help and README's command line reference describe the same picture."""
    outcome = cli(["timeline", "--help"])
    assert outcome.exit_code == 0
    help_text = " ".join(outcome.stdout.split())
    readme = _readme_command_line()
    for phrase in (
        "admissions and status changes",
        'an empty dashed window captioned "undated"',
        "between the dated events the sources order it against (sov:before)",
        '"no date in the sources"',
    ):
        assert phrase in help_text, phrase
        assert phrase in readme, phrase
    assert "sovkg timeline --output timeline.svg" in help_text


def test_readme_command_line_names_the_endpoint_timeout():
    readme = _readme_command_line()
    assert "--endpoint URL" in readme and "--timeout SECONDS" in readme
    assert "(default 60)" in readme


# --------------------------------------------------------------------------- installed script


def test_script_unknown_query(script, tmp_path):
    outcome = script(["query", "succesion"], cwd=tmp_path)
    assert_bad_input(outcome, "unknown query 'succesion'", "did you mean 'succession'")


def test_script_malformed_date_on_bundled_query(script, tmp_path):
    outcome = script(["query", "members-at", "--param", "date=1926-02-30"], cwd=tmp_path)
    assert_bad_input(outcome, "parameter 'date'", "not a calendar date")


def test_script_malformed_congress_on_fixture_query(script, tmp_path):
    outcome = script([*FIXTURE, "query", "agenda", "-p", "congress=seven"], cwd=tmp_path)
    assert_bad_input(outcome, "not a congress number")


def test_script_refuses_service(script, tmp_path):
    query = f"SELECT * WHERE {{ SERVICE <{SERVICE_IRI}> {{ ?s ?p ?o }} }}"
    assert_bad_input(script(["sparql", query], cwd=tmp_path), "SERVICE is not allowed")


def test_script_syntax_error(script, tmp_path):
    outcome = script(["sparql", "SELECT ?x\nWHERE { ?x }"], cwd=tmp_path)
    assert_bad_input(outcome, "line 2, column")


def test_script_unwritable_output(script, tmp_path):
    outcome = script(["query", "succession", "-o", str(tmp_path / "no" / "x.csv")], cwd=tmp_path)
    assert_bad_input(outcome, "cannot write")
    assert list(tmp_path.iterdir()) == []


def test_script_missing_query_file(script, tmp_path):
    outcome = script(["sparql", "--file", "missing.rq"], cwd=tmp_path)
    assert_bad_input(outcome, "cannot read query file 'missing.rq'")


# --------------------------------------------------------------------------- where output goes


def test_output_to_a_named_pipe_is_refused(cli, tmp_path):
    import os
    import stat

    pipe = tmp_path / "rows.csv"
    os.mkfifo(pipe)
    outcome = cli([*FIXTURE, "query", "succession", "-o", str(pipe)])
    assert_bad_input(outcome, "is not a regular file")
    assert stat.S_ISFIFO(pipe.lstat().st_mode)  # still the pipe: nothing replaced it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rows.csv"]


def test_output_through_a_symbolic_link_writes_its_target(cli, tmp_path):
    target = tmp_path / "real.csv"
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    outcome = cli([*FIXTURE, "query", "succession", "-o", str(link)])
    assert outcome.exit_code == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("congress,")


@pytest.mark.parametrize(
    ("args", "name", "expected"),
    [
        pytest.param(
            ["query", "succession"],
            "rows.ttl",
            "the suffix '.ttl' of --output '{out}' chose format 'turtle', which cannot hold "
            "SELECT results; allowed for SELECT: suffixes .csv, .tsv, .json, .srj, .xml, .srx, "
            ".md, or --format table, markdown, csv, tsv, json, xml",
            id="select-ttl",
        ),
        pytest.param(
            ["sparql", "SELECT * WHERE { ?s ?p ?o }"],
            "rows.NT",
            "the suffix '.nt' of --output '{out}' chose format 'ntriples', which cannot hold "
            "SELECT results",
            id="select-nt-upper-case",
        ),
        pytest.param(
            ["sparql", "ASK { ?s ?p ?o }"],
            "answer.csv",
            "the suffix '.csv' of --output '{out}' chose format 'csv', which cannot hold ASK "
            "results; allowed for ASK: suffixes .json, .srj, .xml, .srx, .md, or --format table, "
            "markdown, json, xml",
            id="ask-csv",
        ),
        pytest.param(
            ["sparql", "CONSTRUCT WHERE { ?s ?p ?o }"],
            "graph.json",
            "the suffix '.json' of --output '{out}' chose format 'json', which cannot hold "
            "CONSTRUCT/DESCRIBE results; allowed for CONSTRUCT/DESCRIBE: suffixes .md, .ttl, "
            ".nt, or --format turtle, ntriples, table, markdown",
            id="construct-json",
        ),
    ],
)
def test_output_suffix_that_chose_a_format_the_result_cannot_take(
    cli, tmp_path, args, name, expected
):
    out = tmp_path / name
    outcome = cli([*FIXTURE, *args, "-o", str(out)])
    assert_bad_input(outcome, expected.format(out=out))
    assert list(tmp_path.iterdir()) == []


def test_explicit_format_that_does_not_fit_is_blamed_on_format_not_the_suffix(cli, tmp_path):
    outcome = cli([*FIXTURE, "query", "succession", "-o", str(tmp_path / "x.ttl"), "-f", "turtle"])
    assert_bad_input(outcome, "format 'turtle' is for CONSTRUCT/DESCRIBE results")
    assert "suffix" not in outcome.stderr


def test_output_suffix_chooses_the_format_unless_format_is_given(cli, tmp_path):
    out = tmp_path / "rows.json"
    assert cli([*FIXTURE, "query", "succession", "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8").lstrip().startswith("{")
    assert cli([*FIXTURE, "query", "succession", "-o", str(out), "-f", "csv"]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("congress,")


def test_full_disk_on_stdout_is_one_line_and_exit_2(tmp_path):
    import subprocess
    import sys

    need(Path("/dev/full").exists(), "/dev/full (a Linux device)")
    with open("/dev/full", "w") as full:  # noqa: PTH123 - a device, not a path to build
        done = subprocess.run(
            [sys.executable, "-m", "sovkg.cli", *FIXTURE, "query", "succession"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "sovkg: error: cannot write the output: No space left on device"
    ]


def test_output_to_a_device_path_is_refused_and_replaces_nothing(cli, tmp_path):
    outcome = cli([*FIXTURE, "query", "succession", "-o", "/dev/stdout"])
    assert_bad_input(outcome, "cannot write '/dev/stdout'", "not a regular file")


def test_output_dash_is_stdout(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outcome = cli([*FIXTURE, "query", "succession", "-o", "-", "-f", "csv"])
    assert outcome.exit_code == 0 and outcome.stdout.startswith("congress,")
    assert list(tmp_path.iterdir()) == []  # no file called '-'


def test_unknown_store_build_choice_is_refused_on_small_data_too(cli, monkeypatch):
    monkeypatch.setenv("SOVKG_STORE_BUILD", "bogus")
    outcome = cli([*FIXTURE, "query", "succession"])
    assert_bad_input(outcome, "$SOVKG_STORE_BUILD is 'bogus'", "allowed: background, foreground")
