"""The subject registry: opaque tokens for the ledger, identifiers kept here and only here.

Identifiers are stored twice: as a keyed HMAC for look-up, and encrypted for display. Each
subject has a sealing key (wrapped under the registry key); destroying it on erasure makes the
free text sealed to that subject unreadable. The registry is mutable and outside the hash chain.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Connection, delete, insert, select, update

from lineage.keys import KeyRing
from lineage.sealing import Entropy, decrypt_blob, encrypt_blob
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
    return hmac.new(keys.hmac_key, f"{kind}:{value}".encode(), hashlib.sha256).digest()


def new_token(entropy: Entropy) -> str:
    return "sub_" + base64.b32encode(entropy(15)).decode("ascii").lower()


@dataclass
class SubjectRegistry:
    """Resolves subjects to tokens within one transaction; caches what it has seen."""

    conn: Connection
    keys: KeyRing
    entropy: Entropy = os.urandom
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    _tokens: dict[bytes, str] = field(default_factory=dict)
    _subject_keys: dict[str, bytes] = field(default_factory=dict)

    def resolve(self, subject: SubjectReference) -> str:
        """The token for a subject, registering it (and its key) on first sight."""
        if subject.token is not None:
            if self.exists(subject.token):
                return subject.token
            raise LookupError(f"unknown subject token {subject.token!r}")
        assert subject.local_id is not None
        local = lookup_hash(self.keys, "local_id", subject.local_id)
        token = self._tokens.get(local) or self._find(Subject.local_id_hmac == local)
        if token is None:
            token = self._register(subject, local)
        else:
            self._update(token, subject)
        self._tokens[local] = token
        return token

    def exists(self, token: str) -> bool:
        return self._find(Subject.token == token) is not None

    def lookup(self, kind: str, value: str) -> str | None:
        """A token by `local_id`, `nhs_number` or `upn`."""
        column = {
            "local_id": Subject.local_id_hmac,
            "nhs_number": Subject.nhs_hmac,
            "upn": Subject.upn_hmac,
        }[kind]
        return self._find(column == lookup_hash(self.keys, kind, value))

    def family(self, token: str) -> list[str]:
        """Every token sharing this subject's family id (the subject itself included)."""
        row = self.conn.execute(select(Subject.family_hmac).where(Subject.token == token)).first()
        if row is None or row[0] is None:
            return [token] if row is not None else []
        members = self.conn.execute(
            select(Subject.token).where(Subject.family_hmac == row[0]).order_by(Subject.token)
        )
        return [m[0] for m in members]

    def identifiers(self, token: str) -> dict[str, Any] | None:
        """The decrypted identifiers, or None for an unknown or erased subject."""
        row = self.conn.execute(select(Subject.identifiers).where(Subject.token == token)).first()
        if row is None:
            return None
        plain = decrypt_blob(
            self.keys.registry_key, row[0], context=b"identifiers:" + token.encode()
        )
        identifiers: dict[str, Any] = json.loads(plain)
        return identifiers

    def sealing_keys(self, tokens: Iterable[str]) -> dict[str, bytes]:
        """The sealing keys of those subjects whose keys still exist."""
        wanted = [t for t in set(tokens) if t not in self._subject_keys]
        if wanted:
            rows = self.conn.execute(select(SubjectKey).where(SubjectKey.token.in_(wanted)))
            for row in rows:
                self._subject_keys[row.token] = decrypt_blob(
                    self.keys.registry_key, row.wrapped_key, context=b"key:" + row.token.encode()
                )
        return {t: self._subject_keys[t] for t in set(tokens) if t in self._subject_keys}

    def erase(self, token: str) -> None:
        """Destroy the subject's key and registry row (retention ended or erasure upheld)."""
        self.conn.execute(delete(SubjectKey).where(SubjectKey.token == token))
        self.conn.execute(delete(Subject).where(Subject.token == token))
        self._subject_keys.pop(token, None)
        self._tokens = {k: v for k, v in self._tokens.items() if v != token}

    def on_legal_hold(self, token: str) -> bool:
        row = self.conn.execute(select(Subject.legal_hold).where(Subject.token == token)).first()
        return bool(row and row[0])

    def set_legal_hold(self, token: str, held: bool) -> None:
        self.conn.execute(update(Subject).where(Subject.token == token).values(legal_hold=held))

    def _find(self, condition: Any) -> str | None:
        row = self.conn.execute(select(Subject.token).where(condition)).first()
        return None if row is None else str(row[0])

    def _register(self, subject: SubjectReference, local: bytes) -> str:
        token = new_token(self.entropy)
        key = self.entropy(32)
        self.conn.execute(
            insert(Subject).values(
                token=token,
                local_id_hmac=local,
                created_at=self.clock(),
                legal_hold=False,
                **self._identifier_columns(token, subject, {}),
            )
        )
        wrapped = encrypt_blob(
            self.keys.registry_key, key, context=b"key:" + token.encode(), entropy=self.entropy
        )
        self.conn.execute(insert(SubjectKey).values(token=token, wrapped_key=wrapped))
        self._subject_keys[token] = key
        return token

    def _update(self, token: str, subject: SubjectReference) -> None:
        """Add identifiers a later disclosure supplies; a known one is never blanked."""
        known = self.identifiers(token) or {}
        merged = {
            **known,
            **{
                f: getattr(subject, f) for f in IDENTIFIER_FIELDS if getattr(subject, f) is not None
            },
        }
        if merged != known:
            self.conn.execute(
                update(Subject)
                .where(Subject.token == token)
                .values(**self._identifier_columns(token, subject, known))
            )

    def _identifier_columns(
        self, token: str, subject: SubjectReference, known: dict[str, Any]
    ) -> dict[str, Any]:
        values = {f: getattr(subject, f) or known.get(f) for f in IDENTIFIER_FIELDS}
        hashed = {
            "nhs_hmac": ("nhs_number", values["nhs_number"]),
            "upn_hmac": ("upn", values["upn"]),
            "family_hmac": ("family_id", values["family_id"]),
        }
        columns: dict[str, Any] = {
            column: None if value is None else lookup_hash(self.keys, kind, value)
            for column, (kind, value) in hashed.items()
        }
        plain = json.dumps({k: v for k, v in values.items() if v is not None}, sort_keys=True)
        columns["identifiers"] = encrypt_blob(
            self.keys.registry_key,
            plain.encode(),
            context=b"identifiers:" + token.encode(),
            entropy=self.entropy,
        )
        return columns
