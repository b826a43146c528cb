"""``sovkg explain ENTITY``: every statement about an entity, with its source and quote.

The command only formats what :func:`sovkg.provenance.explain` returns: as indented text for a
person (each statement, then under it every citation that states it: source file, section,
citation and the verbatim quote), or as JSON for a program.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from sovkg.cli import Settings, output_option, pass_settings
from sovkg.output import atomic_write, check_writable, curie
from sovkg.provenance import Explanation, Source, Statement
from sovkg.provenance import explain as explain_entity
from sovkg.results import XSD, Term

EXPLAIN_FORMATS = ("text", "json")


@click.command("explain")
@click.argument("entity")
@click.option(
    "--incoming/--no-incoming",
    default=False,
    show_default=True,
    help="Also list the statements in which the entity is the object (its post holdings, "
    "the reports it gave ...).",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(EXPLAIN_FORMATS),
    default="text",
    show_default=True,
    help="text for people; json for programs.",
)
@output_option
@pass_settings
def explain(settings: Settings, entity: str, incoming: bool, fmt: str, output: Path | None) -> None:
    """Show every statement about ENTITY with the document and sentence it comes from.

    ENTITY is an IRI, a CURIE (sk:congress-7) or a label ("Mikhail Kalinin"; any rdfs:label or
    skos:altLabel, case-insensitive). An unknown name or a label that names several entities
    exits with code 2.

    \b
    Examples:
      sovkg explain "Mikhail Kalinin" --incoming
      sovkg explain sk:congress-7
      sovkg explain https://w3id.org/sovkg/id/Constitution1936 --format json
    """
    if output is not None:
        check_writable(output)
        source = click.get_current_context().get_parameter_source("fmt")
        if source is ParameterSource.DEFAULT and output.suffix.lower() == ".json":
            fmt = "json"  # the suffix chooses, as for query, sparql and export
    graph = settings.graph("oxigraph")
    explanation = explain_entity(entity, incoming=incoming, graph=graph)  # type: ignore[arg-type]
    iris = {
        t.value
        for s in explanation.statements
        for t in (s.subject, Term("iri", s.predicate), s.object)
        if t.kind == "iri"
    }
    labels = dict(graph.labels(iris))
    text = to_json(explanation) if fmt == "json" else to_text(explanation, labels)
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write(output, text.encode("utf-8"))


def _show(term: Term, labels: dict[str, str]) -> str:
    """Show a term the way Turtle would, with an IRI's label in parentheses."""
    if term.kind == "iri":
        label = labels.get(term.value)
        return f"{curie(term.value)} ({label})" if label else curie(term.value)
    if term.kind == "bnode":
        return "_:" + term.value
    if term.kind != "literal":
        return term.value
    text = json.dumps(term.value, ensure_ascii=False)
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype in {None, XSD + "string"}:
        return text
    return f"{text}^^{curie(term.datatype)}"  # type: ignore[arg-type]


def _show_source(source: Source) -> list[str]:
    where = ", ".join(part for part in (source.file_name, source.section) if part)
    head = f"      from {curie(source.citation)}" + (f" ({where})" if where else "")
    quote = (
        f'        "{source.quote}"' if source.quote is not None else "        (no quote recorded)"
    )
    return [head, quote]


def to_text(explanation: Explanation, labels: dict[str, str]) -> str:
    """Render an explanation as indented text, one block per statement."""
    title = curie(explanation.entity)
    lines = [f"{title} ({explanation.label})" if explanation.label else title]
    outgoing = [s for s in explanation.statements if not s.incoming]
    incoming = [s for s in explanation.statements if s.incoming]
    if not explanation.statements:
        lines.append("  (no statements)")
    for statement in outgoing:
        lines.append(f"  {curie(statement.predicate)} {_show(statement.object, labels)}")
        for source in statement.sources:
            lines.extend(_show_source(source))
    if incoming:
        lines.append("  as object:")
    for statement in incoming:
        subject = _show(statement.subject, labels)
        lines.append(f"  {subject} {curie(statement.predicate)} {title}")
        for source in statement.sources:
            lines.extend(_show_source(source))
    return "\n".join(lines) + "\n"


def _json_term(term: Term) -> dict[str, Any]:
    """A term in the W3C SPARQL 1.1 JSON results form."""
    if term.kind == "iri":
        return {"type": "uri", "value": term.value}
    if term.kind == "bnode":
        return {"type": "bnode", "value": term.value}
    item: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        item["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD + "string":
        item["datatype"] = term.datatype
    return item


def _json_statement(statement: Statement) -> dict[str, Any]:
    return {
        "direction": "incoming" if statement.incoming else "outgoing",
        "subject": _json_term(statement.subject),
        "predicate": {"type": "uri", "value": statement.predicate},
        "object": _json_term(statement.object),
        "sources": [
            {
                "citation": s.citation,
                "document": s.document,
                "file": s.file_name,
                "section": s.section,
                "quote": s.quote,
            }
            for s in statement.sources
        ],
    }


def to_json(explanation: Explanation) -> str:
    """Render an explanation as JSON: the entity, its label and its statements."""
    document = {
        "entity": explanation.entity,
        "label": explanation.label,
        "statements": [_json_statement(s) for s in explanation.statements],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
