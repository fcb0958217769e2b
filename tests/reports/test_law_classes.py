"""Categories are classed as UK GDPR Art 9 and Art 10 have them, not as the council's
notice lists them: gender is not special category data (Art 9(1) names sex life and sexual
orientation, not gender), and every report reads the class from the vocabulary."""

from __future__ import annotations

from datetime import date

from lineage.reports import Period, board_pack, flows
from lineage.service import Service
from models.validation import validate_disclosure
from models.vocabulary import category_class, codes_of_class
from tests.appending import append
from tests.reports.family import share

QUARTER = Period.whole_days(date(2026, 1, 1), date(2026, 3, 31))
ART9 = {
    "ethnicity", "religion", "health", "mental_health", "mental_capacity", "disability",
    "pregnancy", "smoking", "substance_misuse", "disability_allowance", "sex_life",
}  # fmt: skip


def test_the_law_s_classes() -> None:
    assert category_class("gender") == "ordinary"
    assert category_class("sex_life") == "special"
    assert set(codes_of_class("special")) == ART9
    assert codes_of_class("criminal") == ("criminal_records",)


def test_gender_alone_needs_no_art9_condition() -> None:
    payload = share("00000000-0000-4000-9000-000000000901", "2026-02-02T09:00:00Z",
                    "beds-police", categories=["identity", "gender"])  # fmt: skip
    validate_disclosure(payload)  # raises if an Art 9 condition were required


def test_reports_do_not_count_gender_as_special(service: Service) -> None:
    payload = share("00000000-0000-4000-9000-000000000902", "2026-02-02T09:00:00Z",
                    "beds-police", categories=["identity", "gender"])  # fmt: skip
    append(service.ledger, payload, recorded_by="test")
    with service.engine.connect() as conn:
        pack = board_pack(conn, QUARTER, council="luton-council", council_name="Luton")
        rows = flows(conn, QUARTER)
    classes = {row["key"]: row["current"] for row in pack["by_category_class"]}
    assert classes == {"ordinary": 1, "special": 0, "criminal": 0}
    assert [(row["recipient"], row["special"]) for row in rows] == [("beds-police", 0)]
