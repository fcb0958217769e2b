"""Same seed, same ledger: byte-identical bodies and roots, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlmodel import col

from lineage.service import Service
from lineage.settings import Settings
from models.tables import LedgerEntry
from tests.demo.conftest import build_demo, sqlite_settings

CHILDREN = 400


def bodies(service: Service) -> list[bytes]:
    with service.engine.connect() as conn:
        rows = conn.execute(select(col(LedgerEntry.body)).order_by(col(LedgerEntry.seq)))
        return [bytes(row[0]) for row in rows]


def test_same_seed_gives_byte_identical_ledgers_on_any_database(
    settings: Settings, tmp_path: Path
) -> None:
    """The fixture's database (SQLite or PostgreSQL) against a second, fresh SQLite one with
    keys of its own: the keys made by `init` must not reach the bodies."""
    first = build_demo(settings, children=CHILDREN, seed=21)
    second = build_demo(sqlite_settings(tmp_path / "second"), children=CHILDREN, seed=21)
    try:
        assert first.keys.hmac_key != second.keys.hmac_key
        assert first.ledger.head() == second.ledger.head()
        assert first.ledger.head()[0] > 100
        assert bodies(first) == bodies(second)
        assert first.verify().ok
    finally:
        second.engine.dispose()
        first.engine.dispose()


def test_another_seed_gives_another_ledger(tmp_path: Path) -> None:
    one = build_demo(sqlite_settings(tmp_path / "one"), children=CHILDREN, seed=21)
    two = build_demo(sqlite_settings(tmp_path / "two"), children=CHILDREN, seed=22)
    try:
        assert one.ledger.head()[1] != two.ledger.head()[1]
    finally:
        one.engine.dispose()
        two.engine.dispose()
