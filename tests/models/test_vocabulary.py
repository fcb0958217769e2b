"""The vocabularies are complete against the published vocabulary, codes and classes."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from models import vocabulary as v
from models.codes import Code

SPECIAL = {
    "disability", "ethnicity", "religion", "health", "mental_health", "mental_capacity",
    "pregnancy", "smoking", "substance_misuse", "disability_allowance", "sex_life",
}  # fmt: skip


def test_44_categories_with_their_classes() -> None:
    classes = {code: cat.cls for code, cat in v.CATEGORIES.items()}
    assert len(classes) == 44
    assert {c for c, cls in classes.items() if cls == "special"} == SPECIAL
    assert {c for c, cls in classes.items() if cls == "criminal"} == {"criminal_records"}
    assert sum(cls == "ordinary" for cls in classes.values()) == 32


@pytest.mark.parametrize(
    ("vocabulary", "codes"),
    [
        (
            v.PURPOSES,
            "safeguarding child_protection service_planning performance early_years "
            "supporting_families regional_sufficiency statutory_return health_wellbeing education "
            "adoption_placement court_proceedings crime_prevention subject_request",
        ),
        (
            v.LAWFUL_BASES,
            "UKGDPR.6.1.a UKGDPR.6.1.b UKGDPR.6.1.c UKGDPR.6.1.d UKGDPR.6.1.e "
            "UKGDPR.6.1.ea UKGDPR.6.1.f",
        ),
        (v.ANNEX1_CONDITIONS, "ANNEX1.1 ANNEX1.2 ANNEX1.3 ANNEX1.5 ANNEX1.6"),
        (v.SPECIAL_CATEGORY_CONDITIONS, " ".join(f"UKGDPR.9.2.{p}" for p in "abcdefghij")),
        (v.METHODS, "secure_email portal phone meeting bulk_file post system_integration"),
        (v.CONSENT, "obtained not_sought_risk_of_harm refused_overridden not_required"),
        (v.SUBJECT_ROLES, "child parent sibling carer other"),
        (
            v.PARTNER_TYPES,
            "police nhs_trust icb_gp school dfe ofsted court cafcass "
            "local_authority voluntary_sector fostering_agency adoption_agency consultancy "
            "central_government overseas_authority international_organisation data_subject",
        ),
        (v.PARTNER_ROLES, "controller joint_controller processor"),
        (v.DECISIONS, "shared refused"),
        (
            v.ENTRY_KINDS,
            "disclosure onward correction breach notification erasure registry legal_hold "
            "decision resolution case review",
        ),
        (
            v.EXCEPTION_KINDS,
            "outside_agreement no_agreement unknown_agreement "
            "legitimate_interests_by_council unavailable_derogation not_adequate late_record "
            "onward_not_permitted contrary_to_decision",
        ),
        (v.ERASURE_GROUNDS, "retention_ended erasure_upheld"),
    ],
)
def test_vocabulary_codes(vocabulary: Mapping[str, Code], codes: str) -> None:
    assert list(vocabulary) == codes.split()
    assert all(entry.code == code and entry.label for code, entry in vocabulary.items())


def test_schedule1_is_parts_1_to_3_of_the_schedule() -> None:
    parts = {code: c.part for code, c in v.SCHEDULE1_CONDITIONS.items()}
    expected = (
        [f"DPA2018.S1.P1.{n}" for n in range(1, 5)]
        + [f"DPA2018.S1.P2.{n}" for n in range(6, 29)]
        + [f"DPA2018.S1.P3.{n}" for n in range(29, 38)]
    )
    assert list(parts) == expected
    assert all(parts[code] == int(code.split(".")[2][1]) for code in parts)
    assert v.SCHEDULE1_CONDITIONS["DPA2018.S1.P2.18"].label.startswith("Safeguarding of children")
    assert v.schedule1_part("DPA2018.S1.P1.2") == 1
    assert v.schedule1_part("DPA2018.S1.P2.5") is None


def test_transfer_mechanisms_and_the_derogations_barred_to_public_authorities() -> None:
    art46 = ["ART46.2.a", "ART46.2.b", "ART46.2.d", "ART46.2.e", "ART46.2.f", "ART46.3.a"]
    art49 = [f"ART49.1.{p}" for p in "abcdefg"] + ["ART49.1.second"]
    expected = ["ADEQUACY", *art46, "ART46.3.b", *art49]
    assert list(v.TRANSFER_MECHANISMS) == expected
    barred = {c for c, m in v.TRANSFER_MECHANISMS.items() if m.unavailable_to_public_authority}
    assert barred == {"ART49.1.a", "ART49.1.b", "ART49.1.c", "ART49.1.second"}


def test_category_class() -> None:
    assert v.category_class("health") == "special"
    assert v.category_class("criminal_records") == "criminal"
    assert v.category_class("identity") == "ordinary"
    with pytest.raises(KeyError):
        v.category_class("foo")
