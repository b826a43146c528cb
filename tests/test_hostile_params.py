"""Hostile parameter values never change what a named query means.

Every parameter of every named query (the bundled ones and the fixtures) is fed every value of
:data:`HOSTILE`. Parameter kinds accept no free text (dates and congress ordinals only), so each
value must be refused with exit code 2 before any query runs. Below that check, the engines bind
values as RDF terms, never as text: the executed query string is always the file's text, and
even a hostile string bound straight into the engine (skipping validation) answers exactly like
a harmless non-matching string.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from sovkg import store as store_module
from sovkg.errors import ParameterError
from sovkg.queries import BoundLiteral, NamedQuery, QueryRegistry

TESTS = Path(__file__).parent
FIXTURE_DATA = TESTS / "data" / "mini"
FIXTURE_QUERIES = TESTS / "data" / "queries"
XSD = "http://www.w3.org/2001/XMLSchema#"

HOSTILE: list[str] = [
    # quotes and string breaking
    '1926-01-01"',
    "1926-01-01'",
    '"1926-01-01"',
    "'1926-01-01'",
    '1926-01-01" . } UNION { ?s ?p ?o . "',
    "1926-01-01''' } UNION { ?s ?p ?o } '''",
    "'''",
    '"""',
    '\\"',
    "\\",
    '7"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"7"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '1926-01-01"^^<http://www.w3.org/2001/XMLSchema#date>) || true || ("',
    # braces and graph patterns
    "} UNION { ?s ?p ?o }",
    "7 } UNION { ?s ?p ?o",
    "1926-01-01 } UNION { ?s ?p ?o } #",
    "{}",
    "[]",
    "()",
    "7) || true || (",
    "7 || 1=1",
    "FILTER(true)",
    "BIND(1 AS ?x)",
    "VALUES ?_congress { 1 2 3 }",
    "LIMIT 0",
    "} LIMIT 0 #",
    "OPTIONAL { ?s ?p ?o }",
    # newlines, comments and control characters
    "1926-01-01\n",
    "\n1926-01-01",
    "1926-01-01\r\n} UNION {",
    "7\n",
    "\t7",
    "1926-01-01 # comment",
    "# } UNION {",
    "7 #",
    "1926-01-01\x00",
    "\x00",
    "7\x1b[2J",
    # \u escapes (SPARQL expands them before parsing) and look-alike characters
    "\\u0022) || true #",
    "1926\\u002D01\\u002D01",
    "\\U0001F600",
    "\\u007D UNION \\u007B ?s ?p ?o",
    "\u0022",
    "1926\u201001\u201001",
    "\u0667",
    "\uff17",
    "7\u200b",
    "1926-01-01\u200b",
    "\u202e10-10-6291",
    "\U0001f4a5",
    # IRIs, variables and blank nodes
    "<http://example.org/>",
    "<http://example.org/> } UNION { ?s ?p ?o",
    "<http://x/>> . ?s ?p ?o",
    "http://example.org/a>b",
    "<https://w3id.org/sovkg/id/congress-7>",
    "sk:congress-7",
    "?x",
    "$x",
    "?_date",
    "?__from",
    "_:b0",
    # other queries' keywords
    "SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o }",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DROP ALL",
    "LOAD <file:///etc/passwd>",
    "FROM <file:///etc/passwd>",
    # values that almost fit a kind
    "1926-01-01T00:00:00Z",
    "1926-01-01Z",
    "1926-01-01+03:00",
    "-1926-01-01",
    "+1926-01-01",
    "1926-13-01",
    "0000-01-01",
    "7.0",
    "7e0",
    "0x7",
    "07",
    "-7",
    "NaN",
    "true",
    "None",
    "null",
    "",
    " ",
    # very long values
    "a" * 10_000,
    "1926-01-01" + " " * 5_000,
    "7" * 1_000,
    "} UNION { ?s ?p ?o } " * 500,
    # shell and other injection habits
    "$(rm -rf /)",
    "`id`",
    "; DROP TABLE congress; --",
    "%22%7D%20UNION%20%7B",
    "&quot;",
    "${jndi:ldap://127.0.0.1/x}",
]


def _registries() -> list[QueryRegistry]:
    registries = [QueryRegistry(FIXTURE_QUERIES)]
    bundled = QueryRegistry()
    if len(bundled):
        registries.append(bundled)
    return registries


def _pairs() -> list[tuple[NamedQuery, str]]:
    return [
        (query, param.name)
        for registry in _registries()
        for query in registry
        for param in query.parameters
    ]


PAIRS = _pairs()
PAIR_IDS = [f"{q.path.parent.name}/{q.name}:{p}" for q, p in PAIRS]


def test_there_are_enough_hostile_values():
    assert len(HOSTILE) >= 60
    assert len(set(HOSTILE)) == len(HOSTILE)


def test_every_parameter_kind_is_covered():
    names = {name for _, name in PAIRS}
    assert {"date", "congress", "from", "to"} <= names


@pytest.mark.parametrize(("query", "param"), PAIRS, ids=PAIR_IDS)
def test_api_refuses_every_hostile_value(query, param):
    for value in HOSTILE:
        with pytest.raises(ParameterError) as caught:
            query.bind({param: value})
        message = str(caught.value)
        assert message.startswith(f"parameter '{param}': "), message
        assert "\n" not in message and "\r" not in message
        assert len(message) < 300


@pytest.fixture
def spy(monkeypatch):
    """Record every query text and binding the oxigraph and rdflib engines are asked to run."""
    calls: list[tuple[str, dict[str, BoundLiteral]]] = []
    for engine in (store_module.OxigraphGraph, store_module.RdflibGraph):
        original = engine.select

        def recording(self, query, bindings=None, _original=original):
            calls.append((query, dict(bindings or {})))
            return _original(self, query, bindings)

        monkeypatch.setattr(engine, "select", recording)
    return calls


def _cli_prefix(query: NamedQuery) -> list[str]:
    if query.path.parent == FIXTURE_QUERIES:
        return ["--data", str(FIXTURE_DATA), "--queries", str(FIXTURE_QUERIES)]
    return []


@pytest.mark.parametrize(("query", "param"), PAIRS, ids=PAIR_IDS)
def test_cli_refuses_every_hostile_value_before_running_anything(cli, spy, query, param):
    for value in HOSTILE:
        outcome = cli([*_cli_prefix(query), "query", query.name, "--param", f"{param}={value}"])
        assert outcome.exit_code == 2, (value, outcome)
        assert outcome.stdout == ""
        lines = outcome.stderr.splitlines()
        assert len(lines) == 1, (value, outcome.stderr)
        assert lines[0].startswith(f"sovkg: error: parameter '{param}': "), lines[0]
    assert spy == []  # no query ever reached an engine


def _valid_values(query: NamedQuery) -> list[dict[str, str]]:
    """A few accepted parameter sets: every required parameter set, optional ones on and off."""
    base = {p.name: (p.choices or (p.kind.example,))[0] for p in query.parameters if p.required}
    variants = [base]
    for param in query.parameters:
        if not param.required:
            variants.append({**base, param.name: (param.choices or (param.kind.example,))[-1]})
    return variants


@pytest.mark.parametrize(
    "query",
    [q for registry in _registries() for q in registry],
    ids=lambda q: f"{q.path.parent.name}/{q.name}",
)
def test_executed_text_is_the_file_text(cli, spy, query):
    """Accepted values are bound as typed literals; the query text is never edited."""
    for values in _valid_values(query):
        args = [part for k, v in values.items() for part in ("-p", f"{k}={v}")]
        outcome = cli([*_cli_prefix(query), "query", query.name, *args])
        assert outcome.exit_code == 0, outcome
        executed, bindings = spy[-1]
        assert executed == query.path.read_text(encoding="utf-8")
        expected = {
            p.variable: BoundLiteral(values.get(p.name, p.default or ""), p.kind.datatype)
            for p in query.parameters
            if p.name in values or p.default is not None
        }
        assert bindings == expected


# --------------------------------------------------------------------------- below validation

INJECTIONS = [v for v in HOSTILE if any(c in v for c in "{}[]()<>\"'#?$;\\\n\r")]
"""The values that try to change a query's text (the rest only try to pass as a valid value)."""
ENGINE_VALUES = INJECTIONS[:30] + INJECTIONS[-10:]
"""A subset for rdflib, which takes 10 to 50 ms a query."""


def test_there_are_enough_injection_attempts():
    assert len(INJECTIONS) >= 40


def _answers(graph, query: NamedQuery, variable: str, literal: BoundLiteral):
    bindings = {
        p.variable: BoundLiteral(p.default or p.kind.example, p.kind.datatype)
        for p in query.parameters
        if p.required or p.default is not None
    }
    bindings[variable] = literal
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rdflib warns about ill-typed literals
        result = graph.select(query.text, bindings)
    rows = [
        tuple(t for v, t in zip(result.variables, row, strict=True) if v != variable)
        for row in result.rows
    ]
    return sorted(rows, key=repr)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize(
    ("query", "param"),
    [(q, p) for q, p in PAIRS if q.path.parent == FIXTURE_QUERIES],
    ids=[i for (q, _), i in zip(PAIRS, PAIR_IDS, strict=True) if q.path.parent == FIXTURE_QUERIES],
)
def test_engines_treat_hostile_strings_as_plain_values(spy, engine, query, param):
    """Bound without validation, a hostile string means what any non-matching string means.

    The value is bound as an ``xsd:string`` literal: whatever text it holds stays data. (Bound
    with the parameter's own datatype, some values are merely other lexical forms of valid
    values, such as ``"07"^^xsd:integer``; validation refuses those before this level.)
    """
    graph = store_module.load(FIXTURE_DATA, engine)
    variable = query.parameter(param).variable
    harmless = _answers(graph, query, variable, BoundLiteral("zzz", XSD + "string"))
    for value in ENGINE_VALUES:
        assert _answers(graph, query, variable, BoundLiteral(value, XSD + "string")) == harmless
    assert {text for text, _ in spy} == {query.path.read_text(encoding="utf-8")}


@pytest.mark.parametrize(
    ("query", "param"),
    [(q, p) for q, p in PAIRS if q.path.parent != FIXTURE_QUERIES],
    ids=[i for (q, _), i in zip(PAIRS, PAIR_IDS, strict=True) if q.path.parent != FIXTURE_QUERIES],
)
def test_bundled_queries_treat_hostile_strings_as_plain_values(spy, query, param):
    """The same on the bundled queries and data (oxigraph, the engine the CLI uses)."""
    graph = store_module.load(None, "oxigraph")
    variable = query.parameter(param).variable
    harmless = _answers(graph, query, variable, BoundLiteral("zzz", XSD + "string"))
    for value in INJECTIONS:
        assert _answers(graph, query, variable, BoundLiteral(value, XSD + "string")) == harmless
    assert {text for text, _ in spy} == {query.path.read_text(encoding="utf-8")}
