"""The validators the store, the importer and the API call: one per kind of input.

Each returns the validated model or raises `EntryRefused` carrying every error found,
each at a field path (`subjects[0].nhs_number`, `categories[2]`). Nothing here needs the
database: unknown partners or agreements, an unknown `derived_from` and a reused entry
id are refused by the store with the same `EntryRefused`/`FieldError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from models.decisions import ProposedShare, ResolutionIn
from models.disclosure import DisclosureIn
from models.entries import (
    BreachIn,
    CorrectionIn,
    ErasureIn,
    LegalHoldIn,
    NotificationIn,
    ReviewIn,
    apply_correction,
)
from models.errors import EntryRefused, FieldError, field_errors
from models.payload import validate_or_refuse
from models.registry_schemas import AgreementIn, PartnerIn

__all__ = [
    "EntryRefused",
    "FieldError",
    "apply_correction",
    "validate_agreement",
    "validate_breach",
    "validate_corrected_disclosure",
    "validate_correction",
    "validate_disclosure",
    "validate_erasure",
    "validate_review",
    "validate_notification",
    "validate_partner",
    "validate_proposal",
    "validate_resolution",
]


def validate_disclosure(raw: Mapping[str, Any]) -> DisclosureIn:
    """A disclosure, onward disclosure or refusal to share, checked by every rule.

    Refuses unknown codes, missing fields, special category data without its Art 9
    condition and Schedule 1 pairing (UK GDPR Art 9, DPA 2018 s10), criminal offence
    data without its condition (Art 10), Art 6(1)(ea) without Annex 1, a cross-border
    share without country and mechanism (Chapter V), invalid NHS numbers and UPNs.
    """
    return validate_or_refuse(DisclosureIn, raw)


def validate_correction(raw: Mapping[str, Any]) -> CorrectionIn:
    """A correction's shape: void or changes (to correctable fields), with a reason."""
    return validate_or_refuse(CorrectionIn, raw)


def validate_corrected_disclosure(
    original: Mapping[str, Any], changes: Mapping[str, Any]
) -> DisclosureIn:
    """The corrected disclosure, validated as a whole (UK GDPR Art 16 rectification).

    The store calls it with the corrected entry's effective state as `original`, after
    `validate_correction` checked the correction's shape (`void`, `reason`, which fields
    `changes` names). Every error is reported under `changes.`, where the client must fix
    it, e.g. `changes.categories[0]`, or `changes.special_category_condition` when the
    changes add health data; the store names its own refusals of a correction (an unknown
    `changes.recipient`) the same way.
    """
    try:
        merged = apply_correction(original, changes)
    except ValueError as exc:
        raise EntryRefused([FieldError("changes", str(exc))]) from None
    try:
        return DisclosureIn.model_validate(merged)
    except ValidationError as exc:
        raise EntryRefused(field_errors(exc, prefix=("changes",))) from None


def validate_breach(raw: Mapping[str, Any]) -> BreachIn:
    """A breach report (UK GDPR Art 33 and 34)."""
    return validate_or_refuse(BreachIn, raw)


def validate_notification(raw: Mapping[str, Any]) -> NotificationIn:
    """A record that a recipient was told of a rectification or erasure (Art 19)."""
    return validate_or_refuse(NotificationIn, raw)


def validate_erasure(raw: Mapping[str, Any]) -> ErasureIn:
    """An erasure of a subject's keys (UK GDPR Art 17 or end of retention)."""
    return validate_or_refuse(ErasureIn, raw)


def validate_legal_hold(raw: Mapping[str, Any]) -> LegalHoldIn:
    """A legal hold placed or released (Art 17(3)(e))."""
    return validate_or_refuse(LegalHoldIn, raw)


def validate_review(raw: Mapping[str, Any]) -> ReviewIn:
    """The DPO's disposition of a flagged entry."""
    return validate_or_refuse(ReviewIn, raw)


def validate_partner(raw: Mapping[str, Any]) -> PartnerIn:
    """A partner for the registry."""
    return validate_or_refuse(PartnerIn, raw)


def validate_agreement(raw: Mapping[str, Any]) -> AgreementIn:
    """A sharing agreement for the registry."""
    return validate_or_refuse(AgreementIn, raw)


def validate_proposal(raw: Mapping[str, Any]) -> ProposedShare:
    """A share proposed to the decision point (`POST /v1/decisions`)."""
    return validate_or_refuse(ProposedShare, raw)


def validate_resolution(raw: Mapping[str, Any]) -> ResolutionIn:
    """A REVIEW decision resolved by a named person, with a reason."""
    return validate_or_refuse(ResolutionIn, raw)
