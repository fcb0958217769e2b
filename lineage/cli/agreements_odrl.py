"""The agreement registry as ODRL 2.2 JSON-LD on the command line: export and import."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from lineage.cli.options import db_option, err, service_for
from lineage.registry.odrl import export_document, import_document
from lineage.storage.database import read_connection, write_transaction
from models.dates import utc_now
from models.validation import EntryRefused


@click.command("export")
@click.option("--format", "format_", type=click.Choice(["odrl"]), default="odrl", show_default=True)
@db_option
def export(format_: str, database_url: str | None) -> None:
    """Print every agreement's current version as ODRL 2.2 JSON-LD (odrl:Agreement).

    Example: disclosure agreements export --format odrl > agreements.jsonld
    """
    service = service_for(database_url)
    with read_connection(service.engine) as conn:
        click.echo(json.dumps(export_document(conn), indent=2))


def import_odrl(path: Path, database_url: str | None) -> None:
    """Import an ODRL JSON-LD document (`export`'s shape): all of it, or nothing."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as bad:
        raise click.ClickException(f"{path} is not JSON: {bad}") from None
    service = service_for(database_url)
    try:
        with write_transaction(service.engine) as conn:
            stored = import_document(conn, doc, by="cli", at=utc_now())
    except EntryRefused as refused:
        for error in refused.errors:
            err.print(f"{error.field}: {error.message}", markup=False)
        sys.exit(1)
    for agreement_id, put in stored:
        state = "added" if put.created else "unchanged"
        click.echo(f"agreement {agreement_id} version {put.version} {state}")
