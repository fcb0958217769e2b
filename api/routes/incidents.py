"""`/v1/breaches` and `/v1/notifications`: recording incidents and Art 19 notifications."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from api.deps import CanRecordIncident, JsonObject, ServiceDep
from api.examples import BREACH, NOTIFICATION
from api.openapi import json_body
from api.problems import responses
from api.schemas import ReceiptOut
from api.views import receipt_answer
from lineage.service import Service
from models.entries import BreachIn, NotificationIn

router = APIRouter(tags=["incidents"], responses=responses(401, 403))

RECORDED: dict[int | str, dict[str, Any]] = {
    200: {"description": "A repeat of an earlier request: the same receipt"},
    **responses(409, 413, 422),
}


def _record(
    kind: str, payload: dict[str, Any], by: str, service: Service, response: Response
) -> dict[str, Any]:
    return receipt_answer(service.ledger.record(kind, payload, recorded_by=by), response)


@router.post(
    "/v1/breaches",
    status_code=201,
    response_model=ReceiptOut,
    summary="Record a personal data breach (UK GDPR Art 33/34), linked to its entries",
    responses=RECORDED,
    openapi_extra=json_body(BreachIn, example=BREACH),
)
def record_breach(
    principal: CanRecordIncident, payload: JsonObject, service: ServiceDep, response: Response
) -> dict[str, Any]:
    return _record("breach", payload, principal.label, service, response)


@router.post(
    "/v1/notifications",
    status_code=201,
    response_model=ReceiptOut,
    summary="Record that a recipient was told of a rectification or erasure (Art 19)",
    responses=RECORDED,
    openapi_extra=json_body(NotificationIn, example=NOTIFICATION),
)
def record_notification(
    principal: CanRecordIncident, payload: JsonObject, service: ServiceDep, response: Response
) -> dict[str, Any]:
    return _record("notification", payload, principal.label, service, response)
