"""Art 19 worklists over HTTP: open one (from the subject's notify list unless the
recipients are given), list them with their outstanding recipients, read one, and record
each recipient told, or telling them impossible or a disproportionate effort (with why)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from starlette.concurrency import run_in_threadpool

from api.cases import listed, one_case, opened_cases, record_step
from api.deps import CanHandleArt19, ConnectionDep, JsonObject, ServiceDep, WriterDep
from api.problems import responses
from api.read_log import SubjectReadDep
from lineage.cases.art19 import worklist_opening
from lineage.service import Service
from lineage.storage.database import read_connection

router = APIRouter(tags=["cases"], responses=responses(401, 403))

CaseId = Annotated[str, Path(max_length=40, description="The id of the entry that opened it")]


def _opening(service: Service, payload: dict[str, Any]) -> dict[str, Any]:
    with read_connection(service.engine) as conn:
        return worklist_opening(conn, service.keys, payload, council=service.settings.council)


@router.post(
    "/v1/art19-worklists",
    status_code=201,
    summary="Open an Art 19 worklist: the recipients to tell of a rectification or erasure",
    description="`subject`, `source` (the correction or erasure), `on`, and `recipients`; "
    "without `recipients`, the notify list's outstanding recipients (narrowed by "
    "`category` and `since`).",
    responses=responses(409, 422),
)
async def open_worklist(
    principal: CanHandleArt19,
    payload: JsonObject,
    writer: WriterDep,
    service: ServiceDep,
    response: Response,
) -> dict[str, Any]:
    opening = await run_in_threadpool(_opening, service, payload)
    return await record_step(
        "art19", None, opening, by=principal.label, writer=writer,
        service=service, response=response,
    )  # fmt: skip


@router.get("/v1/art19-worklists", summary="Art 19 worklists, with outstanding recipients")
def worklists(
    principal: CanHandleArt19,
    conn: ConnectionDep,
    service: ServiceDep,
    audit: SubjectReadDep,
    outstanding: Annotated[bool | None, Query()] = None,
) -> dict[str, Any]:
    views = opened_cases(conn, service, "art19")
    kept = [v for v in views if outstanding is None or bool(v["outstanding"]) is outstanding]
    return listed("art19", kept, audit)


@router.get(
    "/v1/art19-worklists/{case_id}", summary="One Art 19 worklist", responses=responses(404)
)
def worklist(
    case_id: CaseId,
    principal: CanHandleArt19,
    conn: ConnectionDep,
    service: ServiceDep,
    audit: SubjectReadDep,
) -> dict[str, Any]:
    return one_case(conn, service, "art19", case_id, audit)


@router.post(
    "/v1/art19-worklists/{case_id}/steps",
    status_code=201,
    summary="Record a recipient told, or telling them impossible (with why), or close",
    description="`notified` (`on`, `recipient`, `method`), `impossible` (`on`, `recipient`, "
    "`reason`: impossible or disproportionate effort), `closed` (`on`, `summary`).",
    responses=responses(409, 422),
)
async def worklist_step(
    case_id: CaseId,
    principal: CanHandleArt19,
    payload: JsonObject,
    writer: WriterDep,
    service: ServiceDep,
    response: Response,
) -> dict[str, Any]:
    return await record_step(
        "art19", case_id, payload, by=principal.label, writer=writer,
        service=service, response=response,
    )  # fmt: skip
