"""The ``sovkg docs`` and ``sovkg timeline`` commands, thin wrappers over the library.

The work is done by :mod:`sovkg.docs` and :mod:`sovkg.timeline`.
Both check where they will write before doing any work, write only complete files, and report
what they wrote on stderr (one line per file), so stdout stays empty.
"""

from __future__ import annotations

from pathlib import Path

import click

from sovkg.cli import Settings, pass_settings


@click.command("docs")
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write index.html and structure.{svg,png,dot} to (created if missing; "
    "its parent must exist).",
)
@pass_settings
def docs(settings: Settings, out_dir: Path) -> None:
    """Write the ontology's documentation: an HTML page and a picture of its structure.

    \b
    index.html      every class and property of ontology/sovkg.ttl (pyLODE 3.3.4)
    structure.svg   classes by vocabulary, subclass edges (incl. the alignments to
    structure.png   org:, time:, prov:, skos:) and object properties as labelled
                    domain -> range edges (drawn by Graphviz 'dot')
    structure.dot   the picture's Graphviz source

    Nothing is written unless every file could be produced.

    \b
    Example:
      sovkg docs --output site/ontology
    """
    from sovkg.docs import build_docs, check_output_dir, write_docs

    check_output_dir(out_dir)
    for path in write_docs(out_dir, build_docs()):
        click.echo(f"wrote {path}", err=True)


@click.command("timeline")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to draw into: .svg or .png (written atomically).",
)
@pass_settings
def timeline(settings: Settings, output: Path) -> None:
    """Draw the congresses, memberships, admissions and changes on one time axis (1922-1937).

    Dates are drawn at the precision the sources give: a day as a point, a month or a year
    as a lighter bar over the whole month or year, a span known only by its bounds hatched,
    an open-ended membership as a bar to the end of the axis.

    The republics' admissions and status changes are drawn too, and none is given a date the
    sources lack: an undated one is an empty dashed window captioned "undated", between the
    dated events the sources order it against (sov:before), over the days that order allows
    (the Tadzhik ASSR's admission: after the 1924 admissions, before 1929); one that nothing
    orders gets its own row, "no date in the sources".

    Where sources disagree (the Seventh Congress) both claims are drawn, labelled with their
    source, with a detail panel. Uses the graph of --data if given.

    \b
    Examples:
      sovkg timeline --output timeline.svg
      sovkg timeline -o timeline.png
    """
    from sovkg.output import check_writable
    from sovkg.timeline import output_format, write_timeline

    output_format(output)  # a wrong extension or place fails before the graph is loaded
    check_writable(output)
    path = write_timeline(output, settings.graph())
    click.echo(f"wrote {path}", err=True)
