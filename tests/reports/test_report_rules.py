"""The pure rules behind the reports: possible exemptions, other people named, the summary's
sentences and the reporting period. No database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from lineage.investigate.lineage_graph import Partner, ShareRow
from lineage.reports.review import (
    CRIME_EXEMPTION,
    LEGAL_EXEMPTION,
    others_named,
    possible_exemptions,
)
from lineage.reports.summary import joined, summary, times, with_article
from models.period import Period

COUNCIL = "luton-council"
PARTNERS = {
    "beds-police": Partner("beds-police", "Bedfordshire Police", "police", "GB"),
    "riverside": Partner("riverside", "Riverside Academy", "school", "GB"),
    "tusla": Partner("tusla", "Tusla", "overseas_authority", "IE"),
}


def row(recipient: str = "beds-police", **fields: Any) -> ShareRow:
    values: dict[str, Any] = {
        "entry_id": "e-1",
        "seq": 1,
        "version_seq": 1,
        "kind": "disclosure",
        "sender": COUNCIL,
        "recipient": recipient,
        "occurred_at": datetime(2026, 3, 2, 10, tzinfo=UTC),
        "recorded_at": datetime(2026, 3, 2, 11, tzinfo=UTC),
        "categories": ("identity",),
        "purpose": "safeguarding",
        "lawful_basis": "UKGDPR.6.1.e",
        "cross_border": False,
        "destination_country": None,
        "transfer_mechanism": None,
        "derived_from": None,
        "derived_from_seq": None,
        "decision": "shared",
        "subjects": ("sub_x",),
        "void": False,
    }
    return ShareRow(**(values | fields))


@pytest.mark.parametrize(
    "purpose, recipient_type, expected",
    [
        ("crime_prevention", "central_government", [CRIME_EXEMPTION]),
        ("child_protection", "police", [CRIME_EXEMPTION]),
        ("safeguarding", "police", [CRIME_EXEMPTION]),
        ("child_protection", "school", []),
        ("education", "police", []),
        ("court_proceedings", "local_authority", [LEGAL_EXEMPTION]),
        ("child_protection", "court", [LEGAL_EXEMPTION]),
        ("adoption_placement", "cafcass", [LEGAL_EXEMPTION]),
        ("crime_prevention", "court", [CRIME_EXEMPTION, LEGAL_EXEMPTION]),
        ("health_wellbeing", "nhs_trust", []),
        ("health_wellbeing", None, []),
    ],
)
def test_the_possible_exemption_rule(
    purpose: str, recipient_type: str | None, expected: list[str]
) -> None:
    assert possible_exemptions(row(purpose=purpose), recipient_type) == expected


def test_other_people_named_are_told_apart_by_family() -> None:
    roles = {"sub_me": "child", "sub_mum": "parent", "sub_sis": "sibling", "sub_x": "child",
             "sub_y": "child"}  # fmt: skip
    family = frozenset({"sub_me", "sub_mum", "sub_sis"})
    assert others_named("sub_me", roles, family) == (
        "Also concerns 2 other family members (parent, sibling) and 2 people outside the "
        "family: remove their information before release"
    )
    assert others_named("sub_me", {"sub_me": "child"}, family) is None


def test_one_share_with_one_organisation_in_one_month() -> None:
    text = summary(council=COUNCIL, disclosed=[row()], received=[], partners=PARTNERS)
    assert text.split("\n\n")[0] == (
        "In March 2026 we shared information about you once with one organisation: "
        "Bedfordshire Police. We did this to make sure you get the help you need."
    )


def test_special_and_criminal_data_and_transfers_are_mentioned() -> None:
    rows = [
        row(categories=("health", "criminal_records"), purpose="child_protection"),
        row("riverside", purpose="education"),
        row("tusla", cross_border=True, destination_country="IE", purpose="adoption_placement"),
    ]
    first, abroad, _ = summary(
        council=COUNCIL, disclosed=rows, received=[], partners=PARTNERS
    ).split("\n\n")
    assert "3 times with 3 organisations: the police, your school and an authority in " in first
    assert "We did this mostly to keep you safe and to support your education." in first
    assert "such as health." in first and "Some of it was about criminal offences." in first
    assert abroad.startswith("Information about you was sent outside the UK once, to Ireland,")


def test_including_when_the_kinds_named_do_not_cover_every_organisation() -> None:
    partners = PARTNERS | {"met": Partner("met", "Metropolitan Police", "police", "GB")}
    rows = [row(), row("met"), row("riverside")]
    first = summary(council=COUNCIL, disclosed=rows, received=[], partners=partners)
    assert "with 3 organisations, including the police and your school." in first


def test_nothing_shared() -> None:
    text = summary(council=COUNCIL, disclosed=[], received=[], partners=PARTNERS)
    assert text.startswith("We have no record of sharing information about you")


@pytest.mark.parametrize(
    "words, expected",
    [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")],
)
def test_joined(words: list[str], expected: str) -> None:
    assert joined(words) == expected


def test_times_and_articles() -> None:
    assert [times(n) for n in (1, 2, 3, 1200)] == ["once", "twice", "3 times", "1,200 times"]
    assert with_article("United States of America") == "the United States of America"
    assert with_article("France") == "France"


def test_a_quarter_is_compared_with_the_ninety_days_before() -> None:
    quarter = Period.parse_days("2026-01-01", "2026-03-31")
    assert quarter.days == 90
    assert quarter.previous() == Period.whole_days(date(2025, 10, 3), date(2025, 12, 31))
    assert quarter.start == datetime(2026, 1, 1, tzinfo=UTC)
    assert quarter.after == datetime(2026, 4, 1, tzinfo=UTC)
    leap = Period.parse_days("2024-03-01", "2024-03-01").previous()
    assert leap == Period.whole_days(date(2024, 2, 29), date(2024, 2, 29))


@pytest.mark.parametrize(
    "first, last, message",
    [
        ("2026-03-31", "2026-01-01", "ends before it starts"),
        ("31/03/2026", "2026-04-01", "from must be a date"),
        ("2026-01-01", "", "to must be a date"),
        ("0001-01-01", "0001-01-31", "outside the calendar"),
        ("9999-12-01", "9999-12-31", "outside the calendar"),
    ],
)
def test_a_period_that_cannot_be_reported_is_refused(first: str, last: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Period.parse_days(first, last)


def onward(recipient: str, sender: str = "beds-police") -> ShareRow:
    return row(recipient, kind="onward", sender=sender, derived_from="e-1")


def test_onward_counts_add_up_when_a_partner_passes_data_to_one_we_shared_with() -> None:
    partners = PARTNERS | {
        "cps": Partner("cps", "Crown Prosecution Service", "central_government", "GB"),
        "court": Partner("court", "Family Court", "court", "GB"),
    }
    rows = [row(), row("riverside"), onward("cps"), onward("court"), onward("riverside")]
    first, second, _ = summary(
        council=COUNCIL, disclosed=rows, received=[], partners=partners
    ).split("\n\n")
    assert "twice with 2 organisations" in first
    assert second == (
        "Organisations we shared with told us they passed some of it on 3 times, to 2 other "
        "organisations: Crown Prosecution Service and Family Court, and to one we had also "
        "shared it with ourselves: Riverside Academy."
    )


def test_onward_only_to_organisations_we_shared_with_names_none_other() -> None:
    rows = [row(), row("riverside"), row("tusla"), onward("riverside"), onward("tusla")]
    second = summary(council=COUNCIL, disclosed=rows, received=[], partners=PARTNERS).split("\n\n")[
        1
    ]
    assert "other" not in second
    assert second.endswith(
        "on twice, to 2 organisations we had also shared it with ourselves: "
        "Riverside Academy and Tusla."
    )
