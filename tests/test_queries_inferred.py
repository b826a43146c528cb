"""Every named query gives the same answer on the OWL-RL closure as on the asserted graph.

The queries use property paths where entailment matters, so they need no reasoner at query time
and give the same rows on a store that loaded the plain (asserted) export; this checks the other
direction: on the inferred graph (every super-class, super-property and inverse added by owlrl)
they must not gain or lose rows either.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sovkg
from sovkg.inference import inferred_graph
from tests.test_named_queries import CASES, plain


@pytest.fixture(scope="module")
def inferred_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding only the inferred graph (ontology + data + closure) as N-Triples."""
    folder = tmp_path_factory.mktemp("inferred")
    graph = inferred_graph()
    graph.serialize(folder / "inferred.nt", format="nt", encoding="utf-8")
    return folder


def test_closure_adds_entailments(inferred_dir: Path) -> None:
    """The closure really adds triples (a congress is also a prov:Activity); else this is moot."""
    table = sovkg.query_table("succession", data_dir=inferred_dir)
    assert len(table) == 10
    graph = sovkg.load(inferred_dir)
    answer = graph.select(
        "ASK { <https://w3id.org/sovkg/id/congress-1> a <http://www.w3.org/ns/prov#Activity> }"
    )
    assert answer.value is True  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "arguments", "variables", "rows"),
    [
        pytest.param(*case, id=case[0] + "".join(f"-{v}" for v in case[1].values()))
        for case in CASES
    ],
)
def test_same_answer_on_inferred_graph(
    inferred_dir: Path,
    name: str,
    arguments: dict[str, str],
    variables: tuple[str, ...],
    rows: list[tuple[str | None, ...]],
) -> None:
    """Exactly the asserted graph's expected rows, in order."""
    table = sovkg.query_table(name, arguments, data_dir=inferred_dir)
    assert table.variables == variables
    assert [tuple(plain(term) for term in row) for row in table.rows] == rows
