"""The subject registry: opaque tokens for the ledger, identifiers kept here and only here.

Identifiers are stored twice: as a keyed HMAC for look-up, and encrypted for display. Each
subject has a sealing key (wrapped under the registry key); destroying it on erasure makes the
free text sealed to that subject unreadable. The registry is mutable and outside the hash chain.
"""

from __future__ import annotations

import base64
import hmac
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Connection, delete, select, update
from sqlmodel import col

from lineage.ledger.sealing import Entropy, decrypt_blob, encrypt_blob
from lineage.registry.keys import KeyRing
from lineage.storage.bulk import insert_rows
from lineage.storage.database import key_chunks
from models.tables import Subject, SubjectKey

IDENTIFIER_FIELDS = ("local_id", "nhs_number", "upn", "family_id")


class SubjectReference(Protocol):
    """What a disclosure names a subject by (see `models` SubjectIn)."""

    @property
    def local_id(self) -> str | None: ...
    @property
    def token(self) -> str | None: ...
    @property
    def nhs_number(self) -> str | None: ...
    @property
    def upn(self) -> str | None: ...
    @property
    def family_id(self) -> str | None: ...


def lookup_hash(keys: KeyRing, kind: str, value: str) -> bytes:
    """The keyed look-up hash of one identifier; the kind keeps NHS numbers and UPNs apart."""
    return hmac.digest(keys.hmac_key, f"{kind}:{value}".encode(), "sha256")


def new_token(entropy: Entropy) -> str:
    return "sub_" + base64.b32encode(entropy(15)).decode("ascii").lower()


@dataclass
class _Known:
    """A subject the registry has seen in this transaction."""

    token: str
    hashes: dict[str, bytes | None]
    identifiers: dict[str, Any] | None = None  # plaintext, only for subjects new in this batch
    row: dict[str, Any] | None = None  # the row still to insert, for subjects new in this batch


_HASHED = {"nhs_hmac": "nhs_number", "upn_hmac": "upn", "family_hmac": "family_id"}


@dataclass
class SubjectRegistry:
    """Resolves subjects to tokens within one transaction.

    For a batch, `prefetch` reads every subject it names in a few queries, new subjects are
    gathered and `flush` inserts them together; a single append works without either.
    """

    conn: Connection
    keys: KeyRing
    entropy: Entropy = os.urandom
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    _known: dict[bytes, _Known] = field(default_factory=dict)
    _absent: set[bytes] = field(default_factory=set)
    _subject_keys: dict[str, bytes] = field(default_factory=dict)
    _new_keys: list[dict[str, Any]] = field(default_factory=list)
    _hashed: dict[tuple[str, str], bytes] = field(default_factory=dict)

    def prefetch(self, subjects: Iterable[SubjectReference]) -> None:
        """Read the registry rows (and keys) of all these subjects at once."""
        wanted = (
            {self._hash("local_id", s.local_id) for s in subjects if s.local_id is not None}
            - self._known.keys()
            - self._absent
        )
        for chunk in key_chunks(sorted(wanted)):
            query = select(Subject).where(col(Subject.local_id_hmac).in_(chunk))
            for row in self.conn.execute(query):
                self._known[bytes(row.local_id_hmac)] = _known_from_row(row)
        self._absent |= wanted - self._known.keys()
        self.sealing_keys(k.token for k in self._known.values() if k.row is None)

    def resolve(self, subject: SubjectReference) -> str:
        """The token for a subject, registering it (and its key) on first sight."""
        if subject.token is not None:
            if self.exists(subject.token):
                return subject.token
            raise LookupError(f"unknown subject token {subject.token!r}")
        assert subject.local_id is not None
        local = self._hash("local_id", subject.local_id)
        known = self._known.get(local)
        if known is None and local not in self._absent:
            row = self.conn.execute(
                select(Subject).where(col(Subject.local_id_hmac) == local)
            ).first()
            known = None if row is None else _known_from_row(row)
        if known is None:
            known = self._register(subject, local)
        elif self._adds_identifiers(known, subject):
            self._update(known, subject)
        self._known[local] = known
        return known.token

    def flush(self) -> None:
        """Insert the subjects (and keys) registered since the last flush."""
        rows = [k.row for k in self._known.values() if k.row is not None]
        if rows:
            insert_rows(self.conn, Subject.__table__, rows)  # type: ignore[attr-defined]
            insert_rows(self.conn, SubjectKey.__table__, self._new_keys)  # type: ignore[attr-defined]
        for known in self._known.values():
            known.row = known.identifiers = None
        self._new_keys = []

    def _pending(self, token: str) -> _Known | None:
        return next((k for k in self._known.values() if k.row and k.token == token), None)

    def exists(self, token: str) -> bool:
        return (
            self._pending(token) is not None or self._find(col(Subject.token) == token) is not None
        )

    def lookup(self, kind: str, value: str) -> str | None:
        """A token by `local_id`, `nhs_number` or `upn`."""
        column = {
            "local_id": col(Subject.local_id_hmac),
            "nhs_number": col(Subject.nhs_hmac),
            "upn": col(Subject.upn_hmac),
        }[kind]
        return self._find(column == self._hash(kind, value))

    def family_members(self, family_id: str) -> list[str]:
        """Every token registered with this family id, in token order."""
        digest = self._hash("family_id", family_id)
        members = self.conn.execute(
            select(col(Subject.token))
            .where(col(Subject.family_hmac) == digest)
            .order_by(col(Subject.token))
        )
        return [str(m[0]) for m in members]

    def family(self, token: str) -> list[str]:
        """Every token sharing this subject's family id (the subject itself included)."""
        row = self.conn.execute(
            select(col(Subject.family_hmac)).where(col(Subject.token) == token)
        ).first()
        if row is None or row[0] is None:
            return [token] if row is not None else []
        members = self.conn.execute(
            select(col(Subject.token))
            .where(col(Subject.family_hmac) == row[0])
            .order_by(col(Subject.token))
        )
        return [m[0] for m in members]

    def identifiers(self, token: str) -> dict[str, Any] | None:
        """The decrypted identifiers, or None for an unknown or erased subject."""
        pending = self._pending(token)
        if pending is not None:
            return dict(pending.identifiers or {})
        row = self.conn.execute(
            select(col(Subject.identifiers)).where(col(Subject.token) == token)
        ).first()
        if row is None:
            return None
        plain = decrypt_blob(
            self.keys.registry_key, row[0], context=b"identifiers:" + token.encode()
        )
        identifiers: dict[str, Any] = json.loads(plain)
        return identifiers

    def sealing_keys(self, tokens: Iterable[str]) -> dict[str, bytes]:
        """The sealing keys of those subjects whose keys still exist."""
        wanted = sorted(t for t in set(tokens) if t not in self._subject_keys)
        for chunk in key_chunks(wanted):
            rows = self.conn.execute(select(SubjectKey).where(col(SubjectKey.token).in_(chunk)))
            for row in rows:
                self._subject_keys[row.token] = decrypt_blob(
                    self.keys.registry_key, row.wrapped_key, context=b"key:" + row.token.encode()
                )
        return {t: self._subject_keys[t] for t in set(tokens) if t in self._subject_keys}

    def erase(self, token: str) -> None:
        """Destroy the subject's key and registry row (retention ended or erasure upheld)."""
        self.conn.execute(delete(SubjectKey).where(col(SubjectKey.token) == token))
        self.conn.execute(delete(Subject).where(col(Subject.token) == token))
        self._subject_keys.pop(token, None)
        self._new_keys = [k for k in self._new_keys if k["token"] != token]
        self._known = {h: k for h, k in self._known.items() if k.token != token}

    def on_legal_hold(self, token: str) -> bool:
        row = self.conn.execute(
            select(col(Subject.legal_hold)).where(col(Subject.token) == token)
        ).first()
        return bool(row and row[0])

    def set_legal_hold(self, token: str, held: bool) -> None:
        self.conn.execute(
            update(Subject).where(col(Subject.token) == token).values(legal_hold=held)
        )

    def _find(self, condition: Any) -> str | None:
        row = self.conn.execute(select(col(Subject.token)).where(condition)).first()
        return None if row is None else str(row[0])

    def _register(self, subject: SubjectReference, local: bytes) -> _Known:
        token = new_token(self.entropy)
        key = self.entropy(32)
        wrapped = encrypt_blob(
            self.keys.registry_key, key, context=b"key:" + token.encode(), entropy=self.entropy
        )
        self._new_keys.append({"token": token, "wrapped_key": wrapped})
        self._subject_keys[token] = key
        identifiers = _supplied(subject)
        row = {
            "token": token,
            "local_id_hmac": local,
            "created_at": self.clock(),
            "legal_hold": False,
            **self._identifier_columns(token, identifiers),
        }
        self._absent.discard(local)
        return _Known(token, _hashes_of(row), identifiers, row)

    def _adds_identifiers(self, known: _Known, subject: SubjectReference) -> bool:
        """Whether the subject carries an identifier the registry does not hold yet."""
        for column, kind in _HASHED.items():
            value = getattr(subject, kind, None)  # a notification's SubjectRef has none
            if value is not None and known.hashes[column] != self._hash(kind, value):
                return True
        return False

    def _update(self, known: _Known, subject: SubjectReference) -> None:
        """Add identifiers a later disclosure supplies; a known one is never blanked."""
        current = (
            known.identifiers
            if known.identifiers is not None
            else (self.identifiers(known.token) or {})
        )
        merged = {**current, **_supplied(subject)}
        columns = self._identifier_columns(known.token, merged)
        if known.row is not None:
            known.row.update(columns)
            known.identifiers = merged
        else:
            self.conn.execute(
                update(Subject).where(col(Subject.token) == known.token).values(**columns)
            )
        known.hashes = _hashes_of(columns)

    def _hash(self, kind: str, value: str) -> bytes:
        """`lookup_hash`, once per identifier in this transaction: prefetching, resolving and
        registering a subject each ask for it, and an import's batch names many subjects twice."""
        digest = self._hashed.get((kind, value))
        if digest is None:
            digest = self._hashed[(kind, value)] = lookup_hash(self.keys, kind, value)
        return digest

    def _identifier_columns(self, token: str, identifiers: dict[str, Any]) -> dict[str, Any]:
        columns: dict[str, Any] = {
            column: None if identifiers.get(kind) is None else self._hash(kind, identifiers[kind])
            for column, kind in _HASHED.items()
        }
        plain = json.dumps(identifiers, sort_keys=True)
        columns["identifiers"] = encrypt_blob(
            self.keys.registry_key,
            plain.encode(),
            context=b"identifiers:" + token.encode(),
            entropy=self.entropy,
        )
        return columns


def _supplied(subject: SubjectReference) -> dict[str, Any]:
    given = {f: getattr(subject, f, None) for f in IDENTIFIER_FIELDS}
    return {f: value for f, value in given.items() if value is not None}


def _hashes_of(row: Any) -> dict[str, bytes | None]:
    get: Callable[[str], Any] = row.get if isinstance(row, dict) else lambda c: getattr(row, c)
    return {c: None if get(c) is None else bytes(get(c)) for c in _HASHED}


def _known_from_row(row: Any) -> _Known:
    return _Known(row.token, _hashes_of(row))
