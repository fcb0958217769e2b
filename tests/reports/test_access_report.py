"""The Art 15 access report built from the ledger, over the hand-written family, on SQLite
and PostgreSQL. Every expectation is written out from the family's story."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from lineage.reports import AccessReport, access_report
from lineage.service import Service
from tests.reports.family import (
    ADOPTION,
    COURT,
    CPS,
    DFE_RETURN,
    IDENTIFIERS,
    POLICE,
    REFUSAL,
    SCHOOL,
    SCHOOL_AGAIN,
    Family,
)

NOW = datetime(2026, 4, 14, 9, 30, tzinfo=UTC)
SHAPE = {"subject", "purposes", "categories", "recipients", "transfers", "sources", "retention",
         "rights"}  # fmt: skip
ADDED = {"summary", "review", "breaches", "generated_at", "council_name"}
RECIPIENT_FIELDS = ["partner", "name", "type", "country", "first_shared", "last_shared",
                    "categories", "purposes", "lawful_bases"]  # fmt: skip


def report_of(service: Service, token: str) -> AccessReport:
    with service.engine.connect() as conn:
        return access_report(
            conn, service.keys, token, council="luton-council",
            council_name="Luton Borough Council", now=NOW,
        )  # fmt: skip


@pytest.fixture
def child(service: Service, family: Family) -> dict[str, Any]:
    return report_of(service, family.child).document


def recipient(report: dict[str, Any], code: str) -> dict[str, Any]:
    [found] = [r for r in report["recipients"] if r["partner"] == code]
    return dict(found)


def test_the_shape_is_the_designs_plus_what_the_page_needs(child: dict[str, Any]) -> None:
    assert set(child) == SHAPE | ADDED
    assert all(list(r) == RECIPIENT_FIELDS for r in child["recipients"])
    assert all(list(t) == ["entry_id", "country", "mechanism", "instrument"]
               for t in child["transfers"])  # fmt: skip
    assert child["generated_at"] == "2026-04-14T09:30:00Z"
    assert child["council_name"] == "Luton Borough Council"
    json.dumps(child)


def test_every_recipient_of_her_data_and_no_one_else(child: dict[str, Any]) -> None:
    # Not the consultancy (refused), not the Irish authority (the sibling's transfer), not
    # the council itself (it received a report from the police: a source).
    assert [r["partner"] for r in child["recipients"]] == [
        "beds-police", "cps", "dfe", "elft", "family-court", "us-adoption", "riverside-academy",
    ]  # fmt: skip


def test_a_recipient_line_has_type_country_dates_categories_purposes_bases(
    child: dict[str, Any],
) -> None:
    assert recipient(child, "us-adoption") == {
        "partner": "us-adoption",
        "name": "Office of Children's Issues",
        "type": "overseas_authority",
        "country": "US",
        "first_shared": "2026-02-16T09:00:00Z",
        "last_shared": "2026-02-16T09:00:00Z",
        "categories": ["adoption", "identity", "placement"],
        "purposes": ["adoption_placement"],
        "lawful_bases": ["UKGDPR.6.1.e"],
    }
    assert recipient(child, "cps")["purposes"] == ["crime_prevention"]


def test_corrections_apply_and_voided_entries_are_left_out(child: dict[str, Any]) -> None:
    school = recipient(child, "riverside-academy")
    assert (school["first_shared"], school["last_shared"]) == (
        "2025-11-03T09:00:00Z", "2026-01-12T09:00:00Z",
    )  # fmt: skip
    assert school["categories"] == ["attendance", "school_details"]  # send_support corrected out
    assert recipient(child, "dfe")["first_shared"] == "2026-03-20T09:00:00Z"  # not the void one


def test_purposes_and_categories_cover_what_was_disclosed(child: dict[str, Any]) -> None:
    assert child["purposes"] == [
        "adoption_placement", "child_protection", "court_proceedings", "crime_prevention",
        "education", "health_wellbeing", "statutory_return",
    ]  # fmt: skip
    assert "send_support" not in child["categories"]
    assert {"health", "mental_health", "adoption", "looked_after"} <= set(child["categories"])


def test_transfers_carry_the_mechanism_and_the_safeguard(child: dict[str, Any]) -> None:
    assert child["transfers"] == [
        {
            "entry_id": ADOPTION,
            "country": "US",
            "mechanism": "ART46.2.a",
            "instrument": "Intercountry adoption arrangement under the 1993 Hague Convention",
        }
    ]


def test_sources_are_the_councils_records_and_partners_that_sent_to_it(
    child: dict[str, Any],
) -> None:
    own, *partners = child["sources"]
    assert own.startswith("Luton Borough Council's own records")
    assert partners == ["Bedfordshire Police"]


def test_retention_names_each_class_longest_first(child: dict[str, Any]) -> None:
    paragraphs = child["retention"].split("\n\n")
    assert paragraphs[1:-1] == [
        "Adoption records: 100 years from the adoption order.",
        "Looked-after children's case records: to the 75th birthday.",
        "Child protection and children in need records: to the 25th birthday.",
        "Other records: six years after the event.",
    ]


def test_rights_include_rectification_objection_and_the_ico(child: dict[str, Any]) -> None:
    for words in ("Article 16", "Article 21", "Information Commissioner's Office"):
        assert words in child["rights"]


def test_the_summary_reads_as_sentences_a_parent_can_follow(child: dict[str, Any]) -> None:
    first, abroad, sources, closing = child["summary"].split("\n\n")
    assert first == (
        "Between October 2025 and March 2026 we shared information about you 7 times with 6 "
        "organisations, including your school, the police and the NHS. We did this mostly to "
        "support your education and to keep you safe. Some of it was information the law "
        "gives extra protection, such as health and mental health."
    )
    assert abroad == (
        "Information about you was sent outside the UK once, to the United States of America, "
        "with a safeguard the law requires. Organisations we shared with told us they passed "
        "some of it on once, to one other organisation: Crown Prosecution Service."
    )
    assert (
        sources
        == "We also received information about you from one organisation: Bedfordshire Police."
    )
    assert closing.startswith("The rest of this letter gives the details")


def test_the_reviewer_sees_other_people_free_text_exemptions_and_refusals(
    child: dict[str, Any],
) -> None:
    review = {item["entry_id"]: item["reason"] for item in child["review"]}
    assert list(review) == [POLICE, CPS, SCHOOL, SCHOOL_AGAIN, REFUSAL, COURT, DFE_RETURN]
    assert "1 other family member (parent)" in review[POLICE]
    assert "Holds free text" in review[POLICE] and "crime (DPA 2018 Sch 2" in review[POLICE]
    assert "crime (DPA 2018 Sch 2" in review[CPS] and "Holds free text" not in review[CPS]
    assert review[SCHOOL] == (
        "Also concerns 1 other family member (sibling): remove their information before release."
    )
    assert review[SCHOOL_AGAIN].startswith("Holds free text")  # the correction's reason
    assert review[REFUSAL].startswith("A decision not to share with Social Finance")
    assert review[COURT].startswith("Possibly exempt: legal proceedings")
    assert "1 person outside the family" in review[DFE_RETURN]


def test_no_one_elses_token_or_any_identifier_is_in_the_report(
    child: dict[str, Any], family: Family
) -> None:
    text = json.dumps(child)
    for other in (family.sibling, family.parent, family.other, *IDENTIFIERS):
        assert other not in text
    assert text.count(family.child) == 1


def test_the_diagram_draws_exactly_what_the_report_lists(service: Service, family: Family) -> None:
    graph = report_of(service, family.child).graph
    drawn = sorted((s, r) for s, r, _ in graph.edges(keys=True))
    assert ("luton-council", "social-finance") not in drawn
    assert ("beds-police", "luton-council") in drawn and ("beds-police", "cps") in drawn
    assert len(drawn) == 9  # the seven recipients' nine shares, and the police's report


def test_a_parents_report_holds_only_what_concerned_the_parent(
    service: Service, family: Family
) -> None:
    parent = report_of(service, family.parent).document
    assert [r["partner"] for r in parent["recipients"]] == ["beds-police", "cps"]
    assert parent["transfers"] == [] and parent["sources"][1:] == []
    assert "1 other family member (child)" in parent["review"][0]["reason"]


def test_a_subject_with_nothing_shared_gets_a_report_that_says_so(
    service: Service, family: Family
) -> None:
    with service.engine.connect() as conn:
        report = access_report(conn, service.keys, "sub_" + "a" * 24, council="luton-council",
                               council_name="Luton Borough Council", now=NOW)  # fmt: skip
    assert report.document["recipients"] == [] and report.document["review"] == []
    assert report.document["summary"].startswith("We have no record of sharing information")
    assert report.graph.number_of_edges() == 0
