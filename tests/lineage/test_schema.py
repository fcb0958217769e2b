"""The Alembic baseline creates exactly the tables the models declare."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from lineage.service import Service
from lineage.storage import schema


def test_migrations_match_the_models(bare_service: Service) -> None:
    with bare_service.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_upgrade_is_idempotent(bare_service: Service) -> None:
    schema.upgrade(bare_service.engine)
    assert schema.is_initialised(bare_service.engine)
    assert bare_service.ledger.head()[0] == 0


def test_connections_are_tuned_for_short_indexed_queries(bare_service: Service) -> None:
    """PostgreSQL's JIT only adds latency to the ledger's queries; SQLite runs in WAL mode."""
    from lineage.storage.database import refresh_statistics

    with bare_service.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            assert conn.exec_driver_sql("SHOW jit").scalar() == "off"
        else:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    refresh_statistics(bare_service.engine)  # runs on both without touching the ledger
    assert bare_service.verify().ok
