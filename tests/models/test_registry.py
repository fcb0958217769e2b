"""Partners and sharing agreements."""

from __future__ import annotations

from typing import Any

import pytest

from models.validation import EntryRefused, validate_agreement, validate_partner
from tests.factories import AGREEMENTS, PARTNERS, agreement_payload, partner_payload


def fields_of(validate: Any, raw: dict[str, Any]) -> list[str]:
    with pytest.raises(EntryRefused) as caught:
        validate(raw)
    return [e.field for e in caught.value.errors]


def test_the_design_example_partner() -> None:
    partner = validate_partner(partner_payload())
    assert partner.country == "GB" and partner.external_codes == {}


def test_partner_refusals() -> None:
    raw = partner_payload(
        code="Beds Police", type="army", role="owner", country="UK",
        external_codes={"ods": ""}, valid_from="2025-01-01", valid_to="2024-01-01",
    )  # fmt: skip
    assert fields_of(validate_partner, raw) == [
        "code", "type", "role", "country", "external_codes.ods", "valid_to",
    ]  # fmt: skip


@pytest.mark.parametrize("code", ["a", "-police", "beds_police", "x" * 65])
def test_partner_code_is_a_lowercase_slug(code: str) -> None:
    assert fields_of(validate_partner, partner_payload(code=code)) == ["code"]


def test_the_design_example_agreement() -> None:
    agreement = validate_agreement(agreement_payload())
    assert agreement.onward_recipients == ["cps"]


def test_agreement_refusals() -> None:
    raw = agreement_payload(
        parties=["luton-council"], categories=["identity", "identity", "foo"],
        purposes=[], lawful_bases=["UKGDPR.6.1.q"], valid_to="2020-01-01",
        onward_sharing=False,
    )  # fmt: skip
    assert fields_of(validate_agreement, raw) == [
        "parties", "categories[2]", "purposes", "lawful_bases[0]",
        "categories[1]", "valid_to", "onward_recipients",
    ]  # fmt: skip


def test_factory_registries_are_validated_json() -> None:
    assert {p["code"] for p in PARTNERS} >= {"luton-council", "beds-police", "cps", "tusla"}
    assert [a["id"] for a in AGREEMENTS] == ["ISA-2024-POLICE", "ISA-2023-HEALTH"]
    assert AGREEMENTS[0]["valid_from"] == "2024-04-01"
