"""Response models of the report routes (`api.routes.reports`): the Art 15 access report
(docs/design.md's shape plus `summary`, `review`, `breaches`, `generated_at`,
`council_name`) and the
aggregated flows. They are what `lineage.reports` returns, documented for clients.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class AccessRecipient(BaseModel):
    """An organisation that received the subject's data, directly or onward."""

    partner: str = Field(examples=["beds-police"])
    name: str = Field(examples=["Bedfordshire Police"])
    type: str | None = Field(examples=["police"])
    country: str | None = Field(examples=["GB"])
    first_shared: str = Field(examples=["2026-03-02T10:15:00Z"])
    last_shared: str = Field(examples=["2026-03-02T10:15:00Z"])
    categories: list[str]
    purposes: list[str]
    lawful_bases: list[str]


class AccessTransfer(BaseModel):
    """A share sent outside the UK and the safeguard it went under (UK GDPR Art 15(2))."""

    entry_id: str
    country: str | None = Field(examples=["US"])
    mechanism: str | None = Field(examples=["ART46.2.a"])
    instrument: str | None = Field(description="The safeguard's document, as recorded")


class ReviewItem(BaseModel):
    """An entry needing the officer's decision before release, and why: when, to whom,
    what, the other people it names (by role) and whether it holds free text."""

    entry_id: str
    reason: str
    occurred_at: str = Field(examples=["2026-03-02T10:15:00Z"])
    recipient: str = Field(examples=["Bedfordshire Police"])
    categories: list[str]
    others: list[str] = Field(description="The roles of the other people the entry names")
    free_text: bool


class AccessBreach(BaseModel):
    """A share of the subject's data a breach put in the wrong hands."""

    breach: str
    entry_id: str
    occurred_at: str
    intended_recipient: str = Field(examples=["Challney High School for Girls"])
    received_by: str = Field(examples=["Ferrars Academy"])
    categories: list[str]


class AccessReportOut(BaseModel):
    """A subject's access report (UK GDPR Art 15), ready for an officer to review."""

    subject: str
    purposes: list[str]
    categories: list[str]
    recipients: list[AccessRecipient]
    transfers: list[AccessTransfer]
    sources: list[str]
    retention: str
    rights: str
    summary: str = Field(
        description="Plain English for the family, paragraphs split by blank lines"
    )
    review: list[ReviewItem] = Field(description="For the officer; remove before release")
    breaches: list[AccessBreach] = Field(description="Shares a breach put in the wrong hands")
    generated_at: str
    council_name: str


class PeriodOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: str = Field(alias="from", examples=["2026-01-01"])
    to: str = Field(examples=["2026-03-31"])


class FlowOut(BaseModel):
    """Disclosures from one partner (or partner type) to another in the period."""

    sender: str
    sender_name: str
    sender_type: str
    recipient: str
    recipient_name: str
    recipient_type: str
    count: int
    special: int = Field(description="How many carried special category data (Art 9)")
    criminal: int = Field(description="How many carried criminal offence data (Art 10)")
    cross_border: int = Field(description="How many went outside the UK")
    countries: list[str]


class FlowsOut(BaseModel):
    period: PeriodOut
    by: Literal["partner", "type"]
    flows: list[FlowOut]
