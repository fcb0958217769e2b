"""API keys: random, shown once, kept only as SHA-256, compared in constant time, revocable.

Creating a key, revoking it and changing its role are `registry` ledger entries, with who
did it and why: the `api_key` table is applied inside the entry's own transaction, and
`verify` re-derives it from those entries (a role edited in the table is named).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cachetools import TTLCache, cached
from sqlalchemy import Connection, Engine, insert, select, update
from sqlmodel import col

from lineage.ledger.requests import Appender, NotFound, Request
from lineage.storage.database import read_connection
from models import registry_changes
from models.tables import ApiKey

ROLES = registry_changes.ROLES
PREFIX = "dl_"


@dataclass(frozen=True)
class Principal:
    """Who is calling: recorded as `recorded_by` and in the access log."""

    key_id: int
    name: str
    role: str

    @property
    def label(self) -> str:
        return f"{self.role}:{self.name}"


def key_hash(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


def create(
    ledger: Appender, *, role: str, name: str, by: str = "cli", reason: str = "issued"
) -> str:
    """A new key for `role`, recorded in the ledger; the caller shows it once and it is
    never stored (only its SHA-256). `EntryRefused` for an unknown role."""
    key = PREFIX + secrets.token_urlsafe(32)
    change = {"role": role, "name": name, "key_hash": key_hash(key).hex()}
    _record(ledger, "api_key.create", change, by=by, reason=reason)
    return key


def _record(ledger: Appender, action: str, change: dict[str, Any], *, by: str, reason: str) -> None:
    request = Request.validated("registry", {"action": action, **change, "reason": reason})
    ledger.append([[request]], recorded_by=by)[0].get()


def insert_key(conn: Connection, *, role: str, name: str, digest: bytes, at: datetime) -> int:
    """Store a key's row (inside the entry that records it); its id."""
    result = conn.execute(
        insert(ApiKey).values(name=name, role=role, key_hash=digest, created_at=at)
    )
    key_id = result.inserted_primary_key
    assert key_id is not None
    return int(key_id[0])


def key_hash_used(conn: Connection, digest: bytes) -> bool:
    found = conn.execute(select(col(ApiKey.id)).where(col(ApiKey.key_hash) == digest)).first()
    return found is not None


def revoke_row(conn: Connection, key_id: int, at: datetime) -> bool:
    """Mark an active key revoked (inside the entry that records it)."""
    result = conn.execute(
        update(ApiKey)
        .where(col(ApiKey.id) == key_id, col(ApiKey.revoked_at).is_(None))
        .values(revoked_at=at)
    )
    return bool(result.rowcount)


def set_role_row(conn: Connection, key_id: int, role: str) -> bool:
    """Give an active key another role (inside the entry that records it)."""
    result = conn.execute(
        update(ApiKey)
        .where(col(ApiKey.id) == key_id, col(ApiKey.revoked_at).is_(None))
        .values(role=role)
    )
    return bool(result.rowcount)


def authenticate(engine: Engine, key: str) -> Principal | None:
    """The principal for an active key, or None."""
    return _find(engine, key_hash(key))


def _find(engine: Engine, digest: bytes) -> Principal | None:
    with read_connection(engine) as conn:
        row = conn.execute(select(ApiKey).where(col(ApiKey.key_hash) == digest)).first()
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(bytes(row.key_hash), digest):
        return None
    assert row.id is not None
    return Principal(row.id, row.name, row.role)


class Authenticator:
    """Finds the principal for a key, and keeps a key it found valid for `seconds`.

    Every request is authenticated, and looking the key up (a pooled connection, a transaction,
    a query) cost a small request more than anything else it did: about a quarter of the
    server's busy time on an append, in a profile. A running server therefore keeps what it
    found for a valid key, by the key's hash, for `seconds`: a key revoked meanwhile
    (`disclosure keys revoke`, from another process) is refused once they are up. Requests
    that arrive together for a key not kept wait for one look-up rather than each making
    their own. A key that is unknown or revoked is never kept, so a new key works at once and
    a wrong one is looked up each time. `seconds` 0 keeps nothing.
    """

    MAX_KEYS = 1024
    """Valid keys kept at once; more than a council issues, so none is looked up needlessly."""

    def __init__(
        self,
        engine: Engine,
        seconds: float,
        *,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self._found: TTLCache[bytes, Principal] | None = None
        self._lock = threading.Condition()  # requests run in threads; the cache is not safe
        self._look_up: Callable[[bytes], Principal] = self._valid_principal
        if seconds > 0:
            self._found = TTLCache(self.MAX_KEYS, seconds, timer=timer)
            keep = cached(self._found, key=lambda digest: digest, condition=self._lock)
            self._look_up = keep(self._valid_principal)

    def __call__(self, key: str) -> Principal | None:
        """The principal for an active key (kept or looked up), or None."""
        try:
            return self._look_up(key_hash(key))
        except _Refused:
            return None

    def kept(self, key: str) -> Principal | None:
        """The principal kept for a key, without looking it up: None if none is kept."""
        if self._found is None:
            return None
        with self._lock:
            return self._found.get(key_hash(key))

    def _valid_principal(self, digest: bytes) -> Principal:
        principal = _find(self.engine, digest)
        if principal is None:
            raise _Refused  # raised rather than returned, so that it is not kept
        return principal


class _Refused(Exception):
    """A key that is unknown or revoked."""


def revoke(ledger: Appender, key_id: int, *, by: str = "cli", reason: str = "revoked") -> bool:
    """Revoke an active key, recorded in the ledger; False if there is no such active key."""
    return _recorded(ledger, "api_key.revoke", {"key_id": key_id}, by=by, reason=reason)


def set_role(ledger: Appender, key_id: int, role: str, *, by: str = "cli", reason: str) -> bool:
    """Change an active key's role, recorded in the ledger; False if there is no such key."""
    change = {"key_id": key_id, "role": role}
    return _recorded(ledger, "api_key.set_role", change, by=by, reason=reason)


def _recorded(
    ledger: Appender, action: str, change: dict[str, Any], *, by: str, reason: str
) -> bool:
    try:
        _record(ledger, action, change, by=by, reason=reason)
    except NotFound:
        return False
    return True


def list_keys(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                col(ApiKey.id),
                col(ApiKey.name),
                col(ApiKey.role),
                col(ApiKey.created_at),
                col(ApiKey.revoked_at),
            ).order_by(col(ApiKey.id))
        ).all()
    return [dict(r._mapping) for r in rows]
