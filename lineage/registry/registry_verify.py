"""Re-deriving the mutable tables from the ledger: API keys and the subject registry.

`registry_event` rows (verified against the entry bodies by the main pass) are replayed in
order to what the tables must hold: every API key with its role, hash and whether revoked;
every subject that was registered and not erased, with the fingerprint of its row (tokens,
identifier hashes, display copy, merge) under its own key, and its key. Each row that
differs, is missing or is not in the record is named by table and row.

Seams for legal holds (issue 21): `subject.hold` / `subject.release` events set the expected
`subject.legal_hold`; until holds are recorded, a subject is expected not to be held.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidTag
from sqlalchemy import Connection, func, select
from sqlmodel import col

from lineage.ledger.sealing import decrypt_blob
from lineage.registry.evidence import row_fingerprint
from lineage.registry.keys import RegistrySecret
from lineage.registry.subjects import lookup_hash
from models.tables import ApiKey, RegistryEvent, Subject, SubjectKey

CHUNK = 5000


@dataclass
class ExpectedKey:
    role: str
    name: str
    key_hash: str
    revoked: bool = False


@dataclass
class ExpectedSubject:
    fingerprint: str
    legal_hold: bool = False


@dataclass
class Expected:
    """What the record says the tables hold."""

    keys: dict[str, ExpectedKey] = field(default_factory=dict)
    subjects: dict[str, ExpectedSubject] = field(default_factory=dict)
    _merged: dict[str, str] = field(default_factory=dict)

    def apply(self, action: str, target: str, detail: dict[str, Any]) -> None:
        """One recorded change, in ledger order."""
        if action == "api_key.create":
            self.keys[target] = ExpectedKey(detail["role"], detail["name"], detail["key_hash"])
        elif action == "api_key.revoke" and target in self.keys:
            self.keys[target].revoked = True
        elif action == "api_key.set_role" and target in self.keys:
            self.keys[target].role = detail["role"]
        elif action == "subject.erase":
            self._erase(target)
        elif action in ("subject.hold", "subject.release") and target in self.subjects:
            self.subjects[target].legal_hold = action == "subject.hold"
        elif "fingerprint" in detail:
            held = self.subjects.get(target, ExpectedSubject("")).legal_hold
            self.subjects[target] = ExpectedSubject(detail["fingerprint"], held)
            if "into" in detail:
                self._merged[target] = detail["into"]

    def _erase(self, token: str) -> None:
        """An erasure destroys the subject and the records merged into it."""
        gone = {token} | {m for m, into in self._merged.items() if into == token}
        for each in gone:
            self.subjects.pop(each, None)


def expected_state(conn: Connection) -> tuple[Expected, list[str]]:
    """The tables as the recorded events make them, and events that cannot be read (the
    main pass names the entry whose body they no longer match)."""
    expected, unreadable = Expected(), []
    for seq, position, action, target, detail in _events(conn):
        try:
            expected.apply(action, target, json.loads(detail))
        except (KeyError, TypeError, ValueError, AttributeError):
            unreadable.append(f"registry_event row ({seq}, {position}): not a {action} event")
    return expected, unreadable


def _events(conn: Connection) -> Iterator[tuple[int, int, str, str, str]]:
    after = (-1, -1)
    while True:
        rows = conn.execute(
            select(
                col(RegistryEvent.seq),
                col(RegistryEvent.position),
                col(RegistryEvent.action),
                col(RegistryEvent.target),
                col(RegistryEvent.detail),
            )
            .where(
                (col(RegistryEvent.seq) > after[0])
                | ((col(RegistryEvent.seq) == after[0]) & (col(RegistryEvent.position) > after[1]))
            )
            .order_by(col(RegistryEvent.seq), col(RegistryEvent.position))
            .limit(CHUNK)
        ).all()
        if not rows:
            return
        for row in rows:
            yield int(row[0]), int(row[1]), str(row[2]), str(row[3]), str(row[4])
        after = (int(rows[-1][0]), int(rows[-1][1]))


def registry_problems(conn: Connection, keys: RegistrySecret) -> list[str]:
    """Every row of `api_key`, `subject` and `subject_key` that differs from the record.

    Needs the registry's own key (to open the subjects' keys and identifiers), never the
    checkpoint-signing key."""
    expected, unreadable = expected_state(conn)
    return [
        *unreadable,
        *_api_key_problems(conn, expected.keys),
        *_subject_problems(conn, keys, expected.subjects),
        *_shared_identifiers(conn),
    ]


def _api_key_problems(conn: Connection, expected: dict[str, ExpectedKey]) -> list[str]:
    problems = []
    seen = set()
    for row in conn.execute(select(ApiKey).order_by(col(ApiKey.id))):
        key_id = str(row.id)
        seen.add(key_id)
        wanted = expected.get(key_id)
        if wanted is None:
            problems.append(f"api_key row {key_id}: not in the ledger (no recorded creation)")
            continue
        stored = ExpectedKey(
            row.role, row.name, bytes(row.key_hash).hex(), row.revoked_at is not None
        )
        for name in ("role", "name", "key_hash", "revoked"):
            if getattr(stored, name) != getattr(wanted, name):
                problems.append(
                    f"api_key row {key_id}: {name} is {getattr(stored, name)!r}, "
                    f"the ledger records {getattr(wanted, name)!r}"
                )
    for key_id in sorted(set(expected) - seen, key=int):
        problems.append(f"api_key row {key_id}: missing (the ledger records its creation)")
    return problems


def _subject_problems(
    conn: Connection, keys: RegistrySecret, expected: dict[str, ExpectedSubject]
) -> list[str]:
    problems: list[str] = []
    wrapped = {
        str(t): bytes(w)
        for t, w in conn.execute(select(col(SubjectKey.token), col(SubjectKey.wrapped_key)))
    }
    seen = set()
    for row in conn.execute(select(Subject).order_by(col(Subject.token))):
        seen.add(row.token)
        problems += _subject_row(row, expected.get(row.token), wrapped.get(row.token), keys)
    for token in sorted(set(expected) - seen):
        problems.append(f"subject row {token}: missing, and no erasure of it is recorded")
    for token in sorted(set(wrapped) - set(expected)):
        problems.append(f"subject_key row {token}: the ledger records no such subject")
    return problems


def _subject_row(
    row: Any, wanted: ExpectedSubject | None, wrapped: bytes | None, keys: RegistrySecret
) -> list[str]:
    token = row.token
    if wanted is None:
        return [f"subject row {token}: not in the ledger (no recorded registration)"]
    if wrapped is None:
        return [f"subject_key row {token}: missing, and no erasure of it is recorded"]
    try:
        key = decrypt_blob(keys.registry_key, wrapped, context=b"key:" + token.encode())
        plain = decrypt_blob(
            keys.registry_key, bytes(row.identifiers), context=b"identifiers:" + token.encode()
        )
        identifiers = json.loads(plain)
    except (InvalidTag, ValueError):
        return [f"subject row {token}: its key or display copy does not open (edited)"]
    problems = []
    if row_fingerprint(key, token, identifiers, row.merged_into) != wanted.fingerprint:
        problems.append(
            f"subject row {token}: its identifiers or merge differ from the ledger's record"
        )
    for column in _hash_columns(keys, identifiers, row.merged_into, row):
        problems.append(f"subject row {token}: {column} does not match its identifiers")
    if bool(row.legal_hold) != wanted.legal_hold:
        problems.append(
            f"subject row {token}: legal_hold is {bool(row.legal_hold)}, "
            f"the ledger records {wanted.legal_hold}"
        )
    return problems


def _hash_columns(
    keys: RegistrySecret, identifiers: dict[str, Any], merged_into: str | None, row: Any
) -> list[str]:
    """The look-up hash columns that differ from those the identifiers give (a merged
    record's NHS number, UPN and family now belong to its survivor: its columns are empty)."""
    kinds = {"local_id_hmac": "local_id"}
    if merged_into is None:
        kinds.update(nhs_hmac="nhs_number", upn_hmac="upn", family_hmac="family_id")
    differing = []
    for column in ("local_id_hmac", "nhs_hmac", "upn_hmac", "family_hmac"):
        value = identifiers.get(kinds[column]) if column in kinds else None
        wanted = None if value is None else lookup_hash(keys, kinds[column], str(value))
        stored = getattr(row, column)
        if (None if stored is None else bytes(stored)) != wanted:
            differing.append(column)
    return differing


def _shared_identifiers(conn: Connection) -> list[str]:
    """One identifier, one subject: no two current subjects hold one NHS number or UPN."""
    problems = []
    for column, name in ((Subject.nhs_hmac, "NHS number"), (Subject.upn_hmac, "UPN")):
        shared = conn.execute(
            select(func.count())
            .select_from(Subject)
            .where(col(column).is_not(None), col(Subject.merged_into).is_(None))
            .group_by(col(column))
            .having(func.count() > 1)
        ).all()
        if shared:
            problems.append(f"subject table: {len(shared)} {name}s are held by several subjects")
    return problems
