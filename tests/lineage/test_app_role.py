"""`disclosure init --app-role NAME`: the name is only ever a name, quoted by the driver."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from psycopg import sql

from lineage.cli import main
from tests.conftest import create_pg_database, drop_pg_database


@pytest.fixture
def pg_url(pg_admin_url: str) -> Iterator[str]:
    url = create_pg_database(pg_admin_url)
    yield url
    drop_pg_database(pg_admin_url, url)


def _init(url: str, tmp_path: Path, role: str) -> int:
    env = {"DISCLOSURE_DATABASE_URL": url, "DISCLOSURE_KEY_DIR": str(tmp_path / "keys")}
    result = CliRunner().invoke(main, ["init", "--app-role", role], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code


def _roles(admin_url: str, *names: str) -> list[str]:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        rows = conn.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", [list(names)])
        return sorted(r[0] for r in rows)


def _drop(admin_url: str, url: str, role: str) -> None:
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def test_a_role_name_with_a_quote_works(pg_admin_url: str, pg_url: str, tmp_path: Path) -> None:
    role = f"o'brien {uuid.uuid4().hex[:8]}"
    try:
        assert _init(pg_url, tmp_path, role) == 0
        assert _roles(pg_admin_url, role) == [role]
        with psycopg.connect(pg_url.replace("+psycopg", ""), autocommit=True) as conn:
            grants = conn.execute(
                "SELECT privilege_type FROM information_schema.role_table_grants "
                "WHERE grantee = %s AND table_name = 'ledger_entry'",
                [role],
            ).fetchall()
        assert sorted(g[0] for g in grants) == ["INSERT", "SELECT"]
        assert _init(pg_url, tmp_path, role) == 0  # safe to repeat
    finally:
        _drop(pg_admin_url, pg_url, role)


def test_an_injection_attempt_is_inert(pg_admin_url: str, pg_url: str, tmp_path: Path) -> None:
    marker = f"p{uuid.uuid4().hex[:6]}"
    role = f'x" LOGIN; CREATE TABLE {marker} (a int); --'
    quoted = f"x') THEN CREATE TABLE {marker}(a int);END IF;END $$;--"
    try:
        for name in (role, quoted):
            assert _init(pg_url, tmp_path, name) == 0
        assert _roles(pg_admin_url, role, quoted) == sorted([role, quoted])
        with psycopg.connect(pg_url.replace("+psycopg", ""), autocommit=True) as conn:
            found = conn.execute("SELECT to_regclass(%s)", [marker]).fetchone()
        assert found == (None,)
    finally:
        for name in (role, quoted):
            _drop(pg_admin_url, pg_url, name)


@pytest.mark.parametrize("role", ["r" * 64, "a\x00b", ""])
def test_a_role_name_postgresql_would_cut_short_is_a_usage_error(
    pg_url: str, tmp_path: Path, role: str
) -> None:
    assert _init(pg_url, tmp_path, role) == 2
