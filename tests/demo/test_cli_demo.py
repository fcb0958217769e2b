"""`disclosure demo`: generates into an empty ledger only, and keeps demo keys on file."""

from __future__ import annotations

import stat
from pathlib import Path

from click.testing import CliRunner, Result

from lineage.cli import main
from lineage.demo.demo_keys import ensure_keys, read_keys
from lineage.registry import apikeys
from lineage.service import open_service
from lineage.settings import Settings
from lineage.storage.database import make_engine


def run_demo(tmp_path: Path, *extra: str) -> Result:
    env = {"DISCLOSURE_KEY_DIR": str(tmp_path / "keys")}
    args = ["demo", "--children", "300", "--db", f"sqlite:///{tmp_path / 'demo.db'}", *extra]
    return CliRunner().invoke(main, args, env=env, catch_exceptions=False)


def test_demo_fills_an_empty_ledger_and_refuses_a_second_time(tmp_path: Path) -> None:
    first = run_demo(tmp_path)
    assert first.exit_code == 0, first.output
    assert "entries" in first.output and "ledger root" in first.output
    assert "a child to look up: LL-" in first.output
    again = run_demo(tmp_path)
    assert again.exit_code != 0
    assert "already holds" in again.output


def test_keep_leaves_the_ledger_and_prints_the_same_keys(tmp_path: Path) -> None:
    keys_file = tmp_path / "demo-keys.txt"
    first = run_demo(tmp_path, "--keep", "--keys-file", str(keys_file))
    second = run_demo(tmp_path, "--keep", "--keys-file", str(keys_file))
    assert first.exit_code == second.exit_code == 0
    assert "keeping the ledger as it is" in second.output
    keys = read_keys(keys_file)
    assert set(keys) == set(apikeys.ROLES)
    assert all(key in first.output and key in second.output for key in keys.values())
    assert stat.S_IMODE(keys_file.stat().st_mode) == 0o600
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    for role, key in keys.items():
        principal = apikeys.authenticate(engine, key)
        assert principal is not None and principal.role == role
    engine.dispose()


def test_keys_the_database_does_not_know_are_replaced(tmp_path: Path) -> None:
    assert run_demo(tmp_path).exit_code == 0
    keys_file = tmp_path / "demo-keys.txt"
    keys_file.write_text("".join(f"{role}\tdl_unknown\n" for role in apikeys.ROLES))
    keys_file.chmod(0o644)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'demo.db'}", key_dir=tmp_path / "keys")
    service = open_service(settings)
    made = ensure_keys(service.ledger, keys_file)
    assert all(apikeys.authenticate(service.engine, key) is not None for key in made.values())
    assert read_keys(keys_file) == made
    assert stat.S_IMODE(keys_file.stat().st_mode) == 0o600
    service.engine.dispose()
