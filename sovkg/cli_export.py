"""``sovkg export``: the graph as one RDF file, deterministic, verified and written atomically.

The command only chooses the format and the destination; building, serializing and the
round-trip check are in :mod:`sovkg.export`.
"""

from __future__ import annotations

from pathlib import Path

import click

from sovkg.cli import Settings, data_option, output_option, pass_settings
from sovkg.export import FORMATS, write_export
from sovkg.export import export as build_export
from sovkg.output import check_writable

_SUFFIXES = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".trig": "trig",
    ".nq": "nquads",
}


def format_for(output: Path | None, fmt: str | None) -> str:
    """Return ``fmt``, else the format of ``output``'s suffix, else ``"turtle"``.

    Example:
        >>> format_for(Path("sovkg.rdf"), None), format_for(None, "nt"), format_for(None, None)
        ('xml', 'nt', 'turtle')
    """
    if fmt is not None:
        return fmt
    if output is not None and output.suffix.lower() in _SUFFIXES:
        return _SUFFIXES[output.suffix.lower()]
    return "turtle"


@click.command("export")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default=None,
    help="trig and nquads keep the named graphs (one per citation); the others merge them. "
    "xml is the OWL document for Protégé. [default: from the --output suffix, else turtle]",
)
@click.option(
    "--inferred",
    is_flag=True,
    help="Add the OWL-RL closure (without owlrl's axiomatic triples); trig/nquads put it in "
    "the graph https://w3id.org/sovkg/graph/inferred.",
)
@click.option("--no-ontology", is_flag=True, help="Leave the ontology's axioms out.")
@data_option("Export")
@output_option
@pass_settings
def export(
    settings: Settings,
    fmt: str | None,
    inferred: bool,
    no_ontology: bool,
    data_dir: Path | None,
    output: Path | None,
) -> None:
    """Export the ontology and the data as one RDF file.

    The output is the same bytes for the same input, and is parsed back and compared with the
    graph before it is written, so a file that exists is complete and faithful.

    \b
    Examples:
      sovkg export --output sovkg.ttl
      sovkg export --format xml --output sovkg.rdf        # open in Protégé
      sovkg export --format nquads --inferred > sovkg-inferred.nq
      sovkg export --format jsonld --no-ontology -o data.jsonld
    """
    chosen = format_for(output, fmt)
    if output is not None:
        check_writable(output)
    result = build_export(
        chosen,
        data_dir if data_dir is not None else settings.data_dir,
        inferred=inferred,
        ontology=not no_ontology,
        output=output,
    )
    if output is None:
        click.echo(result.data, nl=False)  # bytes go to the binary stream unchanged
    else:
        write_export(result, output)
