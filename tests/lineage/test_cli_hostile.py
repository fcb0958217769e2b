"""The command line never dies with a traceback: bad lines, bad files, bad options.

Each case once ended in a traceback, and an import lost the valid lines of its batch.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from lineage.cli import main
from lineage.service import Service
from tests.appending import append
from tests.factories import disclosure_payload
from tests.lineage.test_cli import cli_env


def run(service: Service, tmp_path: Path, *args: str) -> click.testing.Result:
    env = cli_env(tmp_path, service.settings.database_url)
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def lines_file(tmp_path: Path, lines: list[bytes]) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


def good(i: int) -> bytes:
    payload = disclosure_payload(entry_id=None, occurred_at=f"2026-03-02T10:{i:02d}:00Z")
    return json.dumps(payload).encode()


def test_hostile_lines_are_reported_each_and_the_good_lines_stored(
    service: Service, tmp_path: Path
) -> None:
    taken = disclosure_payload()
    append(service.ledger, taken, recorded_by="t")
    before = service.ledger.head()[0]
    lines = [
        good(1),
        b'{"a":' * 5_000 + b"1" + b"}" * 5_000,
        json.dumps(disclosure_payload(occurred_at="9999-12-31T23:59:59-01:00")).encode(),
        json.dumps(disclosure_payload(reason="a\x00b")).encode(),
        b'{"reason": "caf\xe9"}',
        json.dumps({**taken, "purpose": "safeguarding"}).encode(),
        good(2),
    ]
    path = lines_file(tmp_path, lines)
    result = run(service, tmp_path, "import", "--batch-size", "100", str(path))
    assert result.exit_code == 1, result.output
    out = result.output
    assert "line 2: (line): nested deeper than 32 levels" in out
    assert "line 3: occurred_at:" in out
    assert "line 4: reason: contains a control character (U+0000)" in out
    assert "line 5: (line): not UTF-8: byte 16 of the line is 0xe9" in out
    assert "line 6: entry_id: entry id" in out and "different entry" in out
    assert "2 added" in out and "lines added: 1, 7" in out
    assert service.ledger.head()[0] == before + 2


def test_all_or_nothing_stores_nothing_when_a_line_is_refused(
    service: Service, tmp_path: Path
) -> None:
    path = lines_file(tmp_path, [good(1), b"{not json", good(2)])
    result = run(service, tmp_path, "import", "--all-or-nothing", str(path))
    assert result.exit_code == 1
    assert "line 2:" in result.output and "nothing was stored" in result.output
    assert service.ledger.head()[0] == 0


def test_all_or_nothing_stores_nothing_when_the_ledger_refuses_a_line(
    service: Service, tmp_path: Path
) -> None:
    unknown = json.dumps(disclosure_payload(recipient="no-such-partner")).encode()
    path = lines_file(tmp_path, [good(1), unknown, good(2)])
    result = run(service, tmp_path, "import", "--all-or-nothing", str(path))
    assert result.exit_code == 1
    assert "line 2: recipient" in result.output and "nothing was stored" in result.output
    assert service.ledger.head()[0] == 0
    path = lines_file(tmp_path, [good(1)])
    stored = run(service, tmp_path, "import", "--all-or-nothing", str(path))
    assert stored.exit_code == 0 and service.ledger.head()[0] == 1


def test_a_csv_file_that_is_not_utf8_names_the_line_and_column(
    service: Service, tmp_path: Path
) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"recipient,reason\nbeds-police,caf\xe9\n")
    result = run(service, tmp_path, "import", str(path))
    assert result.exit_code == 1
    assert "line 2: reason: not UTF-8: byte 4 of the value is 0xe9" in result.output


def test_a_batch_size_of_zero_is_a_usage_error(service: Service, tmp_path: Path) -> None:
    path = lines_file(tmp_path, [good(1)])
    result = CliRunner().invoke(
        main,
        ["import", "--batch-size", "0", str(path)],
        env=cli_env(tmp_path, service.settings.database_url),
    )
    assert result.exit_code == 2 and "batch-size" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("text", ["not json", "[1, 2]", '{"code": "x\\u0000"}', "[" * 5000])
def test_partners_add_with_bad_json_says_so(service: Service, tmp_path: Path, text: str) -> None:
    result = run(service, tmp_path, "partners", "add", text)
    assert result.exit_code == 1
    assert "Error:" in result.output and "Traceback" not in result.output


def test_access_report_into_a_missing_folder_is_a_usage_error(
    service: Service, tmp_path: Path
) -> None:
    append(service.ledger, disclosure_payload(), recorded_by="t")
    out = tmp_path / "missing" / "dir" / "x.html"
    result = run(service, tmp_path, "access-report", "--local-id", "LL-100234", "--out", str(out))
    assert result.exit_code == 2 and "does not exist" in result.output


def test_import_help_documents_the_exit_codes() -> None:
    result = CliRunner().invoke(main, ["import", "--help"])
    assert "Exit codes:" in result.output and "2  usage" in result.output
    assert "--all-or-nothing" in result.output


def test_an_unexpected_error_is_one_line_not_a_traceback(service: Service, tmp_path: Path) -> None:
    bad = tmp_path / "checkpoints"
    bad.write_text("a file where the checkpoint folder should be")
    result = run(service, tmp_path, "checkpoint")
    assert result.exit_code == 1 and "Error:" in result.output
    assert "Traceback" not in result.output
