"""The ``sovkg`` command line: thin commands over the library.

The group loads other commands lazily from :data:`LAZY_COMMANDS`, so ``sovkg query`` imports
only click, pyoxigraph and the query path, never rdflib, owlrl or pyshacl. Every error that sovkg
knows about ends the command with one line ``sovkg: error: ...`` on stderr and the error's exit
code (0 ok, 1 validation violations, 2 bad input or could not run); no traceback.

Adding a command from another module: write a ``click.Command`` in your module (for example
``sovkg/cli_export.py`` defining ``export``), then add one line to :data:`LAZY_COMMANDS`:
``"export": "sovkg.cli_export:export"``. Use :func:`pass_settings` to get the global options
(``--data``, ``--queries``) and reuse :data:`output_option` for ``-o/--output``.
"""

from __future__ import annotations

import importlib
import math
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from sovkg import __version__
from sovkg.errors import (
    BadInputError,
    DataError,
    ParameterError,
    QueryDefinitionError,
    SovkgError,
    ViolationsFoundError,
)
from sovkg.graphs import ENGINES, Graph
from sovkg.output import (
    DEFAULT_FORMAT,
    FORMAT_BY_SUFFIX,
    FORMATS,
    Labeler,
    atomic_write,
    check_writable,
    formats_for,
    render,
    result_kind,
    suffixes_for,
)
from sovkg.queries import BoundLiteral, QueryRegistry
from sovkg.results import QueryResult, ResultTable
from sovkg.store import load

LAZY_COMMANDS: dict[str, str] = {
    # command name -> "module:function"; each module is imported only when its command runs.
    "validate": "sovkg.cli_validate:validate",
    "owl-check": "sovkg.cli_owlcheck:owl_check",
    "explain": "sovkg.cli_explain:explain",
    "export": "sovkg.cli_export:export",
    "push": "sovkg.cli_serve:push",
    "serve": "sovkg.cli_serve:serve",
    "docs": "sovkg.cli_docs:docs",
    "timeline": "sovkg.cli_docs:timeline",
}
"""Commands defined outside this module, imported on first use."""


class LazyGroup(click.Group):
    """A click group whose commands in ``lazy_commands`` are imported only when used.

    Args:
        lazy_commands: command name -> ``"package.module:attribute"`` of a ``click.Command``.
    """

    def __init__(
        self, *args: Any, lazy_commands: Mapping[str, str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Return the eager and lazy command names, sorted."""
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Return the command, importing its module first if it is lazy."""
        if cmd_name in self.lazy_commands:
            target = self.lazy_commands[cmd_name]
            module_name, _, attribute = target.partition(":")
            try:
                command = getattr(importlib.import_module(module_name), attribute)
            except (ImportError, AttributeError) as exc:
                return _unavailable(cmd_name, f"cannot load {target}: {exc}")
            if not isinstance(command, click.Command):
                return _unavailable(cmd_name, f"{target} is not a click command")
            return command
        return super().get_command(ctx, cmd_name)


def _unavailable(name: str, reason: str) -> click.Command:
    """A stand-in for a lazy command that cannot be loaded: help still lists the others."""

    def fail() -> None:
        raise DataError(f"the '{name}' command is unavailable ({reason}); reinstall sovkg")

    return click.Command(name, callback=fail, help=f"(unavailable: {reason})")


class SovkgGroup(LazyGroup):
    """The top-level group: turns every known error into one line on stderr and an exit code."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line; exit with 0, 1 or 2 (see :mod:`sovkg.errors`)."""
        try:
            result = super().main(
                args, prog_name or "sovkg", complete_var, standalone_mode=False, **extra
            )
            code = result if isinstance(result, int) and not isinstance(result, bool) else 0
            if sys.stdout is not None:
                sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
        except SovkgError as exc:
            code = _report(str(exc), exc.exit_code)
        except click.ClickException as exc:
            code = _report(_click_message(exc), 2)
        except click.Abort:
            code = _report("interrupted", 130)
        except BrokenPipeError:
            code = 0  # the reader (for example `head`) closed the pipe; not an error
            sys.stdout = None  # type: ignore[assignment]  # silence the flush at exit
        except OSError as exc:  # writing the output failed (a full disk, a device error)
            code = _report(f"cannot write the output: {exc.strerror or exc}", 2)
            sys.stdout = None  # type: ignore[assignment]  # silence the flush at exit
        if not standalone_mode:
            return code
        sys.exit(code)


def _report(message: str, code: int) -> int:
    click.echo(f"sovkg: error: {' '.join(message.split())}", err=True)
    return code


def _click_message(exc: click.ClickException) -> str:
    message = exc.format_message()
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        message += f" (see '{ctx.command_path} --help')"
    return message


@dataclass
class Settings:
    """The global options, shared with every command through the click context.

    Attributes:
        data_dir: ``--data`` (or ``$SOVKG_DATA``); ``None`` for the bundled data.
        queries_dir: ``--queries`` (or ``$SOVKG_QUERIES``); ``None`` for the bundled queries.
    """

    data_dir: Path | None = None
    queries_dir: Path | None = None

    def registry(self) -> QueryRegistry:
        """Return the named queries of the chosen folder.

        Raises:
            DataError: if the folder holds no ``*.rq`` file (a wrong ``--queries`` folder would
                otherwise list nothing and succeed).
        """
        registry = QueryRegistry(self.queries_dir)
        if not len(registry):
            raise DataError(
                f"query folder '{registry.directory}' has no named queries (no *.rq files); "
                "--queries (or $SOVKG_QUERIES) takes a folder of NAME.rq files"
            )
        return registry

    def graph(self, engine: str = "oxigraph") -> Graph:
        """Return the loaded graph of the chosen data folder."""
        return load(self.data_dir, engine)  # type: ignore[arg-type]


pass_settings = click.make_pass_decorator(Settings, ensure=True)
"""Decorator that passes the :class:`Settings` of the current invocation to a command."""


def data_option(verb: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A subcommand's own ``--data DIR`` option (the same as the global ``--data``)."""
    return click.option(
        "--data",
        "data_dir",
        type=click.Path(path_type=Path),
        default=None,
        help=f"{verb} this folder of *.trig/*.ttl/*.nt/*.nq files (same as 'sovkg --data DIR').",
    )


def report_format_option(
    text: str, json: str
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A report's ``--format text|json`` option; ``text`` and ``json`` say what each prints."""
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=f"text: {text}; json: {json}.",
    )


def _output_path(_ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
    """``-o -`` means standard output, as ``--file -`` means standard input."""
    return None if value is not None and str(value) == "-" else value


output_option = click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    callback=_output_path,
    help="Write to FILE (atomically: only a complete result replaces it) instead of stdout "
    "('-' = stdout).",
)
format_option = click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=DEFAULT_FORMAT,
    show_default=True,
    help="table/markdown show labels; csv, tsv, json, xml are the W3C SPARQL results formats; "
    "turtle/ntriples for CONSTRUCT and DESCRIBE. Without it, an --output file's suffix "
    "(.csv .tsv .json .xml .md .ttl .nt) chooses.",
)


MAX_TIMEOUT = 86_400.0
"""The longest ``--timeout`` (one day): beyond it a wait is a hang, and sockets overflow."""
REMOTE_TIMEOUT = 60.0
"""The default ``--timeout``: :data:`sovkg.remote.DEFAULT_TIMEOUT`, not imported here so that
a local query never loads urllib."""


class Seconds(click.ParamType):
    """A time limit in seconds: a number greater than 0 and at most :data:`MAX_TIMEOUT`."""

    name = "seconds"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        """Return ``value`` as seconds, or fail with one line naming the allowed range."""
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            seconds = math.nan
        if not 0 < seconds <= MAX_TIMEOUT:  # also refuses nan
            self.fail(
                f"{value!r} is not a time limit; allowed: a number of seconds greater than 0 "
                f"and at most {MAX_TIMEOUT:g} (one day)",
                param,
                ctx,
            )
        return seconds


SECONDS = Seconds()
"""The type of every ``--timeout``."""


def timeout_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """An ``--timeout SECONDS`` option for a command that talks to ``--endpoint``.

    Args:
        what: who is waited for, for the help text ("the endpoint", "the store").
    """
    return click.option(
        "--timeout",
        type=SECONDS,
        default=REMOTE_TIMEOUT,
        show_default=True,
        metavar="SECONDS",
        help=f"How long to wait for {what} to connect, and for each read "
        f"(0 < SECONDS <= {MAX_TIMEOUT:g}).",
    )


engine_option = click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="oxigraph",
    show_default=True,
    help="Query engine; rdflib is slower and used to cross-check.",
)


@click.group(
    cls=SovkgGroup,
    lazy_commands=LAZY_COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    envvar="SOVKG_DATA",
    default=None,
    help="Query this folder of *.trig/*.ttl/*.nt/*.nq files instead of the bundled data "
    "[env: SOVKG_DATA].",
)
@click.option(
    "--queries",
    "queries_dir",
    type=click.Path(path_type=Path),
    envvar="SOVKG_QUERIES",
    default=None,
    help="Use the named queries (*.rq) of this folder [env: SOVKG_QUERIES].",
)
@click.version_option(__version__, prog_name="sovkg")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, queries_dir: Path | None) -> None:
    """The All-Union Congress of Soviets (1922-1936) as a knowledge graph.

    \b
    Examples:
      sovkg list
      sovkg query succession
      sovkg query members-at --param date=1926-01-01
      sovkg sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'

    Exit codes: 0 ok, 1 validation violations, 2 bad input or could not run.
    """
    ctx.obj = Settings(data_dir, queries_dir)


@cli.command("list")
@pass_settings
def list_command(settings: Settings) -> None:
    """List the named queries with their summaries.

    \b
    Example:
      sovkg list
    """
    registry = settings.registry()
    names = registry.names()
    width = max((len(name) for name in names), default=0)
    unusable = 0
    for name in names:
        try:
            query = registry.get(name)
            problems = query.problems()
        except QueryDefinitionError as exc:
            problems = [str(exc)]
        if problems:
            unusable += 1
            click.echo(f"{name.ljust(width)}  [cannot be used: {'; '.join(problems)}]")
        else:
            click.echo(f"{name.ljust(width)}  {query.summary}")
    if unusable:
        raise ViolationsFoundError(
            f"{unusable} of {len(names)} query files cannot be used (see the lines marked above)"
        )


@cli.command("show")
@click.argument("name")
@pass_settings
def show_command(settings: Settings, name: str) -> None:
    """Show a named query's parameters, defaults and text.

    \b
    Example:
      sovkg show members-at
    """
    query = settings.registry().get(name)
    click.echo(f"{query.name}: {query.summary}")
    if query.description:
        click.echo(f"\n{query.description}")
    click.echo("\nParameters:")
    if not query.parameters:
        click.echo("  (none)")
    for param in query.parameters:
        click.echo(f"  {param.describe()}")
    if query.tags:
        click.echo(f"\nTags: {', '.join(query.tags)}")
    example = " ".join(f"--param {p.name}={p.example}" for p in query.parameters if p.required)
    click.echo(f"\nRun: sovkg query {query.name}{' ' + example if example else ''}")
    click.echo(f"File: {query.path}\n")
    click.echo(query.text, nl=not query.text.endswith("\n"))


def _parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """Turn ``KEY=VALUE`` strings into a dict; reject malformed or repeated keys."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ParameterError(f"--param expects KEY=VALUE, got {pair!r}")
        if key in values:
            raise ParameterError(f"parameter '{key}' is given more than once")
        values[key] = value
    return values


@dataclass(frozen=True)
class ChosenFormat:
    """The output format, and the ``--output`` suffix that chose it (``None``: not the suffix)."""

    fmt: str
    suffix: str | None = None


def _chosen_format(fmt: str, output: Path | None) -> ChosenFormat:
    """``--format`` if given, else the format the ``--output`` file's suffix names, else ``fmt``."""
    ctx = click.get_current_context()
    if output is None or ctx.get_parameter_source("fmt") is not ParameterSource.DEFAULT:
        return ChosenFormat(fmt)
    suffix = output.suffix.lower()
    return (
        ChosenFormat(FORMAT_BY_SUFFIX[suffix], suffix)
        if suffix in FORMAT_BY_SUFFIX
        else ChosenFormat(fmt)
    )


def _check_suffix_fits(result: QueryResult, chosen: ChosenFormat, output: Path | None) -> None:
    """Refuse a format chosen by the ``--output`` suffix that cannot hold ``result``.

    The user never named that format, so the message says where it came from and which
    suffixes (or ``--format`` values) fit this kind of result.
    """
    allowed = formats_for(result)
    if chosen.suffix is None or output is None or chosen.fmt in allowed:
        return
    kind = result_kind(result)
    raise BadInputError(
        f"the suffix '{chosen.suffix}' of --output '{output}' chose format '{chosen.fmt}', "
        f"which cannot hold {kind} results; allowed for {kind}: suffixes "
        f"{', '.join(suffixes_for(allowed))}, or --format {', '.join(allowed)}"
    )


def _emit(
    result: QueryResult,
    chosen: ChosenFormat,
    output: Path | None,
    labels: Labeler | None,
    inputs: Collection[str] = (),
) -> None:
    """Render ``result`` and write it to ``output`` (atomically) or stdout.

    ``inputs`` are the columns that only echo the query's parameters: the tables for people
    (``table``, ``markdown``) leave them out, the W3C formats keep the whole result.
    """
    _check_suffix_fits(result, chosen, output)
    fmt = chosen.fmt
    if fmt in {"table", "markdown"} and isinstance(result, ResultTable):
        result = result.without(inputs)
    data = render(result, fmt, labels)
    if output is None:
        click.echo(data, nl=False)
    else:
        atomic_write(output, data)


@cli.command("query")
@click.argument("name")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A query parameter; repeat for several (see 'sovkg show NAME').",
)
@format_option
@output_option
@engine_option
@click.option(
    "--endpoint",
    metavar="URL",
    default=None,
    help="Run the query on this remote SPARQL endpoint instead of the local graph.",
)
@timeout_option("the --endpoint")
@pass_settings
def query_command(
    settings: Settings,
    name: str,
    params: tuple[str, ...],
    fmt: str,
    output: Path | None,
    engine: str,
    endpoint: str | None,
    timeout: float,
) -> None:
    """Run the named query NAME and print its rows.

    \b
    Examples:
      sovkg query succession
      sovkg query members-at --param date=1926-01-01
      sovkg query agenda -p congress=7 --format csv --output agenda.csv
      sovkg query succession --endpoint http://localhost:7878/query --timeout 10
    """
    given = click.get_current_context().get_parameter_source("timeout")
    if endpoint is None and given is not ParameterSource.DEFAULT:
        raise BadInputError(
            "--timeout applies only with --endpoint (a remote query); a local query has no "
            "time limit"
        )
    query = settings.registry().get(name)
    bindings: dict[str, BoundLiteral] = query.bind(_parse_params(params))
    chosen = _chosen_format(fmt, output)
    inputs = [param.variable for param in query.parameters]
    if output is not None:
        check_writable(output)
    if endpoint is not None:
        from sovkg.remote import remote_labels, run_remote  # another module owns endpoints

        result = run_remote(endpoint=endpoint, query=query.text, bindings=bindings, timeout=timeout)
        _emit(result, chosen, output, remote_labels(endpoint, timeout=timeout), inputs)
        return
    graph = settings.graph(engine)
    _emit(graph.select(query.text, bindings), chosen, output, graph.labels, inputs)


@cli.command("sparql")
@click.argument("query", required=False)
@click.option(
    "--file",
    "query_file",
    type=click.Path(allow_dash=True, path_type=Path),
    default=None,
    help="Read the query from this .rq file ('-' for stdin) instead of the argument.",
)
@format_option
@output_option
@engine_option
@pass_settings
def sparql_command(
    settings: Settings,
    query: str | None,
    query_file: Path | None,
    fmt: str,
    output: Path | None,
    engine: str,
) -> None:
    """Run a read-only SPARQL query on the graph.

    SELECT, ASK, CONSTRUCT and DESCRIBE are allowed; updates, SERVICE, FROM and FROM NAMED are
    refused. The default graph is the union of all graphs.

    \b
    Examples:
      sovkg sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
      sovkg sparql --file my-query.rq --format json
    """
    if query is None and query_file is None:
        raise BadInputError("no query: give one as an argument or with --file FILE ('-' = stdin)")
    if query is not None and query_file is not None:
        raise BadInputError("give a query either as an argument or with --file, not both")
    text = query if query is not None else _read_query_file(query_file)  # type: ignore[arg-type]
    if not _without_comments(text).strip():
        raise BadInputError("the query is empty: give a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    chosen = _chosen_format(fmt, output)
    if output is not None:
        check_writable(output)
    graph = settings.graph(engine)
    _emit(graph.select(text), chosen, output, graph.labels)


def _without_comments(text: str) -> str:
    """``text`` without its ``#`` comment lines (to tell an empty query from a short one)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _read_query_file(path: Path) -> str:
    try:
        if str(path) == "-":
            return sys.stdin.read()
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise BadInputError(f"cannot read query file '{path}': {reason}") from None


def main() -> None:
    """Entry point of the ``sovkg`` console script."""
    cli.main(prog_name="sovkg")


if __name__ == "__main__":  # pragma: no cover
    main()
