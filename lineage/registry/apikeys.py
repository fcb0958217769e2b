"""API keys: random, shown once, kept only as SHA-256, compared in constant time, revocable."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cachetools import TTLCache, cached
from sqlalchemy import Engine, insert, select, update
from sqlmodel import col

from lineage.storage.database import read_connection
from models.dates import utc_now
from models.tables import ApiKey

ROLES = ("recorder", "investigator", "sar_officer", "board", "admin")
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


def create(engine: Engine, *, role: str, name: str) -> str:
    """A new key for `role`; the caller shows it once and it is never stored."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    key = PREFIX + secrets.token_urlsafe(32)
    with engine.begin() as conn:
        conn.execute(
            insert(ApiKey).values(
                name=name, role=role, key_hash=key_hash(key), created_at=utc_now()
            )
        )
    return key


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


def revoke(engine: Engine, key_id: int) -> bool:
    with engine.begin() as conn:
        result = conn.execute(
            update(ApiKey)
            .where(col(ApiKey.id) == key_id, col(ApiKey.revoked_at).is_(None))
            .values(revoked_at=utc_now())
        )
    return bool(result.rowcount)


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
