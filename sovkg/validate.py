"""Validate the graph: SHACL shapes, OWL-RL consistency and the QC checks, in one report.

:func:`validate` returns data (a :class:`ValidationReport`); ``sovkg validate`` only prints it.
Three sources of violations, each named by its rule:

* ``shacl``: the shapes of ``ontology/shapes.ttl`` (rule ``sovsh:<shape>``), run by pyshacl on
  the MERGE of the ontology and every graph of every data file. pyshacl validates each named
  graph of a dataset on its own, which would break shapes that span citations (a time span's
  bounds come from two sentences), so the graphs are merged first. Inference is ``"none"``, on
  purpose: ``sh:targetClass`` and ``sh:class`` already follow the ontology's ``rdfs:subClassOf``
  in the merged graph (SHACL's "SHACL instance"), while RDFS inference would also type every
  value by the ranges of its properties, so a wrong value would pass ``sh:class`` checks
  (a membership whose member is a person would make the person a republic). It is also the
  fast choice: RDFS inference would copy and expand the graph before validating.
* ``owlrl``: the OWL 2 RL closure of the same merged graph is consistent (rule
  ``owlrl:inconsistency``; the message names the OWL 2 RL rule that derives ``false`` and the
  individuals). :mod:`sovkg.consistency` decides it (reasonable's closure, then one SPARQL query
  per rule; owlrl, the reference, for graphs using constructs reasonable lacks); its verdict
  is cached by content, like the closure of :mod:`sovkg.inference`.
* ``qc``: every ``queries/qc/NAME-violation.rq`` (ODK style: each row returned is a violation
  of rule ``qc:NAME``), run by pyoxigraph over the data files as they are (named graphs kept,
  the default graph as the union, the ontology in the named graph :data:`ONTOLOGY_GRAPH`); plus
  two checks in Python against ``DATA/sources/``: every quote is verbatim in its source text
  (``qc:quote-in-source``) and every source text is there with the recorded SHA-256
  (``qc:source-file``).

Example:
    >>> report = validate()
    >>> report.conforms, report.results
    (True, [])
    >>> sorted(report.timings)
    ['consistency', 'load', 'qc', 'shacl', 'total']
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pyoxigraph as ox

from sovkg import consistency, inference
from sovkg.errors import DataError
from sovkg.resources import data_dir as resolve_data_dir
from sovkg.resources import resource_dir, shapes_file

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

PathLike = str | os.PathLike[str]
Source = Literal["shacl", "owlrl", "qc"]

ONTOLOGY_GRAPH = "https://w3id.org/sovkg/ontology"
"""The named graph the QC store loads the ontology into, apart from the data's graphs."""
SHAPES_NS = "https://w3id.org/sovkg/shapes#"
SOV_NS = "https://w3id.org/sovkg/ontology#"
SH_NS = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SOURCES_DIR = "sources"
"""The sub-folder of a data folder that holds the source documents' text."""
QC_SUFFIX = "-violation"

PREFIXES: tuple[tuple[str, str], ...] = (
    ("sovsh:", SHAPES_NS),
    ("cite:", "https://w3id.org/sovkg/id/citation/"),
    ("src:", "https://w3id.org/sovkg/id/source/"),
    ("sk:", "https://w3id.org/sovkg/id/"),
    ("sov:", SOV_NS),
)
"""Prefixes used to shorten IRIs in text output (longest namespace first)."""


@dataclass(frozen=True, order=True)
class Violation:
    """One violation of one rule by one node.

    Attributes:
        focus: the offending node: an IRI, ``_:label`` for a blank node, or ``-`` if unknown.
        rule: the rule's name: ``sovsh:<shape>``, ``qc:<check>`` or ``owlrl:inconsistency``.
        message: what is wrong, starting with the rule's short name.
        severity: ``Violation`` (every sovkg rule is one).
        source: ``"shacl"``, ``"owlrl"`` or ``"qc"``.
        value: the offending value, if the rule names one.
    """

    focus: str
    rule: str
    message: str
    severity: str = "Violation"
    source: Source = "shacl"
    value: str | None = None

    def line(self) -> str:
        """Return ``focus  rule  message`` with IRIs shortened (sk:, cite:, src:, sov:).

        Example:
            >>> Violation("https://w3id.org/sovkg/id/congress-9", "sovsh:Congress-ordinal",
            ...           "Congress-ordinal: ...").line()
            'sk:congress-9  sovsh:Congress-ordinal  Congress-ordinal: ...'
        """
        return f"{compact(self.focus)}  {self.rule}  {self.message}"

    def to_dict(self) -> dict[str, str | None]:
        """Return the fields as a JSON-ready dict (IRIs in full)."""
        return asdict(self)


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`.

    Attributes:
        conforms: ``True`` if there is no violation.
        results: the violations, sorted by focus node, rule and message.
        timings: seconds per phase: ``load``, ``shacl``, ``qc``, ``consistency`` and ``total``.
        triples: the number of triples validated (ontology plus data, graphs merged).
        consistency_cached: whether the OWL 2 RL consistency verdict came from the cache.
    """

    conforms: bool
    results: list[Violation]
    timings: dict[str, float] = field(default_factory=dict)
    triples: int = 0
    consistency_cached: bool = False

    @property
    def closure_cached(self) -> bool:
        """The former name of :attr:`consistency_cached`, kept for existing callers."""
        return self.consistency_cached

    def to_dict(self) -> dict[str, object]:
        """Return the report as a JSON-ready dict (``sovkg validate --format json``)."""
        return {
            "conforms": self.conforms,
            "triples": self.triples,
            "consistency_cached": self.consistency_cached,
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "results": [v.to_dict() for v in self.results],
        }


def compact(iri: str) -> str:
    """Shorten an IRI with sovkg's prefixes; other strings are returned as they are.

    Example:
        >>> compact("https://w3id.org/sovkg/id/citation/d000-s01"), compact("urn:x")
        ('cite:d000-s01', 'urn:x')
    """
    for prefix, namespace in PREFIXES:
        if iri.startswith(namespace) and "/" not in iri[len(namespace) :]:
            return prefix + iri[len(namespace) :]
    return iri


# --------------------------------------------------------------------------- entry point


def validate(
    data_dir: PathLike | None = None,
    shapes: PathLike | None = None,
    *,
    use_cache: bool = True,
) -> ValidationReport:
    """Validate the ontology plus the data: SHACL shapes, OWL-RL consistency and QC checks.

    Args:
        data_dir: the data folder; ``None`` for ``$SOVKG_DATA`` or the bundled data.
        shapes: a SHACL shapes file; ``None`` for ``ontology/shapes.ttl``.
        use_cache: reuse (and fill) the cached OWL 2 RL consistency verdict of these exact
            inputs.

    Returns:
        The report; ``conforms`` is ``False`` if any rule is violated.

    Raises:
        DataError: if a file is missing, unreadable or does not parse (nothing was validated).
    """
    started = time.perf_counter()
    folder = resolve_data_dir(data_dir)
    files = inference.source_files(folder)
    shapes_path = Path(shapes) if shapes is not None else shapes_file()
    shapes_graph = _load_shapes(shapes_path)
    parsed = [inference.read_quads(path) for path in files]
    graph = inference.merged_graph(parsed)
    store = qc_store(parsed)
    timings = {"load": time.perf_counter() - started}

    phase = time.perf_counter()
    results = shacl_violations(graph, shapes_graph)
    timings["shacl"] = time.perf_counter() - phase

    phase = time.perf_counter()
    results += qc_violations(store)
    results += source_violations(graph, folder / SOURCES_DIR)
    timings["qc"] = time.perf_counter() - phase

    phase = time.perf_counter()
    triples = len(graph)
    verdict = consistency.check_files(files, graph, use_cache=use_cache)
    results += owlrl_violations(verdict.findings)
    timings["consistency"] = time.perf_counter() - phase

    timings["total"] = time.perf_counter() - started
    ordered = sorted(set(results))
    return ValidationReport(not ordered, ordered, timings, triples, verdict.cached)


def bench_validate(data_dir: PathLike, *, use_cache: bool = False) -> dict[str, float | int | bool]:
    """Validate ``data_dir`` and return the figures a benchmark records.

    Args:
        data_dir: the data folder to validate.
        use_cache: reuse a cached OWL 2 RL consistency verdict; ``False`` (the default)
            measures the full cost and leaves the cache untouched.

    Returns:
        ``triples``, ``violations``, ``conforms``, ``consistency_cached``, and seconds: ``seconds``
        (total), ``load_s``, ``shacl_s``, ``qc_s``, ``consistency_s``.
    """
    report = validate(data_dir, use_cache=use_cache)
    figures: dict[str, float | int | bool] = {
        "triples": report.triples,
        "violations": len(report.results),
        "conforms": report.conforms,
        "consistency_cached": report.consistency_cached,
        "seconds": report.timings["total"],
    }
    for phase in ("load", "shacl", "qc", "consistency"):
        figures[f"{phase}_s"] = report.timings[phase]
    return figures


# --------------------------------------------------------------------------- loading


def _load_shapes(path: Path) -> rdflib.Graph:
    from rdflib import Graph

    if not path.is_file():
        raise DataError(f"the shapes file {path} is missing")
    try:
        return Graph().parse(str(path), format="turtle")
    except Exception as exc:  # rdflib's parsers raise assorted types
        raise DataError(f"cannot parse {path}: {' '.join(str(exc).split())}") from None


def qc_store(parsed: Sequence[Sequence[ox.Quad]]) -> ox.Store:
    """Return the in-memory store QC queries run on.

    Args:
        parsed: the quads of each input file, the ontology first (as
            :func:`sovkg.inference.source_files` orders them). The ontology goes to the named
            graph :data:`ONTOLOGY_GRAPH`; data files keep their graphs.
    """
    store = ox.Store()
    ontology = ox.NamedNode(ONTOLOGY_GRAPH)
    for index, quads in enumerate(parsed):
        if index == 0:
            store.extend(ox.Quad(q.subject, q.predicate, q.object, ontology) for q in quads)
        else:
            store.extend(quads)
    return store


# --------------------------------------------------------------------------- SHACL


def shacl_violations(graph: rdflib.Graph, shapes_graph: rdflib.Graph) -> list[Violation]:
    """Run pyshacl on ``graph`` (merged, with the ontology) and return its results.

    Args:
        graph: the data graph; not modified (inference ``"none"``).
        shapes_graph: the SHACL shapes.
    """
    import pyshacl
    from rdflib import RDF, Namespace

    sh = Namespace(SH_NS)
    _, report, _ = pyshacl.validate(
        graph, shacl_graph=shapes_graph, inference="none", inplace=True, advanced=False
    )
    results = []
    for result in report.subjects(RDF.type, sh.ValidationResult):
        focus = report.value(result, sh.focusNode)
        shape = report.value(result, sh.sourceShape)
        component = report.value(result, sh.sourceConstraintComponent)
        value = report.value(result, sh.value)
        severity = report.value(result, sh.resultSeverity)
        messages = sorted(str(m) for m in report.objects(result, sh.resultMessage))
        rule = _shape_name(shape)
        message = messages[0] if messages else f"{rule} violated"
        detail = _local(str(component)) if component is not None else ""
        if value is not None:
            detail += f", value {_term_text(value)}"
        results.append(
            Violation(
                focus=_term_text(focus),
                rule=rule,
                message=f"{message} ({detail.strip(', ')})" if detail else message,
                severity=str(severity).removeprefix(SH_NS) if severity is not None else "Violation",
                source="shacl",
                value=None if value is None else _term_text(value),
            )
        )
    return results


def _shape_name(shape: object) -> str:
    text = str(shape)
    if text.startswith(SHAPES_NS):
        return "sovsh:" + text[len(SHAPES_NS) :]
    return _term_text(shape)


def _local(iri: str) -> str:
    return "sh:" + iri[len(SH_NS) :] if iri.startswith(SH_NS) else iri


def _term_text(term: object) -> str:
    """An IRI as itself, a blank node as ``_:id``, a literal as its N-Triples form."""
    from rdflib import BNode, Literal

    if term is None:
        return "-"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        return term.n3()
    return str(term)


# --------------------------------------------------------------------------- QC


def qc_files() -> list[Path]:
    """Return the QC queries: ``queries/qc/*-violation.rq`` of the bundled queries, sorted."""
    return sorted(
        p for p in (resource_dir("queries") / "qc").glob(f"*{QC_SUFFIX}.rq") if p.is_file()
    )


def qc_violations(store: ox.Store, files: Iterable[Path] | None = None) -> list[Violation]:
    """Run each QC query on ``store`` (default graph = union); every row is a violation.

    A QC query projects ``?focus`` (the offending node) and may project ``?detail`` (a string
    that says what is wrong with it); its rule is ``qc:`` plus the file name without
    ``-violation.rq``, and its message its ``#+ summary:``.

    Raises:
        DataError: if a QC query file is malformed or does not run.
    """
    from sovkg.queries import read_query

    results = []
    for path in qc_files() if files is None else files:
        name = path.stem.removesuffix(QC_SUFFIX)
        query = read_query(path)
        try:
            solutions = store.query(query.text, use_default_graph_as_union=True)
        except (SyntaxError, OSError) as exc:
            raise DataError(f"QC query {path.name} does not run: {exc}") from None
        for solution in solutions:
            focus, detail = solution["focus"], solution["detail"]
            message = f"{name}: {query.summary}"
            if detail is not None:
                message += f" ({detail.value})"
            results.append(
                Violation(
                    focus=consistency.oxigraph_term_text(focus),
                    rule=f"qc:{name}",
                    message=message,
                    source="qc",
                )
            )
    return results


def source_violations(graph: rdflib.Graph, sources: Path) -> list[Violation]:
    """Check quotes and source files against the text files in ``sources``.

    * ``qc:source-file``: a source document's ``sov:fileName`` is not in ``sources`` or its
      SHA-256 differs from ``sov:sha256``;
    * ``qc:quote-in-source``: a citation's ``sov:quote`` is not an exact substring of its
      source document's text (read as UTF-8).

    Malformed values (no file name, a name with a path) are left to the SHACL shapes.
    """
    from rdflib import RDF, Literal, Namespace

    sov = Namespace(SOV_NS)
    results: list[Violation] = []
    texts: dict[object, str | None] = {}
    for document in sorted(graph.subjects(RDF.type, sov.SourceDocument)):
        texts[document] = None
        for name in sorted(graph.objects(document, sov.fileName)):
            if not isinstance(name, Literal) or not _plain_file_name(str(name)):
                continue
            path = sources / str(name)
            try:
                content = path.read_bytes()
            except OSError:
                what = f"the source text {SOURCES_DIR}/{name} is missing or unreadable"
                results.append(_source_problem(document, what))
                continue
            digest = hashlib.sha256(content).hexdigest()
            for recorded in graph.objects(document, sov.sha256):
                if str(recorded) != digest:
                    what = f"{SOURCES_DIR}/{name} has SHA-256 {digest}, not the recorded {recorded}"
                    results.append(_source_problem(document, what))
            texts[document] = content.decode("utf-8", errors="replace")
    for citation in sorted(graph.subjects(RDF.type, sov.Citation)):
        for document in graph.objects(citation, sov.sourceDocument):
            text = texts.get(document)
            if text is None:
                continue
            for quote in graph.objects(citation, sov.quote):
                if str(quote) not in text:
                    results.append(
                        Violation(
                            focus=str(citation),
                            rule="qc:quote-in-source",
                            message="quote-in-source: the sov:quote is not verbatim in the "
                            f"source text of {compact(str(document))}",
                            source="qc",
                            value=_term_text(quote),
                        )
                    )
    return results


def _plain_file_name(name: str) -> bool:
    return bool(name) and "/" not in name and "\\" not in name and name not in {".", ".."}


def _source_problem(document: object, what: str) -> Violation:
    return Violation(
        focus=str(document),
        rule="qc:source-file",
        message=f"source-file: {what}",
        source="qc",
    )


# --------------------------------------------------------------------------- OWL-RL


def owlrl_violations(findings: Iterable[consistency.Finding]) -> list[Violation]:
    """Turn inconsistencies of the OWL 2 RL closure into violations of ``owlrl:inconsistency``.

    The message is ``inconsistency: RULE-ID: what holds`` (owlrl's own message after
    ``inconsistency:`` when owlrl decided, see :mod:`sovkg.consistency`).
    """
    return [
        Violation(
            focus=f.focus,
            rule="owlrl:inconsistency",
            message=f"inconsistency: {f.message}"
            if f.rule == "owlrl"
            else f"inconsistency: {f.rule}: {f.message}",
            source="owlrl",
        )
        for f in findings
    ]
