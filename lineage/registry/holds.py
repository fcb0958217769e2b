"""Legal holds as the ledger records them, and the registry's flag checked against them.

Placing and releasing a hold are `legal_hold` entries (UK GDPR Art 17(3)(e)), so the board
and a tribunal can see them; the `subject.legal_hold` flag is a cache the append path keeps
in step. `verify` reports any subject whose flag disagrees with its latest hold entry.
"""

from __future__ import annotations

from sqlalchemy import Connection, select
from sqlmodel import col

from models.tables import EntryLink, Subject

HOLD_RELATIONS = ("hold_placed", "hold_released")


def held_by_ledger(conn: Connection) -> set[str]:
    """The subjects whose latest hold entry placed a hold."""
    query = (
        select(col(EntryLink.token), col(EntryLink.relation))
        .where(col(EntryLink.relation).in_(HOLD_RELATIONS))
        .order_by(col(EntryLink.seq))
    )
    latest: dict[str, str] = {}
    for token, relation in conn.execute(query):
        latest[str(token)] = str(relation)
    return {token for token, relation in latest.items() if relation == "hold_placed"}


def flagged(conn: Connection) -> set[str]:
    """The subjects the registry marks as held."""
    query = select(col(Subject.token)).where(col(Subject.legal_hold).is_(True))
    return {str(token) for token in conn.execute(query).scalars()}


def hold_problems(conn: Connection) -> list[str]:
    """Each subject whose registry flag disagrees with the ledger's hold entries."""
    ledger, registry = held_by_ledger(conn), flagged(conn)
    return [
        f"{token} is flagged as held but no hold entry holds it"
        for token in sorted(registry - ledger)
    ] + [
        f"{token} is held by the ledger but not flagged in the registry"
        for token in sorted(ledger - registry)
        if _registered(conn, token)
    ]


def _registered(conn: Connection, token: str) -> bool:
    query = select(col(Subject.token)).where(col(Subject.token) == token)
    return conn.execute(query).first() is not None
