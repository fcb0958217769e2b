"""The retention page: what was erased and on what ground, and how many people's records are
due, held and falling due next (UK GDPR Art 5(1)(e), Art 17; the council's schedule). Counts
and grounds only, so the page names no one and reads no subject's data; the subjects
themselves are at `GET /v1/retention` for roles that may see tokens, recorded there.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.console.guards import CanReadReports
from api.console.render import page
from api.deps import ConnectionDep, ServiceDep
from lineage.ledger.retention import retention_report, schedule_from
from models.vocabulary import ERASURE_GROUNDS

router = APIRouter(include_in_schema=False)


@router.get("/retention")
def retention(
    request: Request,
    user: CanReadReports,
    service: ServiceDep,
    conn: ConnectionDep,
    within: Annotated[int, Query(ge=0, le=3650)] = 365,
) -> Response:
    today = datetime.now(UTC).date()
    schedule = schedule_from(service.settings)
    report = retention_report(conn, schedule, as_of=today, within_days=within)
    grounds = Counter(str(row.get("ground", "")) for row in report["erased"])
    return page(
        request,
        "retention.html",
        as_of=report["as_of"],
        within=within,
        erased=sum(grounds.values()),
        by_ground=[
            (ERASURE_GROUNDS[g].label if g in ERASURE_GROUNDS else g, n)
            for g, n in grounds.most_common()
        ],  # fmt: skip
        due=sum(1 for row in report["due"] if not row["held"]),
        held=len(report["held"]),
        next=len(report["next"]),
    )
