"""The DefinedNamespace ``SOV`` lists exactly the terms the ontology declares."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib import RDF

from sovkg.namespaces import SOV

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "sovkg.ttl"


def declared_terms() -> set[str]:
    """Local names of every ``sov:`` IRI that ``ontology/sovkg.ttl`` gives a type."""
    graph = rdflib.Graph().parse(ONTOLOGY)
    namespace = str(SOV)
    return {
        str(subject)[len(namespace) :]
        for subject in graph.subjects(RDF.type, None)
        if str(subject).startswith(namespace)
    }


def test_namespace_matches_ontology() -> None:
    """No term missing from the namespace class, none that the ontology lacks."""
    assert set(SOV.__annotations__) == declared_terms()


def test_misspelt_term_fails() -> None:
    """A typo is an error, not a new IRI."""
    with pytest.raises(AttributeError):
        _ = SOV.Congres


def test_every_used_sov_term_is_declared() -> None:
    """Every ``sov:`` term the data uses (as class or property) is declared in the ontology."""
    dataset = rdflib.Dataset()
    for path in sorted((ONTOLOGY.parent.parent / "data").glob("*.trig")):
        dataset.parse(path, format="trig")
    namespace = str(SOV)
    used = set()
    for _s, p, o, _g in dataset.quads((None, None, None, None)):
        for term in (p, o):
            if isinstance(term, rdflib.URIRef) and str(term).startswith(namespace):
                used.add(str(term)[len(namespace) :])
    assert used <= declared_terms()
