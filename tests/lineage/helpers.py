"""Small helpers shared by the ledger tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, event, text

from lineage.ledger.store import Ledger
from lineage.service import Service
from lineage.storage.database import is_sqlite

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


def sent_statements(conn: Connection, action: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The statements `conn` sends to the database while `action` runs, with their parameters."""
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        sent.append((statement, parameters))

    event.listen(conn, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(conn, "before_cursor_execute", record)
    return sent


def plan(conn: Connection, sql: str, parameters: Any) -> str:
    """The query plan the database gives `sql`, as text."""
    if is_sqlite(conn):
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", parameters).all()
        return "\n".join(str(row[-1]) for row in rows)
    # Plan the few rows here as a large table would be planned: by index where one applies.
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    return "\n".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql}", parameters))
