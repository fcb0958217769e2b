"""Commands for the end of a subject's record: a legal hold, and erasure.

Erasure destroys the subject's sealing key and registry row and records an `erasure` entry
(no personal data); free text sealed to that subject can no longer be read, and the ledger
still verifies. A legal hold stops erasure until it is released.
"""

from __future__ import annotations

import click

from lineage.cli.options import db_option, service_for
from lineage.cli.subject_argument import resolve_subject, subject_options
from lineage.ledger.store import Request
from lineage.registry.subjects import SubjectRegistry
from lineage.storage.database import write_transaction
from models.validation import EntryRefused
from models.vocabulary import ERASURE_GROUNDS


@click.command("legal-hold")
@subject_options
@click.option("--release", is_flag=True, help="Lift the hold instead of placing it.")
@db_option
def legal_hold(
    subject: str | None,
    local_id: str | None,
    nhs_number: str | None,
    upn: str | None,
    release: bool,
    database_url: str | None,
) -> None:
    """Place (or, with --release, lift) a legal hold: a held subject cannot be erased.

    Example: disclosure legal-hold --local-id LL-100234
    """
    service = service_for(database_url)
    identifiers = {"local_id": local_id, "nhs_number": nhs_number, "upn": upn}
    token = resolve_subject(service, subject, identifiers)
    with write_transaction(service.engine) as conn:
        SubjectRegistry(conn, service.keys).set_legal_hold(token, not release)
    click.echo(f"legal hold {'released' if release else 'placed'} on {token}")


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
    try:
        request = Request.validated("erasure", {"subject": token, "ground": ground})
        [appended] = service.ledger.append([[request]], recorded_by=recorded_by)[0].get()
    except EntryRefused as refused:
        raise click.ClickException("; ".join(e.message for e in refused.errors)) from None
    click.echo(f"erased {token}: recorded at seq {appended.receipt.seq}")
