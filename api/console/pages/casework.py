"""The casework page: what is overdue and what falls due soon, for each kind of case the
user's role handles — the ICO's 72 hours for a breach (Art 33(1)), a month for a subject
access request as extended and paused (Art 12(3), Art 12A), 30 days to acknowledge a
complaint (DPA 2018 s.164A), and Art 19 recipients still to tell. Ids and dates only: no
subject is named, so the page is not a read of anyone's data.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.cases import now
from api.console.guards import CanSeeCasesDue
from api.console.render import page
from api.deps import ConnectionDep
from api.permissions import case_kinds_for
from lineage.cases.due import due_cases

router = APIRouter(include_in_schema=False)
KIND_LABELS = {
    "breach": "Breach",
    "access_request": "Subject access request",
    "complaint": "Complaint",
    "art19": "Art 19 worklist",
}


@router.get("/cases")
def casework(
    request: Request,
    user: CanSeeCasesDue,
    conn: ConnectionDep,
    within: Annotated[int, Query(ge=0, le=366)] = 14,
) -> Response:
    found = due_cases(conn, now=now(), kinds=case_kinds_for(user.role), within_days=within)
    return page(request, "casework.html", found=found, within=within, labels=KIND_LABELS)
