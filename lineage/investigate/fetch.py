"""SQL for a subject's lineage: only the rows that concern the subject, never the ledger.

The subject's effective versions come from `version_subject` (indexed by token); onward
entries are then followed hop by hop through `derived_from_seq` (indexed), a frontier of
entry positions at a time, in bounded chunks — so an onward entry that names other
subjects, or none of the ones asked about, is still caught. Every position is visited
once, so a chain that returns to an organisation (A → B → A) ends.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, Select, func, select
from sqlalchemy.orm import aliased
from sqlmodel import col

from lineage.effective import effective_filter
from lineage.investigate.lineage_graph import Partner, ShareRow
from lineage.investigate.period import utc
from models.tables import EntryVersion, PartnerVersion, VersionCategory, VersionSubject

CHUNK = 500
"""Most values bound into one IN list: keeps every query within driver limits."""

VERSION_COLUMNS = (
    "seq",
    "target_seq",
    "entry_id",
    "kind",
    "recorded_at",
    "occurred_at",
    "sender",
    "recipient",
    "purpose",
    "lawful_basis",
    "decision",
    "cross_border",
    "destination_country",
    "transfer_mechanism",
    "void",
)
"""The `entry_version` columns a share needs, selected by name (rows are read by name)."""

T = TypeVar("T")
version: Any = aliased(EntryVersion, name="version")
original: Any = aliased(EntryVersion, name="original")
parent: Any = aliased(EntryVersion, name="parent")


def chunked(values: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    batch: list[T] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def effective_shares(as_of: datetime | None) -> Select[Any]:
    """Effective versions (voided ones included) with the entry they derive from.

    The parent is read from the original version: a correction cannot change it, and
    reading it there does not depend on each correction restating it.
    """
    return (
        select(*(getattr(version, name) for name in VERSION_COLUMNS))
        .add_columns(
            original.derived_from_seq.label("derived_from_seq"),
            parent.entry_id.label("parent_entry_id"),
        )
        .join(original, original.seq == version.target_seq)
        .outerjoin(parent, parent.seq == original.derived_from_seq)
        .where(effective_filter(version, as_of=None if as_of is None else utc(as_of)))
    )


def subject_shares(
    conn: Connection, tokens: Sequence[str], *, as_of: datetime | None
) -> list[ShareRow]:
    """Every effective share carrying any of `tokens`, and every onward share derived from
    one of them, transitively — as the ledger stood `as_of` (now when None)."""
    found: dict[int, Any] = {}
    for batch in chunked(sorted(set(tokens))):
        query = effective_shares(as_of).join(
            VersionSubject, col(VersionSubject.version_seq) == version.seq
        )
        query = query.where(col(VersionSubject.token).in_(batch))
        found.update((row.target_seq, row) for row in conn.execute(query))
    frontier = set(found)
    while frontier:
        frontier = _onward_of(conn, frontier, found, as_of)
    return share_rows(conn, list(found.values()))


def _onward_of(
    conn: Connection, frontier: set[int], found: dict[int, Any], as_of: datetime | None
) -> set[int]:
    """One hop: onward shares derived from the frontier not seen yet; returns the new ones."""
    new: set[int] = set()
    for batch in chunked(sorted(frontier)):
        query = effective_shares(as_of).where(original.derived_from_seq.in_(batch))
        for row in conn.execute(query):
            if row.target_seq not in found:
                found[row.target_seq] = row
                new.add(row.target_seq)
    return new


def share_rows(conn: Connection, rows: Sequence[Any]) -> list[ShareRow]:
    """`effective_shares` rows completed with their categories and subjects."""
    seqs = [row.seq for row in rows]
    categories = _members(conn, VersionCategory, VersionCategory.category, seqs)
    subjects = _members(conn, VersionSubject, VersionSubject.token, seqs)
    return sorted(
        (_share(row, categories[row.seq], subjects[row.seq]) for row in rows),
        key=lambda share: share.seq,
    )


def _members(
    conn: Connection, table: Any, column: Any, seqs: Sequence[int]
) -> dict[int, tuple[str, ...]]:
    """Each version's categories or subject tokens, sorted."""
    members: dict[int, list[str]] = defaultdict(list)
    for batch in chunked(seqs):
        query = select(table.version_seq, column).where(table.version_seq.in_(batch))
        for seq, value in conn.execute(query):
            members[seq].append(value)
    return defaultdict(tuple, {seq: tuple(sorted(values)) for seq, values in members.items()})


def _share(row: Any, categories: tuple[str, ...], subjects: tuple[str, ...]) -> ShareRow:
    v = row
    return ShareRow(
        entry_id=v.entry_id,
        seq=v.target_seq,
        version_seq=v.seq,
        kind=v.kind,
        sender=v.sender,
        recipient=v.recipient,
        occurred_at=utc(v.occurred_at),
        recorded_at=utc(v.recorded_at),
        categories=categories,
        purpose=v.purpose,
        lawful_basis=v.lawful_basis,
        cross_border=bool(v.cross_border),
        destination_country=v.destination_country,
        transfer_mechanism=v.transfer_mechanism,
        derived_from=row.parent_entry_id,
        derived_from_seq=v.derived_from_seq,
        decision=v.decision,
        subjects=subjects,
        void=bool(v.void),
    )


def partners(conn: Connection, codes: Iterable[str]) -> dict[str, Partner]:
    """The current registry version of each partner named."""
    found: dict[str, Partner] = {}
    latest = select(col(PartnerVersion.code), func.max(PartnerVersion.version).label("v"))
    for batch in chunked(sorted(set(codes))):
        newest = (
            latest.where(col(PartnerVersion.code).in_(batch))
            .group_by(col(PartnerVersion.code))
            .subquery()
        )
        same = (col(PartnerVersion.code) == newest.c.code) & (
            col(PartnerVersion.version) == newest.c.v
        )
        query = select(PartnerVersion).join(newest, same)
        for p in conn.execute(query):
            found[p.code] = Partner(p.code, p.name, p.type, p.country)
    return found


def carries_token(conn: Connection, token: str) -> bool:
    """Whether any version in the ledger names this subject token."""
    query = select(col(VersionSubject.version_seq)).where(col(VersionSubject.token) == token)
    return conn.execute(query.limit(1)).first() is not None
