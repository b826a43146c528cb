"""The OWL-RL closure: what it entails and leaves out, how it is cached, where it never runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import OWL, RDF, BNode, Literal, URIRef
from test_shapes import SHAPES_DIR, make_data_dir

from sovkg import inference
from sovkg.errors import EXIT_VIOLATIONS
from sovkg.resources import data_dir

SK = "https://w3id.org/sovkg/id/"
SOV = "https://w3id.org/sovkg/ontology#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"


@pytest.fixture(scope="module")
def added() -> set:
    """The cleaned closure of the real data, computed without the cache."""
    result = inference.closure(use_cache=False)
    assert result.errors == ()
    return set(result.triples)


def iri(name: str) -> URIRef:
    return URIRef(SK + name)


@pytest.mark.parametrize(
    ("triple", "why"),
    [
        ((iri("congress-7"), RDF.type, URIRef(SOV + "Event")), "Congress subClassOf Event"),
        (
            (iri("congress-7"), RDF.type, URIRef(PROV + "Activity")),
            "Event subClassOf prov:Activity",
        ),
        (
            (iri("congress-8"), URIRef(SOV + "earlierCongress"), iri("congress-1")),
            "previousCongress subPropertyOf the transitive earlierCongress",
        ),
        ((iri("congress-1"), URIRef(SOV + "previousCongress"), iri("congress-7")), None),
        (
            (iri("membership-rsfsr"), URIRef(ORG + "member"), iri("RSFSR")),
            "member subPropertyOf org:member",
        ),
        (
            (iri("RSFSR"), RDF.type, URIRef(ORG + "Organization")),
            "FederativeRepublic up to org:Organization",
        ),
        (
            (iri("replacement-1936"), RDF.type, URIRef(ORG + "ChangeEvent")),
            "sov:ChangeEvent subClassOf org:ChangeEvent",
        ),
        (
            (iri("SupremeSoviet"), URIRef(ORG + "resultedFrom"), iri("replacement-1936")),
            "org:resultedFrom inverseOf org:resultingOrganization",
        ),
    ],
    ids=[
        "congress-is-event",
        "congress-is-activity",
        "earlier-transitive",
        "no-invented-previous",
        "org-member",
        "republic-is-organization",
        "org-change-event",
        "inverse-resulted-from",
    ],
)
def test_closure_entails(added: set, triple: tuple, why: str | None) -> None:
    if why is None:
        assert triple not in added  # the congresses run forwards only
    else:
        assert triple in added, why


def test_closure_adds_no_noise(added: set) -> None:
    assert not [t for t in added if isinstance(t[0], Literal)]
    assert not [t for t in added if any(isinstance(x, BNode) for x in t)]
    assert not [t for t in added if str(t[0]).startswith(inference.VOCABULARIES)]
    assert not [t for t in added if t[0] == t[2] and str(t[1]) in inference.REFLEXIVE_PREDICATES]
    assert not added & inference.axiomatic_triples()
    assert not [t for t in added if str(t[1]).startswith(inference.ERROR_NAMESPACE)]


def test_closure_adds_nothing_asserted(added: set) -> None:
    asserted = set(inference.load_graph(inference.source_files()))
    assert not added & asserted


def test_axiomatic_triples_are_owlrls_closure_of_nothing() -> None:
    axioms = inference.axiomatic_triples()
    assert (OWL.Thing, RDF.type, OWL.Class) in axioms
    assert all(
        str(s).startswith(inference.VOCABULARIES)
        for s, _, _ in axioms
        if not isinstance(s, Literal)
    )


def test_cache_is_written_sorted_and_reused(
    tmp_path: Path, added: set, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOVKG_CACHE", str(tmp_path / "cache"))
    first = inference.closure()
    assert first.cached is False
    assert first.path == tmp_path / "cache" / "closure" / f"{first.key}.nt"
    lines = first.path.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    assert len(lines) == first.added == len(added)
    meta = json.loads(first.path.with_suffix(".json").read_text(encoding="utf-8"))
    assert (meta["format"], meta["errors"], meta["added"]) == (
        inference.CLOSURE_FORMAT,
        [],
        len(added),
    )
    again = inference.closure()
    assert (again.cached, again.key, again.added) == (True, first.key, first.added)
    assert again.errors == ()
    assert set(inference.closure_triples_added()) == added


def test_unused_closures_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOVKG_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "cache" / "closure"
    folder.mkdir(parents=True)
    stale = [folder / "0ld.json", folder / "0ld.nt", folder / ".0ld.nt.crashed"]
    for path in stale:
        path.write_text("{}", encoding="utf-8")
        os.utime(path, (0, 0))
    fresh = inference.closure()
    assert sorted(p.name for p in folder.iterdir()) == [f"{fresh.key}.json", f"{fresh.key}.nt"]


def test_unwritable_cache_still_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("SOVKG_CACHE", str(blocker))
    result = inference.closure()
    assert (result.cached, result.path, result.errors) == (False, None, ())
    assert result.added == len(result.triples) > 1000


def test_cache_file_is_byte_identical_across_processes(tmp_path: Path) -> None:
    """Two fresh processes (different blank-node labels, hash seeds) write the same bytes."""
    outputs = []
    for seed in ("1", "2"):
        cache = tmp_path / f"cache-{seed}"
        env = {**os.environ, "SOVKG_CACHE": str(cache), "PYTHONHASHSEED": seed}
        code = "from sovkg.inference import closure; print(closure().path)"
        done = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        )
        outputs.append(Path(done.stdout.strip()).read_bytes())
    assert outputs[0] == outputs[1]


def test_key_follows_content_not_time(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    files = inference.source_files(copy)
    key = inference.closure_key(files)
    os.utime(files[-1], (0, 0))
    assert inference.closure_key(files) == key  # touching a file changes nothing
    files[-1].write_text(files[-1].read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert inference.closure_key(files) != key


def test_inferred_graph_is_asserted_plus_added(added: set) -> None:
    graph = inference.inferred_graph()
    asserted = inference.load_graph(inference.source_files())
    assert len(graph) == len(asserted) + len(added)
    assert added <= set(graph)


def test_inconsistent_data_raises_with_exit_code_1(tmp_path: Path) -> None:
    data = make_data_dir(tmp_path / "data", SHAPES_DIR / "broken" / "disjoint-person-place.trig")
    result = inference.closure(data, use_cache=False)
    assert result.errors == (
        "Disjoint classes https://w3id.org/sovkg/ontology#Person and "
        "https://w3id.org/sovkg/ontology#Place have a common individual "
        "https://w3id.org/sovkg/id/Kalinin",
    )
    with pytest.raises(inference.InconsistentClosureError) as raised:
        inference.inferred_graph(data, use_cache=False)
    assert raised.value.exit_code == EXIT_VIOLATIONS
    assert "https://w3id.org/sovkg/id/Kalinin" in str(raised.value)


def test_the_query_path_never_imports_the_reasoner() -> None:
    code = (
        "import sys\n"
        "from sovkg.cli import cli\n"
        "cli.main(['query', 'succession', '--format', 'csv'], standalone_mode=False)\n"
        "print(sorted(m for m in ('owlrl', 'pyshacl', 'sovkg.inference', 'sovkg.validate') "
        "if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    assert done.stderr.strip().splitlines()[-1] == "[]"
