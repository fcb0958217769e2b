"""Response models of the DPO's investigation routes (`api.routes.investigations`).

The shapes are those of docs/design.md ("Shapes"), with the fields the engine adds; they are
what `lineage.investigate` returns, documented for clients.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Via = Literal["direct", "onward"]


class LineageNode(BaseModel):
    """An organisation data went through: a partner code and its registry details."""

    id: str = Field(examples=["beds-police"])
    name: str = Field(examples=["Bedfordshire Police"])
    type: str | None = Field(examples=["police"])
    country: str | None = Field(examples=["GB"])


class LineageEdge(BaseModel):
    """One disclosure or onward disclosure, as corrected; `subjects` are the tokens asked
    about whose data it carried."""

    entry_id: str
    from_: str = Field(alias="from", examples=["luton-council"])
    to: str = Field(examples=["beds-police"])
    occurred_at: str = Field(examples=["2026-03-02T10:15:00Z"])
    categories: list[str]
    purpose: str
    lawful_basis: str | None
    cross_border: bool
    derived_from: str | None = Field(
        description="The entry this onward disclosure came from; for a breach edge, the share "
        "that went to the wrong place"
    )
    kind: Literal["disclosure", "onward", "breach"] = Field(
        description="`breach`: a share a breach put in another partner's hands than its "
        "recipient's, drawn to that partner and keyed by the breach's entry id"
    )
    destination_country: str | None
    decision: Literal["shared", "refused"]
    subjects: list[str]
    void: bool


class LineageOut(BaseModel):
    subject: str
    nodes: list[LineageNode]
    edges: list[LineageEdge]


class RecipientOut(BaseModel):
    """A recipient to tell (UK GDPR Art 19), its entries, and which are still outstanding."""

    partner: str
    name: str
    entries: list[str]
    categories: list[str]
    via: Via
    first_shared: str
    last_shared: str
    notified: bool = Field(description="Every entry has a notification recorded")
    outstanding: list[str] = Field(description="Entries no notification covers yet")
    notifications: list[str] = Field(description="The notification entries that count")


class NotifyListOut(BaseModel):
    subject: str
    recipients: list[RecipientOut]


class ExposedSubject(BaseModel):
    token: str
    categories: list[str]
    entries: list[str]
    via: Literal["direct", "onward", "breach"] = Field(
        description="`breach`: received only through a misdirected share"
    )


class BreachRef(BaseModel):
    """A breach recorded against the partner (its sealed description is not shown)."""

    entry_id: str
    occurred_at: str
    recorded_at: str
    entries: list[str]
    categories: list[str]
    reported_to_ico: bool


class ClassCounts(BaseModel):
    """Subjects with data of each category class received (one may count in several)."""

    ordinary: int
    special: int
    criminal: int


class ExposureOut(BaseModel):
    partner: str
    subject_count: int
    subjects: list[ExposedSubject]
    by_class: ClassCounts
    breaches: list[BreachRef]


class TransferOut(BaseModel):
    """A transfer outside the UK and its safeguard (UK GDPR Art 44-49)."""

    entry_id: str
    seq: int
    kind: Literal["disclosure", "onward"]
    occurred_at: str
    sender: str
    recipient: str
    country: str | None
    mechanism: str | None
    instrument: str | None
    adequate: bool = Field(description="On the UK adequacy list on the UK date it occurred")
    categories: list[str]
    purpose: str
    subjects: list[str]


class TransferPage(BaseModel):
    items: list[TransferOut]
    next_cursor: str | None


class ExceptionOut(BaseModel):
    kind: str = Field(examples=["outside_agreement"])
    label: str
    detail: str


class FlaggedEntryOut(BaseModel):
    """An entry as it now stands and the exceptions its current version raised."""

    entry_id: str
    seq: int = Field(description="Position of the version whose flags these are")
    entry_kind: Literal["disclosure", "onward"]
    occurred_at: str
    recorded_at: str
    sender: str
    recipient: str
    subjects: list[str]
    exceptions: list[ExceptionOut]


class ExceptionPage(BaseModel):
    items: list[FlaggedEntryOut]
    next_cursor: str | None
    total: int = Field(
        description="Entries flagged on every page together: effective, not voided, with at "
        "least one flag, each counted once"
    )
