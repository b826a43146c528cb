"""Export the graph (ontology + data, optionally the OWL-RL closure) to RDF files.

Every export is:

* **whole**: the bytes are parsed back (by pyoxigraph, a parser independent of the rdflib
  writers) and compared with the graph they were made from (:func:`compare`: the same number
  of statements, isomorphic with ``rdflib.compare``, blank nodes included) before anything is
  written; a serializer that loses or alters a statement makes the export fail with
  :class:`~sovkg.errors.OutputError` instead of writing a damaged file. The inputs are read
  by pyoxigraph too, as the query store reads them, so literals keep their lexical form.
* **deterministic**: blank nodes get canonical labels (:func:`canonical_quads`, from rdflib's
  canonicalization of the whole dataset, named graphs included), statements are added in sorted
  order, and every serializer emits them sorted; the same input gives the same bytes whatever
  ``PYTHONHASHSEED`` is.
* **atomic** (through :func:`sovkg.output.atomic_write`): a temporary file beside the target is
  renamed into place when complete.

Formats: ``trig`` and ``nquads`` keep the named graphs of the data (one per citation; the
ontology and the citations' own descriptions are in the default graph; the OWL-RL closure, when
asked for, in :data:`INFERRED_GRAPH`). ``turtle``, ``nt``, ``xml`` and ``jsonld`` merge all
graphs into one (a statement made by several citations appears once).

``jsonld`` is written by :func:`jsonld_bytes`, not by rdflib: rdflib's JSON-LD writer embeds a
blank node referenced once inside its referrer and so drops blank nodes that only reference each
other (a cycle: measured, it writes ``[]`` for ``_:a :p _:b . _:b :p _:a``). The writer here
emits flattened JSON-LD: one node object per subject, blank nodes by ``@id``, nothing embedded.

``xml`` is the OWL document for Protégé. OWL API (Protégé's parser) keeps only one
``owl:Ontology`` header per document and silently drops the triples of any other (measured with
the OWL API 3.4 in HermiT.jar), so the RDF/XML export has exactly one: :data:`DATA_ONTOLOGY_IRI`.
With the ontology included (the default), the ontology's own header is replaced by that one,
which carries the ontology's license and creator and points to the ontology with
``rdfs:seeAlso``; the ontology's axioms are in the document itself and there are no
``owl:imports``, so it opens offline anywhere. With ``ontology=False`` the header
``owl:imports`` the ontology only when a ``catalog-v001.xml`` beside the output file maps the
ontology IRI to an existing file (as ``ontology/catalog-v001.xml`` does), since Protégé could not
resolve it otherwise. The other formats keep the triples exactly as loaded.

Example:
    >>> result = export("nt")
    >>> result.statements == result.data.count(b"\\n")
    True
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import OWL, RDF, RDFS, NamespaceManager
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.term import Node

from sovkg.errors import BadInputError, DataError, OutputError
from sovkg.output import atomic_write
from sovkg.resources import data_dir as resolve_data_dir
from sovkg.resources import ontology_file

PathLike = str | os.PathLike[str]
Quad = tuple[Node, Node, Node, Node | None]
"""``(subject, predicate, object, graph)``; ``graph`` is ``None`` for the default graph."""


@dataclass(frozen=True)
class ExportFormat:
    """One output format.

    Attributes:
        name: the name on the command line.
        rdflib_name: rdflib's parser name for it (the round-trip check parses with it).
        suffix: the usual file suffix.
        media_type: the IANA media type.
        quads: ``True`` if the format keeps named graphs.
    """

    name: str
    rdflib_name: str
    suffix: str
    media_type: str
    quads: bool


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("turtle", "turtle", ".ttl", "text/turtle", quads=False),
        ExportFormat("nt", "nt", ".nt", "application/n-triples", quads=False),
        ExportFormat("xml", "xml", ".rdf", "application/rdf+xml", quads=False),
        ExportFormat("jsonld", "json-ld", ".jsonld", "application/ld+json", quads=False),
        ExportFormat("trig", "trig", ".trig", "application/trig", quads=True),
        ExportFormat("nquads", "nquads", ".nq", "application/n-quads", quads=True),
    )
}
"""The export formats by name."""

ONTOLOGY_IRI = URIRef("https://w3id.org/sovkg/ontology")
"""The ontology's IRI (``ontology/sovkg.ttl``)."""
DATA_ONTOLOGY_IRI = URIRef("https://w3id.org/sovkg/data")
"""The ontology IRI of the RDF/XML export (ontology + data as one OWL document)."""
INFERRED_GRAPH = URIRef("https://w3id.org/sovkg/graph/inferred")
"""The named graph of the OWL-RL closure in ``trig``/``nquads`` exports."""

DCTERMS = "http://purl.org/dc/terms/"
_CARRIED_ANNOTATIONS = (URIRef(DCTERMS + "license"), URIRef(DCTERMS + "creator"))
"""Ontology-header annotations copied onto the RDF/XML export's header."""

PREFIXES: tuple[tuple[str, str], ...] = (
    ("sov", "https://w3id.org/sovkg/ontology#"),
    ("sk", "https://w3id.org/sovkg/id/"),
    ("cite", "https://w3id.org/sovkg/id/citation/"),
    ("src", "https://w3id.org/sovkg/id/source/"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("dcterms", DCTERMS),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("org", "http://www.w3.org/ns/org#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("time", "http://www.w3.org/2006/time#"),
    ("vann", "http://purl.org/vocab/vann/"),
)
"""The prefixes every export declares, in this order."""

_QUAD_PREDICATE = "urn:x-sovkg:quad:"
_OX_FORMATS = {
    ".trig": ox.RdfFormat.TRIG,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
_DATA_SUFFIXES = (".trig", ".ttl", ".nt", ".nq")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


# --------------------------------------------------------------------------- the graph


def source_files(data_dir: PathLike | None = None, *, ontology: bool = True) -> list[Path]:
    """Return the files an export is made from: the ontology (unless excluded), then the data.

    Args:
        data_dir: the data folder; ``None`` for ``$SOVKG_DATA`` or the bundled data.
        ontology: include ``ontology/sovkg.ttl``.

    Raises:
        DataError: if the folder or the ontology is missing, or the folder has no data file.
    """
    folder = resolve_data_dir(data_dir)
    files = sorted(p for p in folder.iterdir() if p.suffix in _DATA_SUFFIXES)
    files = [p for p in files if not p.name.startswith(".")]
    if not files:
        raise DataError(f"no data files in '{folder}'; expected *.trig, *.ttl, *.nt or *.nq files")
    return [ontology_file(), *files] if ontology else files


def load_quads(files: Sequence[Path]) -> list[Quad]:
    """Parse ``files`` as the query store does; Turtle/N-Triples go to the default graph.

    The files are parsed by pyoxigraph, the query engine's parser, and turned into rdflib terms
    as they are: literals keep their lexical form (rdflib's own parsers would rewrite
    ``"01"^^xsd:integer`` as ``"1"``), so the export holds exactly the terms queries see. Blank
    nodes are renamed per file, so equal labels in two files stay two nodes.

    Raises:
        DataError: if a file cannot be read or parsed.
    """
    quads: list[Quad] = []
    for path in files:
        fmt = _OX_FORMATS.get(path.suffix, ox.RdfFormat.TURTLE)
        blanks: dict[str, BNode] = {}
        try:
            parsed = list(ox.parse(path=str(path), format=fmt))
        except SyntaxError as exc:
            raise DataError(f"cannot parse {path}: {' '.join(str(exc).split())}") from None
        except OSError as exc:
            raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
        quads.extend(_quad_from_ox(q, blanks) for q in parsed)
    return quads


def _quad_from_ox(quad: ox.Quad, blanks: dict[str, BNode]) -> Quad:
    graph = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name
    return (
        _term_from_ox(quad.subject, blanks),
        _term_from_ox(quad.predicate, blanks),
        _term_from_ox(quad.object, blanks),
        None if graph is None else _term_from_ox(graph, blanks),
    )


def _term_from_ox(term: Any, blanks: dict[str, BNode]) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return blanks.setdefault(term.value, BNode())
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)  # RDF 1.1: "x" and "x"^^xsd:string are one term
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise DataError(f"cannot export the RDF-star term {term}")


def dataset_quads(dataset: Dataset) -> Iterator[Quad]:
    """Yield the statements of ``dataset``, with ``None`` as the default graph's name."""
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = g.identifier if isinstance(g, Graph) else g
        yield s, p, o, (None if name in (None, DATASET_DEFAULT_GRAPH_ID) else name)


def inferred_triples(data_dir: PathLike | None = None) -> list[tuple[Node, Node, Node]]:
    """Return the triples the OWL-RL closure adds to the ontology plus the data.

    They come from :func:`sovkg.inference.closure_triples_added` (the cleaned part of
    :func:`sovkg.inference.inferred_graph`): without owlrl's axiomatic triples about the
    RDF/RDFS/OWL/XSD vocabularies, reflexive tautologies and blank-node triples, cached on disk
    by the content of the inputs. Triples with a literal subject (owlrl's ``"x" a rdfs:Literal``)
    cannot be written in RDF and are dropped here as well.

    Raises:
        DataError: if the inputs cannot be loaded.
        InconsistentClosureError: if owlrl finds the graph inconsistent.
    """
    from sovkg.inference import closure_triples_added

    added = closure_triples_added(data_dir)
    return sorted(
        ((s, p, o) for s, p, o in added if not isinstance(s, Literal)),
        key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()),
    )


def canonical_quads(quads: Iterable[Quad]) -> list[Quad]:
    """Return ``quads`` without duplicates, with canonical blank-node labels, sorted.

    Blank nodes are relabelled by rdflib's canonicalization (:func:`rdflib.compare.
    to_canonical_graph`) of the whole dataset at once: each statement of a named graph enters it
    with its predicate replaced by a fresh IRI standing for (predicate, graph), so a blank node
    shared by two graphs stays one node and statements keep their graph.

    Raises:
        DataError: for a blank-node graph name (the data names graphs by citation IRIs).
    """
    encoded = Graph()
    decode: dict[Node, tuple[Node, Node | None]] = {}
    for s, p, o, g in quads:
        if g is None:
            key: Node = p
        elif isinstance(g, BNode):
            raise DataError("a graph named by a blank node cannot be exported; name it by an IRI")
        else:
            digest = hashlib.sha256(f"{p.n3()} {g.n3()}".encode()).hexdigest()
            key = URIRef(_QUAD_PREDICATE + digest)
        decode[key] = (p, g)
        encoded.add((s, key, o))
    result = []
    for s, key, o in to_canonical_graph(encoded):
        p, g = decode.get(key, (key, None))
        result.append((s, p, o, g))
    return sorted(result, key=_sort_key)


def _sort_key(quad: Quad) -> tuple[str, str, str, str]:
    s, p, o, g = quad
    return ("" if g is None else g.n3(), s.n3(), p.n3(), o.n3())


def build(
    data_dir: PathLike | None = None,
    fmt: str = "turtle",
    *,
    inferred: bool = False,
    ontology: bool = True,
    output: PathLike | None = None,
) -> list[Quad]:
    """Return the statements the export in format ``fmt`` holds, canonical and sorted.

    Args:
        data_dir: the data folder; ``None`` for ``$SOVKG_DATA`` or the bundled data.
        fmt: a name in :data:`FORMATS`; single-graph formats get every statement in the
            default graph; ``xml`` also gets its ontology header (see the module docstring).
        inferred: add the OWL-RL closure (in :data:`INFERRED_GRAPH` for quad formats).
        ontology: include the ontology's axioms; without them, closure triples about the
            ontology's own terms are left out as well.
        output: where the export will be written (``xml`` without the ontology imports it only
            if a catalog beside this file resolves it); ``None`` for stdout.

    Raises:
        BadInputError: for an unknown format.
        DataError: if the inputs cannot be loaded.
    """
    spec = format_spec(fmt)
    quads = load_quads(source_files(data_dir, ontology=ontology))
    if inferred:
        asserted = {(s, p, o) for s, p, o, _ in quads}
        closure = [t for t in inferred_triples(data_dir) if t not in asserted]
        if not ontology:
            # Without the ontology, leave out what the closure says about its terms too.
            described = {s for s, _, _, _ in load_quads([ontology_file()])}
            closure = [t for t in closure if t[0] not in described]
        quads.extend((s, p, o, INFERRED_GRAPH) for s, p, o in closure)
    if not spec.quads:
        quads = [(s, p, o, None) for s, p, o, _ in quads]
    if spec.name == "xml":
        quads = owl_document(quads, ontology=ontology, output=output)
    return canonical_quads(quads)


def owl_document(
    quads: Sequence[Quad], *, ontology: bool, output: PathLike | None = None
) -> list[Quad]:
    """Give merged statements the one ontology header :data:`DATA_ONTOLOGY_IRI`.

    Args:
        quads: the merged statements (all in the default graph).
        ontology: whether the ontology's axioms are among them (then its header is replaced);
            otherwise the header imports the ontology if :func:`catalog_resolves` says a
            catalog beside ``output`` maps it.
        output: the file the document will be written to, or ``None``.
    """
    headers = {s for s, p, o, _ in quads if p == RDF.type and o == OWL.Ontology}
    version = next((o for s, p, o, _ in quads if s == ONTOLOGY_IRI and p == OWL.versionInfo), None)
    carried = [(p, o) for s, p, o, _ in quads if s == ONTOLOGY_IRI and p in _CARRIED_ANNOTATIONS]
    kept = [q for q in quads if q[0] not in headers]
    header: list[tuple[Node, Node]] = [
        (RDF.type, OWL.Ontology),
        (RDFS.label, Literal("sovkg: ontology and data" if ontology else "sovkg: data", lang="en")),
        (RDFS.seeAlso, ONTOLOGY_IRI),
        *carried,
    ]
    if version is not None:
        header += [
            (OWL.versionIRI, URIRef(f"{DATA_ONTOLOGY_IRI}/{version}")),
            (OWL.versionInfo, version),
        ]
    if ontology:
        comment = (
            "The facts of the sovkg knowledge graph with the axioms of the sovkg ontology "
            f"<{ONTOLOGY_IRI}> in one document, so it needs no owl:imports."
        )
    else:
        comment = f"The facts of the sovkg knowledge graph; the ontology is <{ONTOLOGY_IRI}>."
        if output is not None and catalog_resolves(Path(output).parent, str(ONTOLOGY_IRI)):
            header.append((OWL.imports, ONTOLOGY_IRI))
    header.append((RDFS.comment, Literal(comment, lang="en")))
    return kept + [(DATA_ONTOLOGY_IRI, p, o, None) for p, o in header]


def catalog_resolves(folder: Path, iri: str) -> bool:
    """Return whether ``folder/catalog-v001.xml`` maps ``iri`` to a file that exists.

    Protégé reads the XML catalog beside the document it opens to resolve ``owl:imports``
    offline.

    Example:
        >>> from sovkg.resources import resource_dir
        >>> catalog_resolves(resource_dir("ontology"), "https://w3id.org/sovkg/ontology")
        True
    """
    from sovkg.owlapi import CATALOG_FILE, catalog_entries

    try:
        target = catalog_entries(folder / CATALOG_FILE).get(iri)
    except DataError:
        return False
    return target is not None and target.is_file()


# --------------------------------------------------------------------------- serializing


def format_spec(fmt: str) -> ExportFormat:
    """Return the :class:`ExportFormat` named ``fmt``.

    Raises:
        BadInputError: for an unknown name.
    """
    if fmt not in FORMATS:
        raise BadInputError(f"unknown export format '{fmt}'; expected one of {', '.join(FORMATS)}")
    return FORMATS[fmt]


def serialize(quads: Sequence[Quad], fmt: str) -> bytes:
    """Write canonical, sorted ``quads`` (from :func:`build`) in format ``fmt``.

    Args:
        quads: the statements; single-graph formats need them all in the default graph.
        fmt: a name in :data:`FORMATS`.

    Returns:
        UTF-8 bytes, identical for identical input.

    Raises:
        BadInputError: for an unknown format.
        OutputError: if a single-graph format is given named-graph statements, or rdflib
            cannot write them.
    """
    spec = format_spec(fmt)
    if not spec.quads and any(g is not None for *_, g in quads):
        raise OutputError(f"format '{fmt}' holds one graph; merge the named graphs first")
    if fmt in ("nt", "nquads"):
        return "".join(sorted({_nquad_line(q) for q in quads})).encode("utf-8")
    if fmt == "jsonld":
        return jsonld_bytes(quads)
    try:
        if fmt == "trig":
            stream = io.BytesIO()
            _SortedTrigSerializer(to_dataset(quads)).serialize(stream, encoding="utf-8")
            return stream.getvalue()
        return to_graph(quads).serialize(format=spec.rdflib_name, encoding="utf-8")
    except Exception as exc:  # rdflib's serializers raise assorted types
        raise OutputError(f"cannot write {fmt}: {' '.join(str(exc).split())}") from None


def to_dataset(quads: Iterable[Quad]) -> Dataset:
    """Return an rdflib ``Dataset`` holding ``quads``, with :data:`PREFIXES` bound."""
    dataset = Dataset()
    dataset.namespace_manager = NamespaceManager(dataset, bind_namespaces="none")
    for prefix, namespace in PREFIXES:
        dataset.bind(prefix, namespace, override=True, replace=True)
    for s, p, o, g in quads:
        dataset.add((s, p, o, DATASET_DEFAULT_GRAPH_ID if g is None else g))  # type: ignore[arg-type]
    return dataset


def to_graph(quads: Iterable[Quad]) -> Graph:
    """Return an rdflib ``Graph`` holding the triples of ``quads`` in their order.

    The graph uses rdflib's ``SimpleMemory`` store, whose dictionaries keep insertion order,
    so serializers that walk the graph (RDF/XML) meet the statements in sorted order; the
    default ``Memory`` store walks a set, whose order changes with ``PYTHONHASHSEED``.
    """
    graph = Graph(store="SimpleMemory", bind_namespaces="none")
    for prefix, namespace in PREFIXES:
        graph.bind(prefix, namespace, override=True, replace=True)
    for s, p, o, _ in quads:
        graph.add((s, p, o))
    return graph


class _SortedTrigSerializer(TrigSerializer):
    """rdflib's TriG writer with the graphs in a fixed order: default graph, then by name.

    rdflib keeps its graphs in a set, whose order changes with ``PYTHONHASHSEED``.
    """

    def __init__(self, store: Dataset) -> None:
        super().__init__(store)
        default = self.default_context
        unique = {c.identifier: c for c in self.contexts}
        self.contexts = sorted(
            unique.values(), key=lambda c: (c.identifier != default, c.identifier.n3())
        )


def _nquad_line(quad: Quad) -> str:
    s, p, o, g = quad
    graph = "" if g is None else f" {g.n3()}"
    return f"{_nt_term(s)} {_nt_term(p)} {_nt_term(o)}{graph} .\n"


def _nt_term(term: Node) -> str:
    if isinstance(term, Literal):
        lexical = (
            str(term)
            .replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
        if term.language:
            return f'"{lexical}"@{term.language}'
        if term.datatype is not None:
            return f'"{lexical}"^^<{term.datatype}>'
        return f'"{lexical}"'
    return term.n3()


def jsonld_bytes(quads: Sequence[Quad]) -> bytes:
    """Write ``quads`` as flattened JSON-LD: one node object per subject, nothing embedded.

    Keys, types and IRIs are written as compact IRIs where a prefix of :data:`PREFIXES`
    applies; blank nodes keep their canonical labels, so cycles of blank nodes survive.

    Example:
        >>> a, b = BNode("a"), BNode("b")
        >>> p = URIRef("http://example.org/p")
        >>> print(jsonld_bytes([(a, p, b, None), (b, p, a, None)]).decode())
        {
          "@context": {...},
          "@graph": [
            {
              "@id": "_:a",
              "http://example.org/p": [
                {
                  "@id": "_:b"
                }
              ]
            },
            {
              "@id": "_:b",
              "http://example.org/p": [
                {
                  "@id": "_:a"
                }
              ]
            }
          ]
        }
    """
    nodes: dict[str, dict[str, list[Any]]] = {}
    for s, p, o, _ in quads:
        node = nodes.setdefault(_json_id(s), {})
        if p == RDF.type and not isinstance(o, Literal):
            node.setdefault("@type", []).append(_json_id(o))
        else:
            node.setdefault(_compact(str(p)), []).append(_json_value(o))
    graph = []
    for subject in sorted(nodes):
        node: dict[str, Any] = {"@id": subject}
        for key in sorted(nodes[subject]):
            node[key] = sorted(nodes[subject][key], key=_json_sort_key)
        graph.append(node)
    document = {"@context": dict(PREFIXES), "@graph": graph}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _compact(iri: str) -> str:
    for prefix, namespace in PREFIXES:
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and local and _safe_local(local):
            return f"{prefix}:{local}"
    return iri


def _safe_local(local: str) -> bool:
    return not local.startswith("//") and all(c.isalnum() or c in "_-." for c in local)


def _json_id(term: Node) -> str:
    if isinstance(term, BNode):
        return f"_:{term}"
    return _compact(str(term))


def _json_value(term: Node) -> dict[str, str]:
    if not isinstance(term, Literal):
        return {"@id": _json_id(term)}
    if term.language:
        return {"@value": str(term), "@language": term.language}
    if term.datatype is not None:
        return {"@value": str(term), "@type": _compact(str(term.datatype))}
    return {"@value": str(term)}


def _json_sort_key(value: dict[str, str]) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


# --------------------------------------------------------------------------- checking


def parse(data: bytes, fmt: str) -> list[Quad]:
    """Parse export bytes in format ``fmt`` (with pyoxigraph, keeping every lexical form).

    Raises:
        BadInputError: for an unknown format.
        OutputError: if the bytes do not parse.
    """
    spec = format_spec(fmt)
    try:
        parsed = list(ox.parse(data, format=_OX_FORMATS[spec.suffix]))
    except SyntaxError as exc:
        message = " ".join(str(exc).split())
        raise OutputError(f"the {fmt} output does not parse: {message}") from None
    blanks: dict[str, BNode] = {}
    return [_quad_from_ox(q, blanks) for q in parsed]


@dataclass(frozen=True)
class RoundTrip:
    """What parsing an export back gave, against the statements it was written from.

    Attributes:
        expected: statements written.
        parsed: statements parsed back.
        isomorphic: the two datasets are isomorphic (graph by graph, blank nodes included).
        missing: up to 5 written statements not found in the parsed ones (N-Quads lines;
            statements with blank nodes are compared by shape only, so not listed).
        extra: up to 5 parsed statements not written.
    """

    expected: int
    parsed: int
    isomorphic: bool
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """The export holds exactly the statements it was written from."""
        return self.isomorphic and self.expected == self.parsed

    def describe(self) -> str:
        """Return one line saying what differs (empty if nothing)."""
        if self.ok:
            return ""
        parts = [f"wrote {self.expected} statements, parsed back {self.parsed}"]
        if not self.isomorphic:
            parts.append("not isomorphic")
        if self.missing:
            parts.append("lost e.g. " + self.missing[0].strip())
        if self.extra:
            parts.append("gained e.g. " + self.extra[0].strip())
        return "; ".join(parts)


def compare(expected: Iterable[Quad], parsed: Iterable[Quad]) -> RoundTrip:
    """Compare the statements an export was written from with what parsing it gave.

    Isomorphism is decided on the whole dataset at once (each named graph's statements tagged
    with their graph, as in :func:`canonical_quads`), which implies every graph is isomorphic to
    its counterpart and a blank node shared across graphs stays shared.
    """
    written = canonical_quads(expected)
    read = canonical_quads(parsed)
    same = isomorphic(_tagged_graph(written), _tagged_graph(read))
    written_lines = {_nquad_line(q) for q in written if not _has_bnode(q)}
    read_lines = {_nquad_line(q) for q in read if not _has_bnode(q)}
    return RoundTrip(
        expected=len(written),
        parsed=len(read),
        isomorphic=same,
        missing=tuple(sorted(written_lines - read_lines)[:5]),
        extra=tuple(sorted(read_lines - written_lines)[:5]),
    )


def _tagged_graph(quads: Iterable[Quad]) -> Graph:
    graph = Graph()
    for s, p, o, g in quads:
        if g is not None:
            digest = hashlib.sha256(f"{p.n3()} {g.n3()}".encode()).hexdigest()
            p = URIRef(_QUAD_PREDICATE + digest)
        graph.add((s, p, o))
    return graph


def _has_bnode(quad: Quad) -> bool:
    return any(isinstance(t, BNode) for t in quad)


# --------------------------------------------------------------------------- export


@dataclass(frozen=True)
class Export:
    """A verified export.

    Attributes:
        format: the format's name.
        data: the bytes.
        statements: how many statements (triples, or quads for trig/nquads) it holds.
        graphs: how many named graphs it holds (0 for single-graph formats).
        round_trip: the check that parsed ``data`` back.
    """

    format: str
    data: bytes
    statements: int
    graphs: int
    round_trip: RoundTrip


def export(
    fmt: str = "turtle",
    data_dir: PathLike | None = None,
    *,
    inferred: bool = False,
    ontology: bool = True,
    output: PathLike | None = None,
) -> Export:
    """Build, serialize and verify an export; nothing is written.

    Args:
        fmt: a name in :data:`FORMATS`.
        data_dir: the data folder; ``None`` for ``$SOVKG_DATA`` or the bundled data.
        inferred: add the OWL-RL closure.
        ontology: include the ontology.
        output: where it will be written (see :func:`build`), or ``None``.

    Raises:
        BadInputError: for an unknown format.
        DataError: if the inputs cannot be loaded.
        OutputError: if the serialized bytes do not parse back to the same statements.
    """
    quads = build(data_dir, fmt, inferred=inferred, ontology=ontology, output=output)
    return verified(quads, fmt)


def verified(quads: Sequence[Quad], fmt: str) -> Export:
    """Serialize ``quads`` in ``fmt``, parse the bytes back and check nothing changed.

    Raises:
        OutputError: if the round trip loses, adds or alters a statement.
    """
    data = serialize(quads, fmt)
    check = compare(quads, parse(data, fmt))
    if not check.ok:
        raise OutputError(
            f"the {fmt} serialization is not faithful ({check.describe()}); nothing was written"
        )
    graphs = len({g for *_, g in quads if g is not None})
    return Export(fmt, data, len(quads), graphs, check)


def write_export(result: Export, output: PathLike) -> Path:
    """Write a verified export to ``output`` atomically and return the path.

    Raises:
        OutputError: if the file cannot be written; an existing file is left as it was.
    """
    atomic_write(output, result.data)
    return Path(output)
