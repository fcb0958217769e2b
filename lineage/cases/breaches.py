"""Breach cases (UK GDPR Art 33, 34): what was exposed, to whom, and the decisions the law
asks for, with the 72 hours to report to the Commissioner.

A `breach` entry opens the case: the partner that wrongly got the data (for a misdirected
share the actual recipient), the entries it exposed, and the intended recipient (given, or
the entries' recipient). The people affected are the entries' subjects, computed. The
Commissioner's clock runs from awareness (`aware_at`, by default when the breach was
recorded); it stops at a decision not to report, or at the report. A breach recorded with
`reported_to_ico: true` counts as reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from lineage.cases.records import CaseRecord, cases, step_summary
from lineage.cases.text import Opener
from lineage.ledger import effective
from lineage.ledger.canonical import rfc3339
from models.clock import breach_report_due


@dataclass(frozen=True)
class BreachFilter:
    """Which breaches to list: any of `partners` (actual recipients), `status` open or
    closed, `ico` reported / not_reporting / pending, only `overdue` ones, occurred between
    `since` and `until` (inclusive)."""

    partners: Sequence[str] = ()
    status: str | None = None
    ico: Sequence[str] = ()
    overdue: bool | None = None
    since: datetime | None = None
    until: datetime | None = None
    subject: str | None = None

    def keeps(self, view: Mapping[str, Any]) -> bool:
        occurred = datetime.fromisoformat(view["occurred_at"])
        checks = [
            not self.partners or view["partner"] in self.partners,
            self.status is None or view["status"] == self.status,
            not self.ico or view["ico"]["status"] in self.ico,
            self.overdue is None or view["ico"]["overdue"] is self.overdue,
            self.since is None or occurred >= self.since,
            self.until is None or occurred <= self.until,
            self.subject is None or self.subject in view["subjects"],
        ]
        return all(checks)


@dataclass
class _Exposed:
    recipients: set[str] = field(default_factory=set)
    subjects: set[str] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)


def _exposed(conn: Connection, entries: list[Mapping[str, Any]]) -> _Exposed:
    found = _Exposed()
    for entry in entries:
        versions = effective.history(conn, entry["entry_id"])
        if not versions:
            continue
        state = versions[-1]["body"]["disclosure"]
        found.recipients.add(state["recipient"])
        found.subjects.update(s["token"] for s in state["subjects"])
        found.categories.update(state["categories"])
    return found


def breach_view(
    conn: Connection, record: CaseRecord, *, now: datetime, opener: Opener
) -> dict[str, Any]:
    """One breach case as the API and the console show it."""
    o = record.opening
    exposed = _exposed(conn, o["entries"])
    intended = o.get("intended_recipient") or (
        next(iter(exposed.recipients)) if len(exposed.recipients) == 1 else None
    )
    subjects = sorted(exposed.subjects)
    return {
        "case_id": record.case_id,
        "case_kind": "breach",
        "occurred_at": o["occurred_at"],
        "aware_at": o.get("aware_at", o["recorded_at"]),
        "recorded_at": o["recorded_at"],
        "recorded_by": o["recorded_by"],
        "partner": o["partner"],
        "intended_recipient": intended,
        "misdirected": intended is not None and intended != o["partner"],
        "entries": [e["entry_id"] for e in o["entries"]],
        "categories": sorted(set(o.get("categories", [])) | exposed.categories),
        "subjects": subjects,
        "subject_count": len(subjects),
        "nature": opener(o.get("nature"), o["entry_id"], subjects),
        "ico": ico_clock(record, now),
        "people_affected": _people_affected(record, opener, subjects),
        "status": "closed" if record.closed else "open",
        "closed": _closed(record, opener, subjects),
        "steps": [step_summary(s) for s in record.steps],
    }


def ico_clock(record: CaseRecord, now: datetime) -> dict[str, Any]:
    """The Art 33(1) clock: due 72 hours after awareness; `pending` until a decision not to
    report, or the report; overdue when still pending after the due moment."""
    o = record.opening
    aware = datetime.fromisoformat(str(o.get("aware_at", o["recorded_at"])))
    due = breach_report_due(aware)
    decisions = record.of("ico_decision")
    reports = record.of("ico_reported")
    decision = decisions[-1] if decisions else None
    if reports or o.get("reported_to_ico") is True:
        status = "reported"
    elif decision is not None and decision["report"] is False:
        status = "not_reporting"
    else:
        status = "pending"
    return {
        "due": rfc3339(due),
        "status": status,
        "overdue": status == "pending" and now > due,
        "decided_at": decision["at"] if decision else None,
        "reported_at": reports[-1]["at"] if reports else None,
        "late": bool(reports) and datetime.fromisoformat(reports[-1]["at"]) > due,
    }


def _people_affected(record: CaseRecord, opener: Opener, tokens: list[str]) -> dict[str, Any]:
    decisions = record.of("subjects_decision")
    last = decisions[-1] if decisions else None
    return {
        "decision": None if last is None else last["tell"],
        "reason": None if last is None else opener(last["reason"], last["entry_id"], tokens),
        "decided_at": None if last is None else last["at"],
        "communications": [
            {"subject": c["subject"], "method": c["method"], "at": c["at"]}
            for c in record.of("communication")
        ],
    }


def _closed(record: CaseRecord, opener: Opener, tokens: list[str]) -> dict[str, Any] | None:
    closed = record.closed
    if closed is None:
        return None
    summary = opener(closed["summary"], closed["entry_id"], tokens)
    return {"on": closed["on"], "summary": summary}


def list_breaches(
    conn: Connection, *, now: datetime, opener: Opener, where: BreachFilter | None = None
) -> list[dict[str, Any]]:
    """Every breach case the filter keeps, oldest first."""
    views = [breach_view(conn, r, now=now, opener=opener) for r in cases(conn, "breach")]
    return [v for v in views if where is None or where.keeps(v)]
