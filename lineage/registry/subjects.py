"""The subject registry: opaque tokens for the ledger, identifiers kept here and only here.

Identifiers are stored twice: as a keyed HMAC for look-up, and encrypted for display. Each
subject has a sealing key (wrapped under the registry key); destroying it on erasure makes the
free text sealed to that subject unreadable.

The registry is mutable, but every change to it is evidence: each new subject, each
identifier a disclosure adds, each merge and identifier change is an event in the `registry`
member of the entry that made it, carrying the row's fingerprint (`evidence`), and `verify`
re-derives the rows from those events. One identifier, one subject: an NHS number or UPN
belongs to at most one current subject, and a disclosure that would give it to a second, or
re-point a subject's recorded one, is refused (`IdentifierConflict`, HTTP 409).
"""

from __future__ import annotations

import base64
import hmac
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Connection, delete, select, update
from sqlmodel import col

from lineage.ledger.sealing import Entropy, decrypt_blob, encrypt_blob
from lineage.registry.evidence import row_fingerprint, subject_event
from lineage.registry.identity import (
    UNIQUE,
    AmbiguousIdentifier,
    merged_from,
    repointed,
    reused,
    survivor_of,
)
from lineage.registry.keys import KeyRing, RegistrySecret
from lineage.storage.bulk import insert_rows
from lineage.storage.database import key_chunks
from models.dates import utc_now
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


def lookup_hash(keys: RegistrySecret, kind: str, value: str) -> bytes:
    """The keyed look-up hash of one identifier; the kind keeps NHS numbers and UPNs apart."""
    return hmac.digest(keys.hmac_key, f"{kind}:{value}".encode(), "sha256")


def new_token(entropy: Entropy) -> str:
    return "sub_" + base64.b32encode(entropy(15)).decode("ascii").lower()


@dataclass
class _Known:
    """A subject the registry has seen in this transaction."""

    token: str
    hashes: dict[str, bytes | None]
    local: bytes
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
    clock: Callable[[], datetime] = utc_now
    _known: dict[bytes, _Known] = field(default_factory=dict)
    _absent: set[bytes] = field(default_factory=set)
    _subject_keys: dict[str, bytes] = field(default_factory=dict)
    _new_keys: list[dict[str, Any]] = field(default_factory=list)
    _hashed: dict[tuple[str, str], bytes] = field(default_factory=dict)
    _owners: dict[tuple[str, bytes], str | None] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    """The changes made since `take_events`, for the entry being built to record."""

    def take_events(self) -> list[dict[str, Any]]:
        """The changes made since the last call (for the entry that made them)."""
        taken, self.events = self.events, []
        return taken

    def prefetch(self, subjects: Iterable[SubjectReference]) -> None:
        """Read the registry rows (and keys) of all these subjects at once, and who holds the
        NHS numbers and UPNs they carry."""
        subjects = list(subjects)  # read twice: by local id, then by identifier
        wanted = (
            {self._hash("local_id", s.local_id) for s in subjects if s.local_id is not None}
            - self._known.keys()
            - self._absent
        )
        for chunk in key_chunks(sorted(wanted)):
            query = select(Subject).where(col(Subject.local_id_hmac).in_(chunk))
            for row in self.conn.execute(query):
                self._known[bytes(row.local_id_hmac)] = self._from_row(row)
        self._absent |= wanted - self._known.keys()
        self.sealing_keys(k.token for k in self._known.values() if k.row is None)
        self._prefetch_owners(subjects)

    def _prefetch_owners(self, subjects: Iterable[SubjectReference]) -> None:
        """Which current subjects hold the NHS numbers and UPNs these subjects carry."""
        for column, kind in UNIQUE.items():
            values = {getattr(s, kind, None) for s in subjects} - {None}
            hashes = {self._hash(kind, str(v)) for v in values}
            wanted = sorted(h for h in hashes if (column, h) not in self._owners)
            for h in wanted:
                self._owners[(column, h)] = None
            table_column = getattr(Subject, column)
            for chunk in key_chunks(wanted):
                rows = self.conn.execute(
                    select(col(Subject.token), table_column).where(
                        table_column.in_(chunk), col(Subject.merged_into).is_(None)
                    )
                )
                for token, digest in rows:
                    self._owners[(column, bytes(digest))] = str(token)

    def resolve(self, subject: SubjectReference) -> str:
        """The token for a subject, registering it (and its key) on first sight."""
        if subject.token is not None:
            if self.exists(subject.token):
                return self.survivor(subject.token)
            raise LookupError(f"unknown subject token {subject.token!r}")
        assert subject.local_id is not None
        local = self._hash("local_id", subject.local_id)
        known = self._known.get(local)
        if known is None and local not in self._absent:
            row = self.conn.execute(
                select(Subject).where(col(Subject.local_id_hmac) == local)
            ).first()
            known = None if row is None else self._from_row(row)
        self._check_unique(known, subject)
        if known is None:
            known = self._register(subject, local)
        elif self._adds_identifiers(known, subject):
            self._update(known, subject)
        self._known[local] = known
        return known.token

    def _check_unique(self, known: _Known | None, subject: SubjectReference) -> None:
        """Refuse an NHS number or UPN that re-points this subject or is another's."""
        for column, kind in UNIQUE.items():
            value = getattr(subject, kind, None)
            if value is None:
                continue
            digest = self._hash(kind, value)
            if known is not None and known.hashes[column] not in (None, digest):
                raise repointed(kind)
            owner = self.owner(column, digest)
            if owner is not None and (known is None or owner != known.token):
                raise reused(kind)

    def owner(self, column: str, digest: bytes) -> str | None:
        """The current subject holding this NHS number or UPN hash, if any."""
        if (column, digest) not in self._owners:
            table_column = getattr(Subject, column)
            row = self.conn.execute(
                select(col(Subject.token)).where(
                    table_column == digest, col(Subject.merged_into).is_(None)
                )
            ).first()
            self._owners[(column, digest)] = None if row is None else str(row[0])
        return self._owners[(column, digest)]

    def claim(self, token: str, old: dict[str, bytes | None], new: dict[str, bytes | None]) -> None:
        """Keep the owners of NHS numbers and UPNs current after a row changed."""
        for column in UNIQUE:
            if old.get(column) is not None and old[column] != new.get(column):
                self._owners[(column, bytes(old[column] or b""))] = None
            if new.get(column) is not None:
                self._owners[(column, bytes(new[column] or b""))] = token

    def survivor(self, token: str) -> str:
        """The subject a merged record leads to (itself if it was not merged)."""
        return survivor_of(self.conn, token)

    def _from_row(self, row: Any) -> _Known:
        """What the registry holds of a row, following a merge to the surviving record."""
        if row.merged_into is not None:
            survivor = self.conn.execute(
                select(Subject).where(col(Subject.token) == row.merged_into)
            ).first()
            if survivor is not None:
                row = survivor
        return _Known(row.token, _hashes_of(row), bytes(row.local_id_hmac))

    def resolve_known(self, subject: SubjectReference) -> str:
        """The token of a subject already registered; LookupError for one never seen.

        For entries about a subject the ledger must already know (a notification, a
        correction): a mistyped `local_id` must not register a new person.
        """
        if subject.token is None:
            assert subject.local_id is not None
            local = self._hash("local_id", subject.local_id)
            if local not in self._known and self.lookup("local_id", subject.local_id) is None:
                raise LookupError("no subject with this local_id is in the ledger")
        return self.resolve(subject)

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
        """The current token by `local_id`, `nhs_number` or `upn`: a merged record leads to
        its survivor. Never chooses: `AmbiguousIdentifier` if several subjects hold it."""
        column = {
            "local_id": col(Subject.local_id_hmac),
            "nhs_number": col(Subject.nhs_hmac),
            "upn": col(Subject.upn_hmac),
        }[kind]
        rows = self.conn.execute(
            select(col(Subject.token), col(Subject.merged_into))
            .where(column == self._hash(kind, value))
            .order_by(col(Subject.token))
        ).all()
        current = sorted({str(merged or token) for token, merged in rows})
        if len(current) > 1:
            raise AmbiguousIdentifier(kind, current)
        return current[0] if current else None

    def merged_from(self, token: str) -> list[str]:
        """The records merged into this subject's (their shares are this subject's too)."""
        return merged_from(self.conn, token)

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
        """Destroy the subject's key and registry row (retention ended or erasure upheld),
        and those of the records merged into it: they are the same child."""
        for each in [token, *self.merged_from(token)]:
            self.conn.execute(delete(SubjectKey).where(col(SubjectKey.token) == each))
            self.conn.execute(delete(Subject).where(col(Subject.token) == each))
            self._subject_keys.pop(each, None)
            self._new_keys = [k for k in self._new_keys if k["token"] != each]
            self._known = {h: k for h, k in self._known.items() if k.token != each}
        self._owners = {key: owner for key, owner in self._owners.items() if owner != token}

    def on_legal_hold(self, token: str) -> bool:
        """The registry's flag: a cache of the hold entries (`lineage.registry.holds`)."""
        pending = self._pending(token)
        if pending is not None and pending.row is not None:
            return bool(pending.row["legal_hold"])
        row = self.conn.execute(
            select(col(Subject.legal_hold)).where(col(Subject.token) == token)
        ).first()
        return bool(row and row[0])

    def set_legal_hold(self, token: str, held: bool) -> None:
        pending = self._pending(token)
        if pending is not None and pending.row is not None:
            pending.row["legal_hold"] = held
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
            "merged_into": None,
            **self.identifier_columns(token, identifiers),
        }
        self._absent.discard(local)
        self.claim(token, {}, _hashes_of(row))
        self.events.append(
            subject_event("subject.register", token, row_fingerprint(key, token, identifiers, None))
        )
        return _Known(token, _hashes_of(row), local, identifiers, row)

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
        # A merged record's local id leads here; the display copy keeps the survivor's own.
        merged = {**current, **_supplied(subject), "local_id": current.get("local_id")}
        columns = self.identifier_columns(known.token, merged)
        self.claim(known.token, known.hashes, _hashes_of(columns))
        if known.row is not None:
            known.row.update(columns)
            known.identifiers = merged
        else:
            self.conn.execute(
                update(Subject).where(col(Subject.token) == known.token).values(**columns)
            )
        known.hashes = _hashes_of(columns)
        self.record("subject.identify", known.token, merged, None)

    def record(
        self,
        action: str,
        token: str,
        identifiers: dict[str, Any],
        merged_into: str | None,
        **extra: Any,
    ) -> None:
        """Add a change to this subject's row to the events the entry will record."""
        key = self.sealing_keys([token]).get(token)
        if key is None:
            raise LookupError(f"subject {token} has no key: it was erased")
        fingerprint = row_fingerprint(key, token, identifiers, merged_into)
        self.events.append(subject_event(action, token, fingerprint, **extra))

    def digest(self, kind: str, value: str) -> bytes:
        """The keyed look-up hash of one identifier (`lookup_hash`)."""
        return self._hash(kind, value)

    def _hash(self, kind: str, value: str) -> bytes:
        """`lookup_hash`, once per identifier in this transaction: prefetching, resolving and
        registering a subject each ask for it, and an import's batch names many subjects twice."""
        digest = self._hashed.get((kind, value))
        if digest is None:
            digest = self._hashed[(kind, value)] = lookup_hash(self.keys, kind, value)
        return digest

    def identifier_columns(self, token: str, identifiers: dict[str, Any]) -> dict[str, Any]:
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
