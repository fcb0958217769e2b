"""A disclosure as a client sends it: `POST /v1/disclosures`, or a line of an import file.

The shape follows the ICO data sharing code's decision record (who, what, why, on what
basis, how, decided by whom) and carries what UK GDPR Art 15(1)(c) and Art 30(1)(d)-(e)
need later: named recipients, categories, purposes, third-country transfers and their
safeguards (Art 15(2), Art 46). Field validation checks every code against the
vocabularies; `models.refusals` adds the cross-field rules, reported together.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Self
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    field_validator,
    model_validator,
)

from models.errors import check_rules
from models.fields import (
    AgreementId,
    Annex1Code,
    BlankIsNone,
    CategoryCode,
    ConsentCode,
    CountryCode,
    DecisionCode,
    LawfulBasisCode,
    MethodCode,
    PartnerCode,
    PurposeCode,
    Schedule1Code,
    SpecialConditionCode,
    Text,
    TransferMechanismCode,
)
from models.refusals import disclosure_refusals
from models.strict import Flag, OccurredAt
from models.subject_input import SubjectIn

DISCLOSURE_FIELDS_FIXED_BY_CORRECTION = frozenset({"entry_id", "derived_from"})
"""Fields a correction may not change: the entry's identity and its lineage."""


class DisclosureIn(BaseModel):
    """One disclosure, onward disclosure (`derived_from` given) or refusal to share.

    `criminal_offence_condition` is a DPA 2018 Schedule 1 code (any Part); the UK GDPR
    Art 10 authority it serves is implied. `sender` left out means the council.
    `subjects` left out of an onward disclosure means those of the entry it derives from.
    `decision_id` cites the decision (`POST /v1/decisions`) the share followed.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    entry_id: Annotated[UUID | None, BlankIsNone] = None
    occurred_at: OccurredAt
    sender: Annotated[PartnerCode | None, BlankIsNone] = None
    recipient: PartnerCode
    subjects: list[SubjectIn] | None = None
    categories: Annotated[list[CategoryCode], Field(min_length=1)]
    purpose: PurposeCode
    legal_power: Annotated[Text | None, BlankIsNone] = None
    lawful_basis: Annotated[LawfulBasisCode | None, BlankIsNone] = None
    annex1_condition: Annotated[Annex1Code | None, BlankIsNone] = None
    special_category_condition: Annotated[SpecialConditionCode | None, BlankIsNone] = None
    schedule1_condition: Annotated[Schedule1Code | None, BlankIsNone] = None
    criminal_offence_condition: Annotated[Schedule1Code | None, BlankIsNone] = None
    agreement: Annotated[AgreementId | None, BlankIsNone] = None
    one_off: Flag = False
    method: Annotated[MethodCode | None, BlankIsNone] = None
    consent: Annotated[ConsentCode | None, BlankIsNone] = None
    cross_border: Flag = False
    destination_country: Annotated[CountryCode | None, BlankIsNone] = None
    transfer_mechanism: Annotated[TransferMechanismCode | None, BlankIsNone] = None
    transfer_instrument: Annotated[Text | None, BlankIsNone] = None
    decision: DecisionCode = "shared"
    decision_maker: Annotated[Text | None, BlankIsNone] = None
    reason: Annotated[Text | None, BlankIsNone] = None
    derived_from: Annotated[UUID | None, BlankIsNone] = None
    decision_id: Annotated[UUID | None, BlankIsNone] = None

    @field_validator("subjects")
    @classmethod
    def _no_subjects_is_none(cls, subjects: list[SubjectIn] | None) -> list[SubjectIn] | None:
        return subjects or None

    @model_validator(mode="wrap")
    @classmethod
    def _refusal_rules(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        return check_rules(cls.__name__, data, handler, disclosure_refusals)

    @property
    def kind(self) -> Literal["disclosure", "onward"]:
        """The ledger entry kind: `onward` when derived from an earlier entry."""
        return "onward" if self.derived_from is not None else "disclosure"

    @property
    def is_refusal(self) -> bool:
        """Whether this records a decision not to share."""
        return self.decision == "refused"


DISCLOSURE_FIELDS = frozenset(DisclosureIn.model_fields)
CORRECTABLE_FIELDS = DISCLOSURE_FIELDS - DISCLOSURE_FIELDS_FIXED_BY_CORRECTION
