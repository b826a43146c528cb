"""``sovkg validate``: print the report of :func:`sovkg.validate.validate` and set the exit code.

Exit codes: 0 the data is valid, 1 violations (one per line on stdout), 2 the check could not
run (a missing, unreadable or unparsable file: one line on stderr).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from sovkg.cli import Settings, data_option, pass_settings, report_format_option
from sovkg.errors import ViolationsFoundError


@click.command("validate")
@data_option("Validate")
@click.option(
    "--shapes",
    type=click.Path(path_type=Path),
    default=None,
    help="Use this SHACL shapes file instead of the bundled ontology/shapes.ttl.",
)
@report_format_option("one violation per line (focus node, rule, message)", "the whole report")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Recheck OWL 2 RL consistency instead of reusing the cached verdict for these inputs.",
)
@pass_settings
def validate(
    settings: Settings, data_dir: Path | None, shapes: Path | None, fmt: str, no_cache: bool
) -> None:
    """Check the data: SHACL shapes, OWL-RL consistency and the QC queries.

    Each violation is one line: the offending node, the rule, and what is wrong. A summary with
    the timings goes to stderr. The OWL 2 RL consistency verdict is cached by the content of
    the inputs, so only the first run after a change pays for it.

    \b
    Examples:
      sovkg validate
      sovkg validate --format json > report.json
      sovkg --data my-data/ validate --no-cache
    Exit codes: 0 valid, 1 violations found, 2 could not run.
    """
    from sovkg.validate import validate as run_validation

    report = run_validation(
        data_dir if data_dir is not None else settings.data_dir,
        shapes,
        use_cache=not no_cache,
    )
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        for violation in report.results:
            click.echo(violation.line())
    phases = ("load", "shacl", "qc", "consistency", "total")
    timings = ", ".join(f"{name} {report.timings[name]:.2f} s" for name in phases)
    cached = " (cached)" if report.consistency_cached else ""
    summary = f"{len(report.results)} violations in {report.triples} triples ({timings}){cached}"
    if not report.conforms:
        raise ViolationsFoundError(summary)
    click.echo(f"sovkg: valid: {summary}", err=True)
