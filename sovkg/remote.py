"""Run named queries on a remote SPARQL 1.1 endpoint, and upload the graph to a triple store.

Two things travel over HTTP:

* :func:`run_remote` sends a query (with its parameters bound) to a SPARQL 1.1 Protocol endpoint
  and returns the same :class:`~sovkg.results.ResultTable` the embedded engine returns.
* :func:`push` uploads RDF through the SPARQL 1.1 Graph Store HTTP Protocol (``PUT``), and
  :func:`merged_turtle` makes the plain merged export it uploads by default.

**Binding parameters remotely.** A remote endpoint has no ``substitutions`` argument, so the
bindings must travel inside the query. rdflib's ``SPARQLStore`` appends a ``VALUES`` block after
the ``WHERE`` group, which joins *after* the group's ``FILTER``\\ s ran: a query that filters on
the parameter then silently returns nothing. :func:`bind_query` instead follows the semantics
of the embedded engine (pyoxigraph's substitutions, RDF-dev SEP-0007):

1. it tokenizes the query (:func:`sovkg.queries.tokenize`: strings, IRIs and comments are single
   tokens) and finds the ``WHERE`` group;
2. inside that group, outside sub-SELECTs (which have their own variable scope), every
   occurrence of a bound variable is replaced by the value's N-Triples form, and
   ``BOUND(?var)`` by ``true``;
3. a ``VALUES`` block at the *start* of the group binds the variable once more, so the
   projection still returns it, as it does locally.

The inserted text is produced by pyoxigraph's term classes from the checked value (for example
``"1926-01-01"^^<http://www.w3.org/2001/XMLSchema#date>``); user text is never pasted.

**Endpoint addresses** (``--endpoint`` takes the query address for ``sovkg query`` and the
Graph Store address for ``sovkg push``):

=========  ======================================  =============================================
server     query (``sovkg query --endpoint``)      graph store (``sovkg push --endpoint``)
=========  ======================================  =============================================
Oxigraph   ``http://HOST:7878/query``              ``http://HOST:7878/store``
Fuseki     ``http://HOST:3030/DATASET/sparql``     ``http://HOST:3030/DATASET/data``
GraphDB    ``http://HOST:7200/repositories/ID``    ``http://HOST:7200/repositories/ID/rdf-graphs/service``
=========  ======================================  =============================================

Named queries read the default graph, so push into the default graph (no ``--graph``), or start
the server with its default graph as the union of all graphs (Oxigraph:
``--union-default-graph``; Fuseki: ``tdb2:unionDefaultGraph true``).

Example:
    >>> from sovkg.queries import BoundLiteral
    >>> print(bind_query(
    ...     "SELECT ?_n ?c WHERE { ?c <https://w3id.org/sovkg/ontology#ordinal> ?o "
    ...     "FILTER(?o = ?_n) }",
    ...     {"_n": BoundLiteral("7", "http://www.w3.org/2001/XMLSchema#integer")}))
    SELECT ?_n ?c WHERE {
      VALUES ( ?_n ) { ( "7"^^<http://www.w3.org/2001/XMLSchema#integer> ) }
      ?c <https://w3id.org/sovkg/ontology#ordinal> ?o
      FILTER(?o = "7"^^<http://www.w3.org/2001/XMLSchema#integer>) }
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from sovkg import __version__
from sovkg.errors import BadInputError, QueryDefinitionError, QuerySyntaxError, RemoteError
from sovkg.graphs import LABEL_QUERY, best_label, required_term_from_ox, term_from_ox
from sovkg.queries import BoundLiteral, Token, check_read_only, query_form, tokenize
from sovkg.results import AskResult, GraphResult, QueryResult, ResultTable

USER_AGENT = f"sovkg/{__version__}"
DEFAULT_TIMEOUT = 60.0
"""Seconds to wait for a remote endpoint to answer (connect, and each read)."""
MAX_ANSWER_BYTES = 256 * 1024 * 1024
"""A remote answer larger than this is refused rather than read into memory."""

SELECT_ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "text/tab-separated-values;q=0.5"
)
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"

_RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "text/csv": ox.QueryResultsFormat.CSV,
}
_GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# --------------------------------------------------------------------------- binding


def term_text(value: BoundLiteral) -> str:
    """Return the N-Triples form of a bound literal, as pyoxigraph's term classes write it.

    Args:
        value: a checked parameter value.

    Raises:
        BadInputError: if the datatype is not an absolute IRI.

    Example:
        >>> term_text(BoundLiteral('1926-01-01', 'http://www.w3.org/2001/XMLSchema#date'))
        '"1926-01-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    try:
        literal = ox.Literal(value.lexical, datatype=ox.NamedNode(value.datatype))
    except (ValueError, TypeError) as exc:
        raise BadInputError(f"cannot bind {value!r}: {exc}") from None
    return str(literal)


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


def bind_query(query: str, bindings: Mapping[str, BoundLiteral] | None) -> str:
    """Return ``query`` with ``bindings`` substituted, ready to send to any SPARQL endpoint.

    See the module docstring for the method. Without bindings the query is returned unchanged.

    Args:
        query: a SPARQL SELECT, ASK, DESCRIBE or CONSTRUCT query.
        bindings: variable name (without ``?``) -> checked literal.

    Raises:
        QuerySyntaxError: if the query cannot be tokenized or has no ``WHERE`` group.
        QueryDefinitionError: if a bound variable is assigned in the query (``AS ?v`` or a
            ``VALUES`` variable list), where no value can stand in its place.
        BadInputError: for a variable name that is not a SPARQL variable name.
    """
    if not bindings:
        return query
    for name in bindings:
        if not _VARNAME.fullmatch(name):
            raise BadInputError(f"cannot bind {name!r}: not a SPARQL variable name")
    try:
        tokens = tokenize(query)
    except ValueError as exc:
        raise QuerySyntaxError(str(exc)) from None
    start, end = _where_group(tokens)
    offsets = _line_offsets(query)

    def offset(token: Token) -> int:
        return offsets[token.line - 1] + token.column - 1

    texts = {name: term_text(value) for name, value in bindings.items()}
    edits: list[_Edit] = []
    depth = 0
    subquery_depths: list[int] = []
    in_values_header = False
    i = start + 1
    while i < end:
        token = tokens[i]
        if token.text == "{":
            in_values_header = False
            depth += 1
            following = tokens[i + 1] if i + 1 < end else None
            if following is not None and following.text.upper() == "SELECT":
                subquery_depths.append(depth)
        elif token.text == "}":
            if subquery_depths and subquery_depths[-1] == depth:
                subquery_depths.pop()
            depth -= 1
        elif token.kind == "word" and token.text.upper() == "VALUES":
            in_values_header = True
        elif token.kind == "var" and token.text[1:] in texts and not subquery_depths:
            name = token.text[1:]
            previous = tokens[i - 1]
            if in_values_header or (previous.kind == "word" and previous.text.upper() == "AS"):
                raise QueryDefinitionError(
                    f"cannot bind ?{name} on a remote endpoint: the query assigns it "
                    f"(line {token.line}, column {token.column})"
                )
            if _is_bound_call(tokens, i):
                call = tokens[i - 2]
                closing = tokens[i + 1]
                edits.append(_Edit(offset(call), offset(closing) + 1, "true"))
                i += 2
                continue
            edits.append(_Edit(offset(token), offset(token) + len(token.text), texts[name]))
        i += 1
    names = sorted(texts)
    values = (
        " VALUES ( "
        + " ".join("?" + n for n in names)
        + " ) { ( "
        + " ".join(texts[n] for n in names)
        + " ) } "
    )
    brace = offset(tokens[start]) + 1
    edits.append(_Edit(brace, brace, values))
    text = query
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def _is_bound_call(tokens: Sequence[Token], i: int) -> bool:
    """Whether ``tokens[i]`` (a variable) is the argument of ``BOUND( ... )``."""
    return (
        i >= 2
        and i + 1 < len(tokens)
        and tokens[i - 2].text.upper() == "BOUND"
        and tokens[i - 1].text == "("
        and tokens[i + 1].text == ")"
    )


def _line_offsets(text: str) -> list[int]:
    """Offsets of the first character of each line (lines split at ``\\n``, as the tokenizer)."""
    offsets = [0]
    offsets.extend(m.end() for m in re.finditer("\n", text))
    return offsets


def _where_group(tokens: Sequence[Token]) -> tuple[int, int]:
    """Return the indexes of the ``{`` and ``}`` that enclose the query's WHERE group."""
    form, index = query_form(tokens)
    i = index + 1
    if form == "CONSTRUCT":
        if i < len(tokens) and tokens[i].text.upper() == "WHERE":
            raise QueryDefinitionError(
                "cannot bind parameters in a short-form CONSTRUCT WHERE query; "
                "write the template and the WHERE group separately"
            )
        if i < len(tokens) and tokens[i].text == "{":
            i = _matching(tokens, i) + 1
    parens = 0
    while i < len(tokens):
        text = tokens[i].text
        if text == "(":
            parens += 1
        elif text == ")":
            parens -= 1
        elif text == "{" and parens == 0:
            return i, _matching(tokens, i)
        i += 1
    raise QuerySyntaxError("the query has no WHERE group to bind parameters in")


def _matching(tokens: Sequence[Token], open_index: int) -> int:
    depth = 0
    for i in range(open_index, len(tokens)):
        if tokens[i].text == "{":
            depth += 1
        elif tokens[i].text == "}":
            depth -= 1
            if depth == 0:
                return i
    raise QuerySyntaxError("unbalanced braces: a '{' is never closed")


# --------------------------------------------------------------------------- HTTP


def _check_url(url: str, what: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise BadInputError(f"{what} must be an http:// or https:// URL, got {url!r}")
    return parts


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (``localhost``, 127.0.0.0/8, ``::1``).

    Example:
        >>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0"), is_loopback("localhost")
        (True, False, True)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _send(request: urllib.request.Request, timeout: float) -> tuple[int, str, bytes]:
    """Send ``request``; return the status, media type and body, or raise :class:`RemoteError`.

    Proxies from the environment are used, except for loopback addresses.
    """
    url = request.full_url
    host = urllib.parse.urlsplit(url).hostname or ""
    handlers: list[urllib.request.BaseHandler] = []
    if is_loopback(host):
        handlers.append(urllib.request.ProxyHandler({}))
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(request, timeout=timeout) as answer:
            body = answer.read(MAX_ANSWER_BYTES + 1)
            media = answer.headers.get_content_type()
            status = int(answer.status)
    except urllib.error.HTTPError as exc:
        raise RemoteError(_http_error(url, exc)) from None
    except urllib.error.URLError as exc:
        raise RemoteError(f"cannot reach {url}: {_reason(exc.reason)}") from None
    except TimeoutError:
        raise RemoteError(f"{url} did not answer within {timeout:g} s") from None
    except OSError as exc:
        raise RemoteError(f"cannot reach {url}: {_reason(exc)}") from None
    if len(body) > MAX_ANSWER_BYTES:
        raise RemoteError(f"{url} answered with more than {MAX_ANSWER_BYTES} bytes; refused")
    return status, media, body


def _reason(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the server running on that port?)"
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, socket.gaierror):
        return f"unknown host ({reason.strerror or reason})"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason)


def _http_error(url: str, exc: urllib.error.HTTPError) -> str:
    try:
        detail = exc.read(2000).decode("utf-8", "replace")
    except OSError:
        detail = ""
    detail = " ".join(detail.split())
    if len(detail) > 300:
        detail = detail[:297] + "..."
    message = f"{url} answered HTTP {exc.code} {exc.reason}"
    return f"{message}: {detail}" if detail else message


# --------------------------------------------------------------------------- queries


def run_remote(
    query: str,
    bindings: Mapping[str, BoundLiteral] | None = None,
    endpoint: str = "",
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> QueryResult:
    """Run a read-only query on a SPARQL 1.1 Protocol endpoint and return its typed result.

    The query is bound with :func:`bind_query`, sent as an ``application/sparql-query`` POST,
    and the answer (SPARQL JSON, XML, TSV or CSV results; N-Triples, Turtle or RDF/XML for
    CONSTRUCT and DESCRIBE) is parsed by pyoxigraph.

    Args:
        query: the query text.
        bindings: variable name (without ``?``) -> checked literal, as
            :meth:`sovkg.queries.NamedQuery.bind` returns.
        endpoint: the endpoint's query URL (Oxigraph: ``http://HOST:PORT/query``).
        timeout: seconds to wait for the connection and for each read.

    Returns:
        A :class:`~sovkg.results.ResultTable`, :class:`~sovkg.results.AskResult` or
        :class:`~sovkg.results.GraphResult`.

    Raises:
        BadInputError: for a URL that is not http(s).
        ForbiddenQueryError: for an update, SERVICE, FROM or LOAD.
        RemoteError: if the endpoint cannot be reached, answers with an HTTP error, or
            answers with something that is not a SPARQL result.
    """
    _check_url(endpoint, "the endpoint")
    check_read_only(query)
    text = bind_query(query, bindings)
    try:
        form, _ = query_form(tokenize(text))
    except ValueError as exc:
        raise QuerySyntaxError(str(exc)) from None
    graph = form in {"CONSTRUCT", "DESCRIBE"}
    request = urllib.request.Request(
        endpoint,
        data=text.encode("utf-8"),
        method="POST",
        headers={
            "Content-Type": "application/sparql-query; charset=utf-8",
            "Accept": GRAPH_ACCEPT if graph else SELECT_ACCEPT,
            "User-Agent": USER_AGENT,
        },
    )
    _, media, body = _send(request, timeout)
    if graph:
        return _parse_graph(endpoint, media, body)
    return _parse_results(endpoint, media, body)


LABEL_BATCH = 200
"""IRIs per label request (one ``VALUES`` block each)."""
_LABEL_WHERE = "SELECT ?iri ?label ?rank WHERE {"


def _iri_term(iri: str) -> str | None:
    """``<iri>`` as pyoxigraph writes it, or ``None`` for a string that is not an IRI."""
    try:
        return str(ox.NamedNode(iri))
    except ValueError:
        return None


def remote_labels(
    endpoint: str, *, timeout: float = DEFAULT_TIMEOUT
) -> Callable[[Iterable[str]], dict[str, str]]:
    """Return a labeler that asks ``endpoint`` for the labels of IRIs, as the local graph does.

    The labels are chosen as :meth:`sovkg.graphs.Graph.labels` chooses them (``rdfs:label`` before
    ``skos:prefLabel``, English before untagged), so a table from an endpoint that holds the
    same graph reads exactly like the local one. IRIs come from the endpoint's own answer and
    are written by pyoxigraph into a ``VALUES`` block; a string that is not an IRI is left
    unlabelled.
    """

    def labels(iris: Iterable[str]) -> dict[str, str]:
        wanted = sorted({term for iri in iris if (term := _iri_term(iri)) is not None})
        found: dict[str, list[tuple[str, str | None, int]]] = {}
        for start in range(0, len(wanted), LABEL_BATCH):
            batch = " ".join(wanted[start : start + LABEL_BATCH])
            query = LABEL_QUERY.replace(
                _LABEL_WHERE, f"{_LABEL_WHERE}\n  VALUES ?iri {{ {batch} }}", 1
            )
            result = run_remote(query, endpoint=endpoint, timeout=timeout)
            for iri, label, rank in result.rows if isinstance(result, ResultTable) else ():
                if iri is not None and label is not None and rank is not None:
                    found.setdefault(iri.value, []).append(
                        (label.value, label.language, int(rank.value))
                    )
        return {iri: best for iri, options in found.items() if (best := best_label(options))}

    return labels


def _parse_results(url: str, media: str, body: bytes) -> ResultTable | AskResult:
    fmt = _RESULT_FORMATS.get(media)
    if fmt is None:
        raise RemoteError(f"{url} answered with {media}, not SPARQL results")
    try:
        parsed = ox.parse_query_results(body, format=fmt)
        if isinstance(parsed, ox.QueryBoolean):
            return AskResult(bool(parsed))
        variables = tuple(v.value for v in parsed.variables)
        rows = tuple(
            tuple(term_from_ox(solution[i]) for i in range(len(variables))) for solution in parsed
        )
    except (SyntaxError, ValueError, OSError) as exc:
        message = " ".join(str(exc).split())
        raise RemoteError(f"{url} answered with malformed SPARQL results: {message}") from None
    return ResultTable(variables, rows)


def _parse_graph(url: str, media: str, body: bytes) -> GraphResult:
    fmt = _GRAPH_FORMATS.get(media)
    if fmt is None:
        raise RemoteError(f"{url} answered with {media}, not RDF")
    try:
        triples = tuple(
            (
                required_term_from_ox(q.subject),
                required_term_from_ox(q.predicate),
                required_term_from_ox(q.object),
            )
            for q in ox.parse(body, format=fmt)
        )
    except (SyntaxError, ValueError, OSError) as exc:
        message = " ".join(str(exc).split())
        raise RemoteError(f"{url} answered with malformed RDF: {message}") from None
    return GraphResult(triples)


# --------------------------------------------------------------------------- graph store


def merged_turtle(data_dir: str | os.PathLike[str] | None = None) -> tuple[bytes, int]:
    """Return the plain merged export (ontology and data, one Turtle graph) and its size.

    This is ``sovkg export --format turtle`` (:func:`sovkg.export.export`): every triple of
    every named graph once, deterministic, and checked by parsing it back.

    Args:
        data_dir: the data folder; ``None`` for ``$SOVKG_DATA`` or the bundled data.

    Returns:
        The Turtle bytes and the number of triples.

    Raises:
        DataError: if the ontology or a data file is missing or malformed.
        OutputError: if the serialization does not parse back to the same triples.
    """
    from sovkg.export import export  # imports rdflib: kept off the query path

    result = export("turtle", data_dir)
    return result.data, result.statements


def graph_store_url(endpoint: str, graph: str | None) -> str:
    """Return the Graph Store Protocol URL of the default graph, or of the named ``graph``.

    Args:
        endpoint: the Graph Store endpoint (Oxigraph: ``http://HOST:PORT/store``).
        graph: an absolute IRI, or ``None`` for the default graph.

    Raises:
        BadInputError: for a URL that is not http(s), or a graph name that is not an IRI.

    Example:
        >>> graph_store_url("http://localhost:7878/store", None)
        'http://localhost:7878/store?default'
        >>> graph_store_url("http://localhost:7878/store", "https://w3id.org/sovkg/")
        'http://localhost:7878/store?graph=https%3A%2F%2Fw3id.org%2Fsovkg%2F'
    """
    _check_url(endpoint, "the endpoint")
    if graph is None:
        argument = "default"
    else:
        try:
            ox.NamedNode(graph)
        except ValueError:
            raise BadInputError(f"--graph must be an absolute IRI, got {graph!r}") from None
        if not urllib.parse.urlsplit(graph).scheme:
            raise BadInputError(f"--graph must be an absolute IRI, got {graph!r}")
        argument = urllib.parse.urlencode({"graph": graph})
    separator = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return endpoint + separator + argument


def push(
    endpoint: str,
    data: bytes,
    *,
    graph: str | None = None,
    content_type: str = "text/turtle",
    timeout: float = DEFAULT_TIMEOUT,
) -> int:
    """Replace a graph of a remote store with ``data`` (SPARQL 1.1 Graph Store Protocol ``PUT``).

    Args:
        endpoint: the Graph Store endpoint URL (see the module docstring for each server).
        data: the RDF to upload.
        graph: the IRI of the named graph to replace; ``None`` for the default graph.
        content_type: the media type of ``data``.
        timeout: seconds to wait for the connection and for each read.

    Returns:
        The HTTP status the store answered (200, 201 or 204).

    Raises:
        BadInputError: for a URL that is not http(s), or a graph name that is not an IRI.
        RemoteError: if the store cannot be reached or refuses the upload.
    """
    url = graph_store_url(endpoint, graph)
    request = urllib.request.Request(
        url,
        data=data,
        method="PUT",
        headers={"Content-Type": f"{content_type}; charset=utf-8", "User-Agent": USER_AGENT},
    )
    status, _, _ = _send(request, timeout)
    return status


__all__ = [
    "DEFAULT_TIMEOUT",
    "bind_query",
    "graph_store_url",
    "is_loopback",
    "merged_turtle",
    "push",
    "query_form",
    "run_remote",
    "term_from_ox",
    "term_text",
]
