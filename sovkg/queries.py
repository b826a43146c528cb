"""Named SPARQL queries: discover ``.rq`` files, read their grlc header, bind parameters safely.

One file per query; the file name (without ``.rq``) is the query's name. A file opens with a
grlc-style header::

    #+ summary: The republics that were members of the Union on a date
    #+ description: One row per republic, with the date it joined.
    #+ tags:
    #+   - membership
    #+ defaults:
    #+   - congress: 7
    #+ enumerate:
    #+   - congress

Parameters are the variables that start with an underscore, as grlc writes them: ``?_date`` is
required, ``?__date`` optional (a default from ``#+ defaults:`` also makes it optional). What a
parameter accepts is fixed by its name in :data:`PARAM_KINDS`, never by the caller: a value is
checked there and becomes one typed RDF literal, bound to the variable by the engine
(pyoxigraph ``substitutions``, rdflib ``initBindings``). The query text is never edited.

This module also guards ad-hoc queries (:func:`check_read_only`): it tokenizes the SPARQL text
the way the grammar does (comments, strings, IRIs, prefixed names and variables are single tokens)
and rejects updates, ``SERVICE``, ``FROM``/``FROM NAMED`` and ``LOAD`` wherever they appear as
keywords, including when spelt with ``\\u`` escapes, which SPARQL expands before parsing.

Example:
    >>> kind = PARAM_KINDS["date"]
    >>> kind.check("1926-01-01")
    '1926-01-01'
    >>> kind.check("1926-02-30")
    Traceback (most recent call last):
    ...
    ValueError: '1926-02-30' is not a calendar date (day is out of range for month); ...
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sovkg.errors import (
    ForbiddenQueryError,
    ParameterError,
    QueryDefinitionError,
    QueryExecutionError,
    QuerySyntaxError,
    UnknownQueryError,
)
from sovkg.resources import queries_dir
from sovkg.results import XSD

# --------------------------------------------------------------------------- parameter kinds


@dataclass(frozen=True)
class ParamKind:
    """What one kind of parameter accepts and how its value is typed in RDF.

    Attributes:
        name: short name of the kind (``date``, ``congress``).
        datatype: the XSD datatype IRI of the bound literal.
        allowed: one line that tells the user what is allowed.
        example: a valid value, used in help texts and messages.
        choices: the complete list of valid values where it is short, else empty.
    """

    name: str
    datatype: str
    allowed: str
    example: str
    choices: tuple[str, ...] = ()

    def check(self, value: str) -> str:
        """Return the canonical lexical form of ``value``, or raise ``ValueError`` saying why not.

        Args:
            value: the value as the user typed it.
        """
        if self.name == "date":
            return _check_date(value, self)
        if self.name == "congress":
            return _check_congress(value, self)
        raise ValueError(f"no checker for parameter kind {self.name!r}")  # pragma: no cover


_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CONGRESS_SHAPE = re.compile(r"[1-8]")


def _show(value: str) -> str:
    """Quote a user value for a one-line message, shortened and with control characters escaped."""
    text = value if len(value) <= 40 else value[:37] + "..."
    return repr(text)


def _check_date(value: str, kind: ParamKind) -> str:
    if not _DATE_SHAPE.fullmatch(value):
        raise ValueError(f"{_show(value)} is not a date; expected {kind.allowed}")
    import datetime

    try:
        datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(
            f"{_show(value)} is not a calendar date ({exc}); expected {kind.allowed}"
        ) from None
    return value


def _check_congress(value: str, kind: ParamKind) -> str:
    if not _CONGRESS_SHAPE.fullmatch(value):
        raise ValueError(f"{_show(value)} is not a congress number; expected {kind.allowed}")
    return value


DATE = ParamKind(
    name="date",
    datatype=XSD + "date",
    allowed="YYYY-MM-DD, e.g. 1926-01-01",
    example="1926-01-01",
)
CONGRESS = ParamKind(
    name="congress",
    datatype=XSD + "integer",
    allowed="an integer from 1 to 8 (the congress's ordinal)",
    example="7",
    choices=tuple(str(n) for n in range(1, 9)),
)

PARAM_KINDS: dict[str, ParamKind] = {
    "date": DATE,
    "from": DATE,
    "to": DATE,
    "congress": CONGRESS,
}
"""Parameter name -> kind. A named query may only use parameters named here."""


@dataclass(frozen=True)
class BoundLiteral:
    """A checked parameter value: a typed literal that an engine binds to a variable.

    Attributes:
        lexical: the literal's lexical form.
        datatype: its datatype IRI.
    """

    lexical: str
    datatype: str


# --------------------------------------------------------------------------- tokenizer

_TOKEN_PATTERNS: list[tuple[str, str]] = [
    ("ws", r"\s+"),
    ("comment", r"#[^\n\r]*"),
    ("string", r"'''(?:'{0,2}(?:\\.|[^'\\]))*'''"),
    ("string", r'"""(?:"{0,2}(?:\\.|[^"\\]))*"""'),
    ("string", r"'(?:\\.|[^'\\\n\r])*'"),
    ("string", r'"(?:\\.|[^"\\\n\r])*"'),
    ("iri", r"<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>"),
    ("var", r"[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+"),
    ("langtag", r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*"),
    # A prefixed name or blank node label: anything with a colon, including ":x" and "_:b".
    ("pname", r"(?:[^\W\d][\w.\-]*)?:(?:[\w.\-:%]|\\.)*"),
    ("word", r"[^\W\d]\w*"),
    ("number", r"[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?"),
    ("punct", r"\^\^|&&|\|\||!=|<=|>=|[^\s]"),
]
_TOKEN_RE = re.compile(
    "|".join(f"(?P<{kind}{i}>{pat})" for i, (kind, pat) in enumerate(_TOKEN_PATTERNS))
)
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class Token:
    """One lexical token of a SPARQL text.

    Attributes:
        kind: ``comment``, ``string``, ``iri``, ``var``, ``langtag``, ``pname``, ``word``,
            ``number`` or ``punct`` (whitespace is dropped).
        text: the token as written.
        line: 1-based line.
        column: 1-based column.
    """

    kind: str
    text: str
    line: int
    column: int


class _LexError(ValueError):
    """The text cannot be split into SPARQL tokens."""


def tokenize(text: str) -> list[Token]:
    """Split SPARQL text into tokens (whitespace dropped, comments kept).

    Args:
        text: a SPARQL query.

    Returns:
        The tokens in order.

    Raises:
        ValueError: if some part of the text is not a SPARQL token (an unterminated string).

    Example:
        >>> [t.kind for t in tokenize('SELECT ?_date # "x"\\nWHERE { }')]
        ['word', 'var', 'comment', 'word', 'punct', 'punct']
    """
    tokens: list[Token] = []
    line, line_start, pos = 1, 0, 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if match is None or match.end() == pos:  # pragma: no cover - punct matches any char
            raise _LexError(f"cannot read the query at line {line}")
        kind = (match.lastgroup or "").rstrip("0123456789")
        chunk = match.group()
        if kind != "ws":
            tokens.append(Token(kind, chunk, line, pos - line_start + 1))
        newlines = chunk.count("\n")
        if newlines:
            line += newlines
            line_start = pos + chunk.rindex("\n") + 1
        pos = match.end()
    for token in tokens:
        if token.kind == "punct" and token.text in {"'", '"'}:
            raise _LexError(f"unterminated string at line {token.line}, column {token.column}")
    return tokens


def expand_unicode_escapes(text: str) -> str:
    r"""Replace ``\uXXXX`` and ``\UXXXXXXXX`` everywhere, as the SPARQL grammar does first.

    Example:
        >>> expand_unicode_escapes(r"\u0053ERVICE")
        'SERVICE'
    """

    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        try:
            return chr(code)
        except (ValueError, OverflowError):
            return match.group()

    return _UNICODE_ESCAPE.sub(replace, text)


# --------------------------------------------------------------------------- read-only guard

_UPDATE_KEYWORDS = (
    "INSERT",
    "DELETE",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
    "LOAD",
)
_FORBIDDEN_RE = re.compile("|".join(("SERVICE", "FROM", *_UPDATE_KEYWORDS)), re.IGNORECASE)
_WORD_SPLIT = re.compile(r"\w+")


def _code_words(text: str) -> list[Token]:
    """The parts of ``text`` a parser may read as keywords.

    These are bare words and the prefix part of prefixed names: pyoxigraph matches keywords
    without a word boundary, so ``SERVICEx:y`` is ``SERVICE`` applied to ``x:y``. If the text
    cannot be tokenized, every word of it is returned (conservative).
    """
    try:
        tokens = tokenize(text)
    except _LexError:
        words: list[Token] = []
        for number, line in enumerate(text.splitlines() or [""], start=1):
            words.extend(
                Token("word", m.group(), number, m.start() + 1) for m in _WORD_SPLIT.finditer(line)
            )
        return words
    return [
        Token(t.kind, t.text.split(":", 1)[0], t.line, t.column) if t.kind == "pname" else t
        for t in tokens
        if t.kind in {"word", "pname"}
    ]


def check_read_only(text: str) -> None:
    r"""Reject a query that writes or reaches beyond the local graph.

    Rejected wherever they can be read as keywords (not inside comments, strings, IRIs,
    variables or the local part of prefixed names): SPARQL Update operations (``INSERT``,
    ``DELETE``, ``LOAD``, ``CLEAR``, ...), ``SERVICE`` (remote calls), and ``FROM`` /
    ``FROM NAMED`` (rdflib would read the named IRI from the file system or the web). A bare
    word or a prefix that merely contains one of these words (``SERVICEx:y``, ``trueSERVICE``)
    is rejected too, because pyoxigraph reads keywords without a word boundary. The text is
    checked as written and again after expanding ``\u`` escapes, which rdflib applies first.

    Args:
        text: a SPARQL query.

    Raises:
        ForbiddenQueryError: naming the keyword, its line and column, and what is allowed.

    Example:
        >>> check_read_only('SELECT * WHERE { ?s ?p "SERVICE" } # FROM <x>')
        >>> check_read_only("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
        Traceback (most recent call last):
        ...
        sovkg.errors.ForbiddenQueryError: FROM is not allowed (line 1, column 10): ...
    """
    variants = [(text, "")]
    expanded = expand_unicode_escapes(text)
    if expanded != text:
        variants.append((expanded, " after expanding \\u escapes"))
    for variant, note in variants:
        for token in _code_words(variant):
            found = _FORBIDDEN_RE.search(token.text)
            if found is None:
                continue
            word = found.group().upper()
            where = f"line {token.line}, column {token.column + found.start()}{note}"
            if word != token.text.upper():
                where += f", inside '{token.text}'"
            if word in _UPDATE_KEYWORDS:
                raise ForbiddenQueryError(
                    f"update queries are not allowed ({word} at {where}); "
                    "use a read-only SELECT, ASK, CONSTRUCT or DESCRIBE query"
                )
            if word == "SERVICE":
                raise ForbiddenQueryError(
                    f"SERVICE is not allowed ({where}): queries run on the local graph only"
                )
            raise ForbiddenQueryError(
                f"FROM is not allowed ({where}): queries run on the local graph only, "
                "whose default graph is the union of all graphs"
            )


# --------------------------------------------------------------------------- header


def parse_header(text: str) -> dict[str, str | list[str]]:
    """Read the grlc-style ``#+ key: value`` header at the top of a query file.

    A key either has a value on its own line (``#+ summary: ...``), an inline list
    (``#+ tags: [a, b]``) or a YAML-like list on the following ``#+   - item`` lines. An item
    ``- name:`` followed by deeper items (``#+     - 7``) becomes ``"name: [7, ...]"``. The header
    ends at the first line that is neither a ``#+`` line nor blank nor a plain comment.

    Args:
        text: the file's text.

    Returns:
        Key -> string (scalar) or list of strings.

    Raises:
        QueryDefinitionError: on a ``#+`` line that is neither ``key: value`` nor ``- item``.

    Example:
        >>> parse_header("#+ summary: Hi\\n#+ tags:\\n#+   - a\\n#+   - b\\nSELECT * {}")
        {'summary': 'Hi', 'tags': ['a', 'b']}
        >>> parse_header("#+ enumerate:\\n#+   - congress:\\n#+     - 1\\n#+     - 2\\n")
        {'enumerate': ['congress: [1, 2]']}
    """
    header: dict[str, str | list[str]] = {}
    current: str | None = None
    parent: tuple[int, str] | None = None  # indent and name of an open "- name:" item
    children: list[str] = []

    def close_parent() -> None:
        nonlocal parent, children
        if parent is not None and current is not None:
            items = header[current]
            assert isinstance(items, list)
            items.append(f"{parent[1]}: [{', '.join(children)}]" if children else parent[1] + ":")
        parent, children = None, []

    for raw in text.splitlines():
        line = raw.strip()
        if not line or (line.startswith("#") and not line.startswith("#+")):
            continue
        if not line.startswith("#+"):
            break
        rest = line[2:]
        body = rest.strip()
        indent = len(rest) - len(rest.lstrip())
        if body.startswith("- ") or body == "-":
            item = body[1:].strip()
            if current is None:
                raise QueryDefinitionError(f"header list item without a key: {raw!r}")
            if parent is not None and indent > parent[0]:
                children.append(item)
                continue
            close_parent()
            existing = header.setdefault(current, [])
            if not isinstance(existing, list):
                raise QueryDefinitionError(f"header key '{current}' mixes a value and a list")
            if item.endswith(":"):
                parent = (indent, item[:-1].strip())
            else:
                existing.append(item)
            continue
        close_parent()
        key, sep, value = body.partition(":")
        if not sep or not key.strip():
            raise QueryDefinitionError(f"header line is not 'key: value': {raw!r}")
        current = key.strip()
        header[current] = _inline(value.strip())
    close_parent()
    return header


def _inline(value: str) -> str | list[str]:
    """Parse a header value: ``[a, b]`` is a list, an empty value an empty list."""
    if value.startswith("[") and value.endswith("]"):
        return [v.strip() for v in value[1:-1].split(",") if v.strip()]
    return value if value else []


# --------------------------------------------------------------------------- named queries


@dataclass(frozen=True)
class Parameter:
    """One parameter of a named query.

    Attributes:
        name: the parameter name (``date``), as given to ``--param`` and ``run_query``.
        variable: the SPARQL variable it binds, without ``?`` (``_date`` or ``__date``).
        kind: what it accepts.
        required: ``True`` if the caller must give it (``?_name`` without a default).
        default: the default value, or ``None``.
        enumerate: ``True`` if the header lists it under ``#+ enumerate:``.
        choices: the values ``#+ enumerate:`` lists for it (then only those are accepted),
            else empty.
        description: its ``#+ params:`` text, or ``""``.
    """

    name: str
    variable: str
    kind: ParamKind
    required: bool
    default: str | None = None
    enumerate: bool = False
    choices: tuple[str, ...] = ()
    description: str = ""

    @property
    def allowed(self) -> str:
        """What the parameter accepts, in words."""
        if self.choices:
            return f"one of {', '.join(self.choices)}"
        return self.kind.allowed

    @property
    def example(self) -> str:
        """A value it accepts: its first enumerated value, else its kind's example."""
        return self.choices[0] if self.choices else self.kind.example

    def check(self, value: str) -> str:
        """Return the canonical form of ``value``, or raise ``ValueError`` saying why not."""
        lexical = self.kind.check(value)
        if self.choices and lexical not in self.choices:
            raise ValueError(f"{_show(value)} is not allowed here; expected {self.allowed}")
        return lexical

    def describe(self) -> str:
        """Return one line for ``sovkg show``: name, status, description, what is allowed."""
        status = "required" if self.required else "optional"
        if self.default is not None:
            status += f", default {self.default}"
        choices = self.choices or (self.kind.choices if self.enumerate else ())
        allowed = f"one of {', '.join(choices)}" if choices else self.kind.allowed
        about = f" ({self.description})" if self.description else ""
        return f"{self.name}, {status}{about}: {allowed}"


@dataclass(frozen=True)
class NamedQuery:
    """A named query read from ``NAME.rq``.

    Attributes:
        name: the file name without ``.rq``.
        path: the file it was read from.
        text: the full file text, exactly as executed.
        summary: the ``#+ summary:`` line.
        description: the ``#+ description:`` text, or ``""``.
        tags: the ``#+ tags:`` list.
        parameters: the parameters in the order they first occur in the text.
        header: the whole ``#+`` header as parsed by :func:`parse_header`.
    """

    name: str
    path: Path
    text: str
    summary: str
    description: str = ""
    tags: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    header: dict[str, str | list[str]] = field(default_factory=dict, compare=False)

    def parameter(self, name: str) -> Parameter | None:
        """Return the parameter called ``name``, or ``None``."""
        return next((p for p in self.parameters if p.name == name), None)

    def bind(self, values: Mapping[str, object]) -> dict[str, BoundLiteral]:
        """Check ``values`` against this query's parameters and type them as literals.

        Args:
            values: parameter name -> value (a string as typed, or an ``int`` or
                ``datetime.date``). Missing optional parameters take their default, if any.

        Returns:
            SPARQL variable name (without ``?``) -> literal to bind.

        Raises:
            ParameterError: for an unknown parameter, a missing required one, or a malformed
                value; the message names the parameter and what it accepts.
        """
        known = [p.name for p in self.parameters]
        import difflib

        for name in values:
            if self.parameter(name) is None:
                if not known:
                    raise ParameterError(
                        f"unknown parameter '{name}': query '{self.name}' takes no parameters"
                    )
                near = difflib.get_close_matches(name, known, n=1)
                hint = f"did you mean '{near[0]}'? " if near else ""
                raise ParameterError(
                    f"unknown parameter '{name}' for query '{self.name}'; {hint}"
                    f"allowed: {', '.join(known)}"
                )
        bound: dict[str, BoundLiteral] = {}
        for param in self.parameters:
            if param.name in values:
                raw = _as_text(param, values[param.name])
            elif param.default is not None:
                raw = param.default
            elif param.required:
                raise ParameterError(
                    f"missing required parameter '{param.name}' for query '{self.name}': "
                    f"{param.allowed} (--param {param.name}={param.example})"
                )
            else:
                continue
            try:
                lexical = param.check(raw)
            except ValueError as exc:
                raise ParameterError(f"parameter '{param.name}': {exc}") from None
            bound[param.variable] = BoundLiteral(lexical, param.kind.datatype)
        self._check_range(bound)
        return bound

    def _check_range(self, bound: Mapping[str, BoundLiteral]) -> None:
        """Refuse a ``from`` date after the ``to`` date: the range would be empty."""
        start, end = self.parameter("from"), self.parameter("to")
        if start is None or end is None or start.kind is not DATE or end.kind is not DATE:
            return
        low, high = bound.get(start.variable), bound.get(end.variable)
        if low is not None and high is not None and low.lexical > high.lexical:
            raise ParameterError(
                f"parameter 'from' ({low.lexical}) is after 'to' ({high.lexical}); give from <= to"
            )

    def problems(self) -> list[str]:
        """Return what breaks the project's query conventions (empty when the file is clean).

        Checked: a summary exists; every ``#+ params:`` and ``#+ enumerate:`` entry names a
        parameter the query uses; every parameter can be bound the way the engine binds it
        (a SELECT projects it, or is ``SELECT *``; in an ASK, CONSTRUCT or DESCRIBE query
        pyoxigraph accepts it, see :meth:`_unbindable`); no parameter variable is assigned with
        ``BIND``/``AS``; the query passes :func:`check_read_only`; and it parses (see
        :meth:`_syntax_problem`).
        """
        found: list[str] = []
        if not self.summary:
            found.append("no '#+ summary:' header line")
        found.extend(self._unused_param_entries())
        tokens = tokenize(self.text)
        try:
            form: str | None = query_form(tokens)[0]
        except QuerySyntaxError:
            form = None
        bindable = list(self.parameters)
        if form in {"SELECT", None}:  # no form at all: the parse below says what is wrong
            projected, star = _projection(tokens)
            bindable = [p for p in self.parameters if star or p.variable in projected]
            found.extend(
                f"parameter ?{p.variable} is not projected"
                for p in self.parameters
                if p not in bindable
            )
        for before, token in itertools.pairwise(tokens):
            if before.kind == "word" and before.text.upper() == "AS" and token.kind == "var":
                name = token.text[1:]
                if any(p.variable == name for p in self.parameters):
                    found.append(f"parameter ?{name} is assigned with AS/BIND")
        try:
            check_read_only(self.text)
        except ForbiddenQueryError as exc:
            found.append(str(exc))
            return found  # the engine would refuse it before parsing
        if form in {"SELECT", None}:
            syntax = self._syntax_problem(bindable)
            if syntax is not None:
                found.append(syntax)
        else:
            found.extend(self._unbindable(form))
        return found

    def _unbindable(self, form: str) -> list[str]:
        """Parse an ASK, CONSTRUCT or DESCRIBE query; then name each parameter it cannot bind.

        pyoxigraph substitutes only a variable the query's result can hold: for ASK one the
        WHERE group binds (a triple pattern, ``VALUES``, ``OPTIONAL``, a sub-SELECT's
        projection; not a variable used only in ``FILTER``, ``EXISTS`` or ``MINUS``), for
        CONSTRUCT also one of the template, for DESCRIBE one the clause names (or, with
        ``DESCRIBE *``, one the group binds). Rather than approximate that rule, each
        parameter is bound alone on the empty graph: it fails only if pyoxigraph refuses it.

        Args:
            form: ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.

        Returns:
            The syntax error if the query does not parse, else one problem per parameter.
        """
        syntax = self._syntax_problem(())
        if syntax is not None:
            return [syntax]
        why = _UNBINDABLE[form]
        return [
            f"parameter ?{p.variable} {why}"
            for p in self.parameters
            if self._syntax_problem((p,)) is not None
        ]

    def _unused_param_entries(self) -> list[str]:
        """One problem per ``#+ params:`` or ``#+ enumerate:`` entry naming no parameter in use.

        Such an entry is a typo or a leftover: it documents or restricts nothing.
        """
        used = [p.name for p in self.parameters]
        its = f"its parameters: {', '.join(used)}" if used else "it takes no parameters"
        described = _pairs(self.header.get("params", []), self.name, "params")
        enumerated = _enumerated(self.header.get("enumerate", []))
        return [
            f"'#+ params:' describes '{name}', which the query does not use ({its})"
            for name in described
            if name not in used
        ] + [
            f"'#+ enumerate:' lists '{name}', which the query does not use ({its})"
            for name in enumerated
            if name not in used
        ]

    def _syntax_problem(self, bound: Sequence[Parameter]) -> str | None:
        """Parse the query the way ``sovkg query`` runs it, but on an empty graph.

        The text runs on an empty ``pyoxigraph.Store`` (never on the user's data) with each
        parameter of ``bound`` bound to an example value (its default, its first enumerated
        value or its kind's example), so a parse error reads exactly as it would at run time.

        Args:
            bound: the parameters to bind; pyoxigraph refuses one it cannot substitute (for a
                SELECT, one it does not project).

        Returns:
            The syntax error with its line and column (or an evaluation error), else ``None``.
        """
        import pyoxigraph as ox

        from sovkg.graphs import OxigraphGraph  # here: sovkg.graphs imports this module

        examples = {
            p.variable: BoundLiteral(p.default or p.example, p.kind.datatype) for p in bound
        }
        empty = OxigraphGraph(ox.Store(), "", (), persistent=False)
        try:
            empty.select(self.text, examples)
        except QuerySyntaxError as exc:
            return str(exc)
        except QueryExecutionError as exc:
            return f"{exc} (on an empty graph)"
        return None


def _as_text(param: Parameter, value: object) -> str:
    """Turn an API value into the text the kind checks (``int`` and ``date`` accepted)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise ParameterError(f"parameter '{param.name}': a boolean is not {param.kind.allowed}")
    if isinstance(value, int):
        return str(value)
    import datetime

    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    raise ParameterError(
        f"parameter '{param.name}': {type(value).__name__} is not {param.kind.allowed}"
    )


_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

_BINDS = (
    "a variable the WHERE group binds (in a triple pattern, VALUES, OPTIONAL or a sub-SELECT's "
    "projection), not one used only in FILTER, EXISTS or MINUS"
)
_UNBINDABLE: dict[str, str] = {
    "ASK": f"is not bound by the ASK pattern: pyoxigraph substitutes only {_BINDS}",
    "CONSTRUCT": "is not bound by the CONSTRUCT template or pattern: pyoxigraph substitutes "
    f"only a variable of the template or {_BINDS}",
    "DESCRIBE": "is not described: pyoxigraph substitutes only a variable the DESCRIBE clause "
    "names (with DESCRIBE *, one the WHERE group binds)",
}
"""Why pyoxigraph refuses to bind a parameter, by query form (SELECT: not projected)."""


def query_form(tokens: Sequence[Token]) -> tuple[str, int]:
    """Return the query form (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``) and its index.

    The prologue (``BASE``, ``PREFIX``) holds no keyword, so the first of the four is the form;
    a later ``SELECT`` is a sub-query.

    Raises:
        QuerySyntaxError: if none of the four appears.

    Example:
        >>> query_form(tokenize("PREFIX s: <urn:s#> ASK { { SELECT ?x {} } }"))
        ('ASK', 3)
    """
    for index, token in enumerate(tokens):
        if token.kind == "word" and token.text.upper() in _FORMS:
            return token.text.upper(), index
    raise QuerySyntaxError("expected a SELECT, ASK, CONSTRUCT or DESCRIBE query")


def _enumerated(items: str | list[str]) -> dict[str, str | list[str]]:
    """Parse ``#+ enumerate:`` items (``name`` or ``name: [v, ...]``): name -> listed values."""
    return {
        item.partition(":")[0].strip(): _inline(item.partition(":")[2].strip())
        for item in _as_list(items)
    }


def _projection(tokens: list[Token]) -> tuple[set[str], bool]:
    """Return the variables named in the first SELECT clause, and whether it is ``SELECT *``."""
    names: set[str] = set()
    inside = False
    for token in tokens:
        upper = token.text.upper()
        if not inside:
            inside = token.kind == "word" and upper == "SELECT"
            continue
        if token.text == "{" or (token.kind == "word" and upper in {"WHERE", "FROM"}):
            break
        if token.text == "*":
            return names, True
        if token.kind == "var":
            names.add(token.text[1:])
    return names, False


def read_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file into a :class:`NamedQuery`.

    Args:
        path: the file; its stem is the query's name.

    Raises:
        QueryDefinitionError: if the file cannot be read, its header is malformed, it uses a
            parameter name missing from :data:`PARAM_KINDS`, or a default is invalid.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryDefinitionError(f"cannot read query file {path}: {exc}") from None
    name = path.stem
    header = parse_header(text)
    defaults = _pairs(header.get("defaults", []), name, "defaults")
    descriptions = _pairs(header.get("params", []), name, "params")
    enumerated = _enumerated(header.get("enumerate", []))
    try:
        tokens = tokenize(text)
    except ValueError as exc:
        raise QueryDefinitionError(f"query '{name}': {exc}") from None
    parameters: list[Parameter] = []
    for token in tokens:
        if token.kind != "var" or not token.text[1:].startswith("_"):
            continue
        variable = token.text[1:]
        optional = variable.startswith("__")
        pname = variable.lstrip("_")
        if any(p.name == pname for p in parameters):
            continue
        kind = PARAM_KINDS.get(pname)
        if kind is None:
            raise QueryDefinitionError(
                f"query '{name}' uses parameter ?{variable}, but '{pname}' is not a known "
                f"parameter name; known: {', '.join(sorted(PARAM_KINDS))}"
            )
        listed = enumerated.get(pname, [])
        try:
            choices = tuple(kind.check(v) for v in _as_list(listed))
        except ValueError as exc:
            raise QueryDefinitionError(f"query '{name}': enumerated '{pname}': {exc}") from None
        param = Parameter(
            name=pname,
            variable=variable,
            kind=kind,
            required=not optional,
            enumerate=pname in enumerated,
            choices=choices,
            description=descriptions.get(pname, ""),
        )
        default = defaults.pop(pname, None)
        if default is not None:
            try:
                default = param.check(default)
            except ValueError as exc:
                raise QueryDefinitionError(f"query '{name}': default of '{pname}': {exc}") from None
            param = dataclasses.replace(param, default=default, required=False)
        parameters.append(param)
    if defaults:
        raise QueryDefinitionError(
            f"query '{name}' gives defaults for {', '.join(sorted(defaults))}, "
            "which it does not use as parameters"
        )
    return NamedQuery(
        name=name,
        path=path,
        text=text,
        summary=_as_scalar(header.get("summary", "")),
        description=_as_scalar(header.get("description", "")),
        tags=tuple(_as_list(header.get("tags", []))),
        parameters=tuple(parameters),
        header=header,
    )


def _as_scalar(value: str | list[str]) -> str:
    return value if isinstance(value, str) else " ".join(value)


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _pairs(items: str | list[str], name: str, key: str) -> dict[str, str]:
    """Parse the items of the header key ``key`` (``defaults``, ``params``): ``name: value``.

    Args:
        items: the key's value from :func:`parse_header`.
        name: the query's name, for the message.
        key: the header key, named in the message when an item is malformed.

    Raises:
        QueryDefinitionError: naming the query, the header key and the item.
    """
    pairs: dict[str, str] = {}
    for item in _as_list(items):
        pname, sep, value = item.partition(":")
        if not sep or not pname.strip():
            raise QueryDefinitionError(
                f"query '{name}': '#+ {key}:' item {item!r} is not 'name: value'"
            )
        pairs[pname.strip()] = value.strip().strip("'\"")
    return pairs


class QueryRegistry:
    """The named queries of one folder, read once.

    Args:
        directory: the folder of ``*.rq`` files; ``None`` for :func:`sovkg.resources.queries_dir`.

    Example:
        >>> registry = QueryRegistry()
        >>> "succession" in registry.names()
        True
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.directory = queries_dir(directory)
        self._paths = {p.stem: p for p in sorted(self.directory.glob("*.rq")) if p.is_file()}
        self._cache: dict[str, NamedQuery] = {}

    def names(self) -> list[str]:
        """Return the query names, sorted."""
        return sorted(self._paths)

    def get(self, name: str) -> NamedQuery:
        """Return the query called ``name``.

        Raises:
            UnknownQueryError: if there is none; it suggests the nearest name.
        """
        if name not in self._paths:
            import difflib

            near = difflib.get_close_matches(name, self.names(), n=1, cutoff=0.5)
            raise UnknownQueryError(name, near[0] if near else None, self.names())
        if name not in self._cache:
            self._cache[name] = read_query(self._paths[name])
        return self._cache[name]

    def __iter__(self) -> Iterator[NamedQuery]:
        return (self.get(name) for name in self.names())

    def __len__(self) -> int:
        return len(self._paths)


__all__ = [
    "CONGRESS",
    "DATE",
    "PARAM_KINDS",
    "BoundLiteral",
    "NamedQuery",
    "ParamKind",
    "Parameter",
    "QueryRegistry",
    "Token",
    "check_read_only",
    "expand_unicode_escapes",
    "parse_header",
    "query_form",
    "read_query",
    "tokenize",
]
