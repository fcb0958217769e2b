"""The strict input policy: no coercion, sane dates, no control characters, bounded depth.

Every case here was once accepted and stored for ever, or ended in a server error.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from models.identifiers import is_valid_nhs_number
from models.payload import MAX_DEPTH, parse_json
from models.strict import control_character
from models.validation import (
    EntryRefused,
    validate_agreement,
    validate_breach,
    validate_correction,
    validate_disclosure,
    validate_partner,
)
from tests.factories import agreement_payload, disclosure_payload


def refused_fields(validate: Any, raw: Any) -> list[str]:
    with pytest.raises(EntryRefused) as caught:
        validate(raw)
    return [e.field for e in caught.value.errors]


@pytest.mark.parametrize("number", ["0000000000", "1234567881", "5000000019", "8000000016"])
def test_an_nhs_number_outside_the_issued_and_test_ranges_is_refused(number: str) -> None:
    assert not is_valid_nhs_number(number)
    subjects = [{"local_id": "LL-1", "role": "child", "nhs_number": number}]
    assert refused_fields(validate_disclosure, disclosure_payload(subjects=subjects)) == [
        "subjects[0].nhs_number"
    ]


@pytest.mark.parametrize("number", ["4010232137", "6000000006", "7999999997", "9990000018"])
def test_issued_and_test_range_nhs_numbers_are_valid(number: str) -> None:
    assert is_valid_nhs_number(number)


@pytest.mark.parametrize("value", ["no", "yes", "false", 0, 1, "", []])
def test_a_boolean_is_only_true_or_false(value: Any) -> None:
    raw = disclosure_payload(cross_border=value, one_off=value)
    assert sorted(refused_fields(validate_disclosure, raw)) == ["cross_border", "one_off"]


def test_void_and_reported_to_ico_are_strict_booleans() -> None:
    assert "void" in refused_fields(validate_correction, {"void": "yes", "reason": "wrong"})
    breach = {"occurred_at": "2026-03-01T00:00:00Z", "partner": "beds-police", "nature": "x"}
    assert "reported_to_ico" in refused_fields(validate_breach, {**breach, "reported_to_ico": 0})


@pytest.mark.parametrize(
    "value",
    [
        12345,
        1772445300.0,
        "12345",
        "2026-03-02",
        "2026-03-02T10:15:00",
        "9999-12-31T23:59:59-01:00",
        "0001-01-01T00:00:00+01:00",
        "1899-12-31T23:59:59Z",
        "1900-01-01T00:30:00+01:00",
        "2099-01-01T00:00:00Z",
        True,
    ],
)
def test_occurred_at_must_be_a_sane_rfc3339_instant_not_in_the_future(value: Any) -> None:
    assert refused_fields(validate_disclosure, disclosure_payload(occurred_at=value)) == [
        "occurred_at"
    ]


def test_occurred_at_a_minute_ahead_of_the_clock_is_kept() -> None:
    soon = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    assert validate_disclosure(disclosure_payload(occurred_at=soon)).occurred_at.year >= 2026


@pytest.mark.parametrize("value", [20260301, "2026-03-01T00:00:00Z", "0001-01-01", "9999-12-31"])
def test_agreement_days_are_iso_dates_in_a_sane_range(value: Any) -> None:
    assert "valid_from" in refused_fields(validate_agreement, agreement_payload(valid_from=value))


@pytest.mark.parametrize("bad", ["\x00", "a\x1bb", "\x7f", "\x85", "\ud800"])
def test_control_characters_are_refused_in_every_text_field_naming_it(bad: str) -> None:
    raw = disclosure_payload(
        legal_power=f"s47{bad}",
        reason=bad,
        categories=["identity", bad],
        subjects=[{"local_id": f"LL{bad}", "role": "child"}],
    )
    raw[f"x{bad}"] = 1
    found = refused_fields(validate_disclosure, raw)
    assert set(found) >= {"legal_power", "reason", "categories[1]", "subjects[0].local_id"}
    assert all("\\" in f for f in found if f.startswith("x")), found
    assert not any(bad in f for f in found)


def test_tabs_and_line_breaks_stay_allowed_in_free_text() -> None:
    assert validate_disclosure(disclosure_payload(reason="first\n\tsecond\r\n")).reason


def test_control_characters_in_a_partner_are_refused() -> None:
    raw = {"code": "x-y", "name": "A\x00B", "type": "police", "role": "recipient"}
    raw["external_codes"] = {"ods\x00": "R\x01"}
    found = refused_fields(validate_partner, raw)
    assert "name" in found and any(f.startswith("external_codes") for f in found)


def test_every_wrong_field_is_named_at_once() -> None:
    raw = disclosure_payload(
        occurred_at=12345, cross_border="no", reason="\x00", purpose="nonsense"
    )
    assert set(refused_fields(validate_disclosure, raw)) >= {
        "occurred_at",
        "cross_border",
        "reason",
        "purpose",
    }


def _nested(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1_000, 100_000])
def test_json_nested_too_deep_is_refused_not_a_recursion_error(depth: int) -> None:
    with pytest.raises(EntryRefused) as caught:
        parse_json(_nested(depth))
    assert "nested deeper" in caught.value.errors[0].message


def test_json_within_the_depth_limit_is_read() -> None:
    assert parse_json(_nested(MAX_DEPTH - 1))


def test_a_deep_payload_given_as_values_is_refused_by_the_validator() -> None:
    deep: Any = 1
    for _ in range(5_000):
        deep = {"a": deep}
    assert refused_fields(validate_disclosure, disclosure_payload(reason=deep)) == [""]


def test_control_characters_are_unicode_cc_and_cs_but_tab_and_line_breaks() -> None:
    wrong = [
        ch
        for ch in map(chr, range(0x110000))
        if (unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\n\r")
        != (control_character(ch) is not None)
    ]
    assert wrong == []
