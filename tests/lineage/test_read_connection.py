"""Reads end their transactions with COMMIT, so PostgreSQL keeps the statements psycopg
prepared on a connection; a failed read still rolls back."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, select, text
from sqlmodel import col

from lineage.service import Service
from lineage.storage.database import make_engine, read_connection
from models.tables import ApiKey
from tests.conftest import create_pg_database, drop_pg_database
from tests.lineage.helpers import ends

PREPARE_THRESHOLD = 5
"""psycopg prepares a statement on a connection after this many executions of it."""


def look_up_a_key(conn: Connection) -> None:
    conn.execute(select(col(ApiKey.id)).where(col(ApiKey.key_hash) == b"x" * 32)).all()


def test_a_read_ends_with_commit_and_a_failed_read_with_rollback(service: Service) -> None:
    ended = ends(service.engine)
    with read_connection(service.engine) as conn:
        look_up_a_key(conn)
    assert ended == ["commit"]
    with pytest.raises(LookupError), read_connection(service.engine) as conn:
        look_up_a_key(conn)
        raise LookupError
    assert ended == ["commit", "rollback"]


def test_postgresql_keeps_prepared_statements_from_one_read_to_the_next(
    pg_admin_url: str,
) -> None:
    url = create_pg_database(pg_admin_url)
    engine = make_engine(url, pool_size=1, max_overflow=0)
    try:
        with engine.begin() as conn:
            ApiKey.__table__.create(conn)  # type: ignore[attr-defined]
        for _ in range(PREPARE_THRESHOLD + 2):
            with read_connection(engine) as conn:
                look_up_a_key(conn)
        with read_connection(engine) as conn:
            prepared = conn.execute(text("SELECT statement FROM pg_prepared_statements")).all()
        assert any("api_key" in statement for (statement,) in prepared), prepared
    finally:
        engine.dispose()
        drop_pg_database(pg_admin_url, url)
