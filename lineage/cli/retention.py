"""Commands for the end of a subject's record: a legal hold, and erasure.

Erasure destroys the subject's sealing key and registry row and records an `erasure` entry
(no personal data); free text about that subject can no longer be read by anyone, and the
ledger still verifies. A legal hold, itself an entry, stops erasure until it is released.
"""

from __future__ import annotations

from typing import Any

import click

from lineage.cli.options import db_option, service_for
from lineage.cli.subject_argument import resolve_subject, subject_options
from lineage.ledger.store import Request
from lineage.service import Service
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
