"""``sovkg owl-check``: open the ontology, and the merged export, as Protégé does (OWL API, HermiT).

Exit codes: 0 both are OWL 2 DL, fully parsed, consistent and classified with no unsatisfiable
class; 1 problems (one per line on stdout); 2 the check could not run (no Java, no HermiT.jar,
a document the OWL API cannot load: one line on stderr).
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.core import ParameterSource

from sovkg.cli import Settings, data_option, pass_settings, report_format_option
from sovkg.errors import BadInputError, ViolationsFoundError
from sovkg.owlapi import OwlCheckResult

DOCUMENTS = ("ontology", "export")
"""What can be checked: the ontology file alone, or the merged RDF/XML export with the data."""


@click.command("owl-check")
@click.option(
    "--what",
    type=click.Choice([*DOCUMENTS, "both"]),
    default="both",
    show_default=True,
    help="ontology: ontology/sovkg.ttl with its catalog; export: the merged RDF/XML export "
    "(ontology + data, as 'sovkg export --format xml' writes it); both.",
)
@data_option("Export")
@report_format_option("a summary line per document, then one line per problem", "every figure")
@pass_settings
def owl_check(settings: Settings, what: str, data_dir: Path | None, fmt: str) -> None:
    """Check what Protégé would see: the OWL 2 DL profile, unparsed triples, HermiT.

    Runs the OWL API 3.4 and HermiT (the HermiT.jar that owlready2 ships) with Java, offline:
    the OWL 2 DL profile violations, the triples that did not become axioms, then consistency,
    classification and unsatisfiable classes. Needs Java 11 or later. --data applies to the
    export only, so it is refused with --what ontology.

    \b
    Examples:
      sovkg owl-check
      sovkg owl-check --what export --format json
    Exit codes: 0 no problem, 1 problems found, 2 could not run (no Java).
    """
    if what == "ontology" and _data_given(data_dir):
        raise BadInputError(
            "--data does not apply to --what ontology, which checks ontology/sovkg.ttl alone; "
            "to check a data folder use --what export or --what both"
        )
    from sovkg import owlapi

    documents = DOCUMENTS if what == "both" else (what,)
    folder = data_dir if data_dir is not None else settings.data_dir
    results = {
        name: owlapi.check_ontology() if name == "ontology" else owlapi.check_export(folder)
        for name in documents
    }
    problems = [f"{name}: {line}" for name, result in results.items() for line in result.problems()]
    if fmt == "json":
        report = {name: _as_dict(result) for name, result in results.items()}
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for name, result in results.items():
            click.echo(summary_line(name, result))
        for line in problems:
            click.echo(line)
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        where = [name for name, result in results.items() if result.problems()]
        raise ViolationsFoundError(f"{count} in {' and '.join(where)}")


def _data_given(data_dir: Path | None) -> bool:
    """Whether ``--data`` was typed, on this command or on ``sovkg`` itself.

    ``$SOVKG_DATA`` does not count: it is a standing choice for every command, not a request to
    check that folder now.
    """
    root = click.get_current_context().find_root()
    return (
        data_dir is not None or root.get_parameter_source("data_dir") is ParameterSource.COMMANDLINE
    )


def summary_line(name: str, result: OwlCheckResult) -> str:
    """One line on what the OWL API and HermiT made of a document."""
    seconds = sum(result.millis.values()) / 1000
    dl = "OWL 2 DL" if not result.profile_violations else "not OWL 2 DL"
    reasoned = (
        f"HermiT: {'consistent' if result.consistent else 'inconsistent'}, "
        f"{'classified' if result.classified else 'not classified'}, "
        f"{len(result.unsatisfiable)} unsatisfiable classes"
        if result.reasoner_error is None
        else f"HermiT could not reason: {result.reasoner_error}"
    )
    return (
        f"{name}: {result.format or '?'}, {result.axioms} axioms "
        f"({result.logical_axioms} logical), {dl}, {len(result.unparsed_triples)} unparsed "
        f"triples, {reasoned} (OWL API and HermiT {seconds:.1f} s)"
    )


def _as_dict(result: OwlCheckResult) -> dict[str, object]:
    from dataclasses import asdict

    return {**asdict(result), "ok": result.ok}
