"""Reading disclosures back: a filtered listing of effective states, and one in full.

The listing answers from the projections (no body is parsed) in `target_seq` order, so a
page ends at a position the next page starts after. One disclosure in full comes from its
stored bodies: the effective state, every version, and the exceptions it raised.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, exists, func, select

from lineage.ledger import effective
from lineage.ledger.effective import effective_filter
from lineage.storage.database import key_chunks
from models.dates import utc
from models.period import Period
from models.tables import EntryFlag, EntryVersion, VersionCategory, VersionSubject

# The SQLModel classes typed loosely: their columns are SQL expressions here, not values.
V: Any = EntryVersion
VS: Any = VersionSubject
VC: Any = VersionCategory
EF: Any = EntryFlag


@dataclass(frozen=True)
class DisclosureFilter:
    """What a listing keeps; every field left None keeps everything."""

    subject: str | None = None
    sender: str | None = None
    recipient: str | None = None
    category: str | None = None
    purpose: str | None = None
    basis: str | None = None
    cross_border: bool | None = None
    occurred: Period = Period()
    kind: str | None = None
    exception: str | None = None
    include_void: bool = False
    consistent_identifier: bool | None = None
    """Whether the share carried the child's consistent identifier (see
    `CONSISTENT_IDENTIFIER_CATEGORY`): True keeps those that did, False those that did not."""


CONSISTENT_IDENTIFIER_CATEGORY = "nhs_number"
"""The consistent identifier for children that Children Act 2004 s.16LC (inserted by the
Children's Wellbeing and Schools Act 2026) asks partners to include when they share
information for safeguarding: the NHS number. A share carried it when its categories
(as corrected) include `nhs_number`."""


def _conditions(f: DisclosureFilter) -> list[Any]:
    columns = {
        V.sender: f.sender,
        V.recipient: f.recipient,
        V.purpose: f.purpose,
        V.lawful_basis: f.basis,
        V.kind: f.kind,
        V.cross_border: f.cross_border,
    }
    found = [column == value for column, value in columns.items() if value is not None]
    if not f.include_void:
        found.append(V.void.is_(False))
    if f.occurred != Period():
        found.append(f.occurred.clause(V.occurred_at))
    return found + _linked(f)


def _linked(f: DisclosureFilter) -> list[Any]:
    found: list[Any] = []
    if f.subject is not None:
        found.append(exists().where(VS.version_seq == V.seq, VS.token == f.subject))
    if f.category is not None:
        found.append(exists().where(VC.version_seq == V.seq, VC.category == f.category))
    if f.exception is not None:
        found.append(exists().where(EF.seq == V.seq, EF.kind == f.exception))
    if f.consistent_identifier is not None:
        carried = exists().where(
            VC.version_seq == V.seq, VC.category == CONSISTENT_IDENTIFIER_CATEGORY
        )
        found.append(carried if f.consistent_identifier else ~carried)
    return found


def count_disclosures(conn: Connection, f: DisclosureFilter) -> int:
    """How many effective disclosures match `f` (e.g. how many carried the consistent
    identifier, s.16LC)."""
    query = select(func.count()).select_from(V).where(effective_filter(V), *_conditions(f))
    return int(conn.execute(query).scalar() or 0)


def list_disclosures(
    conn: Connection, f: DisclosureFilter, *, after: int = -1, limit: int = 100
) -> list[dict[str, Any]]:
    """Effective disclosures matching `f` whose original `seq` is after `after`, in order."""
    query = (
        select(V)
        .where(effective_filter(V), V.target_seq > after, *_conditions(f))
        .order_by(V.target_seq)
        .limit(limit)
    )
    rows = [dict(r._mapping) for r in conn.execute(query)]
    seqs = [row["seq"] for row in rows]
    subjects, categories, flags = _attached(conn, seqs)
    return [
        _summary(row, subjects[row["seq"]], categories[row["seq"]], flags[row["seq"]])
        for row in rows
    ]


def _attached(conn: Connection, seqs: list[int]) -> tuple[Any, Any, Any]:
    subjects: dict[int, list[dict[str, str]]] = defaultdict(list)
    categories: dict[int, list[str]] = defaultdict(list)
    flags: dict[int, list[str]] = defaultdict(list)
    for chunk in key_chunks(sorted(set(seqs))):
        for seq, token, role in conn.execute(
            select(VS.version_seq, VS.token, VS.role)
            .where(VS.version_seq.in_(chunk))
            .order_by(VS.version_seq, VS.token)
        ):
            subjects[seq].append({"token": token, "role": role})
        for seq, category in conn.execute(
            select(VC.version_seq, VC.category)
            .where(VC.version_seq.in_(chunk))
            .order_by(VC.version_seq, VC.category)
        ):
            categories[seq].append(category)
        for seq, kind in conn.execute(
            select(EF.seq, EF.kind).where(EF.seq.in_(chunk)).order_by(EF.seq, EF.kind)
        ):
            flags[seq].append(kind)
    return subjects, categories, flags


def _summary(
    row: dict[str, Any], subjects: list[Any], categories: list[str], flags: list[str]
) -> dict[str, Any]:
    summary = {k: v for k, v in row.items() if k not in ("seq", "target_seq", "retention_class")}
    for key in ("occurred_at", "recorded_at"):
        summary[key] = utc(row[key])
    summary.update(
        seq=row["target_seq"],
        version_seq=row["seq"],
        subjects=subjects,
        categories=categories,
        exceptions=flags,
    )
    return summary


def disclosure_detail(conn: Connection, entry_id: str) -> dict[str, Any] | None:
    """A disclosure's versions (bodies, oldest first) and its effective flags, or None."""
    versions = effective.history(conn, entry_id)
    if not versions:
        return None
    latest = versions[-1]
    return {
        "versions": versions,
        "effective": latest["body"],
        "exceptions": effective.exceptions_of(conn, latest["seq"]),
    }
