"""Explain an entity: every statement about it, with the document and sentence it comes from.

Every fact triple of the data lives in the named graph of the citation that states it, and each
citation (a ``sov:Citation`` in the default graph) carries its verbatim ``sov:quote``, its
``sov:section`` and its ``sov:sourceDocument``. So explaining an entity is one query,
``GRAPH ?g { ?entity ?p ?o }``, joined with the citation metadata; a triple stated by several
sentences comes back once, with every citation that states it.

An entity can be named by its IRI (``https://w3id.org/sovkg/id/Kalinin``, with or without angle
brackets), a CURIE with one of :data:`sovkg.output.PREFIXES` (``sk:Kalinin``), or one of its
labels (``rdfs:label``, ``skos:altLabel`` or ``skos:prefLabel`` in any language, compared case-
insensitively and with runs of white space collapsed). An unknown name raises
:class:`UnknownEntityError` with the nearest names; a label that names several entities raises
:class:`AmbiguousEntityError` listing them. Both are bad input (exit code 2).

This module runs on pyoxigraph only; it never imports rdflib.

Example:
    >>> explanation = explain("Mikhail Kalinin", incoming=True)
    >>> explanation.entity
    'https://w3id.org/sovkg/id/Kalinin'
    >>> [(curie(s.predicate), s.value) for s in explanation.statements]
    [('rdf:type', 'https://w3id.org/sovkg/ontology#Person'),
     ('rdfs:label', 'Mikhail Kalinin'),
     ('sov:holder', 'https://w3id.org/sovkg/id/holding-kalinin-chairman')]
    >>> source = explanation.statements[1].sources[0]
    >>> source.file_name
    '000_3c924279c8fa2842.txt'
    >>> source.quote
    'The only chairman of the Presidium of the Congress was Mikhail Kalinin.'
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from sovkg.errors import BadInputError
from sovkg.graphs import OxigraphGraph, required_term_from_ox
from sovkg.output import PREFIXES, curie
from sovkg.results import Term
from sovkg.store import load

__all__ = [
    "AmbiguousEntityError",
    "Explanation",
    "Source",
    "Statement",
    "UnknownEntityError",
    "curie",
    "explain",
    "resolve",
]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
LABEL_PREDICATES = (RDFS_LABEL, SKOS_PREF, SKOS_ALT)
"""The predicates whose values name an entity, most preferred first."""
MAX_SUGGESTIONS = 3
SUGGESTION_CUTOFF = 0.75
"""Similarity (difflib ratio, 0-1) a name needs to be suggested."""

_PREDICATE_ORDER = {RDF_TYPE: 0, RDFS_LABEL: 1, SKOS_PREF: 2, SKOS_ALT: 3}

OUTGOING_QUERY = """\
PREFIX sov: <https://w3id.org/sovkg/ontology#>
SELECT ?entity ?p ?o ?g ?quote ?section ?document ?file WHERE {
  GRAPH ?g { ?entity ?p ?o }
  OPTIONAL { ?g sov:quote ?quote }
  OPTIONAL { ?g sov:section ?section }
  OPTIONAL { ?g sov:sourceDocument ?document OPTIONAL { ?document sov:fileName ?file } }
}
"""
"""Statements whose subject is ``?entity`` (bound at run time), with their citations."""

INCOMING_QUERY = """\
PREFIX sov: <https://w3id.org/sovkg/ontology#>
SELECT ?entity ?s ?p ?g ?quote ?section ?document ?file WHERE {
  GRAPH ?g { ?s ?p ?entity }
  OPTIONAL { ?g sov:quote ?quote }
  OPTIONAL { ?g sov:section ?section }
  OPTIONAL { ?g sov:sourceDocument ?document OPTIONAL { ?document sov:fileName ?file } }
}
"""
"""Statements whose object is ``?entity`` (bound at run time), with their citations."""

KNOWN_QUERY = """\
SELECT ?entity WHERE {
  { GRAPH ?g { ?entity ?p ?o } } UNION { GRAPH ?g { ?s ?p ?entity } }
}
LIMIT 1
"""
"""One row if ``?entity`` (bound at run time) occurs as subject or object of a stated fact."""

NAMES_QUERY = """\
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?entity ?predicate ?label WHERE {
  VALUES ?predicate { rdfs:label skos:prefLabel skos:altLabel }
  GRAPH ?g { ?entity ?predicate ?label }
  FILTER(isLiteral(?label))
}
"""
"""Every name of every entity that the data states facts about (ontology terms excluded)."""

SUBJECTS_QUERY = """\
SELECT DISTINCT ?entity WHERE { GRAPH ?g { ?entity ?p ?o } FILTER(isIRI(?entity)) }
"""
"""The IRIs that the data states facts about (for suggestions after an unknown IRI)."""


class UnknownEntityError(BadInputError):
    """No entity of the data has that IRI, CURIE or label.

    Attributes:
        name: what was asked for.
        suggestions: the nearest labels (or CURIEs, for an IRI), best first.
    """

    def __init__(self, name: str, suggestions: list[str]) -> None:
        hint = (
            "; did you mean " + " or ".join(f"'{s}'" for s in suggestions) + "?"
            if suggestions
            else ""
        )
        super().__init__(
            f"unknown entity '{name}'{hint} (give an IRI, a CURIE such as sk:congress-7, "
            "or a label such as 'Mikhail Kalinin')"
        )
        self.name = name
        self.suggestions = suggestions


class AmbiguousEntityError(BadInputError):
    """A label names more than one entity.

    Attributes:
        name: the label that was asked for.
        candidates: the IRIs it names, sorted.
    """

    def __init__(self, name: str, candidates: list[str], labels: dict[str, str]) -> None:
        listing = ", ".join(
            f"{curie(iri)} ({labels[iri]})" if iri in labels else curie(iri) for iri in candidates
        )
        super().__init__(
            f"label '{name}' is ambiguous: it names {listing}; give one of these CURIEs instead"
        )
        self.name = name
        self.candidates = candidates


@dataclass(frozen=True)
class Source:
    """One citation of a statement: the sentence that states it and where it is.

    Attributes:
        citation: the citation's IRI (the name of the graph that holds the statement).
        quote: the verbatim sentence, or ``None`` if the graph is not a described citation.
        section: the section of the document the sentence is in, if given.
        document: the IRI of the source document, if given.
        file_name: the source document's file name (in ``data/sources/``), if given.
    """

    citation: str
    quote: str | None
    section: str | None
    document: str | None
    file_name: str | None


@dataclass(frozen=True)
class Statement:
    """A triple about the entity and every citation that states it.

    Attributes:
        subject: the triple's subject.
        predicate: the predicate's IRI.
        object: the triple's object.
        incoming: ``True`` if the entity is the object, ``False`` if it is the subject.
        sources: the citations that state the triple, in a stable order.
    """

    subject: Term
    predicate: str
    object: Term
    incoming: bool
    sources: tuple[Source, ...]

    @property
    def value(self) -> str:
        """The other end of the triple: the object's value, or the subject's if incoming."""
        return self.subject.value if self.incoming else self.object.value


@dataclass(frozen=True)
class Explanation:
    """Everything the data states about one entity.

    Attributes:
        entity: the entity's IRI.
        label: its preferred English (or untagged) label, if any.
        statements: outgoing statements first (type, labels, then by predicate), then
            incoming ones if they were asked for.
    """

    entity: str
    label: str | None
    statements: tuple[Statement, ...]


# --------------------------------------------------------------------------- resolving names

_CURIE = re.compile(r"^([A-Za-z][\w.-]*):(\S*)$")


def _normalize(text: str) -> str:
    """Fold case and collapse white space, so that labels compare as a person reads them."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _as_iri(name: str) -> str | None:
    """Return the IRI that ``name`` spells (an IRI or a known CURIE), else ``None``."""
    text = name.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].strip()
    if "://" in text and not any(c.isspace() for c in text):
        return text
    match = _CURIE.match(text)
    if match and match.group(1) in PREFIXES:
        return PREFIXES[match.group(1)] + match.group(2)
    return None


def _query(graph: OxigraphGraph, text: str, entity: str | None = None) -> ox.QuerySolutions:
    """Run ``text`` with ``?entity`` bound to the IRI ``entity``.

    Facts are reached with ``GRAPH ?g`` and the citation metadata sits in the files' default
    graph, so the query needs no union default graph (and gets no duplicate rows from one).
    """
    substitutions = {ox.Variable("entity"): ox.NamedNode(entity)} if entity is not None else {}
    result = graph.store.query(text, substitutions=substitutions)
    assert isinstance(result, ox.QuerySolutions)
    return result


def _names(graph: OxigraphGraph) -> dict[str, list[tuple[str, str, str | None]]]:
    """Return IRI -> its names as (predicate, text, language)."""
    names: dict[str, list[tuple[str, str, str | None]]] = {}
    for row in _query(graph, NAMES_QUERY):
        entity, predicate, label = row["entity"], row["predicate"], row["label"]
        if isinstance(entity, ox.NamedNode) and isinstance(label, ox.Literal):
            entry = (predicate.value, label.value, label.language)
            names.setdefault(entity.value, []).append(entry)
    return names


def _preferred_label(names: Iterable[tuple[str, str, str | None]]) -> str | None:
    """Pick the name to show: rdfs:label before skos labels, English before untagged, A-Z."""
    ranked = sorted(
        (LABEL_PREDICATES.index(predicate), {"en": 0, None: 1}.get(language, 2), text)
        for predicate, text, language in names
    )
    return ranked[0][2] if ranked else None


def resolve(name: str, graph: OxigraphGraph | None = None) -> str:
    """Return the IRI of the entity that ``name`` (an IRI, a CURIE or a label) names.

    Args:
        name: ``https://w3id.org/sovkg/id/Kalinin``, ``<...>``, ``sk:Kalinin`` or
            ``Mikhail Kalinin`` (any label, case-insensitive).
        graph: the loaded graph; ``None`` loads the default data.

    Returns:
        The IRI of an entity the data states at least one fact about (as subject or object).

    Raises:
        UnknownEntityError: if nothing of that name is in the data; suggests the nearest names.
        AmbiguousEntityError: if the label names several entities.

    Example:
        >>> resolve("sk:congress-7")
        'https://w3id.org/sovkg/id/congress-7'
        >>> resolve("all-union congress")
        'https://w3id.org/sovkg/id/CongressOfSoviets'
    """
    graph = graph or _default_graph()
    if not name.strip():
        raise UnknownEntityError(name, [])
    iri = _as_iri(name)
    if iri is not None:
        try:
            known = any(True for _ in _query(graph, KNOWN_QUERY, iri))
        except ValueError:  # not a valid IRI for pyoxigraph
            known = False
        if known:
            return iri
        curies = [curie(row["entity"].value) for row in _query(graph, SUBJECTS_QUERY)]
        raise UnknownEntityError(name, _nearest(curie(iri), curies, str.casefold))
    names = _names(graph)
    wanted = _normalize(name)
    matches = sorted(
        iri
        for iri, entries in names.items()
        if any(_normalize(text) == wanted for _, text, _lang in entries)
    )
    if len(matches) == 1:
        return matches[0]
    if matches:
        labels = {iri: label for iri in matches if (label := _preferred_label(names[iri]))}
        raise AmbiguousEntityError(name, matches, labels)
    every_label = sorted({text for entries in names.values() for _, text, _l in entries})
    raise UnknownEntityError(name, _nearest(name, every_label, _normalize))


def _similarity(wanted: str, candidate: str) -> tuple[float, float]:
    """How close ``wanted`` is to a run of as many words in ``candidate``, and to all of it."""
    words = candidate.split()
    size = max(1, len(wanted.split()))
    runs = {" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}
    whole = difflib.SequenceMatcher(None, wanted, candidate).ratio()
    best_run = max(difflib.SequenceMatcher(None, wanted, run).ratio() for run in runs)
    return max(best_run, whole), whole


def _nearest(name: str, candidates: list[str], key: Callable[[str], str]) -> list[str]:
    """Return up to :data:`MAX_SUGGESTIONS` candidates that look like ``name``, best first.

    A candidate is compared word-run by word-run, so a misspelt surname (``Kalinn``) finds
    the full name (``Mikhail Kalinin``); among equally close runs, the closer whole name wins.
    Only candidates nearly as close as the best one are kept.
    """
    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(key(candidate), candidate)
    wanted = key(name)
    if not wanted:
        return []
    scored = sorted(
        ((-run, -whole, k) for k in by_key for run, whole in [_similarity(wanted, k)]),
    )
    if not scored or -scored[0][0] < SUGGESTION_CUTOFF:
        return []
    floor = -scored[0][0] - 0.1
    return [by_key[k] for run, _, k in scored[:MAX_SUGGESTIONS] if -run >= floor]


# --------------------------------------------------------------------------- explaining


def explain(
    entity: str,
    *,
    incoming: bool = False,
    graph: OxigraphGraph | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> Explanation:
    """Return every statement about ``entity``, each with its citations.

    Args:
        entity: an IRI, a CURIE or a label (see :func:`resolve`).
        incoming: also return the statements in which the entity is the object (for a person:
            the post holdings and speeches that name them).
        graph: an already loaded graph; ``None`` loads ``data_dir``.
        data_dir: the data folder to load if ``graph`` is ``None``; ``None`` for the default.

    Returns:
        An :class:`Explanation`; its statements are ordered deterministically.

    Raises:
        UnknownEntityError: if nothing of that name is in the data.
        AmbiguousEntityError: if a label names several entities.
        DataError: if the data cannot be loaded.

    Example:
        >>> [(curie(s.predicate), s.value) for s in explain("sk:congress-3").statements]
        [('rdf:type', 'https://w3id.org/sovkg/ontology#Congress'),
         ('rdfs:label', 'Third Congress of Soviets of the USSR'),
         ('sov:during', 'https://w3id.org/sovkg/id/ts-congress-3'),
         ('sov:nextCongress', 'https://w3id.org/sovkg/id/congress-4'),
         ('sov:ordinal', '3'),
         ('sov:previousCongress', 'https://w3id.org/sovkg/id/congress-2'),
         ('sov:sessionOf', 'https://w3id.org/sovkg/id/CongressOfSoviets')]
    """
    graph = graph or _default_graph(data_dir)
    iri = resolve(entity, graph)
    node = Term("iri", iri)
    grouped: dict[tuple[Term, str, Term, bool], set[Source]] = {}
    for row in _query(graph, OUTGOING_QUERY, iri):
        key = (node, row["p"].value, required_term_from_ox(row["o"]), False)
        grouped.setdefault(key, set()).add(_source(row))
    if incoming:
        for row in _query(graph, INCOMING_QUERY, iri):
            key = (required_term_from_ox(row["s"]), row["p"].value, node, True)
            grouped.setdefault(key, set()).add(_source(row))
    statements = sorted(
        (
            Statement(s, p, o, back, tuple(sorted(sources, key=_source_key)))
            for (s, p, o, back), sources in grouped.items()
        ),
        key=_statement_key,
    )
    label = _preferred_label(_names(graph).get(iri, []))
    return Explanation(iri, label, tuple(statements))


def _default_graph(data_dir: str | os.PathLike[str] | None = None) -> OxigraphGraph:
    graph = load(data_dir, "oxigraph")
    assert isinstance(graph, OxigraphGraph)
    return graph


def _optional(row: ox.QuerySolution, name: str) -> str | None:
    term = row[name]
    return None if term is None else term.value


def _source(row: ox.QuerySolution) -> Source:
    return Source(
        citation=row["g"].value,
        quote=_optional(row, "quote"),
        section=_optional(row, "section"),
        document=_optional(row, "document"),
        file_name=_optional(row, "file"),
    )


def _natural(text: str) -> tuple[Any, ...]:
    """Sort key that orders the numbers inside ``text`` by value (s2 before s10)."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def _source_key(source: Source) -> tuple[Any, ...]:
    return (source.file_name or "", _natural(source.citation))


def _term_key(term: Term) -> tuple[Any, ...]:
    if term.datatype is not None and term.datatype.endswith(("#integer", "#int", "#long")):
        try:
            return (term.kind, term.datatype, int(term.value), term.value, term.language or "")
        except ValueError:
            pass
    return (term.kind, term.datatype or "", 0, _natural(term.value), term.language or "")


def _statement_key(statement: Statement) -> tuple[Any, ...]:
    return (
        statement.incoming,
        _PREDICATE_ORDER.get(statement.predicate, len(_PREDICATE_ORDER)),
        curie(statement.predicate),
        _term_key(statement.subject if statement.incoming else statement.object),
    )
