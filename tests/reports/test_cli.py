"""`disclosure access-report` and `disclosure board-report` over the hand-written family."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from lineage.cli import main
from lineage.registry import access_log
from lineage.service import Service
from tests.reports.family import CHILD_NHS, CHILD_UPN, IDENTIFIERS, Family
from tests.visualise.pages import Page
from visualise.tokens import TOKEN_PATTERN


def run(service: Service, *args: str) -> Result:
    settings = service.settings
    env = {
        "DISCLOSURE_KEY_DIR": str(settings.key_dir),
        "DISCLOSURE_CHECKPOINT_DIR": str(settings.checkpoint_dir),
    }
    return CliRunner(env=env).invoke(main, [*args, "--db", settings.database_url])


def test_the_access_report_as_html_by_token(
    service: Service, family: Family, tmp_path: Path
) -> None:
    out = tmp_path / "access.html"
    result = run(service, "access-report", family.child, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out} (7 item(s) for the reviewer before release)\n"
    page = Page(out.read_text(encoding="utf-8"))
    assert "7 times with 6 organisations" in page.text("summary")
    assert page.count("svg") == 1 and "Crown Prosecution Service" in page.text("recipients")
    with service.engine.connect() as conn:
        [read] = access_log.read_events(conn, token=family.child)
    assert read["endpoint"] == "CLI access-report" and read["principal"].startswith("cli:")


def test_the_access_report_as_json_by_nhs_number_or_upn(
    service: Service, family: Family, tmp_path: Path
) -> None:
    for flag, value in (("--nhs-number", CHILD_NHS), ("--upn", CHILD_UPN)):
        out = tmp_path / f"access{flag}.json"
        result = run(service, "access-report", flag, value, "--format", "json", "--out", str(out))
        assert result.exit_code == 0, result.output
        report = json.loads(out.read_text(encoding="utf-8"))
        assert report["subject"] == family.child and len(report["recipients"]) == 7


def test_an_unknown_subject_is_an_error(service: Service, family: Family, tmp_path: Path) -> None:
    out = tmp_path / "none.html"
    result = run(service, "access-report", "--local-id", "LL-NOBODY", "--out", str(out))
    assert result.exit_code == 1 and "no subject with that local id" in result.output
    assert not out.exists()


def test_the_board_report_writes_one_self_contained_page(
    service: Service, family: Family, tmp_path: Path
) -> None:
    out = tmp_path / "board"
    result = run(service, "board-report", "--from", "2026-01-01", "--to", "2026-03-31",
                 "--out", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    [written] = list(out.iterdir())
    assert written.name == "board-pack-2026-01-01-to-2026-03-31.html"
    html = written.read_text(encoding="utf-8")
    page = Page(html)
    assert page.count("svg") >= 5 and page.count("link") == 0 and page.count("script") == 0
    assert "Office of Children&#39;s Issues" in html or "Office of Children's Issues" in html
    assert not TOKEN_PATTERN.search(html)
    for secret in (*family.tokens, *IDENTIFIERS):
        assert secret not in html


def test_a_board_period_that_ends_before_it_starts_is_refused(
    service: Service, tmp_path: Path
) -> None:
    result = run(service, "board-report", "--from", "2026-03-31", "--to", "2026-01-01",
                 "--out", str(tmp_path))  # fmt: skip
    assert result.exit_code == 2 and "ends before it starts" in result.output
