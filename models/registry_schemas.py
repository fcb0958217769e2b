"""Registry inputs: partners and sharing agreements (versioned by the store, never deleted).

A sharing agreement is the documented arrangement the ICO data sharing code expects for
routine sharing; the council's records of processing (UK GDPR Art 30(1)(d)) name the
partners as recipients.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, ModelWrapValidatorHandler, model_validator

from models.countries import UNITED_KINGDOM
from models.errors import Refusal, check_rules
from models.fields import (
    AgreementId,
    BlankIsNone,
    CategoryCode,
    CountryCode,
    LawfulBasisCode,
    PartnerCode,
    PartnerRoleCode,
    PartnerTypeCode,
    PurposeCode,
    Text,
)
from models.raw import day, duplicates, flag, items
from models.strict import Day, Flag


def dates_in_order(raw: Mapping[str, Any]) -> list[Refusal]:
    """`valid_to`, where given, is not before `valid_from`."""
    start, end = day(raw, "valid_from"), day(raw, "valid_to")
    if start is not None and end is not None and end < start:
        return [Refusal(("valid_to",), "valid_to is before valid_from")]
    return []


def partner_rules(raw: Mapping[str, Any]) -> list[Refusal]:
    """The cross-field rules of a partner."""
    return dates_in_order(raw)


class PartnerIn(BaseModel):
    """An organisation data is shared with (or the council itself), by its stable code."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: PartnerCode
    name: Text
    type: PartnerTypeCode
    role: PartnerRoleCode
    country: CountryCode = UNITED_KINGDOM
    external_codes: dict[Text, Text] = Field(default_factory=dict)
    valid_from: Annotated[Day | None, BlankIsNone] = None
    valid_to: Annotated[Day | None, BlankIsNone] = None

    @model_validator(mode="wrap")
    @classmethod
    def _rules(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        return check_rules(cls.__name__, data, handler, partner_rules)


def agreement_rules(raw: Mapping[str, Any]) -> list[Refusal]:
    """Lists without repeats, dates in order, onward recipients only with onward sharing."""
    found = [
        *duplicates(raw, "parties", "party"),
        *duplicates(raw, "categories", "category"),
        *duplicates(raw, "purposes", "purpose"),
        *duplicates(raw, "lawful_bases", "lawful basis"),
        *duplicates(raw, "onward_recipients", "onward recipient"),
        *dates_in_order(raw),
    ]
    if items(raw, "onward_recipients") and not flag(raw, "onward_sharing"):
        message = "onward_recipients are given but onward_sharing is false"
        found.append(Refusal(("onward_recipients",), message))
    return found


class AgreementIn(BaseModel):
    """A sharing agreement: who may share what, why and on which lawful bases, and when.

    `onward_sharing` says whether recipients may pass the data on; a non-empty
    `onward_recipients` limits that to the partners named.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: AgreementId
    title: Text
    parties: Annotated[list[PartnerCode], Field(min_length=2)]
    categories: Annotated[list[CategoryCode], Field(min_length=1)]
    purposes: Annotated[list[PurposeCode], Field(min_length=1)]
    lawful_bases: Annotated[list[LawfulBasisCode], Field(min_length=1)]
    valid_from: Day
    valid_to: Annotated[Day | None, BlankIsNone] = None
    review_date: Annotated[Day | None, BlankIsNone] = None
    document_ref: Annotated[Text | None, BlankIsNone] = None
    onward_sharing: Flag = False
    onward_recipients: list[PartnerCode] = Field(default_factory=list)

    @model_validator(mode="wrap")
    @classmethod
    def _rules(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        return check_rules(cls.__name__, data, handler, agreement_rules)
