"""The Python API, the query registry, the engines, the output formats, the store cache and the
command line's happy paths.

Exact answers are checked on the tiny fixture (``tests/data/mini`` with the queries of
``tests/data/queries``); the bundled queries are checked for conventions and for giving the same
rows on both engines. (One test per bundled query with its expected rows lives beside the data.)
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import time
import warnings
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

import sovkg
from sovkg import store as store_module
from sovkg.disk_store import build_main
from sovkg.errors import (
    ForbiddenQueryError,
    ParameterError,
    QueryDefinitionError,
    QuerySyntaxError,
    UnknownQueryError,
)
from sovkg.graphs import term_from_ox
from sovkg.output import atomic_write, curie, render
from sovkg.queries import BoundLiteral, QueryRegistry, check_read_only, read_query
from sovkg.results import AskResult, GraphResult, ResultTable, Term

TESTS = Path(__file__).parent
MINI = TESTS / "data" / "mini"
FIXTURE_QUERIES = TESTS / "data" / "queries"
FIXTURE = ["--data", str(MINI), "--queries", str(FIXTURE_QUERIES)]

SK = "https://w3id.org/sovkg/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
CONGRESS_1 = SK + "congress-1"
CONGRESS_2 = SK + "congress-2"
CONGRESS_7 = SK + "congress-7"
RSFSR = SK + "RSFSR"
UKRAINE = SK + "UkrainianSSR"
UZBEK = SK + "UzbekSSR"
MOSCOW = SK + "Moscow"


def fixture_rows(name: str, engine: str = "oxigraph", **params: object) -> list[dict]:
    return sovkg.run_query(
        name, engine=engine, data_dir=MINI, queries_dir=FIXTURE_QUERIES, **params
    )


# --------------------------------------------------------------------------- public API


def test_list_queries_is_sorted_with_summaries():
    queries = sovkg.list_queries(FIXTURE_QUERIES)
    assert [q.name for q in queries] == ["agenda", "members-at", "succession", "timeline"]
    assert all(q.summary.endswith("(fixture)") for q in queries)


def test_succession_rows_are_plain_python():
    assert fixture_rows("succession") == [
        {
            "congress": CONGRESS_1,
            "ordinal": 1,
            "label": "First Congress",
            "start": datetime.date(1922, 12, 30),
            "end": datetime.date(1922, 12, 30),
            "place": MOSCOW,
        },
        {
            "congress": CONGRESS_2,
            "ordinal": 2,
            "label": "Second Congress",
            "start": datetime.date(1924, 1, 1),
            "end": datetime.date(1924, 1, 31),
            "place": None,
        },
        {
            "congress": CONGRESS_7,
            "ordinal": 7,
            "label": "Seventh Congress",
            "start": datetime.date(1935, 1, 28),
            "end": datetime.date(1935, 2, 6),
            "place": None,
        },
    ]


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("1922-12-29", []),
        ("1922-12-30", [RSFSR, UKRAINE]),
        ("1923-06-01", [RSFSR, UKRAINE]),
        ("1924-01-01", [RSFSR, UKRAINE, UZBEK]),
    ],
)
def test_members_at(date, expected):
    rows = fixture_rows("members-at", date=date)
    assert [r["republic"] for r in rows] == expected
    assert all(r["_date"] == datetime.date.fromisoformat(date) for r in rows)


def test_parameter_values_may_be_int_or_date():
    assert fixture_rows("members-at", date=datetime.date(1924, 1, 1)) == fixture_rows(
        "members-at", date="1924-01-01"
    )
    assert fixture_rows("agenda", congress=1) == fixture_rows("agenda", congress="1")


def test_default_parameter_applies():
    rows = fixture_rows("agenda")
    assert [(r["_congress"], r["position"], r["title"]) for r in rows] == [
        (7, 1, "The Report of the Government"),
        (7, 2, "The Report of the People's Commissariat for Heavy Industry"),
    ]
    assert fixture_rows("agenda", congress=2) == []


def test_keyword_parameter_with_trailing_underscore():
    rows = fixture_rows("timeline", from_="1923-01-01", to="1930-01-01")
    assert [r["congress"] for r in rows] == [CONGRESS_2]
    assert rows[0]["__from"] == datetime.date(1923, 1, 1)
    assert [r["congress"] for r in fixture_rows("timeline")] == [CONGRESS_1, CONGRESS_2, CONGRESS_7]


def test_params_mapping_argument():
    assert fixture_rows("timeline", **{"from": "1930-01-01"}) == sovkg.run_query(
        "timeline", {"from": "1930-01-01"}, data_dir=MINI, queries_dir=FIXTURE_QUERIES
    )


@pytest.mark.parametrize("value", [True, 7.0, None, [7], datetime.datetime(1926, 1, 1)])
def test_api_rejects_values_of_other_types(value):
    with pytest.raises(ParameterError, match="parameter 'congress'"):
        fixture_rows("agenda", congress=value)


def test_query_table_keeps_typed_terms():
    table = sovkg.query_table("succession", data_dir=MINI, queries_dir=FIXTURE_QUERIES)
    assert table.variables == ("congress", "ordinal", "label", "start", "end", "place")
    assert table.rows[0][0] == Term("iri", CONGRESS_1)
    assert table.rows[0][2] == Term(
        "literal", "First Congress", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString", "en"
    )
    assert table.rows[1][5] is None


def test_unknown_query_suggests():
    with pytest.raises(UnknownQueryError) as caught:
        sovkg.get_query("succesion", FIXTURE_QUERIES)
    assert caught.value.suggestion == "succession"
    assert caught.value.exit_code == 2


def test_engine_is_checked():
    with pytest.raises(ValueError, match="unknown engine"):
        sovkg.load(MINI, "jena")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("term", "value"),
    [
        (Term("iri", SK + "x"), SK + "x"),
        (Term("bnode", "b1"), "_:b1"),
        (Term("literal", "7", XSD + "integer"), 7),
        (Term("literal", "7", XSD + "nonNegativeInteger"), 7),
        (Term("literal", "2.50", XSD + "decimal"), Decimal("2.50")),
        (Term("literal", "1e3", XSD + "double"), 1000.0),
        (Term("literal", "true", XSD + "boolean"), True),
        (Term("literal", "0", XSD + "boolean"), False),
        (Term("literal", "1935-02-06", XSD + "date"), datetime.date(1935, 2, 6)),
        (Term("literal", "1922-12-30T00:00:00", XSD + "dateTime"), datetime.datetime(1922, 12, 30)),
        (Term("literal", "1925", XSD + "gYear"), "1925"),
        (Term("literal", "1924-01", XSD + "gYearMonth"), "1924-01"),
        (Term("literal", "not a number", XSD + "integer"), "not a number"),
        (Term("literal", "x", XSD + "string"), "x"),
    ],
)
def test_term_to_python(term, value):
    assert term.to_python() == value


# --------------------------------------------------------------------------- query registry


def write_query(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return path


def test_parameters_are_found_outside_comments_and_strings(tmp_path):
    path = write_query(
        tmp_path,
        "q",
        "#+ summary: s\n# ?_congress in a comment\nSELECT ?_date ?__to WHERE "
        '{ ?s ?p "?_from" FILTER(?x < ?_date) }\n',
    )
    query = read_query(path)
    assert [(p.name, p.variable, p.required) for p in query.parameters] == [
        ("date", "_date", True),
        ("to", "__to", False),
    ]


def test_enumerated_values_restrict_a_parameter(tmp_path):
    path = write_query(
        tmp_path,
        "q",
        "#+ summary: s\n#+ enumerate:\n#+   - congress:\n#+     - 7\n#+     - 8\n"
        "SELECT ?_congress WHERE { }\n",
    )
    query = read_query(path)
    assert query.parameters[0].choices == ("7", "8")
    assert query.bind({"congress": "8"})["_congress"] == BoundLiteral("8", XSD + "integer")
    with pytest.raises(ParameterError, match="expected one of 7, 8"):
        query.bind({"congress": "1"})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT ?_republic WHERE { }", "'republic' is not a known parameter name"),
        ("#+ defaults:\n#+   - congress: 9\nSELECT ?_congress WHERE { }", "default of 'congress'"),
        ("#+ defaults:\n#+   - date: 1926-01-01\nSELECT ?x WHERE { }", "does not use"),
        ("#+ enumerate:\n#+   - congress:\n#+     - x\nSELECT ?_congress {}", "enumerated"),
        ("#+   - orphan\nSELECT ?x {}", "list item without a key"),
        ("#+ no colon here\nSELECT ?x {}", "is not 'key: value'"),
        ('SELECT ?x WHERE { ?x ?y "unterminated }', "unterminated string"),
    ],
)
def test_malformed_query_files_are_definition_errors(tmp_path, text, message):
    with pytest.raises(QueryDefinitionError, match=message):
        read_query(write_query(tmp_path, "bad", text))


def test_problems_flags_broken_conventions(tmp_path):
    path = write_query(
        tmp_path,
        "q",
        "SELECT ?x WHERE { BIND(1 AS ?_congress) SERVICE <urn:x> { } FILTER(?x = ?_date) }",
    )
    problems = read_query(path).problems()
    assert "no '#+ summary:' header line" in problems
    assert "parameter ?_date is not projected" in problems
    assert "parameter ?_congress is assigned with AS/BIND" in problems
    assert any("SERVICE is not allowed" in p for p in problems)


BUNDLED = QueryRegistry()


@pytest.mark.parametrize("query", list(BUNDLED), ids=lambda q: q.name)
def test_bundled_query_follows_conventions(query):
    assert query.problems() == []
    assert query.summary
    assert all(p.name in {"date", "from", "to", "congress"} for p in query.parameters)


def test_bundled_queries_include_those_of_issue_3():
    required = {
        "succession": set(),
        "members-at": {"date"},
        "membership-timeline": set(),
        "republics-at-congress": {"congress"},
        "body-succession": set(),
        "powers": set(),
        "agenda": {"congress"},
        "delegates": {"congress"},
        "documents": set(),
        "people": set(),
        "representation": set(),
        "conflicts": set(),
        "timeline": {"from", "to"},
    }
    for name, params in required.items():
        assert {p.name for p in BUNDLED.get(name).parameters} == params, name
    assert BUNDLED.get("agenda").parameter("congress").default == "7"
    assert BUNDLED.get("members-at").parameter("date").required


# --------------------------------------------------------------------------- read-only guard


def rdflib_verdict(text: str) -> str | None:
    """What rdflib's own parser finds: 'update', 'service', 'from', None (clean), or 'error'."""
    from rdflib.plugins.sparql import algebra, parser

    try:
        parsed = parser.parseQuery(text)
    except Exception:
        try:
            parser.parseUpdate(text)
        except Exception:
            return "error"
        return "update"
    if dict.get(parsed[1], "datasetClause"):
        return "from"
    query = algebra.translateQuery(parsed)
    found: list[str] = []

    def visit(node):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            found.append("service")
        return None

    algebra.traverse(query.algebra, visitPre=visit)
    return found[0] if found else None


GUARD_CORPUS = [
    # clean, with the forbidden words where they are not keywords
    'SELECT ?x WHERE { ?x ?p "SERVICE <http://evil/> { }" }',
    "SELECT ?x WHERE { ?x ?p '''INSERT DATA { }''' }",
    "SELECT ?from WHERE { ?from ?service ?load }",
    "SELECT $insert WHERE { $insert ?p ?o }",
    "# SERVICE <http://evil/> FROM <file:///etc/passwd>\nASK { }",
    "PREFIX ex: <http://example.org/service#>\nSELECT ?x WHERE { ?x ex:from ex:delete }",
    "SELECT ?x WHERE { ?x <http://example.org/FROM> <http://example.org/SERVICE> }",
    'SELECT ?x WHERE { ?x ?p "a \\" SERVICE <x> { } \\"" }',
    "SELECT ?x WHERE { ?x ?p ?o } # INSERT",
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    'SELECT ?x WHERE { ?x ?p "drop"@en }',
    # forbidden
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { OPTIONAL { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } } }",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/x.ttl>",
    "CLEAR DEFAULT",
    r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    r"SELECT * \u0046ROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("text", GUARD_CORPUS)
def test_guard_agrees_with_rdflibs_parser(text):
    verdict = rdflib_verdict(text)
    assert verdict != "error", "the corpus holds only queries rdflib can parse"
    if verdict is None:
        check_read_only(text)
    else:
        with pytest.raises(ForbiddenQueryError):
            check_read_only(text)


@pytest.mark.parametrize(
    "text",
    [
        "PREFIX x: <http://127.0.0.1:9/>\nSELECT * WHERE { SERVICEx:y { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICESILENT<http://127.0.0.1:9/> { } }",
        "PREFIX x: <urn:x#>\nSELECT * FROMx:g WHERE { ?s ?p ?o }",
    ],
)
def test_guard_catches_what_only_pyoxigraph_accepts(text):
    """pyoxigraph reads keywords without a word boundary: SERVICEx:y is SERVICE on x:y."""
    with pytest.raises(ForbiddenQueryError):
        check_read_only(text)


def test_syntax_error_carries_line_and_column():
    graph = sovkg.load(MINI)
    with pytest.raises(QuerySyntaxError) as caught:
        graph.select("PREFIX ex: <urn:x#>\nSELECT ?x WHERE {\n  ?x ex:p }")
    assert (caught.value.line, caught.value.column) == (3, 11)
    assert "near '}'" in str(caught.value)


# --------------------------------------------------------------------------- engines


def _variants(query):
    """Parameter sets for a parity run: defaults, every enumerated value, sample dates.

    Optional dates are set together in one run: rdflib takes seconds on the timeline query.
    """
    required = {p.name: p.kind.example for p in query.parameters if p.required}
    variants = [required]
    optional_dates = {}
    for param in query.parameters:
        if param.choices or param.kind.choices:
            values = param.choices or param.kind.choices
            variants.extend({**required, param.name: value} for value in values)
        elif param.required:
            dates = ("1923-06-01", "1926-01-01", "1930-06-01")
            variants.extend({**required, param.name: value} for value in dates)
        else:
            optional_dates[param.name] = "1924-01-01" if param.name == "from" else "1930-06-01"
    if optional_dates:
        variants.append({**required, **optional_dates})
    return variants


def _parity_params():
    return [
        pytest.param(query, data, id=f"{label}/{query.name}")
        for label, registry, data in (
            ("fixture", QueryRegistry(FIXTURE_QUERIES), MINI),
            ("bundled", BUNDLED, None),
        )
        for query in registry
    ]


@pytest.mark.parametrize(("query", "data"), _parity_params())
def test_both_engines_give_identical_rows(query, data):
    """Same variables, same rows, same order: ordering is explicit in every query."""
    oxigraph = sovkg.load(data, "oxigraph")
    rdflib = sovkg.load(data, "rdflib")
    for values in _variants(query):
        bindings = query.bind(values)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = rdflib.select(query.text, bindings)
        answer = oxigraph.select(query.text, bindings)
        assert answer.variables == expected.variables, values
        assert answer.rows == expected.rows, values


def test_disk_and_memory_stores_answer_alike():
    memory = store_module.load(None, persistent=False)
    disk = store_module.load(None, persistent=True)
    assert memory.persistent is False and disk.persistent is True
    for query in BUNDLED:
        bindings = query.bind(_variants(query)[0])
        assert disk.select(query.text, bindings) == memory.select(query.text, bindings)


def test_union_default_graph_is_a_set(tmp_path):
    """A triple stated by two citations matches once, as in rdflib (pyoxigraph's bag would not)."""
    (tmp_path / "twice.trig").write_text(
        "<urn:g1> { <urn:a> <urn:p> <urn:b> . }\n<urn:g2> { <urn:a> <urn:p> <urn:b> . }\n"
        "<urn:a> <urn:p> <urn:b> .\n",
        encoding="utf-8",
    )
    query = "SELECT ?o WHERE { <urn:a> <urn:p> ?o }"
    for engine in ("oxigraph", "rdflib"):
        assert len(sovkg.load(tmp_path, engine).select(query).rows) == 1, engine
    graphs = "SELECT ?g WHERE { GRAPH ?g { <urn:a> <urn:p> ?o } } ORDER BY ?g"
    assert len(sovkg.load(tmp_path).select(graphs).rows) == 2


def test_labels_prefer_english_rdfs_label():
    graph = sovkg.load(MINI)
    assert graph.labels([MOSCOW, UKRAINE, RSFSR, SK + "nothing"]) == {
        MOSCOW: "Moscow",
        UKRAINE: "Ukrainian SSR",
        RSFSR: "Russian SFSR",
    }
    assert sovkg.load(MINI, "rdflib").labels([MOSCOW, UKRAINE, RSFSR]) == graph.labels(
        [MOSCOW, UKRAINE, RSFSR]
    )


# --------------------------------------------------------------------------- output formats


def succession_table() -> ResultTable:
    return sovkg.query_table("succession", data_dir=MINI, queries_dir=FIXTURE_QUERIES)


def test_table_shows_labels():
    text = render(succession_table(), "table", sovkg.load(MINI).labels).decode()
    lines = text.splitlines()
    assert lines[0].split() == ["congress", "ordinal", "label", "start", "end", "place"]
    # the label column already names each congress, so the congress column shows its CURIE
    assert lines[2].split()[:4] == ["sk:congress-1", "1", "First", "Congress"]
    assert "Moscow" in lines[2] and "sk:Moscow" not in text  # no other column names the place
    assert lines[-1] == "(3 rows)"


def test_table_labels_an_iri_column_unless_another_column_repeats_it():
    iri = Term("iri", CONGRESS_1)
    name = Term("literal", "First Congress")
    labels = sovkg.load(MINI).labels
    alone = render(ResultTable(("congress",), ((iri,),)), "table", labels).decode()
    assert alone.splitlines()[2] == "First Congress"
    both = ResultTable(("congress", "name"), ((iri, name), (None, None)))
    assert render(both, "table", labels).decode().splitlines()[2].split("  ")[0] == "sk:congress-1"


def test_table_without_labels_shows_curies():
    text = render(succession_table(), "table").decode()
    assert "sk:congress-1" in text and "sk:Moscow" in text


def test_markdown_escapes_pipes():
    table = ResultTable(("a",), ((Term("literal", "x | y"),),))
    assert render(table, "markdown").decode() == "| a |\n| --- |\n| x \\| y |\n"


def test_json_is_w3c_sparql_results():
    data = json.loads(render(succession_table(), "json"))
    assert data["head"]["vars"] == ["congress", "ordinal", "label", "start", "end", "place"]
    first = data["results"]["bindings"][0]
    assert first["congress"] == {"type": "uri", "value": CONGRESS_1}
    assert first["label"] == {"type": "literal", "value": "First Congress", "xml:lang": "en"}
    assert first["ordinal"]["datatype"] == XSD + "integer"
    assert "place" not in data["results"]["bindings"][1]


@pytest.mark.parametrize(
    ("fmt", "oxformat"),
    [
        ("json", ox.QueryResultsFormat.JSON),
        ("xml", ox.QueryResultsFormat.XML),
        ("tsv", ox.QueryResultsFormat.TSV),
    ],
)
def test_w3c_formats_round_trip(fmt, oxformat):
    table = succession_table()
    parsed = ox.parse_query_results(render(table, fmt), oxformat)
    names = [v.value for v in parsed.variables]
    assert names == list(table.variables)
    rows = [tuple(term_from_ox(s[n]) for n in names) for s in parsed]
    assert rows == list(table.rows)


def test_csv_is_w3c_sparql_results():
    lines = render(succession_table(), "csv").decode().split("\r\n")
    assert lines[0] == "congress,ordinal,label,start,end,place"
    assert lines[1] == f"{CONGRESS_1},1,First Congress,1922-12-30,1922-12-30,{MOSCOW}"
    assert lines[2] == f"{CONGRESS_2},2,Second Congress,1924-01-01,1924-01-31,"


def test_tsv_writes_rdf_terms():
    lines = render(succession_table(), "tsv").decode().splitlines()
    assert lines[0].split("\t")[0] == "?congress"
    assert lines[1].split("\t")[:3] == [f"<{CONGRESS_1}>", "1", '"First Congress"@en']


def test_ask_and_construct_results():
    graph = sovkg.load(MINI)
    ask = graph.select("ASK { ?s ?p ?o }")
    assert ask == AskResult(True)
    assert json.loads(render(ask, "json")) == {"head": {}, "boolean": True}
    construct = graph.select(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l FILTER(?s = <" + MOSCOW + ">) }"
    )
    assert isinstance(construct, GraphResult)
    ntriples = render(construct, "ntriples").decode().splitlines()
    assert ntriples == [
        f'<{MOSCOW}> <http://www.w3.org/2000/01/rdf-schema#label> "Moscow"@en .',
        f'<{MOSCOW}> <http://www.w3.org/2000/01/rdf-schema#label> "Москва"@ru .',
    ]


def test_curie():
    assert curie("https://w3id.org/sovkg/id/citation/d000-s01") == "cite:d000-s01"
    assert curie(CONGRESS_7) == "sk:congress-7"
    assert curie("urn:x") == "<urn:x>"


def test_atomic_write_keeps_mode_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


# --------------------------------------------------------------------------- store cache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A fresh cache folder and a fresh process memo."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("SOVKG_CACHE", str(folder))
    store_module.clear_memo()
    yield folder
    store_module.clear_memo()


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("oxigraph-*")) if cache.exists() else []


def _count(graph) -> int:
    return int(graph.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].value)


def test_store_is_built_once_and_reused(cache, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "mini.trig").write_bytes((MINI / "mini.trig").read_bytes())
    first = store_module.load(data, persistent=True)
    assert first.persistent and len(_entries(cache)) == 1
    entry = _entries(cache)[0]
    manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["fingerprint"] == first.fingerprint
    built = entry.stat().st_ino
    store_module.clear_memo()
    again = store_module.load(data, persistent=True)
    assert _entries(cache) == [entry] and entry.stat().st_ino == built
    assert _count(again) == _count(first)


def test_store_is_never_stale(cache, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    source = data / "mini.trig"
    source.write_bytes((MINI / "mini.trig").read_bytes())
    before = _count(store_module.load(data, persistent=True))
    with source.open("a", encoding="utf-8") as handle:
        handle.write("\n<urn:x:g> { <urn:x:a> <urn:x:p> <urn:x:b> . }\n")
    store_module.clear_memo()
    after = store_module.load(data, persistent=True)
    assert _count(after) == before + 1
    assert len(_entries(cache)) == 2


def test_same_content_same_store(cache, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    source = data / "mini.trig"
    source.write_bytes((MINI / "mini.trig").read_bytes())
    key = store_module.load(data, persistent=True).fingerprint
    os.utime(source, (1, 1))  # touched, same bytes
    store_module.clear_memo()
    assert store_module.load(data, persistent=True).fingerprint == key
    assert len(_entries(cache)) == 1


def test_concurrent_processes_share_one_store(cache):
    script = (
        "import sys; from sovkg import store; "
        "g = store.load(sys.argv[1], persistent=True); "
        "print(g.persistent, len(g.select('SELECT * WHERE { ?s ?p ?o }').rows))"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(MINI)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(TESTS.parent)},
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    assert len({out for out, _ in outputs}) == 1 and outputs[0][0].startswith("True ")
    assert len(_entries(cache)) == 1
    assert not list(cache.glob(".build-*"))


def test_damaged_store_is_rebuilt(cache):
    key = store_module.fingerprint(store_module.input_files(MINI))
    damaged = cache / f"oxigraph-{key[:40]}"
    (damaged / "store").mkdir(parents=True)
    (damaged / "store" / "CURRENT").write_text("garbage", encoding="utf-8")
    graph = store_module.load(MINI, persistent=True)
    assert graph.persistent and _count(graph) > 0


def test_unwritable_cache_falls_back_to_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("SOVKG_CACHE", str(blocker / "cache"))
    store_module.clear_memo()
    graph = store_module.load(MINI, persistent=True)
    assert graph.persistent is False and _count(graph) > 0
    store_module.clear_memo()


def test_size_decides_between_memory_and_disk(cache, monkeypatch):
    assert store_module.load(MINI).persistent is False
    monkeypatch.setattr(store_module, "PERSISTENT_MIN_BYTES", 1)
    monkeypatch.setenv("SOVKG_STORE_BUILD", "foreground")
    assert store_module.load(MINI).persistent is True
    monkeypatch.setenv("SOVKG_STORE", "memory")
    assert store_module.load(MINI).persistent is False


def test_first_use_answers_from_memory_while_a_detached_process_builds_the_store(
    cache, monkeypatch, tmp_path
):
    data = tmp_path / "data"
    data.mkdir()
    (data / "mini.trig").write_bytes((MINI / "mini.trig").read_bytes())
    monkeypatch.setattr(store_module, "PERSISTENT_MIN_BYTES", 1)
    monkeypatch.setenv("SOVKG_STORE_BUILD", "background")
    monkeypatch.setenv("PYTHONPATH", str(Path(store_module.__file__).parents[1]))
    first = store_module.load(data)
    assert first.persistent is False and _count(first) > 0  # answered from memory at once
    deadline = time.monotonic() + 120
    while not _entries(cache) and time.monotonic() < deadline:
        time.sleep(0.2)
    [entry] = _entries(cache)  # the detached builder's store, renamed into place when complete
    manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["fingerprint"] == first.fingerprint
    while list(cache.glob(".lock-*")) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert list(cache.glob(".lock-*")) == []  # the builder removed its lock
    store_module.clear_memo()
    again = store_module.load(data)
    assert again.persistent is True and _count(again) == _count(first)


def test_detached_builder_refuses_inputs_that_changed(cache, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "mini.trig").write_bytes((MINI / "mini.trig").read_bytes())
    files = store_module.input_files(data)
    stale_key = store_module.fingerprint(files)
    (data / "mini.trig").write_bytes((MINI / "mini.trig").read_bytes() + b"\n# edited\n")
    assert build_main([stale_key, *(str(p) for p in files)]) == 0
    assert _entries(cache) == []  # no store for a fingerprint the files no longer have


# --------------------------------------------------------------------------- command line


def test_cli_list_and_show(cli):
    listing = cli([*FIXTURE, "list"])
    assert listing.exit_code == 0
    assert listing.stdout.splitlines()[1].split()[0] == "members-at"
    shown = cli([*FIXTURE, "show", "agenda"])
    assert shown.exit_code == 0
    assert "congress, optional, default 7: one of 1, 2, 3, 4, 5, 6, 7, 8" in shown.stdout
    assert shown.stdout.endswith((FIXTURE_QUERIES / "agenda.rq").read_text(encoding="utf-8"))


def test_cli_show_suggests_a_command_that_runs(cli, tmp_path):
    """The "Run:" line of ``show`` uses a value the parameter accepts (an enumerated one)."""
    (tmp_path / "pick.rq").write_text(
        "#+ summary: s\n#+ enumerate:\n#+   - congress:\n#+     - 6\n#+     - 8\n"
        "SELECT ?_congress WHERE { ?s ?p ?o } LIMIT 1\n",
        encoding="utf-8",
    )
    shown = cli(["--data", str(MINI), "--queries", str(tmp_path), "show", "pick"])
    run = next(line for line in shown.stdout.splitlines() if line.startswith("Run: "))
    assert run == "Run: sovkg query pick --param congress=6"
    args = run.split()[2:]
    assert cli(["--data", str(MINI), "--queries", str(tmp_path), *args]).exit_code == 0


def test_cli_list_marks_query_files_that_cannot_be_used(cli, tmp_path):
    (tmp_path / "agenda.rq").write_bytes((FIXTURE_QUERIES / "agenda.rq").read_bytes())
    (tmp_path / "bad-param.rq").write_text(
        "#+ summary: s\n#+ params:\n#+   - when: a day\nSELECT ?_when WHERE { ?s ?p ?o }\n",
        encoding="utf-8",
    )
    (tmp_path / "drop.rq").write_text("#+ summary: s\nDROP ALL\n", encoding="utf-8")
    outcome = cli(["--data", str(MINI), "--queries", str(tmp_path), "list"])
    assert outcome.exit_code == 1
    lines = outcome.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["agenda", "bad-param", "drop"]
    assert "[cannot be used" not in lines[0]
    assert "[cannot be used: query 'bad-param' uses parameter ?_when" in lines[1]
    assert "[cannot be used: update queries are not allowed (DROP" in lines[2]
    assert outcome.stderr == (
        "sovkg: error: 2 of 3 query files cannot be used (see the lines marked above)\n"
    )


def test_cli_query_prints_a_labelled_table(cli):
    outcome = cli([*FIXTURE, "query", "members-at", "--param", "date=1924-01-01"])
    assert outcome.exit_code == 0 and outcome.stderr == ""
    rows = [line.split("  ")[0] for line in outcome.stdout.splitlines()[2:-1]]
    assert rows == ["Russian SFSR", "Ukrainian SSR", "Uzbek SSR"]


def test_cli_table_leaves_out_parameter_columns_that_w3c_formats_keep(cli):
    args = [*FIXTURE, "query", "members-at", "--param", "date=1924-01-01"]
    table = cli(args).stdout.splitlines()[0].split()
    csv = cli([*args, "--format", "csv"]).stdout.splitlines()[0].split(",")
    assert "_date" not in table and "_date" in csv
    assert [name for name in csv if name != "_date"] == table


def test_cli_engines_print_the_same(cli):
    args = [*FIXTURE, "query", "agenda", "--format", "json"]
    assert cli([*args, "--engine", "rdflib"]).stdout == cli(args).stdout


def test_cli_sparql_from_stdin(cli):
    outcome = cli(
        [*FIXTURE, "sparql", "--file", "-", "--format", "csv"],
        stdin="SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/sovkg/ontology#Congress> }",
    )
    assert outcome.stdout.splitlines() == ["n", "3"]


def _commands():
    import click

    from sovkg.cli import cli as group

    ctx = click.Context(group)
    return [(name, group.get_command(ctx, name)) for name in group.list_commands(ctx)]


@pytest.mark.parametrize(
    ("name", "command"), _commands(), ids=lambda x: x if isinstance(x, str) else ""
)
def test_every_command_help_has_an_example(cli, name, command):
    outcome = cli([name, "--help"])
    assert outcome.exit_code == 0
    assert "Example" in outcome.stdout and f"sovkg {name}" in outcome.stdout


def test_top_level_help_and_version(cli):
    assert "sovkg query succession" in cli(["--help"]).stdout
    assert cli(["--version"]).stdout.strip() == f"sovkg, version {sovkg.__version__}"


def test_lazy_commands_are_imported_only_when_used():
    import click

    from sovkg.cli import LazyGroup

    group = LazyGroup(name="g", lazy_commands={"hello": "tests_lazy_target:hello"})
    assert group.list_commands(click.Context(group)) == ["hello"]
    assert "tests_lazy_target" not in sys.modules


QUERY_PATH_SCRIPT = """
import sys
from sovkg.cli import cli
code = cli.main(sys.argv[1:], standalone_mode=False)
heavy = sorted({m.split('.')[0] for m in sys.modules} & {'rdflib', 'owlrl', 'pyshacl', 'pyparsing'})
print('HEAVY', heavy, 'CODE', code, file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["query", "succession"], id="bundled-succession"),
        pytest.param(["query", "members-at", "-p", "date=1926-01-01"], id="bundled-members-at"),
        pytest.param([*FIXTURE, "query", "agenda", "--format", "markdown"], id="fixture-md"),
        pytest.param(["sparql", "ASK { ?s ?p ?o }"], id="sparql"),
        pytest.param(["list"], id="list-parses-every-query"),
    ],
)
def test_query_path_never_imports_rdflib_owlrl_or_pyshacl(args):
    done = subprocess.run(
        [sys.executable, "-c", QUERY_PATH_SCRIPT, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(TESTS.parent)},
        check=False,
    )
    assert "HEAVY [] CODE 0" in done.stderr, done.stderr


def test_installed_script_uses_bundled_resources_from_any_folder(script, tmp_path):
    outcome = script(["query", "succession", "--format", "csv"], cwd=tmp_path)
    assert outcome.exit_code == 0, outcome
    header, first = outcome.stdout.splitlines()[:2]
    assert "ordinal" in header.split(",")
    assert CONGRESS_1 in first


def test_data_folder_from_environment(script, tmp_path):
    outcome = script(
        ["query", "members-at", "-p", "date=1924-01-01", "--format", "csv"],
        cwd=tmp_path,
        env={"SOVKG_DATA": str(MINI), "SOVKG_QUERIES": str(FIXTURE_QUERIES)},
    )
    assert outcome.exit_code == 0, outcome
    assert [line.split(",")[0] for line in outcome.stdout.splitlines()[1:]] == [
        RSFSR,
        UKRAINE,
        UZBEK,
    ]
