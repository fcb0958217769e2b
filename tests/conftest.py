"""Fixtures: a fresh ledger on real SQLite and on real PostgreSQL for every test that asks.

PostgreSQL must be reachable (127.0.0.1:5432 unless DISCLOSURE_TEST_PG says otherwise); if it
is not, the PostgreSQL tests fail — they never skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from lineage.registry.partners import put_agreement, put_partner
from lineage.service import Service, initialise
from lineage.settings import Settings
from lineage.storage.database import write_transaction
from tests.factories import AGREEMENTS, PARTNERS

PG_ADMIN = os.environ.get("DISCLOSURE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    with psycopg.connect(PG_ADMIN, connect_timeout=5) as conn:
        conn.execute("SELECT 1")
    return PG_ADMIN


def create_pg_database(admin_url: str) -> str:
    name = f"dl_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0]
    return f"{base.replace('postgresql://', 'postgresql+psycopg://', 1)}/{name}"


def drop_pg_database(admin_url: str, url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return
    admin = request.getfixturevalue("pg_admin_url")
    url = create_pg_database(admin)
    try:
        yield url
    finally:
        drop_pg_database(admin, url)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        key_dir=tmp_path / "keys",
        checkpoint_dir=tmp_path / "checkpoints",
    )


@pytest.fixture
def bare_service(settings: Settings) -> Iterator[Service]:
    """An initialised ledger with only the council's own partner record."""
    service = initialise(settings)
    yield service
    service.engine.dispose()


@pytest.fixture
def service(bare_service: Service) -> Service:
    """An initialised ledger with the partners and agreements the factories use."""
    now = datetime.now(UTC)
    with write_transaction(bare_service.engine) as conn:
        for partner in PARTNERS:
            put_partner(conn, partner, by="test", at=now)
        for agreement in AGREEMENTS:
            put_agreement(conn, agreement, by="test", at=now)
    return bare_service
