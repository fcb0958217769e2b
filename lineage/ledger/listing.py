"""Reading disclosures back: a filtered listing of effective states, and one in full.

The listing answers from the projections (no body is parsed) in `target_seq` order, so a
page ends at a position the next page starts after. One disclosure in full comes from its
stored bodies: the effective state, every version, and the exceptions it raised.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, exists, func, select
from sqlalchemy.orm import aliased

from lineage.ledger import effective
from lineage.ledger.effective import effective_filter
from lineage.storage.database import is_sqlite, key_chunks
from models.dates import utc
from models.period import Period
from models.tables import EntryFlag, EntryVersion, PartnerVersion, VersionCategory, VersionSubject

# The SQLModel classes typed loosely: their columns are SQL expressions here, not values.
V: Any = EntryVersion
VS: Any = VersionSubject
VC: Any = VersionCategory
EF: Any = EntryFlag
P: Any = aliased(PartnerVersion, name="typed")
PV: Any = aliased(PartnerVersion, name="newer")


@dataclass(frozen=True)
class DisclosureFilter:
    """What a listing keeps; every field left None (or empty) keeps everything.

    The plural fields take several values, any of which matches (`categories=("identity",
    "health")` keeps a disclosure carrying either); a singular field, where both are given,
    is one more value. `partner_types` are the recipient's (as the registry now has it),
    `category_classes` are `ordinary`, `special` (UK GDPR Art 9) or `criminal` (Art 10),
    `flagged` keeps entries with (True) or without (False) an exception. The occurred range
    is inclusive at both ends.
    """

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
    senders: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    bases: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()
    partner_types: tuple[str, ...] = ()
    category_classes: tuple[str, ...] = ()
    subject_roles: tuple[str, ...] = ()
    flagged: bool | None = None
    consistent_identifier: bool | None = None
    """Whether the share carried the child's consistent identifier (see
    `CONSISTENT_IDENTIFIER_CATEGORY`): True keeps those that did, False those that did not."""


CONSISTENT_IDENTIFIER_CATEGORY = "nhs_number"
"""The consistent identifier for children that Children Act 2004 s.16LC (inserted by the
Children's Wellbeing and Schools Act 2026) asks partners to include when they share
information for safeguarding: the NHS number. A share carried it when its categories
(as corrected) include `nhs_number`."""


def _any_of(one: str | None, many: tuple[str, ...]) -> tuple[str, ...]:
    return many + ((one,) if one is not None else ())


def _conditions(f: DisclosureFilter) -> list[Any]:
    columns = {
        V.sender: _any_of(f.sender, f.senders),
        V.recipient: _any_of(f.recipient, f.recipients),
        V.purpose: _any_of(f.purpose, f.purposes),
        V.lawful_basis: _any_of(f.basis, f.bases),
        V.kind: _any_of(f.kind, f.kinds),
        V.decision: f.decisions,
    }
    found = [column.in_(values) for column, values in columns.items() if values]
    if f.cross_border is not None:
        found.append(V.cross_border == f.cross_border)
    if not f.include_void:
        found.append(V.void.is_(False))
    if f.occurred != Period():
        found.append(f.occurred.clause(V.occurred_at))
    return found + _linked(f)


def _linked(f: DisclosureFilter) -> list[Any]:
    found: list[Any] = []
    if f.subject is not None:
        found.append(exists().where(VS.version_seq == V.seq, VS.token == f.subject))
    if f.subject_roles:
        found.append(exists().where(VS.version_seq == V.seq, VS.role.in_(f.subject_roles)))
    if categories := _any_of(f.category, f.categories):
        found.append(exists().where(VC.version_seq == V.seq, VC.category.in_(categories)))
    if f.category_classes:
        classes = VC.category_class.in_(f.category_classes)
        found.append(exists().where(VC.version_seq == V.seq, classes))
    if exceptions := _any_of(f.exception, f.exceptions):
        found.append(exists().where(EF.seq == V.seq, EF.kind.in_(exceptions)))
    if f.flagged is not None:
        flag = exists().where(EF.seq == V.seq)
        found.append(flag if f.flagged else ~flag)
    if f.partner_types:
        found.append(V.recipient.in_(_partners_of_type(f.partner_types)))
    if f.consistent_identifier is not None:
        carried = exists().where(
            VC.version_seq == V.seq, VC.category == CONSISTENT_IDENTIFIER_CATEGORY
        )
        found.append(carried if f.consistent_identifier else ~carried)
    return found


def _partners_of_type(types: tuple[str, ...]) -> Any:
    """Codes of the partners whose newest registry version has one of `types`."""
    newest = select(func.max(PV.version)).where(PV.code == P.code).scalar_subquery()
    return select(P.code).where(P.version == newest, P.type.in_(types))


def count_disclosures(conn: Connection, f: DisclosureFilter) -> int:
    """How many effective disclosures match `f` (what every page of the listing adds up to)."""
    query = select(func.count()).select_from(V).where(effective_filter(V), *_conditions(f))
    return int(conn.execute(query).scalar_one())


def all_disclosures(
    conn: Connection, f: DisclosureFilter, *, page: int = 1000
) -> Iterator[dict[str, Any]]:
    """Every disclosure matching `f`, in the listing's order, read a page at a time."""
    after = -1
    while True:
        items = list_disclosures(conn, f, after=after, limit=page)
        yield from items
        if len(items) < page:
            return
        after = items[-1]["seq"]


def list_disclosures(
    conn: Connection, f: DisclosureFilter, *, after: int = -1, limit: int = 100
) -> list[dict[str, Any]]:
    """Effective disclosures matching `f` whose original `seq` is after `after`, in order."""
    query = (
        select(V)
        .where(effective_filter(V), V.target_seq > after, *_conditions(f))
        .order_by(_listing_order(conn, f))
        .limit(limit)
    )
    rows = [dict(r._mapping) for r in conn.execute(query)]
    seqs = [row["seq"] for row in rows]
    subjects, categories, flags = _attached(conn, seqs)
    return [
        _summary(row, subjects[row["seq"]], categories[row["seq"]], flags[row["seq"]])
        for row in rows
    ]


def _listing_order(conn: Connection, f: DisclosureFilter) -> Any:
    """The listing's order, `target_seq`. For some recipients within a period, on SQLite, as
    an expression: SQLite has no statistics, and given the column it walks every share the
    recipients ever received in that order (`ix_entry_version_recipient_listing`) to find
    the period's few, 0.7 s for a month of one partner at a million entries; given the
    expression it reads the period's shares by (recipient, occurred_at) and sorts them, 5 ms.
    PostgreSQL's planner has statistics and chooses for itself."""
    narrowed = _any_of(f.recipient, f.recipients) and f.occurred != Period()
    return V.target_seq + 0 if narrowed and is_sqlite(conn) else V.target_seq


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
