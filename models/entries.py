"""The other ledger entries a client sends: corrections, breaches, notifications, erasures.

Each may carry its own `entry_id`, the idempotency key of the entry it becomes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Self
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    model_validator,
)

from models.disclosure import CORRECTABLE_FIELDS, DISCLOSURE_FIELDS
from models.errors import Refusal, check_rules
from models.fields import BlankIsNone, CategoryCode, MethodCode, PartnerCode, Text, known, listed
from models.raw import duplicates, flag, given
from models.strict import Flag, Instant, OccurredAt
from models.subject_input import SubjectRef
from models.vocabulary import DISPOSITIONS, ERASURE_GROUNDS, HOLD_ACTIONS, HOLD_GROUNDS

EntryId = Annotated[UUID | None, BlankIsNone]
Disposition = Annotated[
    str, AfterValidator(known(DISPOSITIONS, "disposition")), listed(DISPOSITIONS)
]
ErasureGround = Annotated[
    str, AfterValidator(known(ERASURE_GROUNDS, "erasure ground")), listed(ERASURE_GROUNDS)
]


HoldGround = Annotated[
    str, AfterValidator(known(HOLD_GROUNDS, "legal hold ground")), listed(HOLD_GROUNDS)
]
HoldAction = Annotated[
    str, AfterValidator(known(HOLD_ACTIONS, "legal hold action")), listed(HOLD_ACTIONS)
]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    entry_id: EntryId = None


def correction_shape(raw: Mapping[str, Any]) -> list[Refusal]:
    """A correction voids the entry or changes named fields of it, not both (UK GDPR Art 16)."""
    if flag(raw, "void") == given(raw, "changes"):
        return [Refusal((), "give exactly one of void: true or changes")]
    changes = raw.get("changes")
    if not isinstance(changes, Mapping):
        return []
    if not changes:
        return [Refusal(("changes",), "name at least one field to change")]
    fixed = [str(key) for key in changes if key not in CORRECTABLE_FIELDS]
    return [Refusal(("changes", key), _uncorrectable(key)) for key in fixed]


def _uncorrectable(key: str) -> str:
    if key in DISCLOSURE_FIELDS:
        return f"{key} cannot be corrected: void the entry and record it again"
    return "unknown field"


class CorrectionIn(_Entry):
    """`{"void": true, "reason": …}` or `{"changes": {field: value, …}, "reason": …}`.

    Rectification (UK GDPR Art 16) of a recorded disclosure. Changes may name any
    disclosure field but `entry_id` and `derived_from`; a null value removes an optional
    field. The original entry stays in the ledger.
    """

    void: Flag = False
    changes: dict[str, Any] | None = None
    reason: Text

    @model_validator(mode="wrap")
    @classmethod
    def _shape(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        return check_rules(cls.__name__, data, handler, correction_shape)


def apply_correction(original: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The disclosure as corrected: `changes` over `original`, a null removing a field.

    Raises ValueError if `changes` names a field a correction may not change; validate
    the result like any disclosure.
    """
    fixed = sorted(set(changes) - CORRECTABLE_FIELDS)
    if fixed:
        raise ValueError(f"not correctable: {', '.join(fixed)}")
    merged = {**original, **changes}
    return {key: value for key, value in merged.items() if value is not None}


def entries_unique(raw: Mapping[str, Any]) -> list[Refusal]:
    """Each linked entry is listed once."""
    return duplicates(raw, "entries", "entry")


class BreachIn(_Entry):
    """A personal data breach (UK GDPR Art 4(12)), linked to the entries it concerns; it
    opens a breach case (see `models.cases` for the later steps).

    `partner` is the organisation that wrongly got the data (for a misdirected share, the
    actual recipient; `intended_recipient` the one it was meant for, by default the linked
    entries' recipient). `aware_at` is when the council became aware, from which the 72 hours
    to report to the Commissioner run (Art 33(1)); by default when the breach was recorded.
    `reported_to_ico` records whether the Commissioner was notified (Art 33); the
    people affected (Art 34) are the linked entries' subjects.
    """

    occurred_at: OccurredAt
    aware_at: Instant | None = None
    partner: PartnerCode
    intended_recipient: Annotated[PartnerCode | None, BlankIsNone] = None
    entries: list[UUID] = Field(default_factory=list)
    nature: Text
    categories: Annotated[list[CategoryCode] | None, BlankIsNone] = None
    reported_to_ico: Flag

    @model_validator(mode="wrap")
    @classmethod
    def _unique(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        return check_rules(cls.__name__, data, handler, entries_unique)


class NotificationIn(_Entry):
    """A recipient told of a rectification, erasure or restriction (UK GDPR Art 19)."""

    occurred_at: OccurredAt
    recipient: PartnerCode
    subject: SubjectRef
    entries: Annotated[list[UUID], Field(min_length=1)]
    method: MethodCode
    reason: Annotated[Text | None, BlankIsNone] = None

    @model_validator(mode="wrap")
    @classmethod
    def _unique(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        return check_rules(cls.__name__, data, handler, entries_unique)


class ErasureIn(_Entry):
    """A subject's keys and registry row destroyed (UK GDPR Art 17, Art 5(1)(e)).

    `subject` is the subject's token; the entry carries no personal data.
    """

    subject: Text
    ground: ErasureGround


class LegalHoldIn(_Entry):
    """A legal hold placed on a subject, or released (UK GDPR Art 17(3)(e)).

    While held, the subject cannot be erased, by request or at the end of retention.
    `subject` is the subject's token; `ground` a code; `note`, free text, is sealed to the
    subject.
    """

    subject: Text
    action: HoldAction = "place"
    ground: HoldGround
    note: Annotated[Text | None, BlankIsNone] = None


class ReviewIn(_Entry):
    """The DPO's disposition of a flagged entry: accepted (with the reason), referred or
    corrected — oversight recorded in the ledger, so it is itself evidence (UK GDPR
    Art 5(2), accountability; Art 39(1)(b), the DPO's monitoring of compliance)."""

    entry: UUID
    disposition: Disposition
    reason: Text
