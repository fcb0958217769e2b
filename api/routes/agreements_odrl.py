"""`GET /v1/agreements/odrl`: the agreement registry as ODRL 2.2 JSON-LD (`models.odrl`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import CanReadRegistry, ConnectionDep
from api.problems import responses
from lineage.registry.odrl import export_document

router = APIRouter(prefix="/v1/agreements", tags=["registry"], responses=responses(401, 403))


@router.get(
    "/odrl",
    summary="Every agreement's current version as ODRL 2.2 JSON-LD (odrl:Agreement)",
    description="Read it back with `disclosure agreements import FILE.jsonld`.",
    response_class=JSONResponse,
    responses={200: {"content": {"application/ld+json": {}}}},
)
def agreements_as_odrl(principal: CanReadRegistry, conn: ConnectionDep) -> Any:
    return JSONResponse(export_document(conn), media_type="application/ld+json")
