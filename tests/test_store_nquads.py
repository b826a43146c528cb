"""Regression: a data folder holding N-Quads gives the same answers on both engines.

rdflib 7.6's N-Quads parser empties the default graph of the Dataset it parses into, which
silently dropped the ontology and the citations from the rdflib engine.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

import sovkg
from sovkg.store import clear_memo

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def nquads_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real data with source 002 written as N-Quads instead of TriG."""
    folder = tmp_path_factory.mktemp("nquads")
    for path in DATA.glob("*.trig"):
        if path.name.startswith("source-002"):
            quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))
            ox.serialize(quads, output=str(folder / "source-002.nq"), format=ox.RdfFormat.N_QUADS)
        else:
            shutil.copy(path, folder / path.name)
    shutil.copytree(DATA / "sources", folder / "sources")
    clear_memo()
    return folder


@pytest.mark.parametrize("name", ["succession", "delegates", "agenda", "conflicts"])
def test_nquads_folder_same_rows_on_both_engines(nquads_dir: Path, name: str) -> None:
    """Same rows as the bundled TriG data, on oxigraph and on rdflib."""
    expected = sovkg.query_table(name).rows
    assert sovkg.query_table(name, data_dir=nquads_dir).rows == expected
    assert sovkg.query_table(name, data_dir=nquads_dir, engine="rdflib").rows == expected
