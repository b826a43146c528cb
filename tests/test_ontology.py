"""The ontology file's own requirements: header, labels, comments, no remote imports."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib import DCTERMS, OWL, RDF, RDFS, URIRef

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "sovkg.ttl"
ONTOLOGY_IRI = URIRef("https://w3id.org/sovkg/ontology")


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    """The ontology alone."""
    return rdflib.Graph().parse(ONTOLOGY)


@pytest.mark.parametrize(
    "annotation",
    [
        OWL.versionIRI,
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.license,
        DCTERMS.creator,
        DCTERMS.created,
    ],
    ids=lambda term: str(term).rsplit("/", 1)[-1].rsplit("#", 1)[-1],
)
def test_header_annotation(graph: rdflib.Graph, annotation: URIRef) -> None:
    """The ontology IRI carries its version IRI and Dublin Core header."""
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert graph.value(ONTOLOGY_IRI, annotation) is not None


def test_no_owl_imports(graph: rdflib.Graph) -> None:
    """Nothing to resolve over the network: alignments are axioms, not imports."""
    assert list(graph.objects(None, OWL.imports)) == []


@pytest.mark.parametrize(
    "kind",
    [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty],
    ids=lambda term: str(term).rsplit("#", 1)[-1],
)
def test_every_declared_term_has_english_label_and_comment(
    graph: rdflib.Graph, kind: URIRef
) -> None:
    """Every named class and property is declared with an English label and a comment."""
    terms = [t for t in graph.subjects(RDF.type, kind) if isinstance(t, URIRef)]
    assert terms
    lacking = [
        str(t)
        for t in terms
        if not any(
            getattr(label, "language", None) == "en" for label in graph.objects(t, RDFS.label)
        )
        or graph.value(t, RDFS.comment) is None
    ]
    assert lacking == []


def test_russian_label_where_the_source_gives_one() -> None:
    """The one Russian name the sources give is kept as a Russian label."""
    dataset = rdflib.Dataset()
    for path in sorted((ONTOLOGY.parent.parent / "data").glob("*.trig")):
        dataset.parse(path, format="trig")
    congress = URIRef("https://w3id.org/sovkg/id/CongressOfSoviets")
    russian = [
        label
        for _s, _p, label, _g in dataset.quads((congress, RDFS.label, None, None))
        if label.language == "ru"
    ]
    assert russian == [rdflib.Literal("Всесоюзный съезд Советов", lang="ru")]
