"""The API's response models (and the batch request), as the OpenAPI document shows them.

Shapes follow docs/design.md "Shapes": receipts, tree heads and proofs are hex; subjects appear
only as tokens; free text appears only opened, and only for roles allowed to read it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.examples import RECEIPT
from models.disclosure import DisclosureIn

HEX = Field(pattern="^[0-9a-f]*$")


class ReceiptOut(BaseModel):
    """Where an entry sits in the log and the proof that it is in the tree."""

    model_config = ConfigDict(json_schema_extra={"examples": [RECEIPT]})

    entry_id: str
    seq: int
    leaf_hash: str = HEX
    tree_size: int
    root: str = HEX
    inclusion_proof: list[str]
    exceptions: list[str]


class DisclosureBatchIn(BaseModel):
    """Many disclosures, stored in one transaction: all of them, or none."""

    disclosures: list[DisclosureIn] = Field(min_length=1)


class BatchReceiptsOut(BaseModel):
    """A receipt per disclosure, in the order sent."""

    receipts: list[ReceiptOut]
    added: int
    repeated: int


class SubjectOut(BaseModel):
    token: str
    role: str


class FlagOut(BaseModel):
    """An exception flagged for the DPO's review."""

    kind: str
    detail: str


class DisclosureSummary(BaseModel):
    """A disclosure's effective state, as the listing shows it."""

    entry_id: str
    seq: int
    version_seq: int
    kind: str
    occurred_at: datetime
    recorded_at: datetime
    sender: str
    recipient: str
    purpose: str
    lawful_basis: str | None
    agreement: str | None
    method: str | None
    decision: str
    cross_border: bool
    destination_country: str | None
    transfer_mechanism: str | None
    derived_from_seq: int | None
    void: bool
    subjects: list[SubjectOut]
    categories: list[str]
    exceptions: list[str]


class DisclosurePage(BaseModel):
    """One page of disclosures; pass `next_cursor` as `cursor` for the next."""

    items: list[DisclosureSummary]
    next_cursor: str | None


class EffectiveState(BaseModel):
    """A disclosure as it stands after its corrections; `reason` opened or left out."""

    model_config = ConfigDict(extra="allow")

    occurred_at: str
    sender: str
    recipient: str
    subjects: list[SubjectOut]
    categories: list[str]
    purpose: str
    decision: str = "shared"
    reason: str | None = None


class VersionOut(BaseModel):
    """One entry in a disclosure's history: the original, then each correction."""

    seq: int
    entry_id: str
    kind: str
    recorded_at: str
    recorded_by: str
    void: bool
    changes: dict[str, Any] | None = None
    reason: str | None = None


class DisclosureOut(BaseModel):
    """A disclosure: its effective state, its history of corrections and its receipt."""

    entry_id: str
    seq: int
    kind: str
    void: bool
    effective: EffectiveState
    exceptions: list[FlagOut]
    history: list[VersionOut]
    receipt: ReceiptOut
    free_text: str = Field(
        description="`opened`: free text shown where keys remain; `withheld`: role may not see "
        'it; `erased`: a subject it concerns was erased, and the text reads "erased on DATE '
        'under GROUND"'
    )


class DisclosureCount(BaseModel):
    count: int = Field(description="Effective disclosures matching the filters")


class SubjectToken(BaseModel):
    token: str = Field(examples=["sub_mfrggzdfmztwq2lknnwg23tpobyxe43u"])
    merged_from: list[str] | None = Field(
        None,
        description="The records merged into this subject's (present when there are any): "
        "a look-up of a merged record leads to the surviving one.",
    )


class PartnerOut(BaseModel):
    code: str
    name: str
    type: str
    role: str
    country: str
    external_codes: dict[str, str]
    valid_from: str | None
    valid_to: str | None
    version: int
    retired: bool


class PartnerDetail(PartnerOut):
    """The current version of a partner and every version before it."""

    history: list[PartnerOut]


class PartnerList(BaseModel):
    items: list[PartnerOut]


class AgreementOut(BaseModel):
    id: str
    title: str
    parties: list[str]
    categories: list[str]
    purposes: list[str]
    lawful_bases: list[str]
    valid_from: str
    valid_to: str | None = None
    review_date: str | None = None
    document_ref: str | None = None
    onward_sharing: bool = False
    onward_recipients: list[str] = Field(default_factory=list)
    version: int
    retired: bool


class AgreementDetail(AgreementOut):
    history: list[AgreementOut]


class AgreementList(BaseModel):
    items: list[AgreementOut]


class LedgerHead(BaseModel):
    tree_size: int
    root: str = HEX


class InclusionProofOut(BaseModel):
    """RFC 9162 §2.1.3 inclusion proof of the leaf at `seq` in the tree of `tree_size`."""

    seq: int
    tree_size: int
    leaf_hash: str = HEX
    root: str = HEX
    proof: list[str]


class ConsistencyProofOut(BaseModel):
    """RFC 9162 §2.1.4 consistency proof between two tree sizes."""

    first: int
    second: int
    first_root: str = HEX
    second_root: str = HEX
    proof: list[str]


class VerifyOut(BaseModel):
    """The outcome of recomputing the ledger, its checkpoints and the access log."""

    ok: bool
    tree_size: int
    root: str = HEX
    first_bad_seq: int | None
    problems: list[str]
    checkpoints_checked: int


class AccessEvent(BaseModel):
    """One row of the access log: a read that concerned a subject."""

    seq: int
    at: str
    principal: str
    endpoint: str
    token: str | None = None
    tokens: list[str]
    returned: dict[str, Any]
    request_id: str | None = None


class AccessPage(BaseModel):
    items: list[AccessEvent]
    next_cursor: str | None
