"""The board pack and the access letter as printed on A4 by Chromium, read back with
pdftotext: what a board member or a parent holds in their hands."""

from __future__ import annotations

import re
from pathlib import Path

from lineage.registry.partners import put_partner
from lineage.reports import Period, access_report, board_pack, by_type, flows
from lineage.service import Service
from lineage.storage.database import write_transaction
from models.registry_schemas import PartnerIn
from tests.appending import append
from tests.reports.family import CHILD_ID, QUARTER, Family, at, share
from tests.visualise.browser import ZOOM, pdf_text, pdf_text_sizes
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


MORE_RECIPIENTS = (
    ("elft", "East London NHS Foundation Trust", "nhs_trust", "health_wellbeing",
     ["health", "mental_health"]),
    ("cafcass", "Cafcass", "cafcass", "court_proceedings", ["identity", "family_relationships"]),
    ("home-start", "Home-Start Luton", "voluntary_sector", "supporting_families",
     ["identity", "needs"]),
    ("fca", "Foster Care Associates", "fostering_agency", "adoption_placement",
     ["identity", "health"]),
    ("bedford", "Bedford Borough Council", "local_authority", "safeguarding", ["identity"]),
)  # fmt: skip


def share_more(service: Service) -> None:
    """Five more recipients for the family's child, one share each in March 2026."""
    with write_transaction(service.engine) as conn:
        for code, name, type_, *_ in MORE_RECIPIENTS:
            record = {"code": code, "name": name, "type": type_, "role": "controller"}
            partner = PartnerIn.model_validate(record | {"country": "GB"})
            put_partner(conn, partner.model_dump(mode="json"), by="test", at=at("2025-09-01"))
    for n, (code, _, _, purpose, categories) in enumerate(MORE_RECIPIENTS):
        payload = share(f"00000000-0000-4000-9000-00000000080{n}", f"2026-03-2{n}T09:00:00Z",
                        code, purpose=purpose, categories=categories)  # fmt: skip
        if "health" in categories:
            payload |= {"special_category_condition": "UKGDPR.9.2.h",
                        "schedule1_condition": "DPA2018.S1.P1.2"}  # fmt: skip
        append(service.ledger, payload, recorded_by="test")


def test_the_printed_letter_of_a_family_with_many_recipients_has_a_legible_diagram(
    service: Service, family: Family, tmp_path: Path
) -> None:
    share_more(service)
    settings = service.settings
    with service.engine.connect() as conn:
        report = access_report(conn, service.keys, family.child, council=settings.council,
                               council_name=settings.council_name)  # fmt: skip
    assert len(report.document["recipients"]) >= 10
    page = tmp_path / "letter.html"
    page.write_text(access_report_page(report.document, report.graph), encoding="utf-8")
    runs = pdf_text_sizes(page, tmp_path)
    texts = [text for _, text in runs]
    start = texts.index("Picture of where your information went")
    end = next(i for i, text in enumerate(texts) if text.startswith("Each box is"))
    diagram = runs[start + 1 : end]
    assert any("Cafcass" in text for _, text in diagram)
    # Rounded to a third of a point: 8 1/3 or more is at least 8 pt as printed.
    assert min(size for size, _ in diagram) >= 8 + 1 / ZOOM - 0.01, sorted(diagram)[:5]
