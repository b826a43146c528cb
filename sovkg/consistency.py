"""OWL 2 RL consistency of the ontology plus the data, fast: reasonable's closure, then SPARQL.

``sovkg validate`` asks one question of the OWL-RL closure: is it consistent? owlrl answers it
at about 1.2 ms of CPU per triple (minutes at 10^5 triples), so this module answers it instead
in two steps, each done by a library:

1. the closure is materialized by ``reasonable`` (a Rust OWL 2 RL reasoner), seconds at 10^5;
2. each OWL 2 RL rule whose consequence is ``false`` (W3C OWL 2 Profiles, section 4.3,
   tables 4-9) is one SPARQL query in :data:`RULES`, named by its rule id, run by pyoxigraph
   over the closure; every row is one inconsistency, with the individuals that cause it.

``dt-not-type`` (an ill-typed literal) is checked in Python with owlrl's own lexical-space
checks (``owlrl.DatatypeHandling.AltXSDToPYTHON``) on the literals owlrl would check, so its
verdicts are owlrl's. owlrl also adds disjointness axioms between the XSD datatypes used in the
graph, so a literal that a property's ``rdfs:range`` types by a datatype disjoint from its own is
an inconsistency (``cax-dw`` on a literal); :data:`RULES` has that rule too, over the same
axioms (owlrl's tables), since reasonable leaves literals untyped.

**What reasonable does not implement** (its README): ``prp-spo2``, ``prp-key``, ``cls-maxc2``,
``cls-maxqc3/4``, ``cls-oo`` (and owlrl's datatype check of ``owl:allValuesFrom``). A graph that
uses any construct these rules need (:data:`UNSUPPORTED`, :data:`UNSUPPORTED_IF_ONE`; the
ontology uses none) is checked by owlrl instead
(:func:`check` falls back, with owlrl's messages), so such a graph gets owlrl's verdict. Two
rules reasonable lacks need no fallback: ``eq-ref`` (``x owl:sameAs x``) matters only to
``eq-diff1`` on ``x owl:differentFrom x``, which the ``eq-diff1`` query states directly; the
``scm-*`` rules only add schema triples whose consequences for individuals the ``cax-*``,
``cls-*`` and ``prp-*`` rules derive anyway. owlrl remains the reference:
``tests/test_consistency.py`` checks that both give the same verdicts on every fixture, on the
real data and on generated data.

Example:
    >>> from sovkg import inference
    >>> graph = inference.load_graph(inference.source_files())
    >>> check(graph).findings
    ()
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from sovkg import inference
from sovkg.inputs import cache_root

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

    from sovkg.inference import Triple

PathLike = str | os.PathLike[str]

CONSISTENCY_FORMAT = "sovkg-consistency-1"
"""Bump when the rules, the findings or the layout of a cached verdict change."""
CONSISTENCY_DIR = "consistency"
"""The sub-folder of the cache folder that holds verdicts (``KEY.json``)."""

_OWL = "http://www.w3.org/2002/07/owl#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

UNSUPPORTED = frozenset(
    _OWL + name
    for name in (
        "propertyChainAxiom",  # prp-spo2
        "hasKey",  # prp-key
        "oneOf",  # cls-oo
        "allValuesFrom",  # owlrl checks the values' datatypes (an owlrl extension)
    )
)
"""Predicates whose rules reasonable does not implement: a graph using one is left to owlrl."""
UNSUPPORTED_IF_ONE = frozenset({_OWL + "maxCardinality", _OWL + "maxQualifiedCardinality"})
"""Predicates whose rules for the value 1 (``cls-maxc2``, ``cls-maxqc3/4``) reasonable lacks;
the value 0 (``cls-maxc1``, ``cls-maxqc1/2``) is in :data:`RULES`, larger values entail nothing."""

_PREFIXES = """PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

RULES: dict[str, tuple[str, str]] = {
    "eq-diff1": (
        """SELECT DISTINCT ?x ?y WHERE {
  ?x owl:differentFrom ?y .
  FILTER (sameTerm(?x, ?y) || EXISTS { ?x owl:sameAs ?y } || EXISTS { ?y owl:sameAs ?x })
}""",
        "{x} is owl:sameAs and owl:differentFrom {y}",
    ),
    "eq-diff2": (
        """SELECT DISTINCT ?x ?y WHERE {
  ?all rdf:type owl:AllDifferent ; owl:members ?list .
  ?list rdf:rest*/rdf:first ?x .
  ?list rdf:rest*/rdf:first ?y .
  FILTER (STR(?x) < STR(?y))
  ?x owl:sameAs ?y .
}""",
        "{x} and {y} are members of one owl:AllDifferent, and owl:sameAs",
    ),
    "eq-diff3": (
        """SELECT DISTINCT ?x ?y WHERE {
  ?all rdf:type owl:AllDifferent ; owl:distinctMembers ?list .
  ?list rdf:rest*/rdf:first ?x .
  ?list rdf:rest*/rdf:first ?y .
  FILTER (STR(?x) < STR(?y))
  ?x owl:sameAs ?y .
}""",
        "{x} and {y} are distinct members of one owl:AllDifferent, and owl:sameAs",
    ),
    "prp-irp": (
        """SELECT DISTINCT ?x ?p WHERE {
  ?p rdf:type owl:IrreflexiveProperty .
  ?x ?p ?x .
}""",
        "{x} is related to itself by the irreflexive property {p}",
    ),
    "prp-asyp": (
        """SELECT DISTINCT ?x ?p ?y WHERE {
  ?p rdf:type owl:AsymmetricProperty .
  ?x ?p ?y .
  ?y ?p ?x .
}""",
        "{x} {p} {y} and back, but {p} is asymmetric",
    ),
    "prp-pdw": (
        """SELECT DISTINCT ?x ?p ?q ?y WHERE {
  ?p owl:propertyDisjointWith ?q .
  ?x ?p ?y .
  ?x ?q ?y .
}""",
        "{x} is related to {y} by both {p} and {q}, disjoint properties",
    ),
    "prp-adp": (
        """SELECT DISTINCT ?x ?p ?q ?y WHERE {
  ?all rdf:type owl:AllDisjointProperties ; owl:members ?list .
  ?list rdf:rest*/rdf:first ?p .
  ?list rdf:rest*/rdf:first ?q .
  FILTER (STR(?p) < STR(?q))
  ?x ?p ?y .
  ?x ?q ?y .
}""",
        "{x} is related to {y} by both {p} and {q}, members of one owl:AllDisjointProperties",
    ),
    "prp-npa1": (
        """SELECT DISTINCT ?x ?p ?y WHERE {
  ?npa owl:sourceIndividual ?x ; owl:assertionProperty ?p ; owl:targetIndividual ?y .
  ?x ?p ?y .
}""",
        "{x} {p} {y} holds, but a negative property assertion denies it",
    ),
    "prp-npa2": (
        """SELECT DISTINCT ?x ?p ?y WHERE {
  ?npa owl:sourceIndividual ?x ; owl:assertionProperty ?p ; owl:targetValue ?y .
  ?x ?p ?y .
}""",
        "{x} {p} {y} holds, but a negative property assertion denies it",
    ),
    "cls-nothing2": (
        """SELECT DISTINCT ?x WHERE {
  ?x rdf:type owl:Nothing .
}""",
        "{x} is an instance of owl:Nothing",
    ),
    "cls-com": (
        """SELECT DISTINCT ?x ?c ?d WHERE {
  ?c owl:complementOf ?d .
  ?x rdf:type ?c , ?d .
}""",
        "{x} is an instance of {c} and of its complement {d}",
    ),
    "cls-maxc1": (
        """SELECT DISTINCT ?x ?p ?y WHERE {
  ?r owl:maxCardinality ?n ; owl:onProperty ?p .
  FILTER (?n = 0)
  ?x rdf:type ?r ; ?p ?y .
}""",
        "{x} has the {p} value {y}, but a restriction allows it none",
    ),
    "cls-maxqc1": (
        """SELECT DISTINCT ?x ?p ?y ?c WHERE {
  ?r owl:maxQualifiedCardinality ?n ; owl:onProperty ?p ; owl:onClass ?c .
  FILTER (?n = 0 && !sameTerm(?c, owl:Thing))
  ?x rdf:type ?r ; ?p ?y .
  ?y rdf:type ?c .
}""",
        "{x} has the {p} value {y} of class {c}, but a restriction allows it none",
    ),
    "cls-maxqc2": (
        """SELECT DISTINCT ?x ?p ?y WHERE {
  ?r owl:maxQualifiedCardinality ?n ; owl:onProperty ?p ; owl:onClass owl:Thing .
  FILTER (?n = 0)
  ?x rdf:type ?r ; ?p ?y .
}""",
        "{x} has the {p} value {y}, but a restriction allows it none",
    ),
    "cax-dw": (
        """SELECT DISTINCT ?x ?c ?d WHERE {
  ?c owl:disjointWith ?d .
  ?x rdf:type ?c , ?d .
}""",
        "{x} is an instance of {c} and {d}, disjoint classes",
    ),
    "cax-dw/literal": (
        """SELECT DISTINCT ?x ?p ?value ?c ?d WHERE {
  ?c owl:disjointWith|^owl:disjointWith ?d .
  ?p rdfs:range ?c .
  ?x ?p ?value .
  FILTER (isLiteral(?value))
  ?own rdfs:subClassOf ?d .
  FILTER (sameTerm(?own, DATATYPE(?value)))
}""",
        "{x} has the {p} value {value}, whose datatype is within {d} while the range of {p} "
        "is {c}, a disjoint datatype",
    ),
    "cax-dw/ranges": (
        """SELECT DISTINCT ?x ?p ?value ?c ?q ?d WHERE {
  ?c owl:disjointWith|^owl:disjointWith ?d .
  ?p rdfs:range ?c .
  ?q rdfs:range ?d .
  ?x ?p ?value .
  FILTER (isLiteral(?value))
  ?other ?q ?value .
}""",
        "{x} has the {p} value {value}, also a {q} value: the ranges {c} and {d} of these "
        "properties are disjoint datatypes",
    ),
    "cax-adc": (
        """SELECT DISTINCT ?x ?c ?d WHERE {
  ?all rdf:type owl:AllDisjointClasses ; owl:members ?list .
  ?list rdf:rest*/rdf:first ?c .
  ?list rdf:rest*/rdf:first ?d .
  FILTER (!sameTerm(?c, ?d))
  ?x rdf:type ?c , ?d .
  FILTER (STR(?c) < STR(?d))
}""",
        "{x} is an instance of {c} and {d}, members of one owl:AllDisjointClasses",
    ),
}
"""Rule id (W3C OWL 2 RL, section 4.3) -> (SPARQL SELECT over the closure, message template).

Each query's first variable is the focus of the finding; the template names the query's
variables. ``cax-dw/literal`` and ``cax-dw/ranges`` are ``cax-dw`` applied to a literal that
owlrl types by its own datatype and by the range of its property, or by the ranges of two
properties, over owlrl's datatype axioms (in the closure store as ``owl:disjointWith`` and
``rdfs:subClassOf`` triples between XSD datatypes, each datatype a subclass of itself); the
finding's rule is the part before ``/``. ``dt-not-type`` is checked in Python (module doc).
"""

_IRI = re.compile(r"https?://[^\s,()'\"<>]+")
_LITERAL_MESSAGE = re.compile(
    r"literal '(?P<lexical>.*)' does not match its datatype \((?P<dt>[^)]+)\)"
)
_SCHEMA_NAMESPACES = (
    "https://w3id.org/sovkg/ontology#",
    *inference.VOCABULARIES,
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/2006/time#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/dc/terms/",
)


@dataclass(frozen=True, order=True)
class Finding:
    """One inconsistency: the rule that derives ``false``, the node it is about, what holds.

    Attributes:
        focus: the offending individual (an IRI, ``_:label``, or ``-`` if unknown).
        rule: the OWL 2 RL rule id (``cax-adc``, ``dt-not-type``, ...), or ``owlrl`` for a
            message of owlrl (graphs using :data:`UNSUPPORTED` constructs).
        message: what holds, IRIs in full.
    """

    focus: str
    rule: str
    message: str


@dataclass(frozen=True)
class Verdict:
    """The outcome of :func:`check`.

    Attributes:
        findings: the inconsistencies, sorted; empty when the closure is consistent.
        reasoner: ``"reasonable"`` or ``"owlrl"`` (the fallback).
        seconds: how long the check took when it was computed.
        cached: whether this verdict was read from the cache.
    """

    findings: tuple[Finding, ...]
    reasoner: str
    seconds: float
    cached: bool = False

    @property
    def consistent(self) -> bool:
        """Whether no rule derives ``false``."""
        return not self.findings


# --------------------------------------------------------------------------- entry points


def check_files(
    files: Sequence[Path], graph: rdflib.Graph | None = None, *, use_cache: bool = True
) -> Verdict:
    """Check the closure of ``files`` for consistency, reading and filling the cache.

    Args:
        files: the input files (ontology first), as :func:`sovkg.inference.source_files` lists.
        graph: their merged rdflib graph, if the caller has parsed it already (not modified).
        use_cache: read and write ``consistency/KEY.json`` in the cache folder.

    Raises:
        DataError: if a file cannot be read or parsed.
    """
    folder = cache_root() / CONSISTENCY_DIR
    key = verdict_key(files)
    if use_cache:
        cached = _read_verdict(folder / f"{key}.json")
        if cached is not None:
            return cached
    verdict = check(graph if graph is not None else inference.load_graph(files))
    if use_cache:
        with contextlib.suppress(OSError):  # an unwritable cache folder only costs time
            _write_verdict(folder, key, verdict)
    return verdict


def check(graph: rdflib.Graph) -> Verdict:
    """Check the OWL 2 RL closure of ``graph`` for consistency (no cache).

    Args:
        graph: the asserted graph (ontology plus data, graphs merged); not modified.
    """
    started = time.perf_counter()
    if uses_unsupported(graph):
        return Verdict(owlrl_check(graph), "owlrl", time.perf_counter() - started)
    store = closure_store(graph)
    findings = set(rule_findings(store))
    findings.update(ill_typed_findings(graph))
    return Verdict(tuple(sorted(findings)), "reasonable", time.perf_counter() - started)


def uses_unsupported(graph: rdflib.Graph) -> bool:
    """Return whether ``graph`` needs a rule reasonable lacks (:data:`UNSUPPORTED`, ...).

    Example:
        >>> from rdflib import Graph, Literal, OWL, URIRef
        >>> g = Graph()
        >>> _ = g.add((URIRef("urn:R"), OWL.maxCardinality, Literal(0)))
        >>> uses_unsupported(g)
        False
        >>> _ = g.add((URIRef("urn:S"), OWL.maxCardinality, Literal(1)))
        >>> uses_unsupported(g)
        True
    """
    from rdflib import Literal, URIRef

    for predicate in sorted(UNSUPPORTED):
        if next(graph.triples((None, URIRef(predicate), None)), None) is not None:
            return True
    return any(
        isinstance(value, Literal) and value.value == 1
        for predicate in sorted(UNSUPPORTED_IF_ONE)
        for value in graph.objects(None, URIRef(predicate))
    )


# --------------------------------------------------------------------------- the closure


def closure_store(graph: rdflib.Graph) -> ox.Store:
    """Return a pyoxigraph store of reasonable's closure of ``graph``, plus owlrl's datatype axioms.

    The datatype axioms are those owlrl adds for the datatypes the graph uses: each used XSD
    datatype ``rdfs:subClassOf`` itself and the datatypes that contain it, and
    ``owl:disjointWith`` between used datatypes (owlrl's tables).

    reasonable's ``prp-fp`` costs more than all its other rules together (13 s of 15 s at 10^5
    triples), so the closure is first computed without the ``owl:FunctionalProperty``
    declarations (see :func:`functional_declarations` for why that is sound), and again with
    them only if that closure holds a functional property with two values for one subject.
    """
    declarations = functional_declarations(graph)
    if declarations:
        rest = [t for t in graph if t not in declarations]
        store = _reason(rest)
        _add(store, declarations)
        if not store.query(_PREFIXES + _TWO_FUNCTIONAL_VALUES):
            _add_datatype_axioms(store, graph)
            return store
    store = _reason(graph)
    _add_datatype_axioms(store, graph)
    return store


_TWO_FUNCTIONAL_VALUES = """ASK {
  ?p rdf:type owl:FunctionalProperty .
  ?x ?p ?y , ?z .
  FILTER (!sameTerm(?y, ?z))
}"""
"""Whether ``prp-fp`` would make two different terms ``owl:sameAs``."""


def functional_declarations(graph: rdflib.Graph) -> set[Triple]:
    """Return the ``p rdf:type owl:FunctionalProperty`` triples reasoning may leave out.

    The only OWL 2 RL rule with the premise ``?p rdf:type owl:FunctionalProperty`` is
    ``prp-fp`` (``?x ?p ?y1 , ?y2`` gives ``?y1 owl:sameAs ?y2``), unless a triple says something
    of ``owl:FunctionalProperty`` itself (a subclass or a member of a class axiom: then ``cax-*``
    or ``cls-*`` rules could use the declaration too, and this returns nothing). So if the
    closure C of the graph without these declarations has no functional ``?p`` with two
    different values for one ``?x``, ``prp-fp`` adds to C only ``?y owl:sameAs ?y`` triples,
    from which ``eq-sym``, ``eq-trans`` and ``eq-rep-*`` derive nothing new and ``eq-diff1``
    fires only on ``?y owl:differentFrom ?y`` (which the ``eq-diff1`` query matches directly):
    C plus the declarations is then the closure of the graph, as far as ``false`` goes.
    """
    from rdflib import OWL, RDF

    functional = OWL.FunctionalProperty
    if any(True for _ in graph.triples((functional, None, None))) or any(
        p != RDF.type for _, p in graph.subject_predicates(functional)
    ):
        return set()
    return set(graph.triples((None, RDF.type, functional)))


def _reason(triples: Iterable[Triple]) -> ox.Store:
    import reasonable

    reasoner = reasonable.PyReasoner()
    with inference.quiet_rdflib():  # reasonable makes rdflib literals of ill-typed values too
        reasoner.from_graph(triples)
        closure = reasoner.reason()
    store = ox.Store()
    _add(store, closure)
    return store


def _add(store: ox.Store, triples: Iterable[Triple]) -> None:
    convert = _OxConverter()
    store.extend(ox.Quad(convert(s), convert(p), convert(o)) for s, p, o in triples)


def _add_datatype_axioms(store: ox.Store, graph: rdflib.Graph) -> None:
    store.extend(
        ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o))
        for s, p, o in datatype_axioms(graph)
    )


class _OxConverter:
    """rdflib terms to pyoxigraph terms, memoized (a closure repeats its terms many times)."""

    def __init__(self) -> None:
        self._terms: dict[Any, Any] = {}

    def __call__(self, term: Any) -> Any:
        node = self._terms.get(term)
        if node is None:
            node = self._terms[term] = self._convert(term)
        return node

    @staticmethod
    def _convert(term: Any) -> Any:
        from rdflib import BNode, Literal

        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
        return ox.NamedNode(str(term))


def datatype_axioms(graph: rdflib.Graph) -> set[tuple[str, str, str]]:
    """Return owlrl's datatype axioms for the datatypes ``graph`` uses, as IRI triples.

    A datatype is used (owlrl's ``used_datatypes``) if a literal of the graph has it, or an
    ``rdf:type`` triple of the graph names it, or it contains one of those (owlrl's
    ``OWL_Datatype_Subsumptions``).
    """
    from owlrl.OWLRL import OWLRL_Datatypes_Disjointness
    from owlrl.XsdDatatypes import OWL_Datatype_Subsumptions, OWL_RL_Datatypes
    from rdflib import RDF, Literal

    used = {o.datatype for o in graph.objects() if isinstance(o, Literal)} | set(
        graph.objects(None, RDF.type)
    )
    used &= set(OWL_RL_Datatypes)
    axioms: set[tuple[str, str, str]] = set()
    for datatype in sorted(used):
        axioms.add((str(datatype), _RDFS + "subClassOf", str(datatype)))
        for container in OWL_Datatype_Subsumptions.get(datatype, ()):
            axioms.add((str(datatype), _RDFS + "subClassOf", str(container)))
    used |= {container for d in used for container in OWL_Datatype_Subsumptions.get(d, ())}
    for left, predicate, right in OWLRL_Datatypes_Disjointness:
        if left in used and right in used:
            axioms.add((str(left), str(predicate), str(right)))
    return axioms


# --------------------------------------------------------------------------- the rules


def rule_findings(store: ox.Store, rules: Iterable[str] | None = None) -> list[Finding]:
    """Run the rules of :data:`RULES` (all, or those named) over a closure store.

    Args:
        store: the closure, in the default graph (as :func:`closure_store` returns it).
        rules: rule ids to run; ``None`` for all.
    """
    findings = []
    for rule in RULES if rules is None else rules:
        query, template = RULES[rule]
        solutions = store.query(_PREFIXES + query)
        assert isinstance(solutions, ox.QuerySolutions)  # every rule is a SELECT
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            terms = {name: oxigraph_term_text(solution[name]) for name in names}
            findings.append(
                Finding(
                    focus=terms[names[0]],
                    rule=rule.partition("/")[0],
                    message=template.format(**terms),
                )
            )
    return findings


def ill_typed_findings(graph: rdflib.Graph) -> list[Finding]:
    """Return the ``dt-not-type`` findings: literals not in their datatype's lexical space.

    The literals checked and the check are owlrl's (``_one_time_rules_datatypes``): objects of
    ``graph`` whose datatype is an OWL 2 RL datatype, parsed by ``AltXSDToPYTHON``. One finding
    per subject that holds such a literal.
    """
    from owlrl.DatatypeHandling import AltXSDToPYTHON
    from owlrl.XsdDatatypes import OWL_RL_Datatypes
    from rdflib import Literal

    datatypes = set(OWL_RL_Datatypes)
    findings = []
    checked: dict[Literal, bool] = {}
    for subject, _, value in graph:
        if not isinstance(value, Literal) or value.datatype not in datatypes:
            continue
        bad = checked.get(value)
        if bad is None:
            converter = AltXSDToPYTHON.get(value.datatype)
            try:
                if converter is not None:
                    converter(str(value))
                bad = False
            except ValueError:
                bad = True
            checked[value] = bad
        if bad:
            findings.append(
                Finding(
                    focus=_rdflib_text(subject),
                    rule="dt-not-type",
                    message=f"the literal {value.n3()} is not a valid {value.datatype}",
                )
            )
    return findings


def _rdflib_text(term: Any) -> str:
    from rdflib import BNode

    return f"_:{term}" if isinstance(term, BNode) else str(term)


def oxigraph_term_text(term: object) -> str:
    """An IRI as itself, a blank node as ``_:id``, a literal in N-Triples form."""
    if term is None:
        return "-"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return str(term)
    return str(getattr(term, "value", term))


# --------------------------------------------------------------------------- owlrl


def owlrl_check(graph: rdflib.Graph) -> tuple[Finding, ...]:
    """Run owlrl's closure of ``graph`` and return its inconsistency messages as findings.

    The reference, and the fallback for graphs that use :data:`UNSUPPORTED` constructs.
    """
    _, errors = inference.compute_closure(graph)
    store = ox.Store()
    convert = _OxConverter()
    store.extend(ox.Quad(convert(s), convert(p), convert(o)) for s, p, o in graph)
    return tuple(sorted(owlrl_findings(errors, store)))


def owlrl_findings(errors: Iterable[str], store: ox.Store) -> list[Finding]:
    """Turn owlrl's messages into findings of rule ``owlrl``.

    The focus is the last IRI of the message outside the ontology's vocabularies (the
    individual of a disjointness clash); for an ill-typed literal, the subject that holds it.
    """
    return [Finding(_owlrl_focus(e, store), "owlrl", e) for e in errors]


def _owlrl_focus(error: str, store: ox.Store) -> str:
    individuals = [iri for iri in _IRI.findall(error) if not iri.startswith(_SCHEMA_NAMESPACES)]
    if individuals:
        return individuals[-1]
    match = _LITERAL_MESSAGE.search(error)
    if match:
        literal = ox.Literal(match["lexical"], datatype=ox.NamedNode(match["dt"]))
        subjects = sorted(
            q.subject.value
            for q in store.quads_for_pattern(None, None, literal, None)
            if isinstance(q.subject, ox.NamedNode)
        )
        if subjects:
            return subjects[0]
    return "-"


# --------------------------------------------------------------------------- the cache


def verdict_key(files: Sequence[Path]) -> str:
    """Return the cache key of the verdict on ``files``: a hex SHA-256.

    It covers :data:`CONSISTENCY_FORMAT`, the rules, the versions of reasonable, owlrl, rdflib
    and pyoxigraph, and every file's name and content.

    Raises:
        DataError: if a file cannot be read.
    """
    from importlib.metadata import version

    digest = hashlib.sha256(CONSISTENCY_FORMAT.encode() + b"\0")
    for package in ("reasonable", "owlrl", "rdflib", "pyoxigraph"):
        digest.update(f"{package}={version(package)}\0".encode())
    digest.update(json.dumps(RULES, sort_keys=True).encode() + b"\0")
    digest.update(inference.closure_key(files).encode())
    return digest.hexdigest()


def _read_verdict(path: Path) -> Verdict | None:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
        if meta.get("format") != CONSISTENCY_FORMAT:
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # mark as used, so pruning keeps it
        findings = tuple(Finding(f["focus"], f["rule"], f["message"]) for f in meta["findings"])
        return Verdict(findings, str(meta["reasoner"]), float(meta["seconds"]), cached=True)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing or damaged: compute again


def _write_verdict(folder: Path, key: str, verdict: Verdict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    meta = {
        "format": CONSISTENCY_FORMAT,
        "reasoner": verdict.reasoner,
        "seconds": round(verdict.seconds, 3),
        "findings": [
            {"focus": f.focus, "rule": f.rule, "message": f.message} for f in verdict.findings
        ],
    }
    inference.atomic_write(
        folder / f"{key}.json", json.dumps(meta, indent=1, sort_keys=True) + "\n"
    )
    inference.prune(folder)
