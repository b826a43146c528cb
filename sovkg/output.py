"""Query results as text: a labelled table or Markdown for people, W3C formats for programs.

Formats of a SELECT (or ASK) result:

* ``table`` (the default, on a terminal or not): aligned columns that show each IRI's English
  label (``rdfs:label``, else ``skos:prefLabel``), else a CURIE; literals as their lexical form.
* ``markdown``: the same cells as a GitHub Markdown table.
* ``csv``, ``json``, ``xml``: the W3C SPARQL 1.1 results formats, written by rdflib's result
  serializers (rdflib is imported only for these formats).
* ``tsv``: the W3C SPARQL 1.1 TSV results format. rdflib has no TSV writer, so rdflib writes
  the JSON form and pyoxigraph's results serializer turns it into TSV.

CONSTRUCT and DESCRIBE results are graphs: ``turtle`` and ``ntriples`` (pyoxigraph's
serializers), or ``table``/``markdown`` with one subject-predicate-object row per triple.

Files are written atomically (:func:`atomic_write`): a temporary file in the target folder is
renamed over the target only once it is complete, so a failure never leaves a partial file and
never clobbers an existing one.

Example:
    >>> from sovkg.results import ResultTable, Term
    >>> table = ResultTable(("n", "iri"), ((Term("literal", "1", XSD + "integer"),
    ...                                      Term("iri", "https://w3id.org/sovkg/id/congress-1")),))
    >>> print(render(table, "markdown").decode(), end="")
    | n | iri |
    | --- | --- |
    | 1 | sk:congress-1 |
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from sovkg.errors import BadInputError, OutputError
from sovkg.results import XSD, AskResult, GraphResult, QueryResult, ResultTable, Term

TABLE_FORMATS = ("table", "markdown", "csv", "tsv", "json", "xml")
"""Formats of SELECT results; the first is the default."""
GRAPH_FORMATS = ("turtle", "ntriples")
"""Extra formats of CONSTRUCT/DESCRIBE results (which also take ``table`` and ``markdown``)."""
FORMATS = TABLE_FORMATS + GRAPH_FORMATS
ASK_FORMATS = ("table", "markdown", "json", "xml")
"""Formats of ASK results."""
GRAPH_RESULT_FORMATS = (*GRAPH_FORMATS, "table", "markdown")
"""Formats of CONSTRUCT/DESCRIBE results."""
DEFAULT_FORMAT = "table"
FORMAT_BY_SUFFIX: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".json": "json",
    ".srj": "json",
    ".xml": "xml",
    ".srx": "xml",
    ".md": "markdown",
    ".ttl": "turtle",
    ".nt": "ntriples",
}
"""The format an ``--output`` file's suffix asks for when ``--format`` is not given."""

PREFIXES: dict[str, str] = {
    "sov": "https://w3id.org/sovkg/ontology#",
    "cite": "https://w3id.org/sovkg/id/citation/",
    "src": "https://w3id.org/sovkg/id/source/",
    "sk": "https://w3id.org/sovkg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": XSD,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "foaf": "http://xmlns.com/foaf/0.1/",
}
"""CURIE prefixes used for IRIs without a label; the longest matching namespace wins."""

Labeler = Callable[[Iterable[str]], Mapping[str, str]]
"""Look up labels: IRIs -> {IRI: label} for those that have one."""


def result_kind(result: QueryResult) -> str:
    """Name the query form that gives ``result``: ``SELECT``, ``ASK`` or ``CONSTRUCT/DESCRIBE``."""
    if isinstance(result, GraphResult):
        return "CONSTRUCT/DESCRIBE"
    return "ASK" if isinstance(result, AskResult) else "SELECT"


def formats_for(result: QueryResult) -> tuple[str, ...]:
    """Return the formats :func:`render` accepts for ``result``.

    Example:
        >>> from sovkg.results import AskResult
        >>> formats_for(AskResult(True))
        ('table', 'markdown', 'json', 'xml')
    """
    if isinstance(result, GraphResult):
        return GRAPH_RESULT_FORMATS
    return ASK_FORMATS if isinstance(result, AskResult) else TABLE_FORMATS


def suffixes_for(formats: Iterable[str]) -> tuple[str, ...]:
    """Return the ``--output`` suffixes of :data:`FORMAT_BY_SUFFIX` that choose one of ``formats``.

    Example:
        >>> suffixes_for(GRAPH_RESULT_FORMATS)
        ('.md', '.ttl', '.nt')
    """
    wanted = set(formats)
    return tuple(suffix for suffix, fmt in FORMAT_BY_SUFFIX.items() if fmt in wanted)


def curie(iri: str) -> str:
    """Shorten ``iri`` with :data:`PREFIXES`, or return it in angle brackets.

    Example:
        >>> curie("https://w3id.org/sovkg/ontology#Congress")
        'sov:Congress'
        >>> curie("http://example.org/x")
        '<http://example.org/x>'
    """
    best = max(
        ((p, ns) for p, ns in PREFIXES.items() if iri.startswith(ns) and len(iri) > len(ns)),
        key=lambda item: len(item[1]),
        default=None,
    )
    return f"{best[0]}:{iri[len(best[1]) :]}" if best else f"<{iri}>"


def render(result: QueryResult, fmt: str = DEFAULT_FORMAT, labels: Labeler | None = None) -> bytes:
    """Render a query result in ``fmt`` as UTF-8 bytes.

    Args:
        result: a SELECT, ASK or CONSTRUCT/DESCRIBE result.
        fmt: one of :data:`FORMATS`.
        labels: looks up IRI labels for ``table`` and ``markdown``; ``None`` shows CURIEs.

    Raises:
        BadInputError: if ``fmt`` is unknown or does not fit the kind of result.
    """
    if fmt not in FORMATS:
        raise BadInputError(f"unknown format '{fmt}'; allowed: {', '.join(FORMATS)}")
    if isinstance(result, GraphResult):
        return _render_graph(result, fmt, labels)
    if isinstance(result, AskResult):
        return _render_ask(result, fmt)
    if fmt in GRAPH_FORMATS:
        raise BadInputError(
            f"format '{fmt}' is for CONSTRUCT/DESCRIBE results; allowed: {', '.join(TABLE_FORMATS)}"
        )
    if fmt in {"table", "markdown"}:
        cells = _cells(result, labels)
        text = (
            _markdown(result.variables, cells)
            if fmt == "markdown"
            else _table(result.variables, cells)
        )
        return text.encode("utf-8")
    return _w3c(result, fmt)


# --------------------------------------------------------------------------- for people


def _cells(result: ResultTable, labels: Labeler | None) -> list[list[str]]:
    """The rows as text; an IRI column whose labels another column already shows keeps CURIEs."""
    iris = {t.value for row in result.rows for t in row if t is not None and t.kind == "iri"}
    names = dict(labels(iris)) if labels and iris else {}
    plain = [[_cell(t, {}) for t in row] for row in result.rows]
    named = [[_cell(t, names) for t in row] for row in result.rows]
    repeated = {i for i in range(len(result.variables)) if _repeats_a_column(result, named, i)}
    return [
        [plain[r][i] if i in repeated else named[r][i] for i in range(len(row))]
        for r, row in enumerate(result.rows)
    ]


def _repeats_a_column(result: ResultTable, named: list[list[str]], column: int) -> bool:
    """Whether ``column`` holds IRIs whose labels are, row by row, another column's text."""
    terms = [row[column] for row in result.rows if row[column] is not None]
    if not terms or any(t.kind != "iri" for t in terms):
        return False
    return any(
        other != column and all(row[other] == row[column] for row in named)
        for other in range(len(result.variables))
    )


def _cell(term: Term | None, names: Mapping[str, str]) -> str:
    if term is None:
        return ""
    if term.kind == "iri":
        text = names.get(term.value) or curie(term.value)
    elif term.kind == "bnode":
        text = "_:" + term.value
    else:
        text = term.value
    return " ".join(text.split())


def _table(variables: tuple[str, ...], cells: list[list[str]]) -> str:
    widths = [max([len(v), *(len(row[i]) for row in cells)]) for i, v in enumerate(variables)]

    def line(values: Iterable[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip() + "\n"

    out = [line(variables), line("-" * w for w in widths)]
    out.extend(line(row) for row in cells)
    out.append("(no rows)\n" if not cells else f"({len(cells)} row{'s' * (len(cells) != 1)})\n")
    return "".join(out)


def _markdown(variables: tuple[str, ...], cells: list[list[str]]) -> str:
    def line(values: Iterable[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |\n"

    return "".join([line(variables), line("---" for _ in variables), *(line(r) for r in cells)])


def _render_ask(result: AskResult, fmt: str) -> bytes:
    if fmt in {"table", "markdown"}:
        return b"true\n" if result.value else b"false\n"
    if fmt in {"json", "xml"}:
        from rdflib.query import Result

        answer = Result("ASK")
        answer.askAnswer = result.value
        return _serialize(answer, fmt)
    raise BadInputError(f"an ASK result has no '{fmt}' form; allowed: {', '.join(ASK_FORMATS)}")


def _render_graph(result: GraphResult, fmt: str, labels: Labeler | None) -> bytes:
    if fmt in {"table", "markdown"}:
        table = ResultTable(("subject", "predicate", "object"), tuple(result.triples))
        return render(table, fmt, labels)
    if fmt not in GRAPH_FORMATS:
        raise BadInputError(
            "CONSTRUCT/DESCRIBE results are graphs; allowed formats: "
            f"{', '.join(GRAPH_RESULT_FORMATS)} (not '{fmt}')"
        )
    import pyoxigraph as ox

    triples = [ox.Triple(_to_ox(s), _to_ox(p), _to_ox(o)) for s, p, o in result.triples]
    rdf_format = ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.N_TRIPLES
    prefixes = PREFIXES if fmt == "turtle" else None
    data = ox.serialize(sorted(triples, key=str), format=rdf_format, prefixes=prefixes)
    return data if isinstance(data, bytes) else b""


def _to_ox(term: Term) -> Any:
    import pyoxigraph as ox

    if term.kind == "iri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.language:
        return ox.Literal(term.value, language=term.language)
    return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype or XSD + "string"))


# --------------------------------------------------------------------------- for programs


def _w3c(result: ResultTable, fmt: str) -> bytes:
    """Write a SELECT result in a W3C SPARQL 1.1 results format via rdflib's serializers."""
    from rdflib import Variable
    from rdflib.query import Result

    answer = Result("SELECT")
    answer.vars = [Variable(v) for v in result.variables]
    answer.bindings = [
        {Variable(v): _to_rdflib(t) for v, t in zip(result.variables, row, strict=True) if t}
        for row in result.rows
    ]
    if fmt != "tsv":
        return _serialize(answer, fmt)
    import pyoxigraph as ox

    solutions = ox.parse_query_results(_serialize(answer, "json"), ox.QueryResultsFormat.JSON)
    data = solutions.serialize(format=ox.QueryResultsFormat.TSV)
    return data if isinstance(data, bytes) else b""


def _serialize(answer: Any, fmt: str) -> bytes:
    data = answer.serialize(format=fmt, encoding="utf-8")
    return data if isinstance(data, bytes) else b""


def _to_rdflib(term: Term) -> Any:
    from rdflib import BNode, URIRef
    from rdflib import Literal as RLiteral

    if term.kind == "iri":
        return URIRef(term.value)
    if term.kind == "bnode":
        return BNode(term.value)
    if term.language:
        return RLiteral(term.value, lang=term.language)
    if term.datatype in {None, XSD + "string"}:
        return RLiteral(term.value)
    return RLiteral(term.value, datatype=URIRef(term.datatype))


# --------------------------------------------------------------------------- writing


_SPECIAL_FOLDERS = ("/dev/", "/proc/", "/sys/")
"""Folders of device and process files (``/dev/stdout`` links to one): never replaced."""


def check_writable(path: str | os.PathLike[str]) -> Path:
    """Fail early if ``path`` cannot receive an output file; return the file to write.

    A symbolic link is followed: the file it points to is the one replaced (the link stays).

    Raises:
        OutputError: if the folder does not exist or is not writable, or ``path`` is a folder
            or another kind of non-regular file (a device, a named pipe, a socket).
    """
    given = Path(path)
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    if str(given.absolute()).startswith(_SPECIAL_FOLDERS) or str(target).startswith(
        _SPECIAL_FOLDERS
    ):
        raise OutputError(
            f"cannot write '{given}': it is a device or process file, not a regular file; "
            "--output writes regular files only, use shell redirection (or -o - for stdout)"
        )
    folder = target.parent
    if target.is_dir():
        raise OutputError(f"cannot write '{given}': it is a directory; give a file name")
    if target.exists() and not target.is_file():
        raise OutputError(
            f"cannot write '{given}': it is not a regular file (a device, pipe or socket); "
            "--output writes regular files only, use shell redirection for others"
        )
    if not folder.is_dir():
        raise OutputError(f"cannot write '{target}': folder '{folder}' does not exist")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"cannot write '{target}': folder '{folder}' is not writable")
    return target


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place on success.

    An existing file keeps its content until the new one is complete, and keeps its mode.

    Raises:
        OutputError: if the file cannot be written; nothing is left behind.
    """
    target = check_writable(path)
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        mode = 0o666 & ~mask
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write '{target}': {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).chmod(mode)
        Path(tmp).replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise OutputError(f"cannot write '{target}': {exc.strerror or exc}") from None
