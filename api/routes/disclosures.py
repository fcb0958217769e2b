"""`/v1/disclosures`: record disclosures (one or a batch), list them, read one, correct one."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Header, Query, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from api import pagination
from api.deps import (
    CanAppend,
    CanCorrect,
    CanReadEntries,
    ConnectionDep,
    JsonObject,
    ServiceDep,
    WriterDep,
)
from api.examples import CORRECTION, DISCLOSURE
from api.exports import DISCLOSURE_COLUMNS, MEDIA_TYPES, as_file, wanted_format
from api.openapi import json_body
from api.periods import WHEN, period
from api.permissions import Permission, allows
from api.problems import Problem, refused, responses
from api.read_log import SubjectReadDep
from api.schemas import (
    BatchReceiptsOut,
    DisclosureBatchIn,
    DisclosureCount,
    DisclosureOut,
    DisclosurePage,
    ReceiptOut,
)
from api.views import disclosure_view, receipt_answer, subject_tokens
from lineage.ledger.listing import (
    DisclosureFilter,
    all_disclosures,
    count_disclosures,
    disclosure_detail,
    list_disclosures,
)
from lineage.ledger.opening import TextOpener
from lineage.ledger.store import BatchRefused, Request
from models.entries import CorrectionIn
from models.errors import FieldError
from models.inputs import DisclosureIn
from models.strict import QueryFlag

router = APIRouter(prefix="/v1/disclosures", tags=["disclosures"], responses=responses(401, 403))

REPEAT: dict[int | str, dict[str, Any]] = {
    200: {"description": "A repeat of an earlier request: the same receipt"}
}


@router.post(
    "",
    status_code=201,
    response_model=ReceiptOut,
    summary="Record a disclosure (idempotent on entry_id)",
    description="201 with a receipt; 200 with the same receipt for an exact repeat; 409 if "
    "the entry id was used for a different disclosure. Refusals name every field.",
    responses={**REPEAT, **responses(409, 413, 422)},
    openapi_extra=json_body(DisclosureIn, example=DISCLOSURE),
)
async def record_disclosure(
    principal: CanAppend, payload: JsonObject, writer: WriterDep, response: Response
) -> dict[str, Any]:
    [appended] = await writer.append([Request.validated("disclosure", payload)], principal.label)
    return receipt_answer(appended, response)


def _batch_items(payload: dict[str, Any], limit: int) -> list[dict[str, Any]]:
    items = payload.get("disclosures")
    if not isinstance(items, list) or not items:
        raise refused([FieldError("disclosures", "give a non-empty list of disclosures")])
    if len(items) > limit:
        raise Problem(413, f"a batch holds at most {limit} disclosures, not {len(items)}")
    wrong = [i for i, item in enumerate(items) if not isinstance(item, dict)]
    if wrong:
        raise BatchRefused([(i, [FieldError("", "must be a JSON object")]) for i in wrong])
    return items


@router.post(
    "/batch",
    status_code=201,
    response_model=BatchReceiptsOut,
    summary="Record many disclosures in one transaction (all or none)",
    description="Every item is checked first; if any is refused, nothing is stored and each "
    "refused field is named as `disclosures[i].field`. 200 when every item was a repeat.",
    responses={**REPEAT, **responses(409, 413, 422)},
    openapi_extra=json_body(DisclosureBatchIn, example={"disclosures": [DISCLOSURE]}),
)
async def record_batch(
    principal: CanAppend, payload: JsonObject, writer: WriterDep, response: Response
) -> dict[str, Any]:
    items = _batch_items(payload, writer.ledger.settings.max_batch_items)
    requests = Request.validated_all("disclosure", items)
    appended = await writer.append(requests, principal.label)
    added = sum(a.created for a in appended)
    response.status_code = 201 if added else 200
    return {
        "receipts": [a.receipt.as_json() for a in appended],
        "added": added,
        "repeated": len(appended) - added,
    }


Codes = list[Annotated[str, Field(max_length=64)]]
MANY = "Repeat the parameter for several values; any of them matches."


class DisclosureQuery(BaseModel):
    """Filters of the listing; all optional, combined with AND; repeated values are ORed."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    subject: str | None = Field(None, max_length=40, description="A subject token")
    sender: Codes = Field([], max_length=100, description=MANY)
    recipient: Codes = Field([], max_length=100, description=MANY)
    partner_type: Codes = Field([], max_length=20, description="The recipient's type. " + MANY)
    category: Codes = Field([], max_length=50, description=MANY)
    category_class: list[Literal["ordinary", "special", "criminal"]] = Field(
        [], max_length=3, description="special: Art 9; criminal: Art 10. " + MANY
    )
    purpose: Codes = Field([], max_length=50, description=MANY)
    basis: Codes = Field([], max_length=20, description="Lawful basis (Art 6) code. " + MANY)
    subject_role: Codes = Field([], max_length=20, description=MANY)
    decision: Codes = Field([], max_length=10, description="shared or refused. " + MANY)
    cross_border: QueryFlag | None = None
    flagged: QueryFlag | None = Field(None, description="With (true) or without any exception")
    start: str | None = Field(None, alias="from", max_length=40, description=f"Occurred: {WHEN}")
    end: str | None = Field(None, alias="to", max_length=40, description=f"Occurred: {WHEN}")
    kind: list[Literal["disclosure", "onward"]] = Field([], max_length=2, description=MANY)
    exception: Codes = Field([], max_length=20, description="A flagged exception kind. " + MANY)
    include_void: QueryFlag = False
    consistent_identifier: QueryFlag | None = Field(
        None,
        description="true: only shares that carried the child's consistent identifier (the "
        "NHS number, Children Act 2004 s.16LC); false: only those that did not",
    )
    cursor: str | None = Field(None, max_length=64)
    limit: int = Field(100, ge=1, le=pagination.MAX_LIMIT)
    format: Literal["json", "csv", "xlsx"] | None = Field(
        None, description="csv or xlsx: every matching row as one file (or send Accept)"
    )

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        """A NUL character matches nothing, and PostgreSQL cannot compare text holding one."""
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("must not contain a NUL character")
        if isinstance(value, list) and any(isinstance(v, str) and "\x00" in v for v in value):
            raise ValueError("must not contain a NUL character")
        return value

    def as_filter(self) -> DisclosureFilter:
        """The engine's filter; 422 naming `from`/`to` if a date is wrong."""
        return DisclosureFilter(
            subject=self.subject,
            senders=tuple(self.sender),
            recipients=tuple(self.recipient),
            partner_types=tuple(self.partner_type),
            categories=tuple(self.category),
            category_classes=tuple(self.category_class),
            purposes=tuple(self.purpose),
            bases=tuple(self.basis),
            subject_roles=tuple(self.subject_role),
            decisions=tuple(self.decision),
            cross_border=self.cross_border,
            flagged=self.flagged,
            occurred=period(self.start, self.end),
            consistent_identifier=self.consistent_identifier,
            kinds=tuple(self.kind),
            exceptions=tuple(self.exception),
            include_void=self.include_void,
        )


@router.get(
    "",
    response_model=DisclosurePage,
    summary="List disclosures as they now stand, filtered, a page at a time — or as a file",
    description="Repeat a parameter for several values (`?category=identity&category=health` "
    "means either). `from` and `to` are inclusive; a date means the whole day. With "
    "`format=csv|xlsx` (or `Accept: text/csv` or the XLSX media type) the answer is every "
    "matching row, not a page, as one file with the same rows the JSON pages hold. "
    "Recorded in the access log with the filters asked and the subjects of the entries "
    "returned, filtered by subject or not.",
    responses={
        **responses(422),
        200: {
            "description": "A page of disclosures, or with `format` every one as a file",
            "content": {media: {"schema": {"type": "string"}} for media in MEDIA_TYPES.values()},
        },
    },
)
def list_(
    principal: CanReadEntries,
    query: Annotated[DisclosureQuery, Query()],
    conn: ConnectionDep,
    audit: SubjectReadDep,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Any:
    after = pagination.decode(query.cursor)
    fmt = wanted_format(query.format, accept)
    dumped = query.model_dump(mode="json", by_alias=True, exclude_none=True)
    asked = {name: value for name, value in dumped.items() if value != []}
    if fmt != "json":
        items = list(all_disclosures(conn, query.as_filter()))
        _record(audit, query, items, {"count": len(items), "format": fmt, "asked": asked})
        return as_file(items, DISCLOSURE_COLUMNS, fmt, name="disclosures")
    items = list_disclosures(conn, query.as_filter(), after=after, limit=query.limit)
    _record(audit, query, items, {"count": len(items), "asked": asked})
    positions = [item["seq"] for item in items]
    return {"items": items, "next_cursor": pagination.next_cursor(positions, query.limit)}


def _record(audit: Any, query: DisclosureQuery, items: list[Any], returned: Any) -> None:
    """Every listing is a read of the subjects it returns: recorded with what was asked."""
    named = [s["token"] for item in items for s in item["subjects"]]
    tokens = [query.subject, *named] if query.subject is not None else named
    audit(tokens, {"status": 200, **returned})


@router.get(
    "/count",
    response_model=DisclosureCount,
    summary="How many disclosures match the listing's filters",
    description="E.g. `?consistent_identifier=true` counts the shares that carried the "
    "child's consistent identifier (Children Act 2004 s.16LC). A count filtered by `subject` "
    "is recorded in the access log.",
    responses=responses(422),
)
def count(
    principal: CanReadEntries,
    query: Annotated[DisclosureQuery, Query()],
    conn: ConnectionDep,
    audit: SubjectReadDep,
) -> dict[str, Any]:
    found = count_disclosures(conn, query.as_filter())
    if query.subject is not None:
        audit([query.subject], {"status": 200, "count": found})
    return {"count": found}


@router.get(
    "/{entry_id}",
    response_model=DisclosureOut,
    summary="One disclosure: effective state, history of corrections and receipt",
    description="Free text (`reason`) is opened for roles allowed to read it. Recorded in the "
    "access log.",
    responses=responses(404, 422),
)
def read(
    entry_id: UUID,
    principal: CanReadEntries,
    service: ServiceDep,
    conn: ConnectionDep,
    audit: SubjectReadDep,
) -> dict[str, Any]:
    detail = disclosure_detail(conn, str(entry_id))
    if detail is None:
        raise Problem(404, f"no disclosure {entry_id} in the ledger")
    tokens = subject_tokens(detail)
    allowed = allows(principal.role, Permission.READ_FREE_TEXT)
    text = TextOpener(conn, service.keys, tokens, allowed=allowed)
    receipt = service.ledger.receipt(str(entry_id)).as_json()
    view = disclosure_view(detail, receipt, text)
    audit(tokens, {"status": 200, "versions": len(detail["versions"])})
    return view


@router.post(
    "/{entry_id}/corrections",
    status_code=201,
    response_model=ReceiptOut,
    summary="Correct or void a disclosure (UK GDPR Art 16); the original stays",
    responses={**REPEAT, **responses(404, 409, 413, 422)},
    openapi_extra=json_body(CorrectionIn, example=CORRECTION),
)
async def correct(
    entry_id: UUID,
    principal: CanCorrect,
    payload: JsonObject,
    writer: WriterDep,
    response: Response,
) -> dict[str, Any]:
    request = Request.validated("correction", payload, target=str(entry_id))
    [appended] = await writer.append([request], principal.label)
    return receipt_answer(appended, response)
