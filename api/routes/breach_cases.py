"""`GET /v1/breaches` (breach cases, filtered), one breach case, and its steps.

`POST /v1/breaches` (in `incidents`) records a breach and so opens its case; the steps that
follow — the Art 33 decision and report, the Art 34 decision and each communication, the
close — are `POST /v1/breaches/{case_id}/steps`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response

from api.cases import listed, now, one_case, record_step
from api.deps import CanHandleBreaches, ConnectionDep, JsonObject, ServiceDep, WriterDep
from api.periods import period
from api.problems import responses
from api.read_log import SubjectReadDep
from api.routes.investigations import codes
from lineage.cases.breaches import BreachFilter, list_breaches
from lineage.cases.text import case_opener
from models.strict import QueryFlag

router = APIRouter(tags=["cases"], responses=responses(401, 403))

CaseId = Annotated[str, Path(max_length=40, description="The id of the entry that opened it")]
ICO_STATES = ("reported", "not_reporting", "pending")
STEP_DOC = (
    'A step: `{"step": "ico_decision", "at", "report": bool, "reason"}`, '
    "`ico_reported` (`at`, `reference`), `subjects_decision` (`at`, `tell`, `reason`), "
    "`communication` (`at`, `subject`, `method`) or `closed` (`on`, `summary`). "
    "Refused (422, naming each field) for an unknown, other-kind or closed case."
)


@router.get(
    "/v1/breaches",
    summary="Breach cases (UK GDPR Art 33/34), with the 72-hour clock, filtered",
    description="Repeat `partner` (the organisation that wrongly got the data) or `ico` "
    "(reported, not_reporting, pending) for several values. Recorded in the access log.",
    responses=responses(422),
)
def breaches(
    principal: CanHandleBreaches,
    conn: ConnectionDep,
    service: ServiceDep,
    audit: SubjectReadDep,
    partner: Annotated[list[str], Query(max_length=20)] = [],  # noqa: B006
    status: Literal["open", "closed"] | None = None,
    ico: Annotated[list[str], Query(max_length=3)] = [],  # noqa: B006
    overdue: QueryFlag | None = None,
    subject: Annotated[str | None, Query(max_length=40)] = None,
    start: Annotated[str | None, Query(alias="from", max_length=40)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=40)] = None,
) -> dict[str, Any]:
    span = period(start, end)
    where = BreachFilter(
        partners=_split(partner),
        status=status,
        ico=sorted(codes("ico", ico, ICO_STATES)),
        overdue=overdue,
        since=span.start,
        until=span.end,
        subject=subject,
    )
    views = list_breaches(conn, now=now(), opener=case_opener(conn, service.keys), where=where)
    answer = listed("breach", views, audit)
    return {"breaches": answer["cases"], "count": answer["count"]}


def _split(given: list[str]) -> list[str]:
    """Values from repeated or comma-separated parameters."""
    return sorted({c.strip() for value in given for c in value.split(",") if c.strip()})


@router.get(
    "/v1/breaches/{case_id}",
    summary="One breach case: what was exposed, to whom, the decisions and the clock",
    responses=responses(404),
)
def breach(
    case_id: CaseId,
    principal: CanHandleBreaches,
    conn: ConnectionDep,
    service: ServiceDep,
    audit: SubjectReadDep,
) -> dict[str, Any]:
    return one_case(conn, service, "breach", case_id, audit)


@router.post(
    "/v1/breaches/{case_id}/steps",
    status_code=201,
    summary="Record a step of a breach case",
    description=STEP_DOC,
    responses=responses(409, 422),
)
async def breach_step(
    case_id: CaseId,
    principal: CanHandleBreaches,
    payload: JsonObject,
    writer: WriterDep,
    service: ServiceDep,
    response: Response,
) -> dict[str, Any]:
    return await record_step(
        "breach",
        case_id,
        payload,
        by=principal.label,
        writer=writer,
        service=service,
        response=response,
    )
