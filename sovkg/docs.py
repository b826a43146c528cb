"""Documentation of the ontology: an HTML page (pyLODE) and a picture of its structure (Graphviz).

:func:`build_docs` returns the files of the documentation folder as bytes, so nothing touches the
disk until everything has been produced; :func:`write_docs` then puts them in place (see there for
how a failure is kept from leaving a half-written folder).

* ``index.html``: pyLODE 3.3.4's OntPub page of ``ontology/sovkg.ttl``, self-contained (inline
  CSS, no remote scripts). pyLODE emits its schema.org JSON-LD block in hash order; that block is
  rewritten in a canonical order so the page is byte-identical across runs and ``PYTHONHASHSEED``.
* ``structure.dot``: the class and property structure in Graphviz DOT: every named class, grouped
  by vocabulary (sov:, org:, time:, prov:, skos:, dcterms:), superclasses left of their
  subclasses; ``rdfs:subClassOf`` edges (hollow arrowhead, UML style) including the alignments to
  the external vocabularies; every ``sov:`` object property that has both a domain and a range as
  a dashed edge from domain to range, labelled with the property's label. The properties whose
  domain or range is left open are listed in a table in the picture (edges to ``owl:Thing`` would
  cross the whole picture).
* ``structure.svg``, ``structure.png``: the DOT file drawn by Graphviz's ``dot`` program.

Why Graphviz: the picture has about 65 classes, 60 subclass edges and 45 labelled property
edges; ``dot`` ranks the hierarchy and routes labelled edges around the boxes, which a
hand-written matplotlib layout would not do legibly. Its cost is one system package (Debian
``graphviz``); without it ``sovkg docs`` stops with a one-line error and writes nothing.

Example:
    >>> structure = read_structure()
    >>> [c.curie for c in structure.classes if c.curie.startswith("org:")][:2]
    ['org:ChangeEvent', 'org:FormalOrganization']
    >>> ("sov:Congress", "sov:Event") in {(e.source, e.target) for e in structure.subclass_edges}
    True
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sovkg.errors import OutputError, SovkgError
from sovkg.resources import ontology_file

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

PYLODE_VERSION = "3.3.4"
"""The pyLODE release this module is written and tested against (3.4.1 fails on import)."""

HTML_FILE = "index.html"
DOT_FILE = "structure.dot"
SVG_FILE = "structure.svg"
PNG_FILE = "structure.png"
DOC_FILES = (HTML_FILE, DOT_FILE, SVG_FILE, PNG_FILE)
"""The files ``sovkg docs`` writes, in the order they are put in place."""

PICTURE_NOTE = (
    f"A picture of the classes (by vocabulary, with their subclass links) and of the object "
    f"properties (from domain to range): [{SVG_FILE}]({SVG_FILE}), also as [PNG]({PNG_FILE})."
)
"""The note the HTML page gets, linking to the structure picture beside it."""

DOT_TIMEOUT_SECONDS = 60
NO_DOT = (
    "the structure picture needs Graphviz's 'dot' program, which is not installed "
    "(Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz)"
)
TITLE = "sovkg ontology: classes and object properties"

VOCABULARIES: tuple[tuple[str, str, str], ...] = (
    ("sov", "https://w3id.org/sovkg/ontology#", "sovkg ontology (sov:)"),
    ("org", "http://www.w3.org/ns/org#", "W3C Organization Ontology (org:)"),
    ("time", "http://www.w3.org/2006/time#", "OWL-Time (time:)"),
    ("prov", "http://www.w3.org/ns/prov#", "PROV-O (prov:)"),
    ("skos", "http://www.w3.org/2004/02/skos/core#", "SKOS (skos:)"),
    ("dcterms", "http://purl.org/dc/terms/", "DCMI Metadata Terms (dcterms:)"),
    ("owl", "http://www.w3.org/2002/07/owl#", "OWL (owl:)"),
)
"""(prefix, namespace, cluster title) of the vocabularies the picture groups classes by."""
SOV = VOCABULARIES[0][1]

_LEGEND = (
    '"solid grey line, hollow arrow: subclass of (child -> parent)\\l'
    "dashed blue arrow: object property, from its domain to its range\\l"
    'owl:Thing: the ontology leaves that domain or range open\\l"'
)
_FILL = {
    "sov": "#fff4d6",
    "org": "#e3f0ff",
    "time": "#e8f7e4",
    "prov": "#f6e6f7",
    "skos": "#eeeeee",
    "dcterms": "#fde8e1",
    "owl": "#ffffff",
}


class DocsError(SovkgError):
    """The documentation could not be produced (a tool is missing or failed); exit code 2."""


# --------------------------------------------------------------------------- the structure


@dataclass(frozen=True, order=True)
class ClassNode:
    """A named class of the ontology.

    Attributes:
        curie: its compact name (``sov:Congress``), also its node name in DOT.
        iri: its full IRI.
        label: its English ``rdfs:label``, else its local name.
    """

    curie: str
    iri: str
    label: str

    @property
    def prefix(self) -> str:
        """Return the vocabulary prefix (``sov``, ``org``, ...)."""
        return self.curie.split(":", 1)[0]


@dataclass(frozen=True, order=True)
class Edge:
    """A ``rdfs:subClassOf`` edge (child -> parent) or an object property (domain -> range).

    Attributes:
        source: the CURIE of the child class or of the domain; ``""`` for an open domain.
        target: the CURIE of the parent class or of the range; ``""`` for an open range.
        label: the property's label; empty for subclass edges.
        curie: the property's CURIE; empty for subclass edges.
    """

    source: str
    target: str
    label: str = ""
    curie: str = ""


@dataclass(frozen=True)
class Structure:
    """The classes, subclass edges and object properties of the ontology, each part sorted.

    Attributes:
        classes: every named class.
        subclass_edges: named-class ``rdfs:subClassOf`` edges (restrictions are left out).
        property_edges: the ``sov:`` object properties with both a domain and a range.
        open_properties: the ``sov:`` object properties whose domain or range is left open
            (``""``); drawn as a table, since edges to ``owl:Thing`` would cross the picture.
    """

    classes: tuple[ClassNode, ...]
    subclass_edges: tuple[Edge, ...]
    property_edges: tuple[Edge, ...]
    open_properties: tuple[Edge, ...]


def curie(iri: str) -> str:
    """Return ``prefix:local`` for an IRI in one of :data:`VOCABULARIES`, else the IRI.

    Example:
        >>> curie("http://www.w3.org/ns/org#Membership")
        'org:Membership'
    """
    for prefix, namespace, _ in VOCABULARIES:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def load_ontology(path: Path | None = None) -> rdflib.Graph:
    """Parse the ontology (``ontology/sovkg.ttl`` unless ``path`` is given) with rdflib.

    Raises:
        DataError: if the bundled ontology is missing.
        DocsError: if the file does not parse.
    """
    import rdflib

    source = path or ontology_file()
    try:
        return rdflib.Graph().parse(source, format="turtle")
    except Exception as exc:  # rdflib's parsers raise assorted types
        message = " ".join(str(exc).split())
        raise DocsError(f"cannot parse the ontology {source}: {message}") from None


def _english_label(graph: rdflib.Graph, node: rdflib.URIRef) -> str:
    """Return the node's English (else untagged, else any) label, else its local name."""
    from rdflib import Literal
    from rdflib.namespace import RDFS

    labels = sorted(
        (0 if (label.language or "").lower().startswith("en") else 1, str(label))
        for label in graph.objects(node, RDFS.label)
        if isinstance(label, Literal)
    )
    if labels:
        return labels[0][1]
    return re.split(r"[#/]", str(node))[-1]


def read_structure(graph: rdflib.Graph | None = None) -> Structure:
    """Collect the named classes, subclass edges and ``sov:`` object properties.

    Args:
        graph: the ontology graph; ``None`` to load ``ontology/sovkg.ttl``.

    Returns:
        A :class:`Structure`, every part sorted so the DOT text is deterministic.
    """
    from rdflib import URIRef
    from rdflib.namespace import OWL, RDF, RDFS

    graph = graph if graph is not None else load_ontology()
    named = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    subclass_edges: set[Edge] = set()
    for child, parent in graph.subject_objects(RDFS.subClassOf):
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            named.update((child, parent))
            subclass_edges.add(Edge(curie(str(child)), curie(str(parent))))

    closed: set[Edge] = set()
    opened: set[Edge] = set()
    for prop in graph.subjects(RDF.type, OWL.ObjectProperty):
        if not (isinstance(prop, URIRef) and str(prop).startswith(SOV)):
            continue
        domains = sorted(str(d) for d in graph.objects(prop, RDFS.domain) if isinstance(d, URIRef))
        ranges = sorted(str(r) for r in graph.objects(prop, RDFS.range) if isinstance(r, URIRef))
        label, name = _english_label(graph, prop), curie(str(prop))
        for domain in domains or [""]:
            for range_ in ranges or [""]:
                edge = Edge(
                    curie(domain) if domain else "", curie(range_) if range_ else "", label, name
                )
                (closed if domain and range_ else opened).add(edge)
                named.update(URIRef(iri) for iri in (domain, range_) if iri)

    classes = sorted(ClassNode(curie(str(c)), str(c), _english_label(graph, c)) for c in named)
    return Structure(
        tuple(classes),
        tuple(sorted(subclass_edges)),
        tuple(sorted(closed)),
        tuple(sorted(opened, key=lambda e: (e.label, e.curie, e.source, e.target))),
    )


# --------------------------------------------------------------------------- DOT


def _quote(text: str) -> str:
    """Return ``text`` as a double-quoted DOT string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _node_label(node: ClassNode) -> str:
    """Return an HTML-like DOT label: the class label in bold over its CURIE."""
    return (
        f"<<B>{html.escape(node.label)}</B><BR/>"
        f'<FONT POINT-SIZE="9" COLOR="#555555">{html.escape(node.curie)}</FONT>>'
    )


def _open_table(edges: tuple[Edge, ...], labels: Mapping[str, str]) -> str:
    """Return an HTML-like DOT table of the properties with an open domain or range."""

    def end(name: str) -> str:
        return html.escape(labels.get(name, name)) if name else "<I>any</I>"

    rows = [
        '<TR><TD COLSPAN="3" BGCOLOR="#dde8f5"><B>object properties with an open domain '
        "or range</B></TD></TR>",
        "<TR><TD><I>domain</I></TD><TD><I>property</I></TD><TD><I>range</I></TD></TR>",
    ]
    rows.extend(
        f'<TR><TD ALIGN="LEFT">{end(e.source)}</TD>'
        f'<TD ALIGN="LEFT"><FONT COLOR="#1a4b80">{html.escape(e.label)}</FONT></TD>'
        f'<TD ALIGN="LEFT">{end(e.target)}</TD></TR>'
        for e in edges
    )
    return (
        '<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3">'
        + "".join(rows)
        + "</TABLE>>"
    )


_LEGEND = (
    '"grey line, hollow arrowhead: subclass of (from the subclass to its superclass)\\l'
    'dashed blue arrow: object property, from its domain to its range\\l"'
)


def structure_dot(structure: Structure, title: str = TITLE) -> str:
    """Write the structure as a Graphviz digraph.

    Superclasses stand left of their subclasses (``rankdir=RL``); property edges do not
    constrain the ranks, so the hierarchy stays readable.

    Example:
        >>> text = structure_dot(read_structure())
        >>> '"sov:Congress" -> "sov:Event" [class="subClassOf"' in text
        True
    """
    lines = [
        "digraph sovkg {",
        f"  graph [rankdir=RL, label={_quote(title)}, labelloc=t, fontsize=22, "
        'fontname="Helvetica", nodesep=0.12, ranksep=1.1, bgcolor="white", pad=0.3];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11, '
        'margin="0.10,0.03"];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    by_prefix: dict[str, list[ClassNode]] = {}
    for node in structure.classes:
        by_prefix.setdefault(node.prefix, []).append(node)
    for prefix, _, cluster_title in VOCABULARIES:
        nodes = by_prefix.pop(prefix, [])
        if not nodes:
            continue
        lines.append(f"  subgraph cluster_{prefix} {{")
        lines.append(
            f'    graph [label={_quote(cluster_title)}, style="rounded,dashed", '
            'color="#999999", fontsize=14];'
        )
        lines.extend(
            f"    {_quote(node.curie)} [label={_node_label(node)}, "
            f'fillcolor="{_FILL[prefix]}", id={_quote("class-" + node.curie)}];'
            for node in nodes
        )
        lines.append("  }")
    lines.extend(
        f'  {_quote(node.curie)} [label={_node_label(node)}, fillcolor="#ffffff"];'
        for nodes in by_prefix.values()
        for node in nodes
    )
    lines.extend(
        f'  {_quote(edge.source)} -> {_quote(edge.target)} [class="subClassOf", '
        'arrowhead=onormal, arrowsize=1.2, color="#666666", weight=4];'
        for edge in structure.subclass_edges
    )
    lines.extend(
        f'  {_quote(edge.source)} -> {_quote(edge.target)} [class="objectProperty", '
        f"label={_quote(edge.label)}, tooltip={_quote(edge.curie)}, "
        'style=dashed, color="#2b6cb0", fontcolor="#1a4b80", arrowhead=vee, '
        "constraint=false];"
        for edge in structure.property_edges
    )
    if structure.open_properties:
        names = {node.curie: node.label for node in structure.classes}
        lines.append(
            '  open_properties [shape=plaintext, style="", '
            f"label={_open_table(structure.open_properties, names)}];"
        )
    lines.append(
        f'  legend [shape=note, style=filled, fillcolor="#fafafa", fontsize=11, label={_LEGEND}];'
    )
    lines.append("}")
    return "\n".join(lines) + "\n"


def check_tools() -> None:
    """Fail at once, before any work, if pyLODE or Graphviz's ``dot`` is missing or unusable.

    Raises:
        DocsError: naming the missing tool and how to install it.
    """
    _import_ontpub()
    if find_dot() is None:
        raise DocsError(NO_DOT)


def find_dot() -> str | None:
    """Return the path of Graphviz's ``dot`` program, or ``None`` if it is not installed."""
    return shutil.which("dot")


def render_dot(dot_source: str, fmt: str) -> bytes:
    """Draw ``dot_source`` with Graphviz's ``dot`` in ``fmt`` (``svg`` or ``png``).

    Raises:
        DocsError: if ``dot`` is missing, fails or times out.
    """
    program = find_dot()
    if program is None:
        raise DocsError(NO_DOT)
    try:
        done = subprocess.run(
            [program, f"-T{fmt}"],
            input=dot_source.encode("utf-8"),
            capture_output=True,
            timeout=DOT_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise DocsError(f"Graphviz 'dot' took longer than {DOT_TIMEOUT_SECONDS} s") from None
    except OSError as exc:
        raise DocsError(f"cannot run Graphviz 'dot': {exc.strerror or exc}") from None
    if done.returncode != 0 or not done.stdout:
        message = " ".join(done.stderr.decode("utf-8", "replace").split())[:300]
        raise DocsError(f"Graphviz 'dot -T{fmt}' failed: {message or 'no output'}")
    return done.stdout


# --------------------------------------------------------------------------- HTML (pyLODE)


@contextlib.contextmanager
def _root_logger_kept() -> Iterator[None]:
    """Undo what importing pyLODE does to logging (it calls ``basicConfig(level=DEBUG)``)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)


def _import_ontpub() -> type:
    """Import pyLODE's OntPub profile, checking its version.

    Raises:
        DocsError: if pyLODE is missing or is not version :data:`PYLODE_VERSION`.
    """
    from importlib import metadata

    try:
        version = metadata.version("pylode")
    except metadata.PackageNotFoundError:
        raise DocsError(
            f"the HTML page needs pyLODE {PYLODE_VERSION}: pip install 'sovkg[docs]'"
        ) from None
    if version != PYLODE_VERSION:
        raise DocsError(
            f"pyLODE {version} is installed but sovkg needs {PYLODE_VERSION} "
            f"(3.4.1 fails on import): pip install 'pylode=={PYLODE_VERSION}'"
        )
    with _root_logger_kept():
        try:
            from pylode import OntPub
        except Exception as exc:
            raise DocsError(f"cannot import pyLODE: {' '.join(str(exc).split())}") from None
    return OntPub


_JSONLD = re.compile(
    r'(<script id="schema\.org" type="application/ld\+json">)(.*?)(</script>)', re.DOTALL
)


def _canonical(value: object) -> object:
    """Return JSON data with every list sorted by its items' canonical text."""
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_canonical(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value


def canonical_jsonld(page: str) -> str:
    """Rewrite the schema.org JSON-LD block of a pyLODE page in a canonical order.

    Example:
        >>> page = canonical_jsonld('<script id="schema.org" type="application/ld+json">'
        ...                         '[{"@id": "b"}, {"@id": "a"}]</script>')
        >>> page.index('"a"') < page.index('"b"')
        True
    """

    def rewrite(match: re.Match[str]) -> str:
        try:
            data = json.loads(match.group(2))
        except ValueError:
            return match.group(0)
        text = json.dumps(_canonical(data), indent=2, sort_keys=True, ensure_ascii=False)
        text = text.replace("</", "<\\/")  # keep the JSON from closing the script element
        return match.group(1) + "\n" + text + "\n" + match.group(3)

    return _JSONLD.sub(rewrite, page, count=1)


_SET_CELL = re.compile(r"(<td>)((?:(?!<td|</td>).)*?)(</td>)", re.DOTALL)
_SET_JOIN = re.compile(r'(\s*<span class="cardinality">(?:or|and)</span>\s*)')


def canonical_set_classes(page: str) -> str:
    """Sort the members of every union or intersection class a pyLODE page shows.

    pyLODE 3.3.4 collects the members of an ``owl:unionOf``/``owl:intersectionOf`` class in a
    Python ``set`` of HTML elements, so their order follows memory addresses and changes from
    run to run. This puts them in the order of their HTML text.

    Example:
        >>> cell = ('<td><span>b</span><span class="cardinality">or</span>'
        ...         '<span>a</span></td>')
        >>> canonical_set_classes(cell)
        '<td><span>a</span><span class="cardinality">or</span><span>b</span></td>'
    """

    def rewrite(match: re.Match[str]) -> str:
        parts = _SET_JOIN.split(match.group(2))
        if len(parts) < 3:
            return match.group(0)
        members, joins = parts[0::2], parts[1::2]
        if len({join.strip() for join in joins}) != 1:
            return match.group(0)  # mixed joining words: not one set class
        lead = members[0][: len(members[0]) - len(members[0].lstrip())]
        tail = members[-1][len(members[-1].rstrip()) :]
        ordered = sorted(member.strip() for member in members)
        body = ordered[0]
        for join, member in zip(joins, ordered[1:], strict=True):
            body += join + member
        return match.group(1) + lead + body + tail + match.group(3)

    return _SET_CELL.sub(rewrite, page)


def pylode_view(graph: rdflib.Graph, note: str | None = None) -> rdflib.Graph:
    """Return a copy of the ontology shaped for pyLODE's OntPub page header.

    OntPub takes every ``skos:ConceptScheme`` for part of the ontology and concatenates their
    titles into the page title (and shows the last one's IRI as the ontology's), and appends the
    ontology's ``rdfs:label``/``rdfs:comment`` to its ``dcterms:title``/``dcterms:description``.
    So the copy drops the concept-scheme typing of the schema's own schemes (OntPub documents
    classes and properties, not individuals) and the ontology's label and comment where it has
    a title and a description. The classes and properties are untouched. ``note`` (Markdown)
    is added to the ontology as a ``skos:note``, which the page shows under Metadata.

    Example:
        >>> from rdflib.namespace import RDF, SKOS
        >>> view = pylode_view(load_ontology())
        >>> list(view.subjects(RDF.type, SKOS.ConceptScheme))
        []
    """
    from rdflib import Graph, Literal
    from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

    view = Graph()
    for prefix, namespace in graph.namespaces():
        view.bind(prefix, namespace, override=True)
    ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
    for triple in graph:
        subject, predicate, obj = triple
        if predicate == RDF.type and obj == SKOS.ConceptScheme and subject not in ontologies:
            continue
        if subject in ontologies and (
            (predicate == RDFS.label and (subject, DCTERMS.title, None) in graph)
            or (predicate == RDFS.comment and (subject, DCTERMS.description, None) in graph)
        ):
            continue
        view.add(triple)
    if note:
        for ontology in ontologies:
            view.add((ontology, SKOS.note, Literal(note, lang="en")))
    return view


def ontology_html(graph: rdflib.Graph | None = None) -> str:
    """Return pyLODE's HTML page for the ontology, in a deterministic form.

    Args:
        graph: the ontology; ``None`` to load ``ontology/sovkg.ttl``.

    Raises:
        DocsError: if pyLODE is missing, the wrong version, or fails on the ontology.
    """
    ontpub = _import_ontpub()
    view = pylode_view(graph if graph is not None else load_ontology(), PICTURE_NOTE)
    with _root_logger_kept():
        try:
            page = ontpub(ontology=view, sort_subjects=True).make_html()
        except Exception as exc:  # assorted types, incl. PermissionError on pyLODE's own cache
            message = " ".join(str(exc).split()) or type(exc).__name__
            raise DocsError(f"pyLODE failed on the ontology: {message}") from None
    return canonical_set_classes(canonical_jsonld(page))


# --------------------------------------------------------------------------- the folder


def build_docs(ontology: Path | None = None) -> dict[str, bytes]:
    """Produce every file of the documentation folder, in memory.

    Args:
        ontology: the ontology file; ``None`` for ``ontology/sovkg.ttl``.

    Returns:
        File name -> content, for each of :data:`DOC_FILES`.

    Raises:
        DocsError: if pyLODE or Graphviz is missing or fails.
    """
    check_tools()
    graph = load_ontology(ontology)
    dot_source = structure_dot(read_structure(graph))
    svg = render_dot(dot_source, "svg")
    png = render_dot(dot_source, "png")
    page = ontology_html(graph)
    return {
        HTML_FILE: page.encode("utf-8"),
        DOT_FILE: dot_source.encode("utf-8"),
        SVG_FILE: svg,
        PNG_FILE: png,
    }


def check_output_dir(out_dir: str | os.PathLike[str]) -> Path:
    """Fail early if ``out_dir`` cannot become (or receive) the documentation folder.

    Raises:
        OutputError: if it is a file, or it (or, when it does not exist, its parent) is missing
            or not writable.
    """
    target = Path(out_dir)
    if target.exists() and not target.is_dir():
        raise OutputError(f"cannot write to '{target}': it is a file, not a folder")
    probe = target if target.is_dir() else target.parent
    if not probe.is_dir():
        raise OutputError(f"cannot write to '{target}': folder '{probe}' does not exist")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write to '{target}': folder '{probe}' is not writable")
    return target


def write_docs(out_dir: str | os.PathLike[str], files: Mapping[str, bytes]) -> list[Path]:
    """Put ``files`` into ``out_dir`` so that a failure leaves nothing half-written.

    A new folder is filled under a temporary name beside it and renamed into place in one step.
    In an existing folder, every file is first written in full to a temporary file there; only
    when all of them are complete are they renamed over the old ones (renames within a folder
    do not fail for lack of space), and on any error the temporary files are removed and the old
    files are left as they were.

    Returns:
        The paths written, in :data:`DOC_FILES` order.

    Raises:
        OutputError: if the folder cannot be created or written.
    """
    target = check_output_dir(out_dir)
    names = sorted(files, key=lambda name: (*DOC_FILES, name).index(name))
    try:
        if not target.exists():
            staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
            try:
                for name in names:
                    _write_file(staging / name, files[name])
                staging.chmod(0o777 & ~_umask())
                staging.rename(target)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        else:
            parts: list[tuple[str, Path]] = []
            try:
                for name in names:
                    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=target)
                    os.close(fd)
                    parts.append((name, Path(tmp)))
                    _write_file(Path(tmp), files[name])
                for name, tmp in parts:
                    tmp.replace(target / name)
            finally:
                for _, tmp in parts:
                    with contextlib.suppress(OSError):
                        tmp.unlink()
    except OSError as exc:
        raise OutputError(f"cannot write to '{target}': {exc.strerror or exc}") from None
    return [target / name for name in names]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_file(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    path.chmod(0o666 & ~_umask())
