"""`/v1/audit/access`: who read what about which subject, from the hash-chained access log."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from api import pagination
from api.deps import CanReadAccessLog, ConnectionDep
from api.problems import responses
from api.schemas import AccessPage
from lineage.registry.access_log import read_events

router = APIRouter(prefix="/v1/audit", tags=["audit"], responses=responses(401, 403))


class AccessQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str | None = Field(None, max_length=40, description="Reads about this subject")
    principal: str | None = Field(None, max_length=300, description="Reads by `role:name`")
    cursor: str | None = Field(None, max_length=64)
    limit: int = Field(100, ge=1, le=pagination.MAX_LIMIT)


@router.get(
    "/access",
    response_model=AccessPage,
    summary="The access log: every read that concerned a subject, oldest first",
    responses=responses(422),
)
def access(
    principal: CanReadAccessLog, query: Annotated[AccessQuery, Query()], conn: ConnectionDep
) -> dict[str, Any]:
    after = pagination.decode(query.cursor)
    items = read_events(
        conn, token=query.token, principal=query.principal, after=after, limit=query.limit
    )
    positions = [item["seq"] for item in items]
    return {"items": items, "next_cursor": pagination.next_cursor(positions, query.limit)}
