"""The `disclosure` command line. Every command's help ends with an example."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

from lineage import apikeys, guardrails, registries
from lineage.database import refresh_statistics, write_transaction
from lineage.ingest import Importer, records
from lineage.keys import KeysMissing
from lineage.paths import shown
from lineage.service import Service, initialise, open_service
from lineage.settings import Settings
from models.validation import EntryRefused, validate_agreement, validate_partner

F = TypeVar("F", bound=Callable[..., Any])
err = Console(stderr=True)


def db_option(command: F) -> F:
    """`--db URL` on every command; otherwise `DISCLOSURE_DATABASE_URL` or the default."""
    return click.option(
        "--db",
        "database_url",
        envvar="DISCLOSURE_DATABASE_URL",
        help="Database URL (default: sqlite:///disclosure.db).",
    )(command)


def settings_for(database_url: str | None) -> Settings:
    return Settings(database_url=database_url) if database_url else Settings()


def service_for(database_url: str | None) -> Service:
    """The ledger a command works on; its connections close when the command ends."""
    try:
        service = open_service(settings_for(database_url))
    except KeysMissing as missing:
        raise click.ClickException(str(missing)) from None
    click.get_current_context().call_on_close(service.engine.dispose)
    return service


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Disclosure Ledger: a tamper-evident record of every share of a child's or family's
    personal data, and the lineage, reports and proofs drawn from it.

    Example: disclosure init && disclosure serve
    """


@main.command()
@click.option(
    "--app-role",
    help="PostgreSQL: create this login role with only SELECT and INSERT on the ledger tables.",
)
@db_option
def init(app_role: str | None, database_url: str | None) -> None:
    """Create the schema, the keys and the council's partner record (safe to repeat).

    Example: disclosure init --db sqlite:///ledger.db
    """
    service = initialise(settings_for(database_url))
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


@main.group()
def keys() -> None:
    """API keys for the HTTP API.

    Example: disclosure keys create --role investigator --name "DPO"
    """


@keys.command("create")
@click.option("--role", required=True, type=click.Choice(apikeys.ROLES))
@click.option("--name", required=True, help="Who or what holds the key.")
@db_option
def keys_create(role: str, name: str, database_url: str | None) -> None:
    """Print a new API key once; only its hash is stored.

    Example: disclosure keys create --role recorder --name "Case system"
    """
    service = service_for(database_url)
    key = apikeys.create(service.engine, role=role, name=name)
    click.echo(key)


@keys.command("revoke")
@click.argument("key_id", type=int)
@db_option
def keys_revoke(key_id: int, database_url: str | None) -> None:
    """Revoke an API key by its id (see `keys list`).

    A running server refuses it within DISCLOSURE_API_KEY_CACHE_SECONDS (1 by default), the
    time it keeps a key it has found valid.

    Example: disclosure keys revoke 3
    """
    if not apikeys.revoke(service_for(database_url).engine, key_id):
        raise click.ClickException(f"no active key {key_id}")
    click.echo(f"key {key_id} revoked")


@keys.command("list")
@db_option
def keys_list(database_url: str | None) -> None:
    """List API keys (ids, names, roles, whether revoked) — never the keys themselves.

    Example: disclosure keys list
    """
    for row in apikeys.list_keys(service_for(database_url).engine):
        state = "revoked" if row["revoked_at"] else "active"
        click.echo(f"{row['id']}\t{row['role']}\t{row['name']}\t{state}")


def _put_registry(service: Service, kind: str, payload: dict[str, Any]) -> str:
    validate, put = {
        "partner": (validate_partner, registries.put_partner),
        "agreement": (validate_agreement, registries.put_agreement),
    }[kind]
    record = validate(payload).model_dump(mode="json")
    with write_transaction(service.engine) as conn:
        stored = put(conn, record, by="cli", at=datetime.now(UTC))
    key = record.get("code") or record.get("id")
    state = "added" if stored.created else "unchanged"
    return f"{kind} {key} version {stored.version} {state}"


def _registry_group(kind: str, example: str) -> click.Group:
    @click.group(name=f"{kind}s", help=f"The {kind} registry (versioned).\n\nExample: {example}")
    def group() -> None:
        pass

    @group.command(
        "add", help=f"Add a {kind} (or a new version) from a JSON object.\n\nExample: {example}"
    )
    @click.argument("json_text")
    @db_option
    def add(json_text: str, database_url: str | None) -> None:
        service = service_for(database_url)
        try:
            click.echo(_put_registry(service, kind, json.loads(json_text)))
        except EntryRefused as refused:
            raise click.ClickException(_errors_text(refused)) from None

    @group.command(
        "import",
        help=f"Import {kind}s from a JSONL or CSV file; a bad line is "
        f"reported and stores nothing.\n\nExample: disclosure {kind}s import "
        f"{kind}s.jsonl",
    )
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @db_option
    def import_(path: Path, database_url: str | None) -> None:
        service = service_for(database_url)
        failed = 0
        with path.open(encoding="utf-8", newline="") as handle:
            for number, record in records(path, handle):
                try:
                    if not isinstance(record, dict):
                        raise click.ClickException(record.message)
                    click.echo(f"line {number}: " + _put_registry(service, kind, record))
                except (EntryRefused, click.ClickException) as error:
                    failed += 1
                    text = _errors_text(error) if isinstance(error, EntryRefused) else str(error)
                    err.print(f"line {number}: {text}", markup=False)
        if failed:
            sys.exit(1)

    @group.command(
        "list", help=f"List current {kind}s as JSON lines.\n\nExample: disclosure {kind}s list"
    )
    @db_option
    def list_(database_url: str | None) -> None:
        service = service_for(database_url)
        lister = registries.list_partners if kind == "partner" else registries.list_agreements
        with service.engine.connect() as conn:
            for record in lister(conn):
                click.echo(json.dumps(record, sort_keys=True))

    return group


def _errors_text(refused: EntryRefused) -> str:
    return "; ".join(f"{e.field}: {e.message}" for e in refused.errors)


main.add_command(
    _registry_group(
        "partner",
        """disclosure partners add '{"code": "beds-police", "name": "Bedfordshire """
        """Police", "type": "police", "role": "controller", "country": "GB"}'""",
    )
)
main.add_command(_registry_group("agreement", 'disclosure agreements add "$(cat isa-police.json)"'))


@main.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--batch-size", default=2000, show_default=True)
@click.option(
    "--by",
    "recorded_by",
    default="import",
    show_default=True,
    help="Who is recorded as recording these entries.",
)
@db_option
def import_file(path: Path, batch_size: int, recorded_by: str, database_url: str | None) -> None:
    """Import disclosures from a JSONL or CSV file, streamed with a progress bar.

    A bad line is reported with its line number and field and stores nothing; the other
    lines go in. Re-running the same file adds nothing. Exits 1 if any line was refused.

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
        )
        summary = importer.run(path)
    refresh_statistics(service.engine)
    for error in summary.errors:
        err.print(f"line {error.line}: {error.field or '(line)'}: {error.message}", markup=False)
    click.echo(
        f"read {summary.read} lines: {len(summary.added)} added, "
        f"{len(summary.repeated)} already present, {len(summary.refused_lines)} refused"
    )
    if summary.added:
        click.echo(f"lines added: {summary.added}")
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


@main.command()
@db_option
def verify(database_url: str | None) -> None:
    """Recompute every leaf, subtree, projection and the root; check every checkpoint.

    Exits 1 naming the first position that disagrees.

    Example: disclosure verify
    """
    service = service_for(database_url)
    size, _ = service.ledger.head()
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        "{task.completed}/{task.total}",
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("verifying", total=size)
        report = service.verify(progress=lambda n: bar.advance(task, n))
    click.echo(
        f"entries: {report.tree_size}  root: {report.root.hex()}  "
        f"checkpoints checked: {report.checkpoints_checked}"
    )
    if report.ok:
        click.echo("verified: every entry, subtree, projection and checkpoint agrees")
        return
    click.echo(f"FAILED: first position that disagrees: {report.first_bad_seq}")
    for problem in report.problems[:20]:
        click.echo(f"  {problem}")
    sys.exit(1)


@main.command()
@db_option
def checkpoint(database_url: str | None) -> None:
    """Sign the current tree head and write it to the checkpoint folder.

    Example: disclosure checkpoint
    """
    path = service_for(database_url).checkpoint()
    click.echo(f"checkpoint written: {shown(path)}")
    click.echo(path.read_text(encoding="utf-8"), nl=False)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@db_option
def serve(host: str, port: int, database_url: str | None) -> None:
    """Serve the HTTP API (with /health and /docs), initialising the database if needed.

    Example: disclosure serve --port 8000
    """
    import uvicorn

    from api.app import create_app
    from api.logs import LOG_CONFIG

    settings = settings_for(database_url)
    initialise(settings)
    # The app logs each request itself, without the query string (it may hold an NHS number).
    app = create_app(settings)
    uvicorn.run(app, host=host, port=port, log_config=LOG_CONFIG, access_log=False)


import lineage.cli_demo  # noqa: E402, F401  (registers demo)
import lineage.cli_investigate  # noqa: E402, F401  (registers lineage, notify-list, exposure)
import lineage.cli_reports  # noqa: E402, F401  (registers access-report, board-report)
import lineage.cli_retention  # noqa: E402, F401  (registers legal-hold, erase)
