"""Commands for the end of a subject's record: a legal hold, and erasure.

Erasure destroys the subject's sealing key and registry row and records an `erasure` entry
(no personal data); free text about that subject can no longer be read by anyone, and the
ledger still verifies. A legal hold, itself an entry, stops erasure until it is released.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import click

from lineage.cli.options import db_option, service_for
from lineage.cli.read_log import record_cli_read
from lineage.cli.subject_argument import resolve_subject, subject_options
from lineage.ledger.retention import retention_report, run_retention, schedule_from
from lineage.ledger.store import Request
from lineage.service import Service
from models.retention import RetentionClass
from models.validation import EntryRefused
from models.vocabulary import ERASURE_GROUNDS, HOLD_GROUNDS


@click.command("legal-hold")
@subject_options
@click.option("--release", is_flag=True, help="Lift the hold instead of placing it.")
@click.option(
    "--ground",
    type=click.Choice(sorted(HOLD_GROUNDS)),
    default="legal_claims",
    show_default=True,
    help="Why the subject is held (or the hold released).",
)
@click.option("--note", help="Free text about the hold; sealed to the subject.")
@click.option("--by", "recorded_by", default="cli", show_default=True)
@db_option
def legal_hold(
    subject: str | None,
    local_id: str | None,
    nhs_number: str | None,
    upn: str | None,
    release: bool,
    ground: str,
    note: str | None,
    recorded_by: str,
    database_url: str | None,
) -> None:
    """Place (or, with --release, lift) a legal hold: a held subject cannot be erased.

    The hold is an entry in the ledger, so the board and a tribunal can see it.

    Example: disclosure legal-hold --local-id LL-100234 --ground litigation
    """
    service = service_for(database_url)
    identifiers = {"local_id": local_id, "nhs_number": nhs_number, "upn": upn}
    token = resolve_subject(service, subject, identifiers)
    action = "release" if release else "place"
    payload = {"subject": token, "action": action, "ground": ground, "note": note}
    seq = _append(service, "legal_hold", payload, recorded_by)
    click.echo(
        f"legal hold {'released' if release else 'placed'} on {token}: recorded at seq {seq}"
    )


def _append(service: Service, kind: str, payload: dict[str, Any], recorded_by: str) -> int:
    """Append one entry through the ledger; a refusal is the command's error message."""
    try:
        request = Request.validated(kind, payload)
        [appended] = service.ledger.append([[request]], recorded_by=recorded_by)[0].get()
    except EntryRefused as refused:
        raise click.ClickException("; ".join(e.message for e in refused.errors)) from None
    return appended.receipt.seq


@click.command()
@subject_options
@click.option("--ground", required=True, type=click.Choice(sorted(ERASURE_GROUNDS)))
@click.option("--by", "recorded_by", default="cli", show_default=True)
@db_option
def erase(
    subject: str | None,
    local_id: str | None,
    nhs_number: str | None,
    upn: str | None,
    ground: str,
    recorded_by: str,
    database_url: str | None,
) -> None:
    """Destroy a subject's keys and registry row, and record the erasure in the ledger.

    Example: disclosure erase --local-id LL-100234 --ground retention_ended
    """
    service = service_for(database_url)
    identifiers = {"local_id": local_id, "nhs_number": nhs_number, "upn": upn}
    token = resolve_subject(service, subject, identifiers)
    seq = _append(service, "erasure", {"subject": token, "ground": ground}, recorded_by)
    click.echo(f"erased {token}: recorded at seq {seq}")


@click.group("retention")
def retention() -> None:
    """Retention that runs itself: erase every subject whose period has ended, and report.

    The periods are the council's schedule (DISCLOSURE_RETENTION_SCHEDULE); a held subject
    is never erased. The server runs `retention run` daily.

    Example: disclosure retention run --dry-run
    """


@retention.command("run")
@click.option("--as-of", "as_of", help="Decide as if today were DATE (YYYY-MM-DD).")
@click.option("--dry-run", is_flag=True, help="List who would be erased; erase no one.")
@db_option
def retention_run(as_of: str | None, dry_run: bool, database_url: str | None) -> None:
    """Erase every subject whose retention period has ended and who is not on hold, recording
    each erasure (ground retention_ended) in the ledger.

    Example: disclosure retention run --as-of 2060-01-01 --dry-run
    """
    service = service_for(database_url)
    schedule = _schedule(service)
    run = run_retention(service.ledger, schedule, as_of=_day(as_of), dry_run=dry_run)
    verb = "would erase" if dry_run else "erased"
    click.echo(f"retention as of {run.as_of}: {verb} {len(run.erased)}, held {len(run.held)}")
    for due in run.erased:
        click.echo(f"  {verb} {due.token} (retention ended {due.ends})")
    for due in run.held:
        click.echo(f"  kept {due.token} (retention ended {due.ends}; on legal hold)")


@retention.command("report")
@click.option("--as-of", "as_of", help="Report as if today were DATE (YYYY-MM-DD).")
@click.option("--within", default=365, show_default=True, help="Days ahead to look.")
@db_option
def retention_report_command(as_of: str | None, within: int, database_url: str | None) -> None:
    """What was erased, what is due, what is held, and what falls due next, as JSON.

    Example: disclosure retention report --within 90
    """
    service = service_for(database_url)
    with service.engine.connect() as conn:
        report = retention_report(conn, _schedule(service), as_of=_day(as_of), within_days=within)
    named = [d["subject"] for d in report["due"] + report["next"]] + list(report["held"])
    record_cli_read(service, "retention report", named, {"as_of": report["as_of"]})
    click.echo(json.dumps(report, indent=2))


def _schedule(service: Service) -> dict[str, RetentionClass]:
    try:
        return schedule_from(service.settings)
    except (OSError, ValueError) as wrong:
        raise click.ClickException(f"the retention schedule: {wrong}") from None


def _day(text: str | None) -> date:
    if text is None:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        wrong = f"{text!r} is not a date (YYYY-MM-DD)"
        raise click.BadParameter(wrong, param_hint="--as-of") from None
