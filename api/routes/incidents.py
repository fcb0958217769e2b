"""`/v1/breaches` and `/v1/notifications`: recording incidents and Art 19 notifications."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from api.deps import CanRecordIncident, JsonObject, WriterDep
from api.examples import BREACH, NOTIFICATION
from api.group_commit import GroupWriter
from api.openapi import json_body
from api.problems import responses
from api.schemas import ReceiptOut
from api.views import receipt_answer
from lineage.ledger.store import Request
from models.entries import BreachIn, NotificationIn

router = APIRouter(tags=["incidents"], responses=responses(401, 403))

RECORDED: dict[int | str, dict[str, Any]] = {
    200: {"description": "A repeat of an earlier request: the same receipt"},
    **responses(409, 413, 422),
}


async def _record(
    kind: str, payload: dict[str, Any], by: str, writer: GroupWriter, response: Response
) -> dict[str, Any]:
    [appended] = await writer.append([Request.validated(kind, payload)], by)
    return receipt_answer(appended, response)


@router.post(
    "/v1/breaches",
    status_code=201,
    response_model=ReceiptOut,
    summary="Record a personal data breach (UK GDPR Art 33/34), linked to its entries",
    responses=RECORDED,
    openapi_extra=json_body(BreachIn, example=BREACH),
)
async def record_breach(
    principal: CanRecordIncident, payload: JsonObject, writer: WriterDep, response: Response
) -> dict[str, Any]:
    return await _record("breach", payload, principal.label, writer, response)


@router.post(
    "/v1/notifications",
    status_code=201,
    response_model=ReceiptOut,
    summary="Record that a recipient was told of a rectification or erasure (Art 19)",
    responses=RECORDED,
    openapi_extra=json_body(NotificationIn, example=NOTIFICATION),
)
async def record_notification(
    principal: CanRecordIncident, payload: JsonObject, writer: WriterDep, response: Response
) -> dict[str, Any]:
    return await _record("notification", payload, principal.label, writer, response)
