"""`disclosure cases`: every step from the command line, refusals naming fields, and `due`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from lineage.cli import main
from lineage.service import Service
from tests.appending import append
from tests.factories import disclosure_payload


def run(service: Service, *args: str, stdin: str | None = None) -> Result:
    settings = service.settings
    env = {
        "DISCLOSURE_KEY_DIR": str(settings.key_dir),
        "DISCLOSURE_CHECKPOINT_DIR": str(settings.checkpoint_dir),
    }
    return CliRunner(env=env).invoke(main, [*args, "--db", settings.database_url], input=stdin)


def parsed(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_breach_case_from_the_command_line(service: Service) -> None:
    share = append(service.ledger, disclosure_payload(), recorded_by="recorder").receipt
    opened = parsed(
        run(
            service, "cases", "open", "breach", "occurred_at=2026-03-04T08:00:00Z",
            "partner=cps", f'entries=["{share.entry_id}"]', "nature=Wrong inbox",
            "reported_to_ico=false", "aware_at=2026-03-04T09:30:00Z", "--by", "dpo",
        )
    )  # fmt: skip
    case = opened["entry_id"]
    due = parsed(run(service, "cases", "due", "--kind", "breach"))
    assert [item["case_id"] for item in due["overdue"]] == [case]
    decided = run(
        service, "cases", "step", "breach", case, "ico_decision",
        "at=2026-03-05T10:00:00Z", "report=false", "reason=Recalled unread",
    )  # fmt: skip
    assert decided.exit_code == 0, decided.output
    shown = parsed(run(service, "cases", "show", "breach", case))
    assert shown["ico"]["status"] == "not_reporting"
    assert shown["partner"] == "cps"
    assert parsed(run(service, "cases", "due", "--kind", "breach"))["overdue"] == []
    assert [c["case_id"] for c in parsed(run(service, "cases", "list", "breach"))] == [case]


def test_an_access_request_from_a_json_file_and_its_refusals(service: Service) -> None:
    append(service.ledger, disclosure_payload(), recorded_by="recorder")
    opening = {
        "requester": "Ms A Parent",
        "requester_type": "representative",
        "subjects": [{"local_id": "LL-100234"}],
        "received": "2026-06-10",
        "channel": "letter",
    }
    case = parsed(
        run(service, "cases", "open", "access_request", "--json", "-", stdin=json.dumps(opening))
    )["entry_id"]
    extended = run(
        service, "cases", "step", "access_request", case, "extended", "on=2026-06-30",
        "months=3", "reason=Complex",
    )  # fmt: skip
    assert extended.exit_code != 0
    assert "months:" in extended.output
    for args in (("paused", "on=2026-06-12", "reason=Which years?"), ("restarted", "on=2026-06-15"),
                 ("extended", "on=2026-06-30", "months=2", "reason=Many records")):  # fmt: skip
        result = run(service, "cases", "step", "access_request", case, *args)
        assert result.exit_code == 0, result.output
    shown = parsed(run(service, "cases", "show", "access_request", case))
    assert shown["clock"]["due"] == "2026-09-14"  # 10 Sep + 3 days paused = 13 Sep, a Sunday
    unknown = run(service, "cases", "step", "complaint", case, "acknowledged", "on=2026-06-11",
                  "method=post")  # fmt: skip
    assert "case:" in unknown.output


def test_the_letter_and_the_reviewer_pack_are_separate_files(
    service: Service, tmp_path: Path
) -> None:
    share = append(service.ledger, disclosure_payload(), recorded_by="recorder").receipt
    opening = {"requester": "Ms A", "requester_type": "data_subject",
               "subjects": [{"local_id": "LL-100234"}], "received": "2026-06-10",
               "channel": "letter"}  # fmt: skip
    case = parsed(
        run(service, "cases", "open", "access_request", "--json", "-", stdin=json.dumps(opening))
    )["entry_id"]
    letters = run(service, "cases", "letter", case, "--out", str(tmp_path / "letters"))
    assert letters.exit_code == 0, letters.output
    letter = (tmp_path / "letters" / "letter-1.html").read_text(encoding="utf-8")
    packed = run(service, "cases", "reviewer-pack", case, "--out", str(tmp_path / "pack.html"))
    assert packed.exit_code == 0, packed.output
    pack = (tmp_path / "pack.html").read_text(encoding="utf-8")
    assert share.entry_id in pack and "Strategy discussion" in pack
    assert share.entry_id not in letter and "Strategy discussion" not in letter
    assert 'id="reviewer"' not in letter
