"""Partners: the register, and a partner's page — what it received by month, its onward
shares, its agreements and its exposure (Art 33/34) for roles allowed to see exposure.

The exposure names subjects, so showing it is recorded in the access log.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Connection

from api.console.guards import CanReadRegistry
from api.console.render import page, refusal
from api.deps import ConnectionDep
from api.permissions import Permission, allows
from api.read_log import record_subject_read
from lineage.investigate import Period, partner_exposure
from lineage.ledger.listing import DisclosureFilter, count_disclosures, list_disclosures
from lineage.registry.partners import current_partner, list_agreements, list_partners

router = APIRouter(include_in_schema=False)


@router.get("/partners")
def register(request: Request, user: CanReadRegistry, conn: ConnectionDep) -> HTMLResponse:
    return page(request, "partners.html", partners=list_partners(conn))


def months(year: int) -> list[tuple[str, Period]]:
    """The twelve months of `year`, each whole days, both ends inclusive."""
    found = []
    for month in range(1, 13):
        first = date(year, month, 1)
        last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
        found.append((first.strftime("%B %Y"), Period.whole_days(first, last)))
    return found


def year_of(year: int) -> Period:
    """The whole of `year`, both ends inclusive."""
    return Period.whole_days(date(year, 1, 1), date(year, 12, 31))


def received_by_month(conn: Connection, code: str, year: int) -> list[tuple[str, int]]:
    counts = []
    for label, period in months(year):
        asked = DisclosureFilter(recipients=(code,), occurred=period)
        counts.append((label, count_disclosures(conn, asked)))
    return counts


@router.get("/partners/{code}")
def partner(
    request: Request,
    code: str,
    user: CanReadRegistry,
    conn: ConnectionDep,
    year: Annotated[int, Query(ge=2000, le=2100)] = 0,
) -> HTMLResponse:
    record = current_partner(conn, code) if len(code) <= 64 else None
    if record is None:
        return refusal(request, 404, "no partner with that code")
    year = year or datetime.now(UTC).year
    agreements = [a for a in list_agreements(conn) if code in a.get("parties", [])]
    context: dict[str, Any] = {
        "partner": record,
        "year": year,
        "received": received_by_month(conn, code, year),
        "agreements": agreements,
        "onward": None,
        "exposure": None,
    }
    if allows(user.role, Permission.READ_ENTRIES):
        onward = DisclosureFilter(senders=(code,), kinds=("onward",))
        context["onward"] = list_disclosures(conn, onward, limit=100)
        context["onward_total"] = count_disclosures(conn, onward)
    if allows(user.role, Permission.EXPOSURE):
        exposure = partner_exposure(conn, code, period=year_of(year))
        context["exposure"] = exposure
        tokens = [s["token"] for s in exposure["subjects"]]
        record_subject_read(
            request, user.principal(), tokens, {"status": 200, "subjects": len(tokens)}
        )
    return page(request, "partner.html", **context)
