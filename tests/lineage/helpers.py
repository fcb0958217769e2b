"""Small helpers shared by the ledger tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, event, text

from lineage.service import Service
from lineage.store import Ledger

FIXED_NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def fixed_ledger(service: Service, now: datetime = FIXED_NOW) -> Ledger:
    """The service's ledger with a frozen clock, so 'late' means the same in every run."""
    return Ledger(service.engine, service.keys, service.settings, clock=lambda: now)


def scalar(service: Service, sql: str, **params: Any) -> Any:
    with service.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def rows(service: Service, sql: str, **params: Any) -> list[Any]:
    with service.engine.connect() as conn:
        return list(conn.execute(text(sql), params).all())


def ends(engine: Engine) -> list[str]:
    """How each transaction on `engine` ends ("commit" or "rollback"), from now on."""
    ended: list[str] = []
    event.listen(engine, "commit", lambda conn: ended.append("commit"))
    event.listen(engine, "rollback", lambda conn: ended.append("rollback"))
    return ended
