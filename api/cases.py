"""What every case route shares: recording a step through the group writer, and reading
cases with their free text opened for the officer handling them (the read is recorded in
the access log with the subjects the answer names)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from fastapi import Response
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool

from api.group_commit import GroupWriter
from api.problems import Problem, refused
from api.read_log import SubjectReadLog
from api.views import receipt_answer
from lineage.cases import records
from lineage.cases.release import release_disclosure
from lineage.cases.text import case_opener
from lineage.cases.views import case_tokens, case_view
from lineage.ledger.store import BatchRefused, Request
from lineage.service import Service
from lineage.storage.database import read_connection
from models.errors import FieldError


def now() -> datetime:
    return datetime.now(UTC)


def step_payload(kind: str, case_id: str | None, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The body with the case it belongs to (the path says which; the body cannot override)."""
    found = {**payload, "case_kind": kind}
    if case_id is None:
        found["step"] = "opened"
        found.pop("case", None)
    else:
        found["case"] = case_id
    return found


async def record_step(
    kind: str,
    case_id: str | None,
    payload: Mapping[str, Any],
    *,
    by: str,
    writer: GroupWriter,
    service: Service,
    response: Response,
) -> dict[str, Any]:
    """Append one step (or open a case); a subject access `released` step appends the
    disclosure to the requester with it, all or nothing. 201 with the receipt."""
    step = Request.validated("case", step_payload(kind, case_id, payload))
    unit = [step]
    if kind == "access_request" and step.entry.step == "released":
        unit.append(await run_in_threadpool(_release, service, str(case_id), step.raw))
    try:
        appended = await writer.append(unit, by)
    except BatchRefused as batch:
        raise refused(_unit_errors(batch)) from None
    answer = receipt_answer(appended[0], response)
    if len(appended) > 1:
        answer["disclosure"] = appended[1].receipt.as_json()
    return answer


def _release(service: Service, case_id: str, step: Mapping[str, Any]) -> Request:
    with read_connection(service.engine) as conn:
        record = records.case(conn, "access_request", case_id)
    if record is None:
        raise refused([FieldError("case", f"no access request {case_id}")])
    council = service.settings.council
    payload = release_disclosure(step, record.opening["subjects"], council=council)
    try:
        return Request.validated("disclosure", payload)
    except Exception as error:
        errors = getattr(error, "errors", [FieldError("", str(error))])
        raise refused([_under("disclosure", e) for e in errors]) from None


def _under(prefix: str, error: FieldError) -> FieldError:
    return FieldError(f"{prefix}.{error.field}" if error.field else prefix, error.message)


def _unit_errors(batch: BatchRefused) -> list[FieldError]:
    """The step's own errors as they are; the release disclosure's under `disclosure.`."""
    return [
        error if index == 0 else _under("disclosure", error)
        for index, errors in batch.items
        for error in errors
    ]


def one_case(
    conn: Connection, service: Service, kind: str, case_id: str, audit: SubjectReadLog
) -> dict[str, Any]:
    """One case with its text opened, recorded in the access log; 404 if there is none."""
    view = case_view(conn, kind, case_id, now=now(), opener=case_opener(conn, service.keys))
    if view is None:
        raise Problem(404, f"no {kind.replace('_', ' ')} case {case_id}")
    audit(case_tokens(view), {"status": 200, "case": case_id, "case_kind": kind})
    return view


def listed(kind: str, views: list[dict[str, Any]], audit: SubjectReadLog) -> dict[str, Any]:
    """A list answer, recorded in the access log with every subject it names."""
    tokens = sorted({t for view in views for t in case_tokens(view)})
    audit(tokens, {"status": 200, "case_kind": kind, "cases": len(views)})
    return {"count": len(views), "cases": views}
