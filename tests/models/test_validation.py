"""Every refusal rule of a disclosure: one refused and one accepted example each."""

from __future__ import annotations

from typing import Any

import pytest

from models.validation import EntryRefused, FieldError, validate_disclosure
from tests.factories import (
    DESIGN_EXAMPLE,
    disclosure_payload,
    onward_payload,
    refusal_payload,
    transfer_payload,
)

PARENT = "6f1c2a8e-3b0e-4a55-9d0c-2f1f0b7a9e11"


def refused(raw: dict[str, Any]) -> list[FieldError]:
    with pytest.raises(EntryRefused) as caught:
        validate_disclosure(raw)
    return caught.value.errors


def fields(raw: dict[str, Any]) -> list[str]:
    return [e.field for e in refused(raw)]


def test_the_design_example_validates() -> None:
    d = validate_disclosure(DESIGN_EXAMPLE)
    assert str(d.entry_id) == DESIGN_EXAMPLE["entry_id"]
    assert d.kind == "disclosure" and not d.is_refusal
    assert d.subjects is not None and d.subjects[0].nhs_number == "9998765439"


@pytest.mark.parametrize(
    "payload",
    [disclosure_payload(), onward_payload(PARENT), refusal_payload(), transfer_payload()],
)
def test_factory_payloads_validate(payload: dict[str, Any]) -> None:
    validate_disclosure(payload)


def test_unknown_codes_are_named() -> None:
    raw = disclosure_payload(
        categories=["identity", "domestic_abuse", "foo"], purpose="bar", method="pigeon",
        lawful_basis="UKGDPR.6.1.z", consent="maybe", decision="perhaps",
    )  # fmt: skip
    errors = {e.field: e.message for e in refused(raw)}
    assert errors["categories[2]"] == "unknown category 'foo'"
    assert errors["purpose"] == "unknown purpose 'bar'"
    assert errors["method"] == "unknown method 'pigeon'"
    assert errors["lawful_basis"] == "unknown lawful basis 'UKGDPR.6.1.z'"
    assert errors["consent"] == "unknown consent 'maybe'"
    assert errors["decision"] == "unknown decision 'perhaps'"


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        ("special_category_condition", "UKGDPR.9.2.z", "special_category_condition"),
        ("schedule1_condition", "DPA2018.S1.P2.5", "schedule1_condition"),
        ("annex1_condition", "ANNEX1.4", "annex1_condition"),
        ("transfer_mechanism", "ART46.2.c", "transfer_mechanism"),
        ("recipient", "Beds Police", "recipient"),
        ("sender", "x", "sender"),
    ],
)
def test_unknown_or_malformed_codes(field: str, value: str, path: str) -> None:
    assert path in fields(disclosure_payload(**{field: value}))


@pytest.mark.parametrize("field", ["occurred_at", "recipient", "categories", "purpose"])
def test_missing_required_fields(field: str) -> None:
    errors = refused(disclosure_payload(**{field: None}))
    assert FieldError(field, "field required") in errors


def test_naive_occurred_at_is_refused_and_an_offset_accepted() -> None:
    assert fields(disclosure_payload(occurred_at="2026-03-02T10:15:00")) == ["occurred_at"]
    validate_disclosure(disclosure_payload(occurred_at="2026-03-02T10:15:00+01:00"))


def test_unknown_fields_are_refused() -> None:
    assert refused(disclosure_payload(colour="blue")) == [FieldError("colour", "unknown field")]


def test_categories_at_least_one_and_no_duplicates() -> None:
    assert fields(disclosure_payload(categories=[])) == ["categories"]
    repeated = disclosure_payload(categories=["identity", "health", "identity"])
    assert refused(repeated) == [FieldError("categories[2]", "duplicate category 'identity'")]


def test_subjects_required_unless_derived_from() -> None:
    assert fields(disclosure_payload(subjects=None)) == ["subjects"]
    assert fields(disclosure_payload(subjects=[])) == ["subjects"]
    onward = validate_disclosure(onward_payload(PARENT))
    assert onward.subjects is None and onward.kind == "onward"


def test_subject_named_by_exactly_one_of_local_id_or_token() -> None:
    both = {"local_id": "LL-1", "token": "t-1", "role": "child"}
    neither = {"role": "child"}
    assert fields(disclosure_payload(subjects=[both, neither])) == ["subjects[0]", "subjects[1]"]
    validate_disclosure(disclosure_payload(subjects=[{"token": "t-1", "role": "child"}]))


def test_subject_role_required_and_known() -> None:
    raw = disclosure_payload(subjects=[{"local_id": "LL-1"}, {"local_id": "LL-2", "role": "x"}])
    assert fields(raw) == ["subjects[0].role", "subjects[1].role"]


def test_invalid_nhs_number_and_upn() -> None:
    raw = disclosure_payload()
    raw["subjects"][0]["nhs_number"] = "9998765438"
    raw["subjects"][1]["upn"] = "A801200005001"
    assert fields(raw) == ["subjects[0].nhs_number", "subjects[1].upn"]


def test_identifiers_are_normalised() -> None:
    raw = disclosure_payload()
    raw["subjects"][0].update(nhs_number="999 876 5439", upn="b801200005001")
    subject = validate_disclosure(raw).subjects[0]  # type: ignore[index]
    assert (subject.nhs_number, subject.upn) == ("9998765439", "B801200005001")


def test_special_category_needs_an_art9_condition() -> None:
    raw = disclosure_payload(special_category_condition=None, schedule1_condition=None)
    errors = refused(raw)
    assert errors == [
        FieldError(
            "special_category_condition", "special category data (health) needs an Art 9 condition"
        )
    ]
    validate_disclosure(raw | {"categories": ["identity", "domestic_abuse"]})


@pytest.mark.parametrize("point", ["b", "h", "i", "j"])
def test_art9_b_h_i_j_need_a_schedule1_part1_condition(point: str) -> None:
    condition = f"UKGDPR.9.2.{point}"
    missing = disclosure_payload(special_category_condition=condition, schedule1_condition=None)
    assert fields(missing) == ["schedule1_condition"]
    wrong = disclosure_payload(special_category_condition=condition)  # keeps P2.18
    assert refused(wrong) == [
        FieldError(
            "schedule1_condition",
            f"{condition} needs a DPA 2018 Schedule 1 Part 1 condition; "
            "DPA2018.S1.P2.18 is in Part 2",
        )
    ]
    validate_disclosure(missing | {"schedule1_condition": "DPA2018.S1.P1.2"})


def test_art9_g_needs_a_schedule1_part2_condition() -> None:
    assert fields(disclosure_payload(schedule1_condition=None)) == ["schedule1_condition"]
    assert fields(disclosure_payload(schedule1_condition="DPA2018.S1.P1.2")) == [
        "schedule1_condition"
    ]
    validate_disclosure(disclosure_payload(schedule1_condition="DPA2018.S1.P2.6"))


def test_other_art9_points_need_no_schedule1_condition() -> None:
    validate_disclosure(
        disclosure_payload(special_category_condition="UKGDPR.9.2.a", schedule1_condition=None)
    )


def test_part3_condition_is_not_a_special_category_pairing() -> None:
    raw = disclosure_payload(schedule1_condition="DPA2018.S1.P3.33")
    assert fields(raw) == ["schedule1_condition"]


def test_criminal_data_needs_a_criminal_offence_condition() -> None:
    raw = disclosure_payload(categories=["identity", "criminal_records"])
    assert fields(raw) == ["criminal_offence_condition"]
    for code in ("DPA2018.S1.P3.33", "DPA2018.S1.P2.10", "DPA2018.S1.P1.1"):
        validate_disclosure(raw | {"criminal_offence_condition": code})
    assert fields(raw | {"criminal_offence_condition": "UKGDPR.10"}) == [
        "criminal_offence_condition"
    ]


def test_recognised_legitimate_interest_needs_its_annex1_condition() -> None:
    raw = disclosure_payload(lawful_basis="UKGDPR.6.1.ea")
    assert refused(raw) == [
        FieldError("annex1_condition", "UKGDPR.6.1.ea needs its Annex 1 condition")
    ]
    validate_disclosure(raw | {"annex1_condition": "ANNEX1.6"})
    assert fields(disclosure_payload(annex1_condition="ANNEX1.6")) == ["annex1_condition"]


def test_shared_data_needs_a_lawful_basis_and_a_method() -> None:
    raw = disclosure_payload(lawful_basis=None, method=None)
    assert fields(raw) == ["lawful_basis", "method"]


def test_cross_border_needs_country_and_mechanism() -> None:
    raw = transfer_payload(destination_country=None, transfer_mechanism=None)
    assert fields(raw) == ["destination_country", "transfer_mechanism"]
    validate_disclosure(transfer_payload())


def test_cross_border_country_must_be_iso_and_not_gb() -> None:
    assert fields(transfer_payload(destination_country="XX")) == ["destination_country"]
    assert refused(transfer_payload(destination_country="GB")) == [
        FieldError("destination_country", "a cross-border share cannot go to GB")
    ]
    assert (
        validate_disclosure(transfer_payload(destination_country="ie")).destination_country == "IE"
    )


def test_transfer_fields_without_cross_border_are_refused() -> None:
    raw = transfer_payload(cross_border=False)
    assert fields(raw) == ["destination_country", "transfer_mechanism", "transfer_instrument"]


def test_agreement_and_one_off_together_are_refused() -> None:
    assert fields(disclosure_payload(one_off=True)) == ["one_off"]
    validate_disclosure(disclosure_payload(agreement=None, one_off=True))


def test_a_refusal_needs_no_basis_or_conditions_but_must_be_consistent() -> None:
    validate_disclosure(refusal_payload())
    validate_disclosure(refusal_payload(categories=["criminal_records"], cross_border=True))
    assert fields(refusal_payload(schedule1_condition="DPA2018.S1.P3.29")) == [
        "schedule1_condition"
    ]


def test_blank_optional_fields_count_as_absent() -> None:
    d = validate_disclosure(disclosure_payload(consent="", transfer_instrument=" "))
    assert d.consent is None and d.transfer_instrument is None


def test_every_error_is_collected_at_once() -> None:
    raw = disclosure_payload(
        occurred_at="yesterday",
        categories=["identity", "foo", "criminal_records"],
        lawful_basis="UKGDPR.6.1.ea",
        cross_border=True,
        special_category_condition=None,
    )
    raw["subjects"][0]["nhs_number"] = "1234567890"
    assert fields(raw) == [
        "occurred_at",
        "subjects[0].nhs_number",
        "categories[1]",
        "criminal_offence_condition",
        "annex1_condition",
        "destination_country",
        "transfer_mechanism",
    ]


def test_not_a_mapping() -> None:
    assert fields([1, 2]) == [""]  # type: ignore[arg-type]
