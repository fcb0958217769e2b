"""Corrections, breaches, notifications and erasures."""

from __future__ import annotations

from typing import Any

import pytest

from models.validation import (
    EntryRefused,
    FieldError,
    apply_correction,
    validate_breach,
    validate_corrected_disclosure,
    validate_correction,
    validate_disclosure,
    validate_erasure,
    validate_notification,
)
from tests.factories import (
    breach_payload,
    correction_payload,
    disclosure_payload,
    erasure_payload,
    notification_payload,
)

ENTRY = "6f1c2a8e-3b0e-4a55-9d0c-2f1f0b7a9e11"


def errors_of(validate: Any, raw: Any) -> list[FieldError]:
    with pytest.raises(EntryRefused) as caught:
        validate(raw)
    return caught.value.errors


def test_correction_by_changes_or_void() -> None:
    assert validate_correction(correction_payload()).changes == {
        "categories": ["identity", "domestic_abuse"]
    }
    void = validate_correction({"void": True, "reason": "Recorded twice"})
    assert void.void and void.changes is None


@pytest.mark.parametrize(
    "raw",
    [
        {"reason": "nothing to do"},
        {"void": True, "changes": {"purpose": "education"}, "reason": "both"},
        {"void": False, "reason": "not void"},
    ],
)
def test_correction_needs_exactly_one_of_void_or_changes(raw: dict[str, Any]) -> None:
    assert errors_of(validate_correction, raw) == [
        FieldError("", "give exactly one of void: true or changes")
    ]


def test_correction_needs_a_reason() -> None:
    assert errors_of(validate_correction, correction_payload(reason=None)) == [
        FieldError("reason", "field required")
    ]


def test_correction_may_not_change_identity_or_lineage_or_unknown_fields() -> None:
    raw = correction_payload(changes={"entry_id": ENTRY, "derived_from": ENTRY, "colour": "x"})
    assert [e.field for e in errors_of(validate_correction, raw)] == [
        "changes.entry_id",
        "changes.derived_from",
        "changes.colour",
    ]
    assert errors_of(validate_correction, correction_payload(changes={}))[0].field == "changes"


def test_apply_correction_merges_and_null_removes() -> None:
    original = disclosure_payload()
    merged = apply_correction(original, {"categories": ["identity"], "consent": None})
    assert merged["categories"] == ["identity"] and "consent" not in merged
    assert original["categories"] == ["identity", "domestic_abuse", "health"]
    assert "consent" in original
    with pytest.raises(ValueError):
        apply_correction(original, {"entry_id": ENTRY})


def test_corrected_disclosure_revalidated_with_errors_under_changes() -> None:
    original = disclosure_payload(categories=["identity"], special_category_condition=None)
    original.pop("schedule1_condition")
    validate_disclosure(original)
    corrected = validate_corrected_disclosure(original, {"purpose": "safeguarding"})
    assert corrected.purpose == "safeguarding"
    errors = errors_of(
        lambda changes: validate_corrected_disclosure(original, changes),
        {"categories": ["identity", "health", "foo"]},
    )
    assert [e.field for e in errors] == [
        "changes.categories[2]",
        "changes.special_category_condition",
    ]


def test_breach() -> None:
    breach = validate_breach(breach_payload([ENTRY]))
    assert [str(e) for e in breach.entries] == [ENTRY]
    raw = breach_payload([ENTRY, ENTRY, "nope"], nature=" ", reported_to_ico=None)
    assert [e.field for e in errors_of(validate_breach, raw)] == [
        "entries[2]",
        "nature",
        "reported_to_ico",
        "entries[1]",
    ]
    validate_breach(breach_payload([], categories=None))


def test_notification() -> None:
    notice = validate_notification(notification_payload([ENTRY]))
    assert notice.subject.local_id == "LL-100234"
    raw = notification_payload([], subject={"local_id": "a", "token": "b"}, method="fax")
    assert [e.field for e in errors_of(validate_notification, raw)] == [
        "subject",
        "entries",
        "method",
    ]


def test_erasure() -> None:
    assert validate_erasure(erasure_payload("tok-1")).ground == "retention_ended"
    assert validate_erasure(erasure_payload("tok-1", ground="erasure_upheld")).subject == "tok-1"
    errors = errors_of(validate_erasure, erasure_payload("", ground="forgotten"))
    assert errors == [
        FieldError("subject", "String should have at least 1 character"),
        FieldError("ground", "unknown erasure ground 'forgotten'"),
    ]
