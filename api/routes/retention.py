"""`/v1/retention`: what was erased, what is due, what is held and what falls due next."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from api.deps import CanReadReports, ConnectionDep, ServiceDep
from api.permissions import Permission, allows
from api.problems import refused, responses
from api.read_log import SubjectReadDep
from lineage.ledger.retention import retention_report, schedule_from
from models.errors import FieldError

router = APIRouter(prefix="/v1/retention", tags=["reports"], responses=responses(401, 403))


class RetentionQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    as_of: str | None = Field(None, max_length=10, description="YYYY-MM-DD; default today")
    within: int = Field(365, ge=0, le=36_500, description="Days ahead to look")


@router.get(
    "",
    summary="Retention: erasures so far, subjects due, held and due next (UK GDPR Art 5(1)(e))",
    description="Each erasure with its day and ground; the subjects whose retention has "
    "ended (held ones are kept); those due within `within` days. Roles that may not see "
    "subject tokens (the board) get the counts only.",
    responses=responses(422),
)
def retention(
    principal: CanReadReports,
    query: Annotated[RetentionQuery, Query()],
    service: ServiceDep,
    conn: ConnectionDep,
    audit: SubjectReadDep,
) -> dict[str, Any]:
    try:
        as_of = date.fromisoformat(query.as_of) if query.as_of else datetime.now(UTC).date()
    except ValueError:
        raise refused([FieldError("as_of", "not a date (YYYY-MM-DD)")]) from None
    schedule = schedule_from(service.settings)
    report = retention_report(conn, schedule, as_of=as_of, within_days=query.within)
    if allows(principal.role, Permission.LINEAGE):
        named = [row["subject"] for key in ("erased", "due", "next") for row in report[key]]
        audit([*named, *report["held"]], {"status": 200, "as_of": report["as_of"]})
        return report
    return {k: v if isinstance(v, str) else len(v) for k, v in report.items()}
