"""`disclosure subjects`: the explicit, recorded ways to say who a record is.

`merge` joins two (or more) records of one child; `set-identifier` adds, corrects or
retires an NHS number, UPN or family id. Each is a `registry` ledger entry with who made
the change (`--by`) and why (`--reason`, sealed); `verify` re-derives the registry from them.
"""

from __future__ import annotations

from typing import Any

import click
from sqlalchemy import Connection

from lineage.cli.options import db_option, service_for
from lineage.ledger.requests import NotFound
from lineage.registry.identity import AmbiguousIdentifier
from lineage.registry.subject_changes import record_change
from lineage.registry.subjects import SubjectRegistry
from lineage.service import Service
from models.errors import EntryRefused

reason_option = click.option(
    "--reason", required=True, help="Why: recorded (sealed) in the ledger with the change."
)
by_option = click.option(
    "--by", "recorded_by", default="cli", show_default=True, help="Who is making the change."
)


@click.group()
def subjects() -> None:
    """Join records of one child, or correct an identifier: recorded in the ledger.

    Example: disclosure subjects merge --into LL-100234 --from LL-200871 --reason "same child"
    """


def _token(conn: Connection, service: Service, name: str) -> str:
    """A token as given (`sub_…`), or the token of the subject with that local id."""
    registry = SubjectRegistry(conn, service.keys)
    if name.startswith("sub_"):
        if not registry.exists(name):
            raise click.ClickException(f"no subject {name}")
        return name
    try:
        token = registry.lookup("local_id", name)
    except AmbiguousIdentifier as ambiguous:
        raise click.ClickException(str(ambiguous)) from None
    if token is None:
        raise click.ClickException(f"no subject with local id {name}")
    return token


def _record(service: Service, change: dict[str, Any], by: str) -> int:
    try:
        return record_change(service.ledger, change, by=by).receipt.seq
    except (EntryRefused, NotFound) as refused:
        raise click.ClickException(str(refused)) from None


@subjects.command("merge")
@click.option("--into", "into", required=True, help="The surviving record: token or local id.")
@click.option(
    "--from", "merged", required=True, multiple=True, help="A record to merge (repeatable)."
)
@reason_option
@by_option
@db_option
def merge(
    into: str, merged: tuple[str, ...], reason: str, recorded_by: str, database_url: str | None
) -> None:
    """Join records of one child: each --from record leads to the --into one from now on,
    and the child's lineage, notify list and access report show every record's shares.

    Example: disclosure subjects merge --into LL-100234 --from LL-200871 --reason "same child"
    """
    service = service_for(database_url)
    with service.engine.connect() as conn:
        survivor = _token(conn, service, into)
        others = [_token(conn, service, name) for name in merged]
    change = {"action": "subject.merge", "into": survivor, "merged": others, "reason": reason}
    seq = _record(service, change, recorded_by)
    click.echo(f"merged {', '.join(others)} into {survivor}: recorded at seq {seq}")


@subjects.command("set-identifier")
@click.argument("subject")
@click.option(
    "--field",
    "kind",
    required=True,
    type=click.Choice(["nhs_number", "upn", "family_id"]),
    help="Which identifier.",
)
@click.option("--value", help="The new value; leave out to retire the identifier.")
@reason_option
@by_option
@db_option
def set_identifier(
    subject: str,
    kind: str,
    value: str | None,
    reason: str,
    recorded_by: str,
    database_url: str | None,
) -> None:
    """Add, correct or (without --value) retire a subject's NHS number, UPN or family id.

    SUBJECT is a token or a local id. Refused if another subject holds that NHS number or
    UPN: if they are one child, merge them.

    Example: disclosure subjects set-identifier LL-100234 --field nhs_number --value 9434765919 --reason "GP confirmed"
    """  # noqa: E501
    service = service_for(database_url)
    with service.engine.connect() as conn:
        token = _token(conn, service, subject)
    change = {
        "action": "subject.set_identifier",
        "subject": token,
        "field": kind,
        "value": value,
        "reason": reason,
    }
    seq = _record(service, change, recorded_by)
    state = "retired" if value is None else "set"
    click.echo(f"{kind} {state} for {token}: recorded at seq {seq}")
