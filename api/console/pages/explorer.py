"""The disclosures explorer: the API's listing filters (several values each), counts,
paging, and the whole result as CSV or XLSX — the same query model and the same engine
calls as `GET /v1/disclosures`, so the console and the API answer alike.

What a page or a file shows is recorded in the access log with the subjects it names.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy import Connection

from api import pagination
from api.console.guards import CanReadEntries
from api.console.render import page
from api.console.session import ConsoleUser
from api.deps import ConnectionDep
from api.exports import DISCLOSURE_COLUMNS, as_file
from api.problems import Problem
from api.read_log import record_subject_read
from api.routes.disclosures import DisclosureQuery
from lineage.ledger.listing import all_disclosures, count_disclosures, list_disclosures
from lineage.registry.partners import list_partners
from models.vocabulary import (
    CATEGORIES,
    DECISIONS,
    LAWFUL_BASES,
    PARTNER_TYPES,
    PURPOSES,
    SUBJECT_ROLES,
)

router = APIRouter(include_in_schema=False)
PAGE = 50
CATEGORY_CLASSES = {
    "special": "Special category (Art 9)",
    "criminal": "Criminal offence (Art 10)",
    "ordinary": "Ordinary",
}
LISTS: tuple[str, ...] = ("sender", "recipient", "partner_type", "category", "category_class")
LISTS += ("purpose", "basis", "subject_role", "decision", "kind", "exception")


def asked(request: Request) -> tuple[dict[str, Any], list[str]]:
    """The query string as the listing's parameters (blank ones dropped) and any errors."""
    given: dict[str, Any] = {}
    for key, value in request.query_params.multi_items():
        if value == "":
            continue
        if key in LISTS:
            given.setdefault(key, []).append(value)
        else:
            given[key] = value
    given.setdefault("limit", PAGE)
    try:
        DisclosureQuery.model_validate(given)
    except ValidationError as wrong:
        fields = sorted({".".join(str(p) for p in e["loc"]) or "query" for e in wrong.errors()})
        return given, [f"{field}: not a value this filter takes" for field in fields]
    return given, []


@router.get("/disclosures")
def explorer(request: Request, user: CanReadEntries, conn: ConnectionDep) -> Response:
    given, errors = asked(request)
    context: dict[str, Any] = {"given": given, "vocab": vocabularies(conn), "errors": errors}
    if errors:
        return page(request, "explorer.html", status=422, items=[], total=0, **context)
    query = DisclosureQuery.model_validate(given)
    try:
        found = query.as_filter()
    except Problem as wrong:
        return page(
            request, "explorer.html", status=422, items=[], total=0, **context, problem=wrong
        )
    if query.format in ("csv", "xlsx"):
        items = list(all_disclosures(conn, found))
        record(request, user, items, {"status": 200, "items": len(items), "format": query.format})
        return as_file(items, DISCLOSURE_COLUMNS, query.format, name="disclosures")
    items = list_disclosures(conn, found, after=pagination.decode(query.cursor), limit=query.limit)
    total = count_disclosures(conn, found)
    record(request, user, items, {"status": 200, "items": len(items), "total": total})
    following = pagination.next_cursor([i["seq"] for i in items], query.limit)
    return page(
        request,
        "explorer.html",
        items=items,
        total=total,
        next_cursor=following,
        links=export_links(request),
        **context,
    )


def record(
    request: Request, user: ConsoleUser, items: list[dict[str, Any]], returned: dict[str, Any]
) -> None:
    """The read in the access log, with every subject the page or the file names."""
    tokens = sorted({s["token"] for item in items for s in item["subjects"]})
    record_subject_read(request, user.principal(), tokens, returned)


def export_links(request: Request) -> dict[str, str]:
    """This result as files, and the next page's query string without its cursor."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in ("cursor", "format")]
    base = urlencode(kept)
    return {fmt: f"/disclosures?{base}&format={fmt}" for fmt in ("csv", "xlsx")} | {"base": base}


def vocabularies(conn: Connection) -> dict[str, Any]:
    """The codes and labels each filter offers."""
    partners = {p["code"]: p["name"] for p in list_partners(conn)}
    return {
        "recipient": partners,
        "partner_type": {c: v.label for c, v in PARTNER_TYPES.items()},
        "category": {c: v.label for c, v in CATEGORIES.items()},
        "category_class": CATEGORY_CLASSES,
        "purpose": {c: v.label for c, v in PURPOSES.items()},
        "basis": {c: v.label for c, v in LAWFUL_BASES.items()},
        "subject_role": {c: v.label for c, v in SUBJECT_ROLES.items()},
        "decision": {c: v.label for c, v in DECISIONS.items()},
    }
