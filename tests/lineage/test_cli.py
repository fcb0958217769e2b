"""The command line: documented commands, and the ledger's verbs end to end."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from lineage.cli import main
from lineage.service import Service
from tests.appending import append_batch
from tests.factories import AGREEMENTS, PARTNERS, disclosure_payload


def all_commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found.extend(all_commands(command, f"{prefix}{name} "))
    return found


@pytest.mark.parametrize(("name", "command"), all_commands(main))
def test_every_command_has_help_with_an_example(name: str, command: click.Command) -> None:
    assert command.help, f"{name} has no help"
    assert "Example:" in command.help, f"{name}'s help has no example"
    result = CliRunner().invoke(main, [*name.split(), "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


def cli_env(tmp_path: Path, database_url: str) -> dict[str, str]:
    return {
        "DISCLOSURE_DATABASE_URL": database_url,
        "DISCLOSURE_KEY_DIR": str(tmp_path / "keys"),
        "DISCLOSURE_CHECKPOINT_DIR": str(tmp_path / "checkpoints"),
    }


def verifier_key(tmp_path: Path) -> str:
    """The log's verifier key, the one line `init` writes beside the private key."""
    return (tmp_path / "keys" / "checkpoint-signing.pub").read_text().strip()


def invoke(env: dict[str, str], *args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_init_import_checkpoint_verify(database_url: str, tmp_path: Path) -> None:
    env = cli_env(tmp_path, database_url)
    assert invoke(env, "init").exit_code == 0
    for partner in PARTNERS:
        assert invoke(env, "partners", "add", json.dumps(partner)).exit_code == 0
    agreements = tmp_path / "agreements.jsonl"
    agreements.write_text("".join(json.dumps(a) + "\n" for a in AGREEMENTS))
    assert invoke(env, "agreements", "import", str(agreements)).exit_code == 0
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(disclosure_payload()) + "\n" for _ in range(7)))
    imported = invoke(env, "import", str(source))
    assert imported.exit_code == 0, imported.output
    assert "7 added" in imported.output and "lines added: 1-7" in imported.output
    again = invoke(env, "import", str(source))
    assert "0 added, 7 already present" in again.output
    written = invoke(env, "checkpoint")
    assert written.exit_code == 0 and "\n7\n" in written.output
    verified = invoke(env, "verify", "--trusted-key", verifier_key(tmp_path))
    assert verified.exit_code == 0, verified.output
    assert "entries: 7" in verified.output and "checkpoints checked: 1" in verified.output


def test_import_reports_line_and_field_and_exits_nonzero(service: Service, tmp_path: Path) -> None:
    env = cli_env(tmp_path, service.settings.database_url)
    source = tmp_path / "in.jsonl"
    bad = disclosure_payload(categories=["identity", "no_such_thing"])
    source.write_text(json.dumps(disclosure_payload()) + "\n" + json.dumps(bad) + "\n")
    result = invoke(env, "import", str(source))
    assert result.exit_code == 1
    assert "line 2: categories[1]" in result.output
    assert "1 added" in result.output


def test_verify_exits_nonzero_naming_the_position(service: Service, tmp_path: Path) -> None:
    from sqlalchemy import text

    from lineage.storage import guardrails

    append_batch(service.ledger, [disclosure_payload() for _ in range(4)], recorded_by="t")
    with service.engine.begin() as conn:
        guardrails.remove(conn)
        conn.execute(text("DELETE FROM ledger_entry WHERE seq = 2"))
    env = cli_env(tmp_path, service.settings.database_url)
    result = invoke(env, "verify", "--trusted-key", verifier_key(tmp_path))
    assert result.exit_code == 1
    assert "first position that disagrees: 2" in result.output


def test_keys_create_prints_a_key_once_and_stores_only_its_hash(
    service: Service, tmp_path: Path
) -> None:
    from lineage.registry.apikeys import authenticate
    from tests.lineage.helpers import scalar

    env = cli_env(tmp_path, service.settings.database_url)
    key = invoke(env, "keys", "create", "--role", "investigator", "--name", "DPO").output.strip()
    principal = authenticate(service.engine, key)
    assert principal is not None and principal.role == "investigator"
    stored = bytes(scalar(service, "SELECT key_hash FROM api_key"))
    assert key.encode() not in stored and len(stored) == 32
    assert invoke(env, "keys", "revoke", str(principal.key_id)).exit_code == 0
    assert authenticate(service.engine, key) is None


def _wait_for_growth(service: Service, process: subprocess.Popen[bytes]) -> None:
    """Until the first batch is in (so the kill lands mid-import) or the process ends."""
    deadline = time.monotonic() + 120
    while service.ledger.head()[0] == 0 and process.poll() is None:
        assert time.monotonic() < deadline, "the import never appended anything"
        time.sleep(0.05)


def test_a_killed_import_leaves_a_ledger_that_verifies(service: Service, tmp_path: Path) -> None:
    """SIGKILL at a random moment, three times; then the import completes exactly once."""
    lines = 3000
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(
            json.dumps(
                disclosure_payload(
                    entry_id=None,
                    occurred_at=f"2026-03-02T10:{i % 60:02d}:{i // 60 % 60:02d}Z",
                    legal_power=f"s47 #{i}",
                )
            )
            + "\n"
            for i in range(lines)
        )
    )
    env = {**os.environ, **cli_env(tmp_path, service.settings.database_url)}
    command = [sys.executable, "-m", "lineage", "import", str(source), "--batch-size", "100"]
    rng = random.Random(20261126)
    sizes = []
    for _ in range(3):
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _wait_for_growth(service, process)  # however slowly the process starts
        time.sleep(rng.uniform(0.0, 0.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        report = service.verify()
        assert report.ok, report.problems
        sizes.append(report.tree_size)
    assert any(0 < size < lines for size in sizes), f"no kill landed mid-import: {sizes}"
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    report = service.verify()
    assert report.ok and report.tree_size == lines
