"""Subject access requests, complaints and Art 19 worklists: open one, list them, read one,
record its steps; and `GET /v1/cases/due`, what is due and overdue.

Opening takes the `opened` step's fields (see `models.cases`); every later step is
`POST …/{case_id}/steps` with `{"step", …its fields}`. Refusals are problem+json naming each
field; nothing of a refused step is stored.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response

from api.cases import listed, now, one_case, opened_cases, record_step
from api.deps import (
    CanHandleAccessRequests,
    CanHandleComplaints,
    CanSeeCasesDue,
    ConnectionDep,
    JsonObject,
    ServiceDep,
    WriterDep,
)
from api.permissions import case_kinds_for
from api.problems import responses
from api.read_log import SubjectReadDep
from lineage.cases.due import due_cases
from lineage.cases.views import case_tokens
from models.strict import QueryFlag

router = APIRouter(tags=["cases"], responses=responses(401, 403))

CaseId = Annotated[str, Path(max_length=40, description="The id of the entry that opened it")]
Status = Literal["open", "closed"]
RECORDED = responses(409, 422)


def _filtered(
    views: list[dict[str, Any]], status: str | None, subject: str | None
) -> list[dict[str, Any]]:
    return [
        v
        for v in views
        if (status is None or v["status"] == status)
        and (subject is None or subject in case_tokens(v))
    ]


# -- subject access requests ------------------------------------------------------------


@router.post(
    "/v1/access-requests",
    status_code=201,
    summary="Open a subject access case (UK GDPR Art 15): requester, subjects, received",
    responses=RECORDED,
)
async def open_access_request(
    principal: CanHandleAccessRequests,
    payload: JsonObject,
    writer: WriterDep,
    service: ServiceDep,
    response: Response,
) -> dict[str, Any]:
    return await record_step(
        "access_request", None, payload, by=principal.label, writer=writer,
        service=service, response=response,
    )  # fmt: skip


@router.get(
    "/v1/access-requests",
    summary="Subject access cases with their due dates (Art 12(3), 12A)",
    responses=responses(422),
)
def access_requests(
    principal: CanHandleAccessRequests,
    conn: ConnectionDep,
    service: ServiceDep,
    audit: SubjectReadDep,
    status: Status | None = None,
    subject: Annotated[str | None, Query(max_length=40)] = None,
    overdue: QueryFlag | None = None,
) -> dict[str, Any]:
    views = opened_cases(conn, service, "access_request")
    views = [
        v for v in _filtered(views, status, subject)
        if overdue is None or v["clock"]["overdue"] is overdue
    ]  # fmt: skip
    return listed("access_request", views, audit)


@router.get(
    "/v1/access-requests/{case_id}",
    summary="One subject access case: clock, pauses, extension, search, review, release",
    responses=responses(404),
)
def access_request(
    case_id: CaseId,
    principal: CanHandleAccessRequests,
    conn: ConnectionDep,
    service: ServiceDep,
    audit: SubjectReadDep,
) -> dict[str, Any]:
    return one_case(conn, service, "access_request", case_id, audit)


@router.post(
    "/v1/access-requests/{case_id}/steps",
    status_code=201,
    summary="Record a step of a subject access case",
    description="`identity_confirmed` (`on`), `paused` (`on`, `reason`: Art 12A), "
    "`restarted` (`on`), `extended` (`on`, `months` 1-2, `reason`), `searched` (`on`, "
    "`systems`, `scope`: Art 15(1A)), `item_reviewed` (`on`, `entry`, `decision`, `reason`), "
    "`released` (`on`, `recipient` — a data_subject partner —, `method`, `categories`, "
    "`disclosure` overrides: also recorded as a disclosure to the requester), `closed`.",
    responses=RECORDED,
)
async def access_request_step(
    case_id: CaseId,
    principal: CanHandleAccessRequests,
    payload: JsonObject,
    writer: WriterDep,
    service: ServiceDep,
    response: Response,
) -> dict[str, Any]:
    return await record_step(
        "access_request", case_id, payload, by=principal.label, writer=writer,
        service=service, response=response,
    )  # fmt: skip


# -- complaints --------------------------------------------------------------------------


@router.post(
    "/v1/complaints",
    status_code=201,
    summary="Record a complaint received by any channel (DPA 2018 s.164A)",
    responses=RECORDED,
)
async def open_complaint(
    principal: CanHandleComplaints,
    payload: JsonObject,
    writer: WriterDep,
    service: ServiceDep,
    response: Response,
) -> dict[str, Any]:
    return await record_step(
        "complaint", None, payload, by=principal.label, writer=writer,
        service=service, response=response,
    )  # fmt: skip


@router.get("/v1/complaints", summary="Complaints with the 30-day acknowledgement clock")
def complaints(
    principal: CanHandleComplaints,
    conn: ConnectionDep,
    service: ServiceDep,
    audit: SubjectReadDep,
    status: Status | None = None,
    subject: Annotated[str | None, Query(max_length=40)] = None,
) -> dict[str, Any]:
    views = opened_cases(conn, service, "complaint")
    return listed("complaint", _filtered(views, status, subject), audit)


@router.get("/v1/complaints/{case_id}", summary="One complaint", responses=responses(404))
def complaint(
    case_id: CaseId,
    principal: CanHandleComplaints,
    conn: ConnectionDep,
    service: ServiceDep,
    audit: SubjectReadDep,
) -> dict[str, Any]:
    return one_case(conn, service, "complaint", case_id, audit)


@router.post(
    "/v1/complaints/{case_id}/steps",
    status_code=201,
    summary="Record a step of a complaint",
    description="`acknowledged` (`on`, `method`), `entries_linked` (`on`, `entries`), "
    "`outcome` (`on`, `outcome`, `detail`, `told_of_ico_right`: true), `closed`.",
    responses=RECORDED,
)
async def complaint_step(
    case_id: CaseId,
    principal: CanHandleComplaints,
    payload: JsonObject,
    writer: WriterDep,
    service: ServiceDep,
    response: Response,
) -> dict[str, Any]:
    return await record_step(
        "complaint", case_id, payload, by=principal.label, writer=writer,
        service=service, response=response,
    )  # fmt: skip


# -- due and overdue ---------------------------------------------------------------------


@router.get(
    "/v1/cases/due",
    summary="Casework due and overdue, for each case kind the caller handles",
    description="Overdue items, and those falling due within `within_days` days; ids and "
    "dates only, no subjects.",
)
def cases_due(
    principal: CanSeeCasesDue,
    conn: ConnectionDep,
    within_days: Annotated[int, Query(ge=0, le=366)] = 7,
) -> dict[str, Any]:
    kinds = case_kinds_for(principal.role)
    return due_cases(conn, now=now(), kinds=kinds, within_days=within_days)
