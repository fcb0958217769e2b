"""Due and overdue casework, for each case kind, counted as the ICO counts (`models.clock`).

* breach: the report to the Commissioner, 72 hours after awareness, until reported or a
  decision not to report is recorded (Art 33(1));
* access_request: the response, one month from receipt or identity confirmation, extended
  and paused as recorded (Art 12(3), 12A), until released;
* complaint: the acknowledgement, 30 days (DPA 2018 s.164A);
* art19: recipients still to tell; the law sets no date (Art 19), so none is due, but an
  open worklist with outstanding recipients is listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from lineage.cases.text import withheld
from lineage.cases.views import case_views
from models.cases import CASE_KINDS


def _item(view: dict[str, Any], clock: str, due: str | None, late: bool) -> dict[str, Any]:
    return {
        "case_kind": view["case_kind"],
        "case_id": view["case_id"],
        "clock": clock,
        "due": due,
        "overdue": late,
    }


def _pending(view: dict[str, Any]) -> dict[str, Any] | None:
    """The case's running clock, if anything is still owed."""
    kind = view["case_kind"]
    if kind == "breach" and view["ico"]["status"] == "pending":
        return _item(view, "ico_report", view["ico"]["due"], view["ico"]["overdue"])
    if view["status"] == "closed":
        return None
    if kind == "access_request" and view["clock"]["answered"] is None:
        clock = view["clock"]
        return _item(view, "response", clock["due"], clock["overdue"])
    if kind == "complaint" and view["acknowledgement"]["acknowledged"] is None:
        ack = view["acknowledgement"]
        return _item(view, "acknowledgement", ack["due"], ack["overdue"])
    if kind == "art19" and view["outstanding"]:
        return {**_item(view, "notify_recipients", None, False), "outstanding": view["outstanding"]}
    return None


def _due_by(item: dict[str, Any], horizon: date) -> bool:
    if item["due"] is None:
        return True
    return date.fromisoformat(item["due"][:10]) <= horizon


def _order(item: dict[str, Any]) -> tuple[str, str, str]:
    return (item["due"] or "9999", item["case_kind"], item["case_id"])


def due_cases(
    conn: Connection, *, now: datetime, kinds: Iterable[str] = CASE_KINDS, within_days: int = 7
) -> dict[str, Any]:
    """`{"as_of", "within_days", "overdue": [...], "due": [...]}`: what is late, and what
    falls due within `within_days` days (or has no date), soonest first."""
    items = [
        item
        for kind in kinds
        for view in case_views(conn, kind, now=now, opener=withheld)
        if (item := _pending(view)) is not None
    ]
    horizon = (now + timedelta(days=within_days)).date()
    late = [i for i in items if i["overdue"]]
    soon = [i for i in items if not i["overdue"] and _due_by(i, horizon)]
    return {
        "as_of": now.isoformat(),
        "within_days": within_days,
        "overdue": sorted(late, key=_order),
        "due": sorted(soon, key=_order),
    }
