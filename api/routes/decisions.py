"""`/v1/decisions`: may this share go ahead? PERMIT, REVIEW or DENY, recorded in the ledger.

The answer names every reason (`{rule, citation, detail}`), the agreement version the rules
read, and carries the receipt of the decision's ledger entry. A REVIEW is resolved once, by
a named person with a reason, at `/v1/decisions/{id}/resolution`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool

from api.deps import CanAppend, CanReadEntries, ConnectionDep, JsonObject, WriterDep
from api.openapi import json_body
from api.problems import Problem, responses
from api.read_log import SubjectReadDep
from lineage.ledger.decisions import (
    answer,
    decision_request,
    decision_view,
    resolution_request,
)
from models.decisions import ProposedShare, ResolutionIn

router = APIRouter(prefix="/v1/decisions", tags=["decisions"], responses=responses(401, 403))

PROPOSAL_EXAMPLE: dict[str, Any] = {
    "occurred_at": "2026-03-02T10:15:00Z",
    "recipient": "beds-police",
    "subjects": [{"local_id": "LL-100234", "role": "child"}],
    "categories": ["identity", "domestic_abuse"],
    "purpose": "child_protection",
    "lawful_basis": "UKGDPR.6.1.e",
    "agreement": "ISA-2021-POLICE",
    "urgency": "urgent",
}


@router.post(
    "",
    status_code=201,
    summary="Decide whether a proposed share may go ahead, and record the decision",
    description="201 with `{decision_id, outcome, reasons, agreement_version, receipt}`; "
    "200 with the same answer for an exact repeat of a `decision_id`. A malformed proposal "
    "is refused naming every field.",
    responses=responses(409, 413, 422),
    openapi_extra=json_body(ProposedShare, example=PROPOSAL_EXAMPLE),
)
async def decide(
    principal: CanAppend, payload: JsonObject, writer: WriterDep, response: Response
) -> dict[str, Any]:
    [appended] = await writer.append([decision_request(payload)], principal.label)
    response.status_code = 201 if appended.created else 200
    return await run_in_threadpool(answer, writer.ledger, appended)


@router.get(
    "/{decision_id}",
    summary="A recorded decision and its resolution, if any",
    responses=responses(404, 422),
)
def read(
    principal: CanReadEntries, decision_id: str, conn: ConnectionDep, audit: SubjectReadDep
) -> dict[str, Any]:
    view = decision_view(conn, decision_id)
    if view is None:
        audit([], {"status": 404, "decision": decision_id})
        raise Problem(404, f"no decision {decision_id} in the ledger")
    audit(list(view.get("subjects", [])), {"status": 200, "decision": decision_id})
    return view


@router.post(
    "/{decision_id}/resolution",
    status_code=201,
    summary="Resolve a REVIEW decision: a named person, PERMIT or DENY, and the reason",
    description="A decision is resolved once: 409 for a second, different resolution; "
    "422 if the decision was not a REVIEW.",
    responses=responses(404, 409, 413, 422),
    openapi_extra=json_body(ResolutionIn),
)
async def resolve(
    principal: CanAppend,
    decision_id: str,
    payload: JsonObject,
    writer: WriterDep,
    response: Response,
) -> dict[str, Any]:
    request = resolution_request(decision_id, payload)
    [appended] = await writer.append([request], principal.label)
    response.status_code = 201 if appended.created else 200
    return await run_in_threadpool(answer, writer.ledger, appended, decision_id)
