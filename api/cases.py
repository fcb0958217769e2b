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
from lineage.cases.steps import step_unit, unit_errors
from lineage.cases.text import case_opener
from lineage.cases.views import case_tokens, case_view, case_views
from lineage.ledger.store import BatchRefused
from lineage.service import Service


def now() -> datetime:
    return datetime.now(UTC)


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
    disclosure to the requester with it, all or nothing. 201 with the receipt (and the
    disclosure's, as `disclosure`)."""
    unit = await run_in_threadpool(step_unit, service, kind, case_id, payload)
    try:
        appended = await writer.append(unit, by)
    except BatchRefused as batch:
        raise refused(unit_errors(batch)) from None
    answer = receipt_answer(appended[0], response)
    if len(appended) > 1:
        answer["disclosure"] = appended[1].receipt.as_json()
    return answer


def opened_cases(conn: Connection, service: Service, kind: str) -> list[dict[str, Any]]:
    """Every case of `kind` as of now, its text opened for the officer handling it (the
    caller records the read, with `listed`)."""
    return case_views(conn, kind, now=now(), opener=case_opener(conn, service.keys))


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
