"""A subject access case's letter and reviewer pack, as two separate files, and one item's
free text opened for the SAR officer.

The letter (`…/letter`) is the Art 15 report for one of the case's subjects with no reviewer
content; the reviewer pack (`…/reviewer-pack`) holds every item needing a decision with its
free text opened. Every answer is recorded in the access log, naming the entries whose free
text was opened.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse
from sqlalchemy import Connection

from api.cases import now
from api.deps import CanHandleAccessRequests, ConnectionDep, ServiceDep
from api.diagrams import unavailable
from api.problems import Problem, responses
from api.read_log import SubjectReadDep
from lineage.cases.sar_documents import (
    case_reports,
    item_free_text,
    letter_document,
    reviewer_pack,
)
from lineage.cases.text import case_opener
from lineage.cases.views import case_view
from lineage.service import Service
from visualise.documents import access_letter_page, reviewer_pack_page
from visualise.render import RenderError

router = APIRouter(tags=["cases"], responses=responses(401, 403))

CaseId = Annotated[str, Path(max_length=40, description="The subject access case")]
HTML: dict[str, Any] = {"content": {"text/html": {}, "application/json": {}}}


def _case(conn: Connection, service: Service, case_id: str) -> dict[str, Any]:
    view = case_view(
        conn, "access_request", case_id, now=now(), opener=case_opener(conn, service.keys)
    )
    if view is None:
        raise Problem(404, f"no access request {case_id}")
    return view


@router.get(
    "/v1/access-requests/{case_id}/letter",
    summary="The letter for one subject of the request (Art 15): no reviewer content",
    description="`subject` picks one of the case's subjects (default: the first). "
    "`format=json` gives the letter's content.",
    responses={200: HTML, **responses(404, 422)},
    response_model=None,
)
def letter(
    case_id: CaseId,
    principal: CanHandleAccessRequests,
    conn: ConnectionDep,
    service: ServiceDep,
    audit: SubjectReadDep,
    subject: Annotated[str | None, Query(max_length=40)] = None,
    format: Literal["html", "json"] = "html",
) -> Any:
    case = _case(conn, service, case_id)
    token = subject or case["subjects"][0]
    if token not in case["subjects"]:
        raise Problem(404, f"{token!r} is not a subject of this request")
    settings = service.settings
    [report] = case_reports(
        conn, service.keys, {"subjects": [token]},
        council=settings.council, council_name=settings.council_name,
    ).values()  # fmt: skip
    audit([token], {"status": 200, "case": case_id, "document": "letter", "format": format})
    if format == "json":
        return letter_document(report)
    try:
        return HTMLResponse(access_letter_page(letter_document(report), report.graph))
    except RenderError as failed:
        raise unavailable(failed) from None


@router.get(
    "/v1/access-requests/{case_id}/reviewer-pack",
    summary="The SAR officer's reviewer pack: items to decide, free text opened",
    description="A separate file from the letter; never sent. Each opening of free text is "
    "recorded in the access log.",
    responses={200: HTML, **responses(404)},
    response_model=None,
)
def pack(
    case_id: CaseId,
    principal: CanHandleAccessRequests,
    conn: ConnectionDep,
    service: ServiceDep,
    audit: SubjectReadDep,
    format: Literal["html", "json"] = "html",
) -> Any:
    case = _case(conn, service, case_id)
    settings = service.settings
    reports = case_reports(
        conn, service.keys, case, council=settings.council, council_name=settings.council_name
    )
    found = reviewer_pack(
        conn, service.keys, case, reports, council_name=settings.council_name, now=now()
    )
    returned = {"status": 200, "case": case_id, "document": "reviewer_pack"}
    audit(case["subjects"], returned | {"free_text_opened": found["opened"]})
    return found if format == "json" else HTMLResponse(reviewer_pack_page(found))


@router.get(
    "/v1/access-requests/{case_id}/items/{entry_id}/free-text",
    summary="One item's free text, opened for the SAR officer (recorded in the access log)",
    responses=responses(404),
)
def free_text(
    case_id: CaseId,
    entry_id: Annotated[str, Path(max_length=40)],
    principal: CanHandleAccessRequests,
    conn: ConnectionDep,
    service: ServiceDep,
    audit: SubjectReadDep,
) -> dict[str, Any]:
    case = _case(conn, service, case_id)
    text, tokens = item_free_text(conn, service.keys, entry_id)
    if not set(tokens) & set(case["subjects"]):
        raise Problem(404, f"entry {entry_id} is not about this request's subjects")
    audit(tokens, {"status": 200, "case": case_id, "free_text_opened": [entry_id]})
    return {"entry_id": entry_id, "text": text}
