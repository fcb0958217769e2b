"""The board pack and the flows, aggregated by SQL over the hand-written family, on SQLite
and PostgreSQL. Expected counts are worked out by hand from the family's story: in the
quarter, eight disclosures were made (the school, the NHS trust, the US and Irish
authorities, the court, the DfE return, the police's report to the council and the
unrelated child's share with the police); in the 90 days before, three."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from lineage.reports import Period, board_pack, flows
from lineage.service import Service
from models.reference import is_adequate
from tests.reports.family import QUARTER, Family

NOW = datetime(2026, 4, 14, 9, 30, tzinfo=UTC)


@pytest.fixture
def pack(service: Service, family: Family) -> dict[str, Any]:
    with service.engine.connect() as conn:
        return board_pack(
            conn, Period.whole_days(*QUARTER), council="luton-council",
            council_name="Luton Borough Council", now=NOW,
        )  # fmt: skip


def counts(rows: list[dict[str, Any]]) -> list[tuple[str, int, int]]:
    return [(row["key"], row["current"], row["previous"]) for row in rows]


def test_totals_and_periods(pack: dict[str, Any]) -> None:
    assert pack["period"] == {"from": "2026-01-01", "to": "2026-03-31"}
    # The calendar quarter before, not the 90 days before.
    assert pack["previous_period"] == {"from": "2025-10-01", "to": "2025-12-31"}
    assert pack["totals"] == {"current": 8, "previous": 3}
    assert pack["generated_at"] == "2026-04-14T09:30:00Z"


def test_by_type_of_recipient_with_the_councils_own_receipts_apart(pack: dict[str, Any]) -> None:
    assert counts(pack["by_recipient_type"]) == [
        ("overseas_authority", 2, 0),
        ("police", 1, 1),
        ("school", 1, 1),
        ("court", 1, 0),
        ("dfe", 1, 0),
        ("nhs_trust", 1, 0),
        ("this_council", 1, 0),
        ("central_government", 0, 1),
    ]
    labels = {row["key"]: row["label"] for row in pack["by_recipient_type"]}
    assert labels["this_council"] == "Luton Borough Council (received from partners)"


def test_by_class_of_data_counts_a_disclosure_once_per_class(pack: dict[str, Any]) -> None:
    assert counts(pack["by_category_class"]) == [
        ("ordinary", 8, 3),
        ("special", 1, 1),
        ("criminal", 0, 0),
    ]


def test_by_purpose_and_by_lawful_basis(pack: dict[str, Any]) -> None:
    assert counts(pack["by_purpose"]) == [
        ("adoption_placement", 2, 0),
        ("safeguarding", 2, 0),
        ("education", 1, 1),
        ("court_proceedings", 1, 0),
        ("health_wellbeing", 1, 0),
        ("statutory_return", 1, 0),
        ("child_protection", 0, 1),
        ("crime_prevention", 0, 1),
    ]
    assert counts(pack["by_lawful_basis"]) == [("UKGDPR.6.1.e", 7, 3), ("UKGDPR.6.1.c", 1, 0)]


def test_transfers_by_country_and_mechanism_with_adequacy(pack: dict[str, Any]) -> None:
    ireland, united_states = pack["transfers"]
    assert ireland == {
        "country": "IE",
        "country_name": "Ireland",
        "mechanism": "ADEQUACY",
        "mechanism_label": "Transfer approved by regulations (adequacy)",
        "count": 1,
        "previous": 0,
        "adequate": True,
    }
    assert (united_states["country"], united_states["mechanism"]) == ("US", "ART46.2.a")
    assert united_states["adequate"] is is_adequate("US", date(2026, 2, 16))


def test_exceptions_by_kind_in_the_period(pack: dict[str, Any]) -> None:
    # The unrelated child's share was recorded 40 days late; the school's missing
    # agreement was flagged in the previous period, so it is not listed.
    assert pack["exceptions"] == [
        {"kind": "late_record", "label": "Recorded long after it occurred", "count": 1,
         "previous": 0},
    ]  # fmt: skip


def test_flows_by_partner(service: Service, family: Family) -> None:
    with service.engine.connect() as conn:
        rows = flows(conn, Period.whole_days(*QUARTER), by="partner")
    summary = {
        (r["sender"], r["recipient"]): (r["count"], r["special"], r["cross_border"], r["countries"])
        for r in rows
    }
    assert summary == {
        ("luton-council", "riverside-academy"): (1, 0, 0, []),
        ("luton-council", "elft"): (1, 1, 0, []),
        ("luton-council", "us-adoption"): (1, 0, 1, ["US"]),
        ("luton-council", "tusla"): (1, 0, 1, ["IE"]),
        ("luton-council", "family-court"): (1, 0, 0, []),
        ("luton-council", "dfe"): (1, 0, 0, []),
        ("luton-council", "beds-police"): (1, 0, 0, []),
        ("beds-police", "luton-council"): (1, 0, 0, []),
    }
    police = next(r for r in rows if r["sender"] == "beds-police")
    assert (police["sender_name"], police["recipient_type"]) == (
        "Bedfordshire Police", "local_authority",
    )  # fmt: skip


def test_flows_by_type_roll_partners_up(service: Service, family: Family) -> None:
    with service.engine.connect() as conn:
        rows = flows(conn, Period.whole_days(date(2025, 10, 1), date(2026, 3, 31)), by="type")
    summary = {(r["sender"], r["recipient"]): (r["count"], r["countries"]) for r in rows}
    assert summary[("local_authority", "overseas_authority")] == (2, ["IE", "US"])
    assert summary[("local_authority", "police")] == (2, [])  # the child's and the other's
    assert summary[("police", "central_government")] == (1, [])
    assert summary[("police", "local_authority")] == (1, [])
    assert rows[0]["sender_name"] == "Other local authority"
    assert sum(r["count"] for r in rows) == 11


def test_a_period_with_nothing_in_it(service: Service, family: Family) -> None:
    period = Period.whole_days(date(2024, 1, 1), date(2024, 3, 31))
    with service.engine.connect() as conn:
        empty = board_pack(conn, period, council="luton-council", council_name="Luton")
        assert flows(conn, period) == []
    assert empty["totals"] == {"current": 0, "previous": 0}
    assert empty["by_recipient_type"] == [] and empty["transfers"] == []
    assert counts(empty["by_category_class"])[0] == ("ordinary", 0, 0)


def test_a_year_with_nothing_the_year_before_is_compared_with_nothing(
    service: Service, family: Family
) -> None:
    year = Period.whole_days(date(2025, 4, 1), date(2026, 3, 31))
    with service.engine.connect() as conn:
        pack = board_pack(conn, year, council="luton-council", council_name="Luton")
    assert pack["totals"]["previous"] == 0
    assert pack["previous_period"] is None  # no comparison, not "new" everywhere


def test_breaches_corrections_refusals_and_notifications(pack: dict[str, Any]) -> None:
    activity = {line["key"]: line["count"] for line in pack["activity"]}
    assert set(activity) == {
        "breach", "correction", "refusal", "notification", "erasure", "legal_hold",
    }  # fmt: skip
    assert activity["refusal"] == 1 == pack["headline"]["refusals"]
    assert activity["correction"] >= 1
