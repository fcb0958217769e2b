"""A proposed share, as a practitioner sends it to the decision point (`POST /v1/decisions`).

The shape is the disclosure's (`models.disclosure`) less what only a share that happened has
(method, consent, lineage), plus `urgency` and, to record a decision not to share,
`withhold` with its `reason`. Field validation and the shape rules refuse a malformed
proposal (HTTP 422); whether it may go ahead is for `models.decision_rules`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Final, Self
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    field_validator,
    model_validator,
)

from models.codes import plain
from models.dates import utc_now
from models.errors import Refusal, check_rules
from models.fields import (
    AgreementId,
    Annex1Code,
    BlankIsNone,
    CategoryCode,
    CountryCode,
    LawfulBasisCode,
    PartnerCode,
    PurposeCode,
    Schedule1Code,
    SpecialConditionCode,
    Text,
    TransferMechanismCode,
    known,
    listed,
)
from models.raw import flag, given
from models.refusals import agreement_or_one_off, categories_unique
from models.strict import Flag, Instant
from models.subject_input import SubjectIn

OUTCOMES: Final = ("PERMIT", "REVIEW", "DENY")
URGENCIES: Final = plain(
    [
        ("routine", "Routine"),
        ("urgent", "Urgent: needed today"),
        ("immediate", "Immediate: a child is at risk of significant harm now"),
    ]
)
UrgencyCode = Annotated[str, AfterValidator(known(URGENCIES, "urgency")), listed(URGENCIES)]
RESOLVED_OUTCOMES: Final = plain([("PERMIT", "Share"), ("DENY", "Do not share")])
ResolvedOutcome = Annotated[
    str, AfterValidator(known(RESOLVED_OUTCOMES, "outcome")), listed(RESOLVED_OUTCOMES)
]


def withholding_reason(raw: Mapping[str, Any]) -> list[Refusal]:
    """A decision not to share states why (Working Together to Safeguard Children 2023)."""
    if flag(raw, "withhold") and not given(raw, "reason"):
        return [Refusal(("reason",), "a decision not to share needs its reason")]
    return []


PROPOSAL_SHAPE_RULES: Final = (categories_unique, agreement_or_one_off, withholding_reason)
"""Rules that make a proposal malformed (refused), not merely one that may not go ahead."""


def proposal_refusals(raw: Mapping[str, Any]) -> list[Refusal]:
    """Every shape rule a proposal breaks."""
    return [refusal for rule in PROPOSAL_SHAPE_RULES for refusal in rule(raw)]


class ProposedShare(BaseModel):
    """A share someone is about to make, or has decided not to make (`withhold: true`).

    `sender` left out means the council; `occurred_at` left out means now (the agreement's
    dates are checked on that day). `decision_id` is the idempotency key of the decision.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    decision_id: Annotated[UUID | None, BlankIsNone] = None
    occurred_at: Instant = Field(default_factory=utc_now)
    sender: Annotated[PartnerCode | None, BlankIsNone] = None
    recipient: PartnerCode
    subjects: list[SubjectIn] | None = None
    categories: Annotated[list[CategoryCode], Field(min_length=1)]
    purpose: PurposeCode
    lawful_basis: Annotated[LawfulBasisCode | None, BlankIsNone] = None
    annex1_condition: Annotated[Annex1Code | None, BlankIsNone] = None
    special_category_condition: Annotated[SpecialConditionCode | None, BlankIsNone] = None
    schedule1_condition: Annotated[Schedule1Code | None, BlankIsNone] = None
    criminal_offence_condition: Annotated[Schedule1Code | None, BlankIsNone] = None
    agreement: Annotated[AgreementId | None, BlankIsNone] = None
    one_off: Flag = False
    cross_border: Flag = False
    destination_country: Annotated[CountryCode | None, BlankIsNone] = None
    transfer_mechanism: Annotated[TransferMechanismCode | None, BlankIsNone] = None
    transfer_instrument: Annotated[Text | None, BlankIsNone] = None
    urgency: UrgencyCode = "routine"
    withhold: Flag = False
    reason: Annotated[Text | None, BlankIsNone] = None
    decision_maker: Annotated[Text | None, BlankIsNone] = None

    @field_validator("subjects")
    @classmethod
    def _no_subjects_is_none(cls, subjects: list[SubjectIn] | None) -> list[SubjectIn] | None:
        return subjects or None

    @model_validator(mode="wrap")
    @classmethod
    def _shape(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        return check_rules(cls.__name__, data, handler, proposal_refusals)

    @property
    def entry_id(self) -> UUID | None:
        """The ledger entry id the decision becomes: its `decision_id`."""
        return self.decision_id

    @property
    def derived_from(self) -> None:
        """A proposal is judged as a direct share (`models.flags.Share`)."""
        return None


class ResolutionIn(BaseModel):
    """A REVIEW decision resolved: by whom (a named person), to what, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    resolved_by: Text
    outcome: ResolvedOutcome
    reason: Text
