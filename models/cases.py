"""Casework steps, each one ledger entry of kind `case`: breaches, subject access requests,
complaints and Art 19 notification worklists.

A case is opened by one entry (a `breach` entry opens a breach case; a `case` entry with
step `opened` the others) and every later step names it by that entry's id in `case`. Each
step is `{"case_kind", "step", "case", …its fields}`; `validate_case` picks the step's shape
from `STEPS` and names every wrong field.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Final, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from models.errors import EntryRefused, FieldError
from models.fields import BlankIsNone, CategoryCode, MethodCode, PartnerCode, Text
from models.payload import validate_or_refuse
from models.subject_input import SubjectRef

EntryId = Annotated[UUID | None, BlankIsNone]
OptionalText = Annotated[Text | None, BlankIsNone]

CASE_KINDS: Final = ("breach", "access_request", "complaint", "art19")
"""Breaches (UK GDPR Art 33/34), subject access (Art 12, 15), complaints (DPA 2018 s.164A),
Art 19 notification worklists."""
CHANNELS: Final = ("email", "letter", "phone", "web_form", "in_person", "social_media")
"""How a request or complaint arrived: any channel counts (DPA 2018 s.164A(2))."""
REQUESTERS: Final = ("data_subject", "representative")
REVIEW_DECISIONS: Final = ("release", "redact", "withhold")
OUTCOMES: Final = ("upheld", "partly_upheld", "not_upheld", "withdrawn")


class _Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    entry_id: EntryId = None
    case: UUID
    case_kind: str
    step: str


class _Opening(_Step):
    case: Annotated[UUID | None, BlankIsNone] = None  # type: ignore[assignment]


class Closed(_Step):
    """Any case closed, with a summary. No step may follow."""

    on: date
    summary: Text


# -- breaches (UK GDPR Art 33, 34) ---------------------------------------------------------


class IcoDecision(_Step):
    """Art 33(1): report to the Commissioner, or not (unlikely to result in a risk), why."""

    at: AwareDatetime
    report: bool
    reason: Text


class IcoReported(_Step):
    """The report made to the Commissioner, with the ICO's reference if given."""

    at: AwareDatetime
    reference: OptionalText = None


class SubjectsDecision(_Step):
    """Art 34: tell the people affected (a high risk to them), or not, and why."""

    at: AwareDatetime
    tell: bool
    reason: Text


class Communication(_Step):
    """Art 34(2): one communication to a person affected, or their representative."""

    at: AwareDatetime
    subject: SubjectRef
    method: MethodCode


# -- subject access (UK GDPR Art 12, 15; Data (Use and Access) Act 2025) -------------------


class AccessRequestOpened(_Opening):
    """A subject access request received (Art 15), by any channel."""

    requester: Text
    requester_type: Literal["data_subject", "representative"]
    subjects: Annotated[list[SubjectRef], Field(min_length=1)]
    received: date
    channel: Literal["email", "letter", "phone", "web_form", "in_person", "social_media"]


class OnDate(_Step):
    """A dated step: identity confirmed, or the clock restarted (Art 12A)."""

    on: date


class Paused(_Step):
    """The clock stopped while the council waits for information it needs (Art 12A)."""

    on: date
    reason: Text


class Extended(_Step):
    """Art 12(3): a complex request extended by one or two further months, with reasons."""

    on: date
    months: Annotated[int, Field(ge=1, le=2)]
    reason: Text


class Searched(_Step):
    """Art 15(1A): the reasonable and proportionate search made, and why that scope."""

    on: date
    systems: Annotated[list[Text], Field(min_length=1)]
    scope: Text


class ItemReviewed(_Step):
    """One third-party item reviewed: released, redacted or withheld, and why."""

    on: date
    entry: UUID
    decision: Literal["release", "redact", "withhold"]
    reason: Text


class Released(_Step):
    """The response sent; recorded too as a disclosure to the requester (`recipient`, a
    partner of type data_subject) carrying `categories`; `disclosure` adds any other
    disclosure fields the share needs (an Art 9 condition, say)."""

    on: date
    recipient: PartnerCode
    method: MethodCode
    categories: Annotated[list[CategoryCode], Field(min_length=1)]
    disclosure: dict[str, Any] = Field(default_factory=dict)


# -- complaints (DPA 2018 s.164A) ----------------------------------------------------------


class ComplaintOpened(_Opening):
    """A data protection complaint received, by any channel, about the disclosures named."""

    complainant: Text
    channel: Literal["email", "letter", "phone", "web_form", "in_person", "social_media"]
    received: date
    summary: Text
    subjects: list[SubjectRef] = Field(default_factory=list)
    entries: list[UUID] = Field(default_factory=list)


class Acknowledged(_Step):
    """The complaint acknowledged (s.164A: within 30 days)."""

    on: date
    method: MethodCode


class EntriesLinked(_Step):
    """More disclosures the complaint is about."""

    on: date
    entries: Annotated[list[UUID], Field(min_length=1)]


class ComplaintOutcome(_Step):
    """The outcome told to the complainant, with their right to complain to the ICO."""

    on: date
    outcome: Literal["upheld", "partly_upheld", "not_upheld", "withdrawn"]
    detail: Text
    told_of_ico_right: Literal[True]


# -- Art 19 worklists --------------------------------------------------------------------


class WorklistOpened(_Opening):
    """The recipients to tell of a rectification, erasure or restriction (Art 19)."""

    on: date
    subject: SubjectRef
    source: EntryId = None
    recipients: Annotated[list[PartnerCode], Field(min_length=1)]


class RecipientNotified(_Step):
    """One recipient told (Art 19)."""

    on: date
    recipient: PartnerCode
    method: MethodCode


class RecipientImpossible(_Step):
    """Art 19: telling this recipient proves impossible or involves disproportionate effort."""

    on: date
    recipient: PartnerCode
    reason: Text


STEPS: Final[dict[str, dict[str, type[_Step]]]] = {
    "breach": {
        "ico_decision": IcoDecision,
        "ico_reported": IcoReported,
        "subjects_decision": SubjectsDecision,
        "communication": Communication,
        "closed": Closed,
    },
    "access_request": {
        "opened": AccessRequestOpened,
        "identity_confirmed": OnDate,
        "paused": Paused,
        "restarted": OnDate,
        "extended": Extended,
        "searched": Searched,
        "item_reviewed": ItemReviewed,
        "released": Released,
        "closed": Closed,
    },
    "complaint": {
        "opened": ComplaintOpened,
        "acknowledged": Acknowledged,
        "entries_linked": EntriesLinked,
        "outcome": ComplaintOutcome,
        "closed": Closed,
    },
    "art19": {
        "opened": WorklistOpened,
        "notified": RecipientNotified,
        "impossible": RecipientImpossible,
        "closed": Closed,
    },
}
"""Each case kind's steps and their shapes. A breach case is opened by a `breach` entry."""


def step_model(raw: Mapping[str, Any]) -> type[_Step]:
    """The shape of the step `raw` names; `EntryRefused` naming `case_kind` or `step`."""
    kind = raw.get("case_kind")
    if kind not in STEPS:
        raise EntryRefused([FieldError("case_kind", f"one of {', '.join(CASE_KINDS)}")])
    steps = STEPS[str(kind)]
    step = raw.get("step")
    if step not in steps:
        raise EntryRefused([FieldError("step", f"one of {', '.join(steps)}")])
    return steps[str(step)]


def validate_case(raw: Mapping[str, Any]) -> _Step:
    """One case step, checked against its kind's shape (every wrong field named)."""
    return validate_or_refuse(step_model(raw), raw)


def is_opening(step: _Step) -> bool:
    return isinstance(step, _Opening)
