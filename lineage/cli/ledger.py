"""The ledger's own commands: `init`, `import`, `checkpoint` and `serve` (`verify` is in
`lineage.cli.verify`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

from lineage.cli.options import db_option, err, initialised, service_for, settings_for
from lineage.cli.paths import shown
from lineage.ledger.ingest import Importer
from lineage.storage import guardrails
from lineage.storage.database import refresh_statistics


@click.command()
@click.option(
    "--app-role",
    help="PostgreSQL: create this login role with only SELECT and INSERT on the ledger tables.",
)
@db_option
def init(app_role: str | None, database_url: str | None) -> None:
    """Create the schema, the keys and the council's partner record (safe to repeat).

    Example: disclosure init --db sqlite:///ledger.db
    """
    if app_role is not None:
        try:
            guardrails.check_role_name(app_role)
        except ValueError as wrong:
            raise click.BadParameter(str(wrong), param_hint="--app-role") from None
    service = initialised(database_url)
    click.get_current_context().call_on_close(service.engine.dispose)
    size, root = service.ledger.head()
    click.echo(f"ledger ready at {service.settings.database_url} (size {size}, root {root.hex()})")
    click.echo(f"keys in {shown(service.settings.resolved_key_dir())}")
    if app_role:
        if service.engine.dialect.name != "postgresql":
            raise click.ClickException("--app-role is for PostgreSQL")
        with service.engine.begin() as conn:
            guardrails.grant_application_role(conn, app_role)
        click.echo(f"role {app_role} may only SELECT and INSERT on the ledger tables")


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--batch-size",
    default=2000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Lines stored per transaction.",
)
@click.option(
    "--all-or-nothing",
    is_flag=True,
    help="Store the file in one transaction, and nothing of it if any line is refused.",
)
@click.option(
    "--by",
    "recorded_by",
    default="import",
    show_default=True,
    help="Who is recorded as recording these entries.",
)
@db_option
def import_file(
    path: Path, batch_size: int, all_or_nothing: bool, recorded_by: str, database_url: str | None
) -> None:
    """Import disclosures from a JSONL or CSV file (UTF-8), streamed with a progress bar.

    A bad line (invalid JSON, bytes that are not UTF-8, a refused field, an entry id used
    for another body) is reported with its line number and field and stores nothing; the
    other lines go in. Re-running the same file adds nothing.

    \b
    Exit codes:
      0  every line stored (or already present)
      1  some lines refused (with --all-or-nothing: nothing stored)
      2  usage: a missing file, a bad option

    Example: disclosure import disclosures.jsonl
    """
    service = service_for(database_url)
    with _bar() as bar:
        task = bar.add_task("importing", total=path.stat().st_size)
        importer = Importer(
            service.ledger,
            recorded_by=recorded_by,
            batch_size=batch_size,
            advance=lambda n: bar.advance(task, n),
            all_or_nothing=all_or_nothing,
        )
        summary = importer.run(path)
    if not refresh_statistics(service.engine):
        err.print("note: the database was busy; its statistics will be refreshed next time")
    for error in summary.errors:
        err.print(
            f"line {error.line}: {error.field or '(line)'}: {error.message}",
            markup=False,
            soft_wrap=True,
        )
    click.echo(
        f"read {summary.read} lines: {len(summary.added)} added, "
        f"{len(summary.repeated)} already present, {len(summary.refused_lines)} refused"
    )
    if summary.added:
        click.echo(f"lines added: {summary.added}")
    if summary.stored_nothing:
        click.echo("nothing was stored (--all-or-nothing): fix the lines above and run again")
    if summary.errors:
        sys.exit(1)


def _bar() -> Progress:
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )


@click.command()
@db_option
def checkpoint(database_url: str | None) -> None:
    """Sign the current tree head, write it to the checkpoint folder and submit it to the
    witnesses (`DISCLOSURE_WITNESSES`); a witness that is down is reported, not waited for.

    Example: disclosure checkpoint
    """
    service = service_for(database_url)
    path = service.checkpoint()
    click.echo(f"checkpoint written: {shown(path)}")
    click.echo(path.read_text(encoding="utf-8"), nl=False)
    outcome = service.last_outcome
    if outcome is None:
        return
    for failure in outcome.failed:
        err.print(f"witness unavailable: {failure}", markup=False)
    status = service.witness_status()
    witnessing = service.witnessing
    click.echo(
        f"cosigned by {len(outcome.cosigned)} of {len(witnessing.witnesses)} witnesses "
        f"({witnessing.quorum} needed): {', '.join(outcome.cosigned) or 'none'}"
    )
    newest = "none" if status.witnessed is None else f"size {status.witnessed}"
    click.echo(f"newest witnessed checkpoint: {newest} ({status.behind} entries behind)")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@db_option
def serve(host: str, port: int, database_url: str | None) -> None:
    """Serve the HTTP API (with /health and /docs), initialising the database if needed.

    Example: disclosure serve --port 8000
    """
    import uvicorn

    from api.app import create_app
    from api.logs import log_config

    settings = settings_for(database_url)
    initialised(database_url).engine.dispose()
    # The app logs each request itself, without the query string (it may hold an NHS number).
    app = create_app(settings)
    logging = log_config(settings.log_format)  # DISCLOSURE_LOG_FORMAT=json: JSON lines
    uvicorn.run(app, host=host, port=port, log_config=logging, access_log=False)
