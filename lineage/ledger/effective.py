"""The effective state of disclosures after corrections — the one place that decides it.

Every disclosure has one or more versions in `entry_version`: the original entry and each
correction's effective state. The effective version is the latest one (highest `seq`) for its
`target_seq`; with `as_of`, the latest one recorded by then. Voided disclosures keep a
version with `void = true`, so history is never lost.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, and_, exists, select
from sqlalchemy.orm import aliased
from sqlmodel import col

from lineage.ledger.canonical import parse_body
from models.tables import EntryFlag, EntryVersion, LedgerEntry


def effective_filter(version: Any = EntryVersion, *, as_of: datetime | None = None) -> Any:
    """A WHERE clause keeping only effective versions of `version` (an alias of entry_version)."""
    later = aliased(EntryVersion)
    newer = [later.target_seq == version.target_seq, later.seq > version.seq]
    if as_of is not None:
        newer.append(later.recorded_at <= as_of)
    clause = ~exists().where(and_(*newer))
    if as_of is not None:
        clause = and_(clause, version.recorded_at <= as_of)
    return clause


def versions_of(entry_id: str) -> Any:
    """A WHERE clause keeping the versions of the disclosure `entry_id`. They are found by
    the position of its original entry: `ledger_entry.entry_id` is unique and indexed, and
    `entry_version` is indexed by `target_seq`, not by `entry_id`, so filtering on its own
    `entry_id` column scanned the whole table."""
    original = select(col(LedgerEntry.seq)).where(col(LedgerEntry.entry_id) == entry_id)
    return col(EntryVersion.target_seq) == original.scalar_subquery()


def effective_versions(*, as_of: datetime | None = None, include_void: bool = False) -> Select[Any]:
    """SELECT of effective `entry_version` rows (voided ones left out unless asked)."""
    query = select(EntryVersion).where(effective_filter(as_of=as_of))
    if not include_void:
        query = query.where(col(EntryVersion.void).is_(False))
    return query


def history(conn: Connection, entry_id: str) -> list[dict[str, Any]]:
    """Every version of a disclosure, oldest first, each with the body that made it."""
    rows = conn.execute(
        select(col(EntryVersion.seq), col(LedgerEntry.body))
        .join(LedgerEntry, col(LedgerEntry.seq) == col(EntryVersion.seq))
        .where(versions_of(entry_id))
        .order_by(col(EntryVersion.seq))
    ).all()
    return [{"seq": seq, "body": parse_body(bytes(body))} for seq, body in rows]


def exceptions_of(conn: Connection, seq: int) -> list[dict[str, str]]:
    rows = conn.execute(
        select(col(EntryFlag.kind), col(EntryFlag.detail))
        .where(col(EntryFlag.seq) == seq)
        .order_by(col(EntryFlag.kind))
    ).all()
    return [{"kind": k, "detail": d} for k, d in rows]
