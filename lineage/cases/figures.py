"""Casework figures for a period, for the board pack: counts only, never a subject, a
token or free text. Breaches (and how many were reported to the Commissioner, and how many
missed the 72 hours), subject access requests answered in time, complaints acknowledged in
time (DPA 2018 s.164A)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection

from lineage.cases.text import withheld
from lineage.cases.views import case_views


def case_figures(conn: Connection, *, now: datetime, since: date, until: date) -> dict[str, Any]:
    """For the board pack (no identifiers): breaches, access requests and complaints
    opened in `since`..`until` (inclusive), with how many were handled in time."""
    out: dict[str, Any] = {}
    for kind in ("breach", "access_request", "complaint"):
        views = [
            v
            for v in case_views(conn, kind, now=now, opener=withheld)
            if since <= date.fromisoformat(_opened(v)[:10]) <= until
        ]
        out[kind] = {"opened": len(views), **_timeliness(kind, views)}
    return out


def _opened(view: dict[str, Any]) -> str:
    return str(view.get("received") or view.get("occurred_at"))


def _timeliness(kind: str, views: list[dict[str, Any]]) -> dict[str, int]:
    if kind == "breach":
        statuses = [v["ico"]["status"] for v in views]
        late = sum(1 for v in views if v["ico"]["late"] or v["ico"]["overdue"])
        return {"reported_to_ico": statuses.count("reported"), "late_or_overdue": late}
    if kind == "access_request":
        on_time = sum(1 for v in views if v["clock"]["answered"] and not v["clock"]["late"])
        late = sum(1 for v in views if v["clock"]["late"] or v["clock"]["overdue"])
        return {"answered_in_time": on_time, "late_or_overdue": late}
    acks = [v["acknowledgement"] for v in views]
    on_time = sum(1 for a in acks if a["acknowledged"] and not a["late"])
    late = sum(1 for a in acks if a["late"] or a["overdue"])
    return {"acknowledged_in_time": on_time, "late_or_overdue": late}
