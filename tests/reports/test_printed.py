"""The board pack and the access letter as printed on A4 by Chromium, read back with
pdftotext: what a board member or a parent holds in their hands."""

from __future__ import annotations

import re
from pathlib import Path

from lineage.reports import Period, access_report, board_pack, by_type, flows
from lineage.service import Service
from tests.appending import append
from tests.reports.family import CHILD_ID, QUARTER, Family, share
from tests.visualise.browser import pdf_text
from visualise.documents import access_report_page, board_pack_page

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# A number that is not a count: a day of a month, an Article, a year, a time, a percentage.
NOT_A_COUNT = re.compile(
    rf"\b\d{{1,2}}\s+(?:{MONTHS})\b|\b(?:Art|Article|para|s|Part)\s+\d+\b|\d+(?:\.\d+)?%"
    r"|\b\d{4}\b|\d{2}:\d{2}|\(\d\)"
)


def board_pdf(service: Service, tmp_path: Path) -> str:
    settings = service.settings
    with service.engine.connect() as conn:
        period = Period.whole_days(*QUARTER)
        partner_flows = flows(conn, period, by="partner")
        pack = board_pack(
            conn, period, council=settings.council, council_name=settings.council_name
        )
    page = tmp_path / "board.html"
    page.write_text(
        board_pack_page(
            pack,
            partner_flows,
            by_type(partner_flows, council=settings.council),
            period,
            council=settings.council,
        ),
        encoding="utf-8",
    )
    return pdf_text(page, tmp_path, layout=False)


def small_counts(text: str) -> list[str]:
    """Bare numbers from 1 to 4 left once dates, Articles, years and times are taken out."""
    rest = NOT_A_COUNT.sub(" ", text)
    return re.findall(r"(?<![\w.,])[1-4](?![\w.,%])", rest)


def test_the_printed_board_pack_names_the_calendar_quarter_and_no_small_count(
    service: Service, family: Family, tmp_path: Path
) -> None:
    text = board_pdf(service, tmp_path)
    assert "compared with 1 October 2025 to 31 December 2025" in " ".join(text.split())
    assert "fewer than 5" in text
    assert small_counts(text) == [], text
    assert "Includes this council" not in text
    assert "Luton Borough Council (received from partners)" in " ".join(text.split())


def test_the_printed_letter_does_not_put_gender_under_special_category(
    service: Service, family: Family, tmp_path: Path
) -> None:
    payload = share("00000000-0000-4000-9000-000000000777", "2026-03-20T09:00:00Z",
                    "beds-police", categories=["identity", "gender", "health"],
                    special_category_condition="UKGDPR.9.2.g",
                    schedule1_condition="DPA2018.S1.P2.18")  # fmt: skip
    append(service.ledger, payload, recorded_by="test")
    settings = service.settings
    with service.engine.connect() as conn:
        report = access_report(conn, service.keys, family.child, council=settings.council,
                               council_name=settings.council_name)  # fmt: skip
    page = tmp_path / "letter.html"
    page.write_text(access_report_page(report.document, report.graph), encoding="utf-8")
    text = " ".join(pdf_text(page, tmp_path).split())
    special = text.split("Special category information", 1)[1].split("Other personal", 1)[0]
    assert "Health" in special and "Gender" not in special
    assert "Gender" in text.split("Other personal information", 1)[1]
    assert CHILD_ID not in text
