"""SQL for a subject's lineage: only the rows that concern the subject, never the ledger.

The subject's effective versions come from `version_subject` (indexed by token); onward
entries are then followed hop by hop through `derived_from_seq` (indexed), a frontier of
entry positions at a time, in bounded chunks — so an onward entry that names other
subjects, or none of the ones asked about, is still caught. Every position is visited
once, so a chain that returns to an organisation (A → B → A) ends.

The statements are built once, with bound parameters, so a lineage costs its queries and
little else; each row carries its categories and subject tokens, aggregated in SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, DateTime, Select, bindparam, func, literal, select, union_all
from sqlalchemy.orm import aliased
from sqlmodel import col

from lineage.investigate.lineage_graph import Partner, ShareRow
from lineage.ledger.effective import effective_filter
from lineage.storage.database import key_chunks
from models.dates import utc
from models.tables import EntryVersion, PartnerVersion, VersionCategory, VersionSubject

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

version: Any = aliased(EntryVersion, name="version")
original: Any = aliased(EntryVersion, name="original")
parent: Any = aliased(EntryVersion, name="parent")
carrier: Any = aliased(VersionSubject, name="carrier")
AS_OF = bindparam("as_of", type_=DateTime(timezone=True))


def _members(column: Any, owner: Any) -> Any:
    """The values of `column` for the version, joined with commas (no code contains one)."""
    query = select(func.aggregate_strings(column, ",")).where(owner == version.seq)
    return query.correlate(version).scalar_subquery()


def category_list() -> Any:
    """The version's category codes, comma-separated (see `listed`)."""
    column = _members(col(VersionCategory.category), col(VersionCategory.version_seq))
    return column.label("category_list")


def subject_list() -> Any:
    """The version's subject tokens, comma-separated (see `listed`)."""
    return _members(col(VersionSubject.token), col(VersionSubject.version_seq)).label(
        "subject_list"
    )


def listed(text: str | None) -> tuple[str, ...]:
    """A comma-separated list from SQL as a sorted tuple."""
    return tuple(sorted(text.split(","))) if text else ()


def effective_shares(as_of: Any = None) -> Select[Any]:
    """Effective versions (voided ones included), each with the entry it derives from and
    its categories and subjects. `as_of` is None (now), an instant or a bound parameter.

    The parent is read from the original version: a correction cannot change it, and
    reading it there does not depend on each correction restating it.
    """
    if isinstance(as_of, datetime):
        as_of = utc(as_of)
    return (
        select(*(getattr(version, name) for name in VERSION_COLUMNS))
        .add_columns(
            original.derived_from_seq.label("derived_from_seq"),
            parent.entry_id.label("parent_entry_id"),
            category_list(),
            subject_list(),
        )
        .join(original, original.seq == version.target_seq)
        .outerjoin(parent, parent.seq == original.derived_from_seq)
        .where(effective_filter(version, as_of=as_of))
    )


@cache
def _carrying(dated: bool) -> Any:
    """Effective shares naming any of `tokens` (hop 0), with the onward shares derived from
    them (hop 1): the first hop of the walk rides along with the subject's own rows."""
    as_of = AS_OF if dated else None
    tokens: Any = bindparam("tokens", expanding=True)
    own = effective_shares(as_of).join(carrier, carrier.version_seq == version.seq)
    own = own.where(carrier.token.in_(tokens)).add_columns(literal(0).label("hop"))
    seeds = _positions_carrying(tokens, as_of)
    onward = effective_shares(as_of).where(original.derived_from_seq.in_(seeds))
    return union_all(own, onward.add_columns(literal(1).label("hop")))


def _positions_carrying(tokens: Any, as_of: Any) -> Any:
    """Positions of the entries whose effective version names any of `tokens`."""
    named: Any = aliased(EntryVersion, name="named")
    carried: Any = aliased(VersionSubject, name="carried")
    query = select(named.target_seq).join(carried, carried.version_seq == named.seq)
    return query.where(carried.token.in_(tokens), effective_filter(named, as_of=as_of))


@cache
def _derived_from(dated: bool) -> Select[Any]:
    """Effective shares derived from any of the entries at positions `frontier`."""
    query = effective_shares(AS_OF if dated else None)
    return query.where(original.derived_from_seq.in_(bindparam("frontier", expanding=True)))


def subject_shares(
    conn: Connection, tokens: Sequence[str], *, as_of: datetime | None
) -> list[ShareRow]:
    """Every effective share carrying any of `tokens`, and every onward share derived from
    one of them, transitively — as the ledger stood `as_of` (now when None)."""
    dated = {} if as_of is None else {"as_of": utc(as_of)}
    found: dict[int, Any] = {}
    own: set[int] = set()
    for batch in key_chunks(sorted(set(tokens))):
        for row in conn.execute(_carrying(bool(dated)), {"tokens": batch, **dated}):
            found.setdefault(row.target_seq, row)
            if row.hop == 0:
                own.add(row.target_seq)
    frontier = set(found) - own  # the subject's own entries' onward shares are in already
    while frontier:
        frontier = _onward_of(conn, frontier, found, dated)
    return share_rows(found.values())


def _onward_of(
    conn: Connection, frontier: set[int], found: dict[int, Any], dated: Mapping[str, Any]
) -> set[int]:
    """One hop: onward shares derived from the frontier not seen yet; returns the new ones."""
    new: set[int] = set()
    for batch in key_chunks(sorted(frontier)):
        for row in conn.execute(_derived_from(bool(dated)), {"frontier": batch, **dated}):
            if row.target_seq not in found:
                found[row.target_seq] = row
                new.add(row.target_seq)
    return new


def share_rows(rows: Iterable[Any]) -> list[ShareRow]:
    """`effective_shares` rows as shares, oldest entry first."""
    return sorted((_share(row) for row in rows), key=lambda share: share.seq)


def _share(row: Any) -> ShareRow:
    # Unpacked by position: this runs for every row of every lineage.
    (seq, target_seq, entry_id, kind, recorded_at, occurred_at, sender, recipient, purpose,
     lawful_basis, decision, cross_border, destination_country, transfer_mechanism, void,
     derived_from_seq, parent_entry_id, categories, subjects) = tuple(row)[:19]  # fmt: skip
    return ShareRow(
        entry_id=entry_id,
        seq=target_seq,
        version_seq=seq,
        kind=kind,
        sender=sender,
        recipient=recipient,
        occurred_at=utc(occurred_at),
        recorded_at=utc(recorded_at),
        categories=listed(categories),
        purpose=purpose,
        lawful_basis=lawful_basis,
        cross_border=bool(cross_border),
        destination_country=destination_country,
        transfer_mechanism=transfer_mechanism,
        derived_from=parent_entry_id,
        derived_from_seq=derived_from_seq,
        decision=decision,
        subjects=listed(subjects),
        void=bool(void),
    )


@cache
def _current_partners() -> Select[Any]:
    codes: Any = bindparam("codes", expanding=True)
    newest = (
        select(col(PartnerVersion.code), func.max(PartnerVersion.version).label("v"))
        .where(col(PartnerVersion.code).in_(codes))
        .group_by(col(PartnerVersion.code))
        .subquery()
    )
    same = (col(PartnerVersion.code) == newest.c.code) & (col(PartnerVersion.version) == newest.c.v)
    fields = (PartnerVersion.code, PartnerVersion.name, PartnerVersion.type, PartnerVersion.country)
    query: Any = select(*(col(f) for f in fields)).join(newest, same)
    return query  # type: ignore[no-any-return]


def partners(conn: Connection, codes: Iterable[str]) -> dict[str, Partner]:
    """The current registry version of each partner named."""
    found: dict[str, Partner] = {}
    for batch in key_chunks(sorted(set(codes))):
        for code, name, type_, country in conn.execute(_current_partners(), {"codes": batch}):
            found[code] = Partner(code, name, type_, country)
    return found


def carries_token(conn: Connection, token: str) -> bool:
    """Whether any version in the ledger names this subject token."""
    query = select(col(VersionSubject.version_seq)).where(col(VersionSubject.token) == token)
    return conn.execute(query.limit(1)).first() is not None
