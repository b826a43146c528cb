"""The ``sovkg serve`` and ``sovkg push`` commands: the graph over HTTP, in and out.

Thin commands over :mod:`sovkg.serve` (a read-only SPARQL endpoint with a web page) and
:mod:`sovkg.remote` (upload through the SPARQL 1.1 Graph Store Protocol).
"""

from __future__ import annotations

from pathlib import Path

import click

from sovkg.cli import Settings, data_option, pass_settings, timeout_option
from sovkg.errors import BadInputError, DataError

_UPLOAD_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".rdf": "application/rdf+xml",
    ".owl": "application/rdf+xml",
    ".xml": "application/rdf+xml",
    ".jsonld": "application/ld+json",
}


@click.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback exposes the graph to others.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="TCP port; 0 picks a free one (the first line printed gives the URL).",
)
@data_option("Serve")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop a query that runs longer (the client gets 503).",
)
@click.option(
    "--row-limit",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    metavar="ROWS",
    help="Cut answers after this many rows (X-Sovkg-Truncated: true).",
)
@click.option(
    "--max-body",
    type=click.IntRange(min=1024),
    default=64 * 1024,
    show_default=True,
    metavar="BYTES",
    help="Refuse larger request bodies (413).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Queries that run at once, each in its own process [default: cores, 1-4].",
)
@click.option("--quiet", is_flag=True, help="Do not log each request on stderr.")
@pass_settings
def serve(
    settings: Settings,
    host: str,
    port: int,
    data_dir: Path | None,
    time_limit: float,
    row_limit: int,
    max_body: int,
    workers: int | None,
    quiet: bool,
) -> None:
    """Serve the graph read-only: SPARQL endpoint, named queries and a web page.

    The SPARQL 1.1 Protocol is at /sparql (GET ?query=, or POST), the named queries at
    /queries/NAME?param=value, and a page to pick and run them at /. Updates, LOAD, SERVICE
    and FROM are refused with 400.

    \b
    Examples:
      sovkg serve
      sovkg serve --port 8080 --time-limit 5
      curl -H 'Accept: text/csv' 'http://127.0.0.1:8000/queries/members-at?date=1926-01-01'
    """
    from sovkg.serve import ServerConfig, is_loopback
    from sovkg.serve import serve as run_server

    settings.registry()  # an empty --queries folder is refused, as by 'list' and 'query'
    if not is_loopback(host):
        click.echo(
            f"sovkg: warning: listening on {host}: anyone who can reach this machine "
            "can query the graph",
            err=True,
        )
    config = ServerConfig(
        host=host,
        port=port,
        data_dir=data_dir if data_dir is not None else settings.data_dir,
        queries_dir=settings.queries_dir,
        time_limit=time_limit,
        row_limit=row_limit,
        max_body=max_body,
        workers=workers or 0,
        quiet=quiet,
    )
    try:
        run_server(config, announce=lambda line: click.echo(line))
    except OSError as exc:
        raise BadInputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


@click.command("push")
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="The Graph Store endpoint, e.g. http://localhost:7878/store (Oxigraph).",
)
@click.option(
    "--graph",
    metavar="IRI",
    default=None,
    help="Replace this named graph instead of the default graph.",
)
@click.option(
    "--file",
    "rdf_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Upload this file (.ttl, .nt, .rdf, .owl, .jsonld) instead of the merged graph.",
)
@timeout_option("the store")
@pass_settings
def push(
    settings: Settings, endpoint: str, graph: str | None, rdf_file: Path | None, timeout: float
) -> None:
    """Upload the graph (ontology and data, merged) to a triple store.

    Uses the SPARQL 1.1 Graph Store HTTP Protocol: PUT to URL?default (or URL?graph=IRI),
    replacing what that graph held. Named queries read the default graph, so push there and
    then run `sovkg query NAME --endpoint QUERY-URL`.

    \b
    Graph Store and query URLs:
      Oxigraph  http://HOST:7878/store              http://HOST:7878/query
      Fuseki    http://HOST:3030/DS/data            http://HOST:3030/DS/sparql
      GraphDB   http://HOST:7200/repositories/ID/rdf-graphs/service
                                                    http://HOST:7200/repositories/ID

    \b
    Examples:
      sovkg push --endpoint http://localhost:7878/store
      sovkg query succession --endpoint http://localhost:7878/query
    """
    from sovkg.remote import merged_turtle
    from sovkg.remote import push as upload

    if rdf_file is None:
        data, triples = merged_turtle(settings.data_dir)
        content_type, what = "text/turtle", f"{triples} triples"
    else:
        content_type = _UPLOAD_TYPES.get(rdf_file.suffix.lower(), "")
        if not content_type:
            raise BadInputError(
                f"cannot upload '{rdf_file}': expected one of "
                f"{', '.join(sorted(_UPLOAD_TYPES))} (a graph, not a dataset)"
            )
        try:
            data = rdf_file.read_bytes()
        except OSError as exc:
            raise DataError(f"cannot read '{rdf_file}': {exc.strerror or exc}") from None
        what = f"'{rdf_file.name}'"
    status = upload(endpoint, data, graph=graph, content_type=content_type, timeout=timeout)
    target = f"graph <{graph}>" if graph else "the default graph"
    click.echo(f"pushed {what} ({len(data)} bytes) to {target} of {endpoint} (HTTP {status})")
