"""`disclosure decide`: the decision point for scripts, recorded in the ledger like the API's."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from lineage.cli.options import db_option, err, service_for
from lineage.ledger.decisions import record_decision
from lineage.ledger.requests import Conflict
from models.validation import EntryRefused


@click.command("decide")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--recorded-by", default="cli", show_default=True, help="Who is recorded as deciding."
)
@db_option
def decide(path: Path, recorded_by: str, database_url: str | None) -> None:
    """Decide whether the proposed share in FILE.json may go ahead, and record the decision.

    Prints the answer as JSON: decision_id, outcome (PERMIT, REVIEW or DENY), every reason
    with its citation, the agreement version consulted and the receipt. Exits 1 and names
    each wrong field if the proposal is malformed; the exit status does not depend on the
    outcome.

    Example: disclosure decide proposed-share.json
    """
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as bad:
        raise click.ClickException(f"{path} is not JSON: {bad}") from None
    if not isinstance(payload, dict):
        raise click.ClickException(f"{path} must hold one JSON object")
    service = service_for(database_url)
    try:
        answer, _ = record_decision(service.ledger, payload, recorded_by)
    except EntryRefused as refused:
        for error in refused.errors:
            err.print(f"{error.field or '(proposal)'}: {error.message}", markup=False)
        sys.exit(1)
    except Conflict as conflict:
        raise click.ClickException(str(conflict)) from None
    click.echo(json.dumps(answer, indent=2))
