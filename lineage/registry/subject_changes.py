"""The explicit, recorded ways to change who a record is: merge two records of one child,
and add, correct or retire an identifier.

Both run inside the append transaction of the `registry` entry that records them (so the
change and its evidence stand or fall together) and add their events to the registry's list.
An NHS number or UPN still belongs to at most one current subject afterwards.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlmodel import col

from lineage.ledger.requests import Appended, Appender, Request
from lineage.registry.identity import UNIQUE, reused
from lineage.registry.subjects import SubjectRegistry
from models.errors import EntryRefused, FieldError, IdentifierConflict
from models.tables import Subject

_COLUMNS = {"nhs_number": "nhs_hmac", "upn": "upn_hmac", "family_id": "family_hmac"}


def _row(registry: SubjectRegistry, token: str, field: str) -> Any:
    """A subject's current row; refused naming `field` if unknown or merged."""
    row = registry.conn.execute(select(Subject).where(col(Subject.token) == token)).first()
    if row is None:
        raise EntryRefused([FieldError(field, f"unknown or erased subject {token!r}")])
    if row.merged_into is not None:
        raise EntryRefused(
            [FieldError(field, f"subject {token} was merged into {row.merged_into}: use that")]
        )
    return row


def _store(registry: SubjectRegistry, token: str, values: dict[str, Any]) -> Any:
    registry.conn.execute(update(Subject).where(col(Subject.token) == token).values(**values))
    return registry.conn.execute(select(Subject).where(col(Subject.token) == token)).one()


def set_identifier(registry: SubjectRegistry, token: str, kind: str, value: str | None) -> None:
    """Give the subject `kind` = `value` (None retires it); refused if another current subject
    holds that NHS number or UPN (merge them instead)."""
    row = _row(registry, token, "subject")
    column = _COLUMNS[kind]
    digest = None if value is None else registry.digest(kind, value)
    if digest is not None and column in UNIQUE:
        owner = registry.owner(column, digest)
        if owner is not None and owner != token:
            raise _reused_value(kind)
    identifiers = dict(registry.identifiers(token) or {})
    if value is None:
        identifiers.pop(kind, None)
    else:
        identifiers[kind] = value
    old = {c: row._mapping[c] for c in UNIQUE}
    stored = _store(registry, token, registry.identifier_columns(token, identifiers))
    registry.claim(token, old, {c: stored._mapping[c] for c in UNIQUE})
    registry.record("subject.set_identifier", token, identifiers, None, field=kind)


def _reused_value(kind: str) -> IdentifierConflict:
    refusal = reused(kind)
    return IdentifierConflict([FieldError("value", e.message) for e in refusal.errors])


def merge(registry: SubjectRegistry, into: str, merged: list[str]) -> None:
    """Join the records `merged` into `into`: each leads to the survivor from now on, and the
    survivor takes any identifier it lacks. Refused if two records hold different NHS numbers
    or UPNs (correct one first: they may not be one child)."""
    survivor = _row(registry, into, "into")
    identifiers = dict(registry.identifiers(into) or {})
    others = []
    for i, token in enumerate(merged):
        if token == into:
            raise EntryRefused([FieldError(f"merged[{i}]", "a subject cannot merge into itself")])
        others.append(_row(registry, token, f"merged[{i}]"))
        _absorb(identifiers, registry.identifiers(token) or {}, i)
    old = {c: survivor._mapping[c] for c in UNIQUE}
    for row in others:
        _retire(registry, row, into)
    stored = _store(registry, into, registry.identifier_columns(into, identifiers))
    registry.claim(into, old, {c: stored._mapping[c] for c in UNIQUE})
    registry.record("subject.identify", into, identifiers, None)


def _absorb(identifiers: dict[str, Any], other: dict[str, Any], i: int) -> None:
    """Take the merged record's identifiers the survivor lacks; refuse a contradiction."""
    for kind in _COLUMNS:
        theirs = other.get(kind)
        if theirs is None:
            continue
        ours = identifiers.get(kind)
        if ours is not None and ours != theirs and kind in ("nhs_number", "upn"):
            raise IdentifierConflict(
                [
                    FieldError(
                        f"merged[{i}]",
                        f"the records hold different {kind.replace('_', ' ')}s: correct one "
                        "with `disclosure subjects set-identifier` before merging",
                    )
                ]
            )
        identifiers.setdefault(kind, theirs)


def _retire(registry: SubjectRegistry, row: Any, into: str) -> None:
    """Point a merged record (and any merged into it before) at the survivor, without the
    identifiers that now belong to the survivor."""
    chained = registry.merged_from(row.token)
    cleared = {"nhs_hmac": None, "upn_hmac": None, "family_hmac": None, "merged_into": into}
    old = {c: row._mapping[c] for c in UNIQUE}
    _store(registry, row.token, cleared)
    registry.claim(into, old, {})
    own = registry.identifiers(row.token) or {}
    registry.record("subject.merge", row.token, own, into, into=into)
    for token in chained:
        _store(registry, token, {"merged_into": into})
        again = registry.identifiers(token) or {}
        registry.record("subject.merge", token, again, into, into=into)


def record_change(ledger: Appender, change: dict[str, Any], *, by: str) -> Appended:
    """Validate and append one registry change (`subject.merge`, `subject.set_identifier`);
    its refusal is raised (`EntryRefused`, `IdentifierConflict`, `NotFound`)."""
    request = Request.validated("registry", change)
    [appended] = ledger.append([[request]], recorded_by=by)[0].get()
    return appended
