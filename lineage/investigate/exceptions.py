"""Entries flagged for the DPO's review, with the rule that flagged each.

An exception — the one definition every output counts (`flagged_count`): a disclosure or
onward disclosure (shared or refused) whose effective version is not voided and carries at
least one flag, counted once however many flags it has, as the ledger stands now. A
correction re-checks the entry, so a flag it cleared no longer counts, and a voided entry
counts none. Entries come oldest version first, a page at a time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, or_, select
from sqlmodel import col

from lineage.investigate import fetch
from lineage.investigate.fetch import version
from lineage.investigate.lineage_graph import ShareRow
from lineage.ledger.canonical import rfc3339
from lineage.ledger.effective import effective_filter
from lineage.storage.database import key_chunks
from models.period import Period
from models.tables import EntryFlag, EntryVersion
from models.vocabulary import EXCEPTION_KINDS

DEFAULT_LIMIT = 100


@dataclass(frozen=True)
class ExceptionQuery:
    """Entries flagged `kind` (any when None), occurring in `period`, sent or received by
    `partner` (any when None); a page of `limit` after the version at position `after`."""

    kind: str | None = None
    period: Period = field(default_factory=Period)
    partner: str | None = None
    after: int | None = None
    limit: int = DEFAULT_LIMIT


def flagged_filter(query: ExceptionQuery, of: Any = version) -> list[Any]:
    """WHERE clauses keeping the exceptions `query` asks for, over `of` (an alias of
    `entry_version` already limited to effective versions); `after` is not applied."""
    flagged = select(col(EntryFlag.seq))
    if query.kind is not None:
        flagged = flagged.where(col(EntryFlag.kind) == query.kind)
    clauses = [of.seq.in_(flagged), of.void.is_(False), query.period.clause(of.occurred_at)]
    if query.partner is not None:
        clauses.append(or_(of.sender == query.partner, of.recipient == query.partner))
    return clauses


def flagged_count(conn: Connection, query: ExceptionQuery | None = None) -> int:
    """How many exceptions (module docstring) match `query`, on every page together."""
    query = query or ExceptionQuery()
    counted = (
        select(func.count())
        .select_from(EntryVersion)
        .where(effective_filter(EntryVersion), *flagged_filter(query, EntryVersion))
    )
    return int(conn.execute(counted).scalar_one())


def flagged_entries(conn: Connection, query: ExceptionQuery | None = None) -> dict[str, Any]:
    """`{"exceptions": [...], "next": position to pass as `after` | None}`."""
    query = query or ExceptionQuery()
    select_ = fetch.effective_shares(None).where(*flagged_filter(query))
    if query.after is not None:
        select_ = select_.where(version.seq > query.after)
    page = list(conn.execute(select_.order_by(version.seq).limit(query.limit + 1)))
    rows = sorted(fetch.share_rows(page[: query.limit]), key=lambda r: r.version_seq)
    flags = flags_of(conn, [row.version_seq for row in rows])
    more = len(page) > query.limit
    return {
        "exceptions": [flagged_json(row, flags[row.version_seq]) for row in rows],
        "next": rows[-1].version_seq if more else None,
    }


def flags_of(conn: Connection, seqs: Iterable[int]) -> dict[int, list[tuple[str, str]]]:
    """(kind, detail) of the flags on each version, by kind."""
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for batch in key_chunks(sorted(set(seqs))):
        query = select(col(EntryFlag.seq), col(EntryFlag.kind), col(EntryFlag.detail)).where(
            col(EntryFlag.seq).in_(batch)
        )
        for seq, kind, detail in conn.execute(query):
            found[seq].append((kind, detail))
    return {seq: sorted(kinds) for seq, kinds in found.items()}


def flagged_json(row: ShareRow, flags: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """One flagged entry and its exceptions. Pure."""
    return {
        "entry_id": row.entry_id,
        "seq": row.version_seq,
        "entry_kind": row.kind,
        "occurred_at": rfc3339(row.occurred_at),
        "recorded_at": rfc3339(row.recorded_at),
        "sender": row.sender,
        "recipient": row.recipient,
        "subjects": list(row.subjects),
        "exceptions": [exception_json(kind, detail) for kind, detail in flags],
    }


def exception_json(kind: str, detail: str) -> dict[str, str]:
    """An exception with the rule that raised it: its kind, the kind's label, the detail."""
    known = EXCEPTION_KINDS.get(kind)
    return {"kind": kind, "label": known.label if known else kind, "detail": detail}
