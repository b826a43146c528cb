"""`sovkg docs`: the HTML page (pyLODE), the structure picture (Graphviz), and atomic writing."""

from __future__ import annotations

import html
import logging
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner
from servers import need

if TYPE_CHECKING:
    import rdflib

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
SOV = "https://w3id.org/sovkg/ontology#"
FILES = ["index.html", "structure.dot", "structure.png", "structure.svg"]
CLI = "from sovkg.cli import cli; cli()"

# A sample of the ontology's terms, named here so the test does not take the list from the code
# it tests; each one's label is read from the ontology file itself.
SAMPLE = [
    SOV + name
    for name in (
        "Congress",
        "GoverningBody",
        "Republic",
        "AutonomousRepublic",
        "Membership",
        "TimeSpan",
        "Citation",
        "StatusChange",
        "Replacement",
        "DelegateCount",
        "AgendaItem",
        "Speech",
        "sessionOf",
        "previousCongress",
        "memberDuring",
        "admittedBy",
        "transfersPowersTo",
        "supremeBodyOf",
        "beginOfBegin",
        "dateText",
        "quote",
        "isExtraordinary",
        "romanization",
    )
] + [
    "http://www.w3.org/ns/org#Membership",
    "http://www.w3.org/2006/time#ProperInterval",
    "http://www.w3.org/ns/prov#Activity",
]
# Alignments to the external vocabularies that the picture must show as subclass edges.
ALIGNMENTS = [
    ("sov:Membership", "org:Membership"),
    ("sov:TimeSpan", "time:ProperInterval"),
    ("sov:Event", "prov:Activity"),
    ("sov:Power", "skos:Concept"),
    ("sov:GoverningBody", "org:FormalOrganization"),
    ("sov:ChangeEvent", "org:ChangeEvent"),
    ("sov:Person", "prov:Person"),
    ("sov:SourceDocument", "dcterms:BibliographicResource"),
    ("sov:Congress", "sov:Event"),
    ("sov:AutonomousRepublic", "sov:Republic"),
]
# Object properties with a domain and a range: drawn as labelled edges domain -> range.
PROPERTY_EDGES = [
    ("sov:Congress", "sov:GoverningBody", "sessionOf"),
    ("sov:Membership", "sov:Republic", "member"),
    ("sov:Membership", "sov:State", "memberOf"),
    ("sov:Replacement", "org:Organization", "transfersPowersTo"),
    ("sov:Fact", "sov:Citation", "citation"),
    ("sov:StatusChange", "sov:RepublicRole", "toRole"),
]


def _pylode_version() -> str | None:
    try:
        return metadata.version("pylode")
    except metadata.PackageNotFoundError:
        return None


def needs_tools() -> None:
    need(shutil.which("dot") is not None, "Graphviz 'dot' (Debian package graphviz)")
    need(_pylode_version() == "3.3.4", "pyLODE 3.3.4 (pip install 'sovkg[docs]')")


def run_cli(args: list[str]) -> tuple[int, str, str]:
    from sovkg.cli import cli

    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Write the documentation once, through the command line, into a new folder."""
    needs_tools()
    out = tmp_path_factory.mktemp("docs") / "site"
    handlers = list(logging.getLogger().handlers)
    code, stdout, stderr = run_cli(["docs", "--output", str(out)])
    assert (code, stdout) == (0, "")
    assert stderr.splitlines() == [
        f"wrote {out / name}"
        for name in ("index.html", "structure.dot", "structure.svg", "structure.png")
    ]
    assert logging.getLogger().handlers == handlers  # importing pyLODE left logging alone
    return out


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hrefs: set[str] = set()

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs.update(value for name, value in attrs if name in {"href", "id"} and value)


@pytest.fixture(scope="module")
def page(site: Path) -> _Text:
    parser = _Text()
    parser.feed((site / "index.html").read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def svg(site: Path) -> ET.Element:
    return ET.parse(site / "structure.svg").getroot()


def svg_texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_docs_writes_exactly_its_files(site: Path) -> None:
    assert sorted(p.name for p in site.iterdir()) == FILES


# --------------------------------------------------------------------------- HTML page


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    import rdflib

    from sovkg.resources import ontology_file

    return rdflib.Graph().parse(ontology_file())


@pytest.mark.parametrize("iri", SAMPLE, ids=[iri.rsplit("#", 1)[-1] for iri in SAMPLE])
def test_page_documents_sample_term(page: _Text, ontology: rdflib.Graph, iri: str) -> None:
    import rdflib
    from rdflib.namespace import RDFS

    labels = [str(label) for label in ontology.objects(rdflib.URIRef(iri), RDFS.label)]
    assert labels, f"{iri} has no label in the ontology"
    text = "\n".join(page.parts)
    assert [label for label in labels if label not in text] == []
    assert iri in page.hrefs or iri in text


def test_page_documents_every_class_and_property_label(page: _Text, ontology: rdflib.Graph) -> None:
    import rdflib
    from rdflib.namespace import OWL, RDF, RDFS

    graph = ontology
    text = "\n".join(page.parts)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    labels = {
        str(label)
        for kind in kinds
        for term in graph.subjects(RDF.type, kind)
        if isinstance(term, rdflib.URIRef)
        for label in graph.objects(term, RDFS.label)
    }
    assert len(labels) > 150
    assert sorted(label for label in labels if label not in text) == []


def test_page_title_is_the_ontology_title(site: Path) -> None:
    data = (site / "index.html").read_text(encoding="utf-8")
    title = "sovkg: ontology of the supreme governing bodies of the USSR, 1922-1936"
    assert f"<title>{html.escape(title)}</title>" in data
    assert "<code>https://w3id.org/sovkg/ontology</code>" in data  # not a concept scheme's IRI


def test_page_links_the_picture_and_loads_nothing_remote(site: Path) -> None:
    data = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="structure.svg">structure.svg</a>' in data
    assert '<a href="structure.png">PNG</a>' in data
    assert "<script src=" not in data and 'rel="stylesheet"' not in data


# --------------------------------------------------------------------------- picture


def test_picture_shows_every_class(svg: ET.Element) -> None:
    from sovkg.docs import read_structure

    shown = set(svg_texts(svg))
    structure = read_structure()
    assert len(structure.classes) >= 60
    for node in structure.classes:
        assert node.label in shown and node.curie in shown, node.curie


def test_picture_shows_sample_class_labels(svg: ET.Element) -> None:
    shown = set(svg_texts(svg))
    for curie, label in [
        ("sov:Congress", "congress"),
        ("org:Membership", "Membership"),
        ("time:ProperInterval", "Proper interval"),
        ("skos:Concept", "Concept"),
        ("prov:Activity", "Activity"),
    ]:
        assert {curie, label} <= shown


def _edges(root: ET.Element, kind: str) -> dict[str, ET.Element]:
    return {
        "".join(edge.find(f"{SVG}title").itertext()): edge  # type: ignore[union-attr]
        for edge in root.iter(f"{SVG}g")
        if kind in (edge.get("class") or "").split()
    }


@pytest.mark.parametrize("child, parent", ALIGNMENTS, ids=[c for c, _ in ALIGNMENTS])
def test_picture_has_subclass_edge(svg: ET.Element, child: str, parent: str) -> None:
    assert f"{child}->{parent}" in _edges(svg, "subClassOf")


@pytest.mark.parametrize(
    "domain, range_, name", PROPERTY_EDGES, ids=[p for _, _, p in PROPERTY_EDGES]
)
def test_picture_has_labelled_property_edge(
    svg: ET.Element, ontology: rdflib.Graph, domain: str, range_: str, name: str
) -> None:
    import rdflib
    from rdflib.namespace import RDFS

    label = str(ontology.value(rdflib.URIRef(SOV + name), RDFS.label))
    drawn = [g for g in svg.iter(f"{SVG}g") if "objectProperty" in (g.get("class") or "")]
    matching = [
        edge
        for edge in drawn
        if "".join(edge.find(f"{SVG}title").itertext()) == f"{domain}->{range_}"  # type: ignore[union-attr]
        and any(a.get(f"{XLINK}title") == f"sov:{name}" for a in edge.iter(f"{SVG}a"))
    ]
    assert len(matching) == 1
    assert label in svg_texts(matching[0])


def test_picture_counts_match_the_ontology(svg: ET.Element) -> None:
    from sovkg.docs import read_structure

    structure = read_structure()
    assert len(_edges(svg, "subClassOf")) == len(structure.subclass_edges) >= 50
    # edges between the same two classes share a title, so count the <g> elements
    drawn = [g for g in svg.iter(f"{SVG}g") if "objectProperty" in (g.get("class") or "")]
    assert len(drawn) == len(structure.property_edges) >= 40
    # the properties with an open domain or range are listed in the picture's table instead
    assert len(structure.property_edges) + len(structure.open_properties) >= 60
    shown = svg_texts(svg)
    for edge in structure.open_properties:
        assert edge.label in shown


def test_png_is_a_readable_picture(site: Path) -> None:
    from PIL import Image

    assert (site / "structure.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(site / "structure.png") as image:
        image.verify()
    with Image.open(site / "structure.png") as image:
        assert image.format == "PNG" and min(image.size) > 1000


def test_docs_are_byte_identical_across_hash_seeds(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    done = subprocess.run(
        [sys.executable, "-c", CLI, "docs", "-o", str(again)],
        env={**os.environ, "PYTHONHASHSEED": "4242"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "")
    assert [line.split("/")[-1] for line in done.stderr.splitlines()] == [
        "index.html",
        "structure.dot",
        "structure.svg",
        "structure.png",
    ]  # and no log lines from pyLODE
    for name in FILES:
        assert (again / name).read_bytes() == (site / name).read_bytes(), name


# --------------------------------------------------------------------------- failures


def test_existing_folder_is_updated_in_place(site: Path, tmp_path: Path) -> None:
    from sovkg.docs import write_docs

    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    (out / "index.html").write_text("old", encoding="utf-8")
    files = {name: (site / name).read_bytes() for name in FILES}
    write_docs(out, files)
    assert sorted(p.name for p in out.iterdir()) == sorted([*FILES, "keep.txt"])
    assert (out / "index.html").read_bytes() == files["index.html"]


def test_failure_while_writing_leaves_old_files(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sovkg.docs as docs

    out = tmp_path / "out"
    out.mkdir()
    for name in FILES:
        (out / name).write_text("old " + name, encoding="utf-8")
    real, calls = docs._write_file, []

    def fail_third(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(docs, "_write_file", fail_third)
    with pytest.raises(docs.OutputError, match="No space left on device"):
        docs.write_docs(out, {name: (site / name).read_bytes() for name in FILES})
    assert sorted(p.name for p in out.iterdir()) == FILES  # no temporary files left
    for name in FILES:
        assert (out / name).read_text(encoding="utf-8") == "old " + name


def test_failure_while_writing_a_new_folder_leaves_nothing(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sovkg.docs as docs

    def fail(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(docs, "_write_file", fail)
    with pytest.raises(docs.OutputError):
        docs.write_docs(tmp_path / "new", {name: (site / name).read_bytes() for name in FILES})
    assert list(tmp_path.iterdir()) == []


def test_missing_graphviz_is_one_line_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need(_pylode_version() == "3.3.4", "pyLODE 3.3.4 (pip install 'sovkg[docs]')")
    import sovkg.docs as docs

    monkeypatch.setattr(docs, "find_dot", lambda: None)
    code, out, err = run_cli(["docs", "-o", str(tmp_path / "site")])
    assert (code, out) == (2, "")
    assert err == (
        "sovkg: error: the structure picture needs Graphviz's 'dot' program, which is not "
        "installed (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_wrong_pylode_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(metadata, "version", lambda name: "3.4.1")
    code, _, err = run_cli(["docs", "-o", str(tmp_path / "site")])
    assert code == 2
    assert err == (
        "sovkg: error: pyLODE 3.4.1 is installed but sovkg needs 3.3.4 (3.4.1 fails on import): "
        "pip install 'pylode==3.3.4'\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_output_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    code, out, err = run_cli(["docs", "-o", str(target)])
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("sovkg: error: ")
    assert target.read_text(encoding="utf-8") == "x"


def test_missing_parent_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "no" / "site"
    code, out, err = run_cli(["docs", "-o", str(target)])
    assert (code, out) == (2, "")
    assert err == (
        f"sovkg: error: cannot write to '{target}': folder '{target.parent}' does not exist\n"
    )


def test_unwritable_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # root may write anywhere, so the permission check is made to say no for this folder
    folder = tmp_path / "ro"
    folder.mkdir()
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, m: False if Path(p) == folder else real(p, m))
    code, out, err = run_cli(["docs", "-o", str(folder / "site")])
    assert (code, out) == (2, "")
    assert err == (
        f"sovkg: error: cannot write to '{folder / 'site'}': folder '{folder}' is not writable\n"
    )
    assert list(folder.iterdir()) == []
