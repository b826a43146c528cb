"""The answers of SPARQL queries, the same whichever engine gave them.

A SELECT gives a :class:`ResultTable` of :class:`Term` rows, an ASK an :class:`AskResult`, a
CONSTRUCT or DESCRIBE a :class:`GraphResult`. :meth:`Term.to_python` turns a term into a plain
Python value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True, slots=True)
class Term:
    """An RDF term, the same whichever engine produced it.

    Attributes:
        kind: ``"iri"``, ``"bnode"``, ``"literal"`` or ``"triple"`` (RDF-star, rare).
        value: the IRI, blank node id, or literal lexical form.
        datatype: a literal's datatype IRI (``rdf:langString`` when it has a language).
        language: a literal's language tag, lower case, or ``None``.
    """

    kind: Literal["iri", "bnode", "literal", "triple"]
    value: str
    datatype: str | None = None
    language: str | None = None

    def to_python(self) -> object:
        """Return a plain Python value.

        IRIs and blank nodes become ``str`` (a blank node as ``_:id``); ``xsd:integer`` and its
        subtypes ``int``; ``xsd:decimal`` ``Decimal``; ``xsd:double``/``float`` ``float``;
        ``xsd:boolean`` ``bool``; ``xsd:date`` ``datetime.date``; everything else (including
        ``xsd:gYear`` and ``xsd:gYearMonth``) its lexical form as ``str``.

        Example:
            >>> Term("literal", "1922-12-30", XSD + "date").to_python()
            datetime.date(1922, 12, 30)
        """
        if self.kind == "bnode":
            return "_:" + self.value
        if self.kind != "literal" or self.datatype is None:
            return self.value
        return _literal_to_python(self.value, self.datatype)


_INTEGER_TYPES = {
    XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}


def _literal_to_python(lexical: str, datatype: str) -> object:
    """Convert a typed literal to Python; fall back to its lexical form if it is ill-typed."""
    import datetime as dt
    from decimal import Decimal, InvalidOperation

    try:
        if datatype in _INTEGER_TYPES:
            return int(lexical)
        if datatype == XSD + "decimal":
            return Decimal(lexical)
        if datatype in {XSD + "double", XSD + "float"}:
            return float(lexical)
        if datatype == XSD + "boolean":
            return lexical.strip() in {"true", "1"}
        if datatype == XSD + "date":
            return dt.date.fromisoformat(lexical)
        if datatype == XSD + "dateTime":
            return dt.datetime.fromisoformat(lexical)
    except (ValueError, InvalidOperation):
        return lexical
    return lexical


Row = tuple["Term | None", ...]


@dataclass(frozen=True)
class ResultTable:
    """The answer of a SELECT query.

    Attributes:
        variables: the projected variable names, in order, without ``?``.
        rows: one tuple per solution, aligned with ``variables``; ``None`` where unbound.
    """

    variables: tuple[str, ...]
    rows: tuple[Row, ...]

    def records(self) -> list[dict[str, object]]:
        """Return the rows as dicts of plain Python values (see :meth:`Term.to_python`).

        Every projected variable is a key; an unbound one maps to ``None``.
        """
        return [
            {
                v: (t.to_python() if t is not None else None)
                for v, t in zip(self.variables, row, strict=True)
            }
            for row in self.rows
        ]

    def __len__(self) -> int:
        return len(self.rows)

    def without(self, names: Iterable[str]) -> ResultTable:
        """Return the table without the columns ``names`` (absent names are ignored)."""
        drop = set(names)
        keep = [i for i, v in enumerate(self.variables) if v not in drop]
        return ResultTable(
            tuple(self.variables[i] for i in keep),
            tuple(tuple(row[i] for i in keep) for row in self.rows),
        )


@dataclass(frozen=True)
class AskResult:
    """The answer of an ASK query."""

    value: bool


@dataclass(frozen=True)
class GraphResult:
    """The answer of a CONSTRUCT or DESCRIBE query: its triples."""

    triples: tuple[tuple[Term, Term, Term], ...]


QueryResult = ResultTable | AskResult | GraphResult
