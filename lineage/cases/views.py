"""Every case kind's view, by kind: one case, or all of a kind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Connection

from lineage.cases.access_requests import access_request_view
from lineage.cases.breaches import breach_view
from lineage.cases.complaints import complaint_view
from lineage.cases.records import CaseRecord, case, cases
from lineage.cases.text import Opener
from lineage.cases.worklists import worklist_view

View = Callable[..., dict[str, Any]]


def _breach(conn: Connection, record: CaseRecord, now: datetime, opener: Opener) -> dict[str, Any]:
    return breach_view(conn, record, now=now, opener=opener)


def _pure(view: View) -> Callable[[Connection, CaseRecord, datetime, Opener], dict[str, Any]]:
    def shown(conn: Connection, record: CaseRecord, now: datetime, opener: Opener) -> Any:
        return view(record, now=now, opener=opener)

    return shown


VIEWS: Final = {
    "breach": _breach,
    "access_request": _pure(access_request_view),
    "complaint": _pure(complaint_view),
    "art19": _pure(worklist_view),
}


def case_view(
    conn: Connection, kind: str, case_id: str, *, now: datetime, opener: Opener
) -> dict[str, Any] | None:
    """One case of `kind` by its id, or None."""
    record = case(conn, kind, case_id)
    return None if record is None else VIEWS[kind](conn, record, now, opener)


def case_views(
    conn: Connection, kind: str, *, now: datetime, opener: Opener
) -> list[dict[str, Any]]:
    """Every case of `kind`, oldest first."""
    return [VIEWS[kind](conn, record, now, opener) for record in cases(conn, kind)]


def case_tokens(view: dict[str, Any]) -> list[str]:
    """The subjects a case view names (for the access log)."""
    if "subject" in view:
        return [view["subject"]]
    return list(view.get("subjects", []))
