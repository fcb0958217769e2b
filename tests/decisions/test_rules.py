"""The decision rules over the demo's agreements: every rule both ways, each citation."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from lineage.demo import agreements as a
from lineage.demo.partners import partner_records
from models.decision_rules import Consulted, Decision, decide
from models.decisions import ProposedShare
from models.flags import AgreementView
from models.validation import EntryRefused
from tests.factories import COUNCIL, NHS_NUMBER

AGREEMENTS = {r["id"]: r for r in a.agreement_records(COUNCIL)}
TYPES = {p["code"]: p["type"] for p in partner_records()} | {COUNCIL: "local_authority"}

BASE: dict[str, Any] = {
    "occurred_at": "2026-03-02T10:15:00Z",
    "recipient": "cgl",
    "subjects": [{"local_id": "LL-100234", "role": "child", "nhs_number": NHS_NUMBER}],
    "categories": ["identity", "contact"],
    "purpose": "health_wellbeing",
    "lawful_basis": "UKGDPR.6.1.e",
    "agreement": a.CGL,
}
HEALTH = {
    "categories": ["identity", "health"],
    "special_category_condition": "UKGDPR.9.2.h",
    "schedule1_condition": "DPA2018.S1.P1.2",
}
ABROAD = {
    "recipient": "jm-cpfsa",
    "agreement": None,
    "one_off": True,
    "purpose": "child_protection",
    "cross_border": True,
    "destination_country": "JM",
}
POLICE = {"recipient": "beds-police", "purpose": "safeguarding", "agreement": None}


def decision(retired: bool = False, **overrides: Any) -> Decision:
    raw = {k: v for k, v in {**BASE, **overrides}.items() if v is not None}
    proposal = ProposedShare.model_validate(raw)
    terms = AGREEMENTS.get(proposal.agreement or "")
    consulted = Consulted(
        agreement=AgreementView.from_terms(terms) if terms else None,
        agreement_version=1 if terms else None,
        agreement_retired=retired,
        sender_type=TYPES[proposal.sender or COUNCIL],
        recipient_type=TYPES[proposal.recipient],
    )
    return decide(proposal, council=COUNCIL, consulted=consulted)


CASES: list[tuple[str, dict[str, Any], str, str, str]] = [
    # (case, overrides, outcome, the first reason's rule, words its citation must hold)
    ("inside the agreement", {}, "PERMIT", "inside_agreement", "agreement ISA-2021-CGL version 1"),
    ("outside: purpose", {"purpose": "education"}, "REVIEW", "outside_agreement", "ISA-2021-CGL"),
    ("outside: party", {"recipient": "home-start-luton"}, "REVIEW", "outside_agreement", "ICO"),
    ("outside: category", {"categories": ["identity", "benefits"]}, "REVIEW",
     "outside_agreement", "ICO data sharing code"),
    ("outside: dates", {"agreement": a.HOME_START_OLD, "recipient": "home-start-luton",
                        "purpose": "safeguarding", "occurred_at": "2026-01-10T09:00:00Z"},
     "REVIEW", "outside_agreement", "ISA-2021-HOME-START"),
    ("inside: renewed", {"agreement": a.HOME_START_NEW, "recipient": "home-start-luton",
                         "purpose": "safeguarding", "occurred_at": "2026-03-10T09:00:00Z"},
     "PERMIT", "inside_agreement", "ISA-2026-HOME-START"),
    ("unknown agreement", {"agreement": "ISA-1999-NONE"}, "REVIEW", "unknown_agreement", "ICO"),
    ("no agreement, not one-off", {"agreement": None}, "REVIEW", "no_agreement", "ICO"),
    ("no agreement, one-off", {"agreement": None, "one_off": True}, "PERMIT", "one_off",
     "one-off"),
    ("special: no Art 9 condition", {"categories": ["identity", "health"]}, "DENY",
     "special_category_condition", "Art 9(1)"),
    ("special: no Schedule 1 pairing", {**HEALTH, "schedule1_condition": None}, "DENY",
     "schedule1_pairing", "DPA 2018 s10(2)"),
    ("special: Art 9 and Schedule 1", HEALTH, "PERMIT", "inside_agreement", "ISA-2021-CGL"),
    ("transfer: no mechanism", ABROAD, "DENY", "cross_border_transfer", "Art 44"),
    ("transfer: derogation unavailable", {**ABROAD, "transfer_mechanism": "ART49.1.a"}, "DENY",
     "unavailable_derogation", "Art 49(3)"),
    ("transfer: not adequate", {**ABROAD, "transfer_mechanism": "ADEQUACY"}, "DENY",
     "not_adequate", "Art 45"),
    ("transfer: lawful mechanism", {**ABROAD, "transfer_mechanism": "ART46.3.b"}, "PERMIT",
     "one_off", "one-off"),
    ("basis: no basis", {"lawful_basis": None}, "DENY", "shared_needs", "Art 6(1)"),
    ("basis: (f) by the council", {"lawful_basis": "UKGDPR.6.1.f"}, "DENY",
     "legitimate_interests_by_council", "Art 6(1), final subparagraph"),
    ("basis: (f) by a charity", {"lawful_basis": "UKGDPR.6.1.f", "sender": "cgl",
                                 "recipient": COUNCIL, "agreement": None, "one_off": True},
     "PERMIT", "one_off", "one-off"),
    ("duty: safeguarding to the police", POLICE, "PERMIT", "s16la_duty", "Children Act 2004 s16LA"),
    ("duty: not to a charity", {**POLICE, "recipient": "cgl"}, "REVIEW", "no_agreement", "ICO"),
    ("duty: not for another purpose", {**POLICE, "purpose": "crime_prevention"}, "REVIEW",
     "no_agreement", "ICO"),
    ("duty: still needs Art 9", {**POLICE, "categories": ["identity", "health"]}, "DENY",
     "special_category_condition", "Art 9(1)"),
    ("withheld under the s16LA exception", {**POLICE, "withhold": True,
                                            "reason": "sharing would put the child at risk"},
     "DENY", "s16la_exception", "more detrimental to the child"),
    ("withheld, no duty", {"withhold": True, "reason": "not necessary"}, "DENY", "withheld",
     "Working Together to Safeguard Children 2023"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "overrides", "outcome", "rule", "citation"), CASES)
def test_decision_table(
    case: str, overrides: dict[str, Any], outcome: str, rule: str, citation: str
) -> None:
    found = decision(**overrides)
    assert found.outcome == outcome, (case, found.reasons)
    first = found.reasons[0]
    assert first.rule == rule, (case, found.reasons)
    assert citation in first.citation, (case, first)
    assert all(r.rule and r.citation and r.detail for r in found.reasons), found.reasons


def test_a_retired_agreement_is_reviewed() -> None:
    found = decision(retired=True)
    assert found.outcome == "REVIEW"
    assert [r.rule for r in found.reasons] == ["agreement_retired"]
    assert decision(retired=False).outcome == "PERMIT"


def test_the_agreement_version_consulted_is_given() -> None:
    assert decision().agreement_version == 1
    assert decision(agreement=None, one_off=True).agreement_version is None


def test_a_withholding_reason_is_kept() -> None:
    found = decision(**POLICE, withhold=True, reason="more detrimental to the child")
    assert found.reasons[0].detail == "more detrimental to the child"


@pytest.mark.parametrize(
    ("categories", "included", "detail"),
    [
        (["identity", "nhs_number"], True, "the NHS number is included"),
        (["identity"], False, "the NHS number is not included"),
    ],
)
def test_the_consistent_identifier_is_recorded(
    categories: list[str], included: bool, detail: str
) -> None:
    found = decision(**{**POLICE, "categories": categories})
    assert found.consistent_identifier is included
    [note] = [r for r in found.reasons if r.rule == "consistent_identifier"]
    assert note.detail == detail
    assert "s16LC" in note.citation


def test_the_duty_is_recorded_only_where_it_applies() -> None:
    assert decision(**POLICE).duty_to_share is True
    assert decision().duty_to_share is False


def test_a_proposal_takes_booleans_and_instants_as_strictly_as_a_disclosure() -> None:
    base = {"recipient": "beds-police", "categories": ["identity"], "purpose": "safeguarding"}
    for wrong in ({"one_off": "no"}, {"withhold": "yes"}, {"occurred_at": 12345}):
        try:
            ProposedShare.model_validate({**base, **wrong})
        except (ValidationError, EntryRefused):
            continue
        raise AssertionError(f"{wrong} was accepted")
