"""`/v1/subjects`: from an identifier to the subject's token — recorded in the access log —
and the explicit, recorded ways to join two records of one child or correct an identifier."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from api.deps import (
    CanLookUpSubject,
    CanManageSubjects,
    ConnectionDep,
    JsonObject,
    ServiceDep,
    WriterDep,
)
from api.openapi import json_body
from api.problems import Problem, refused, responses
from api.read_log import SubjectReadDep
from api.schemas import ReceiptOut, SubjectToken
from api.views import receipt_answer
from lineage.ledger.requests import Request
from lineage.registry.identity import AmbiguousIdentifier
from lineage.registry.subjects import SubjectRegistry
from models.errors import FieldError
from models.identifiers import (
    is_valid_nhs_number,
    is_valid_upn,
    normalise_nhs_number,
    normalise_upn,
)

router = APIRouter(prefix="/v1/subjects", tags=["subjects"], responses=responses(401, 403))


class LookupQuery(BaseModel):
    """Exactly one identifier."""

    model_config = ConfigDict(extra="forbid")

    local_id: str | None = Field(None, min_length=1, max_length=100, description="Council id")
    nhs_number: str | None = Field(None, max_length=20, examples=["9998765439"])
    upn: str | None = Field(None, max_length=20, examples=["B801200005001"])


def identifier(query: LookupQuery) -> tuple[str, str]:
    """(kind, normalised value); 422 unless exactly one valid identifier is given."""
    given = [(k, v) for k, v in query.model_dump().items() if v is not None]
    if len(given) != 1:
        raise refused([FieldError("", "give exactly one of local_id, nhs_number or upn")])
    kind, value = given[0]
    if kind == "nhs_number":
        if not is_valid_nhs_number(value):
            raise refused([FieldError("nhs_number", "not a valid NHS number")])
        return kind, normalise_nhs_number(value)
    if kind == "upn":
        if not is_valid_upn(value):
            raise refused([FieldError("upn", "not a valid UPN")])
        return kind, normalise_upn(value)
    return kind, value


@router.get(
    "/lookup",
    response_model=SubjectToken,
    response_model_exclude_none=True,
    summary="Find a subject's token by local id, NHS number or UPN",
    description="Every look-up, found or not, is recorded in the access log (by token; the "
    "identifier itself is never logged).",
    responses=responses(404, 409, 422),
)
def lookup(
    principal: CanLookUpSubject,
    query: Annotated[LookupQuery, Query()],
    service: ServiceDep,
    conn: ConnectionDep,
    audit: SubjectReadDep,
) -> dict[str, Any]:
    kind, value = identifier(query)
    registry = SubjectRegistry(conn, service.keys)
    try:
        token = registry.lookup(kind, value)
    except AmbiguousIdentifier as ambiguous:
        audit(ambiguous.tokens, {"status": 409, "by": kind})
        raise Problem(409, _AMBIGUOUS.format(n=len(ambiguous.tokens), kind=kind)) from None
    if token is None:
        audit([], {"status": 404, "by": kind})
        raise Problem(404, f"no subject with that {kind}")
    merged = registry.merged_from(token)
    audit([token, *merged], {"status": 200, "by": kind})
    return {"token": token, "merged_from": merged} if merged else {"token": token}


_AMBIGUOUS = (
    "{n} subjects hold that {kind}: a look-up never chooses one. An investigator or admin "
    "joins the records (POST /v1/subjects/{{token}}/merge) or corrects one "
    "(POST /v1/subjects/{{token}}/identifiers)."
)
TokenPath = Annotated[str, Path(min_length=1, max_length=40, description="A subject token")]


class MergeIn(BaseModel):
    """Records to join into the one in the path (the survivor), and why."""

    model_config = ConfigDict(extra="forbid")

    merged: list[str] = Field(min_length=1, examples=[["sub_k5ngxzdfmztwq2lknnwg23tpobyxe43u"]])
    reason: str = Field(examples=["Same child: duplicate record made at the front door"])
    entry_id: str | None = None


class IdentifierIn(BaseModel):
    """An identifier to add, correct or (value null) retire, and why."""

    model_config = ConfigDict(extra="forbid")

    field: str = Field(examples=["nhs_number"], description="nhs_number, upn or family_id")
    value: str | None = Field(None, examples=["9434765919"])
    reason: str = Field(examples=["NHS number confirmed by the GP practice"])
    entry_id: str | None = None


@router.post(
    "/{token}/merge",
    status_code=201,
    response_model=ReceiptOut,
    summary="Join records of one child into this subject's (recorded in the ledger)",
    description="Each record in `merged` leads to this one from now on; the child's lineage, "
    "notify list and access report show every record's shares. 409 if the records hold "
    "different NHS numbers or UPNs.",
    responses=responses(404, 409, 413, 422),
    openapi_extra=json_body(MergeIn),
)
async def merge(
    principal: CanManageSubjects,
    token: TokenPath,
    payload: JsonObject,
    writer: WriterDep,
    response: Response,
) -> dict[str, Any]:
    change = {**payload, "action": "subject.merge", "into": token}
    [appended] = await writer.append([Request.validated("registry", change)], principal.label)
    return receipt_answer(appended, response)


@router.post(
    "/{token}/identifiers",
    status_code=201,
    response_model=ReceiptOut,
    summary="Add, correct or retire a subject's identifier (recorded in the ledger)",
    description="409 if another current subject holds that NHS number or UPN: if they are "
    "one child, merge them.",
    responses=responses(404, 409, 413, 422),
    openapi_extra=json_body(IdentifierIn),
)
async def set_identifier(
    principal: CanManageSubjects,
    token: TokenPath,
    payload: JsonObject,
    writer: WriterDep,
    response: Response,
) -> dict[str, Any]:
    change = {**payload, "action": "subject.set_identifier", "subject": token}
    [appended] = await writer.append([Request.validated("registry", change)], principal.label)
    return receipt_answer(appended, response)
