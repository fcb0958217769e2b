"""Subject access cases (UK GDPR Art 12, 15; Data (Use and Access) Act 2025).

The case records the requester, the subjects, when the request was received and the
requester's identity confirmed, each stop of the clock while the council waited for
information (Art 12A) and its restart, any extension with its reasons (Art 12(3)), the
reasonable and proportionate search made (Art 15(1A)), each third-party item reviewed, and
the release — itself recorded as a disclosure to the requester.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from lineage.cases.records import CaseRecord, step_summary
from lineage.cases.text import Opener
from models.clock import Pause, overdue, sar_due


def clock_start(record: CaseRecord) -> date:
    """The day the month starts from: receipt, or the later confirmation of identity."""
    received = date.fromisoformat(record.opening["received"])
    confirmed = [date.fromisoformat(s["on"]) for s in record.of("identity_confirmed")]
    return max([received, *confirmed])


def pauses(record: CaseRecord) -> list[Pause]:
    """Each stop of the clock with its restart (the last may still be running)."""
    found: list[Pause] = []
    for step in record.steps:
        if step["step"] == "paused":
            found.append(Pause(date.fromisoformat(step["on"])))
        elif step["step"] == "restarted" and found and found[-1].restarted is None:
            found[-1] = Pause(found[-1].paused, date.fromisoformat(step["on"]))
    return found


def extension_months(record: CaseRecord) -> int:
    """The extension in force (the latest recorded), 0 to 2 months."""
    extended = record.of("extended")
    return int(extended[-1]["months"]) if extended else 0


def sar_clock(record: CaseRecord, now: datetime) -> dict[str, Any]:
    """`{"starts", "due", "paused", "extension_months", "overdue", "answered"}`."""
    stops = pauses(record)
    due = sar_due(clock_start(record), extension_months=extension_months(record), pauses=stops)
    released = record.of("released")
    answered = released[-1]["on"] if released else None
    return {
        "starts": clock_start(record).isoformat(),
        "due": None if due is None else due.isoformat(),
        "paused": any(p.restarted is None for p in stops),
        "extension_months": extension_months(record),
        "overdue": answered is None and record.closed is None and overdue(due, now),
        "answered": answered,
        "late": answered is not None and due is not None and date.fromisoformat(answered) > due,
    }


def access_request_view(record: CaseRecord, *, now: datetime, opener: Opener) -> dict[str, Any]:
    """One subject access case as the API and the console show it."""
    o = record.opening
    tokens = list(o["subjects"])

    def text(step: Mapping[str, Any], name: str) -> str | None:
        return opener(step.get(name), step["entry_id"], tokens)

    return {
        "case_id": record.case_id,
        "case_kind": "access_request",
        "requester": text(o, "requester"),
        "requester_type": o["requester_type"],
        "subjects": tokens,
        "channel": o["channel"],
        "received": o["received"],
        "identity_confirmed": [s["on"] for s in record.of("identity_confirmed")],
        "clock": sar_clock(record, now),
        "pauses": [{"paused": s["on"], "reason": text(s, "reason")} for s in record.of("paused")],
        "restarts": [s["on"] for s in record.of("restarted")],
        "extensions": [
            {"on": s["on"], "months": s["months"], "reason": text(s, "reason")}
            for s in record.of("extended")
        ],
        "searches": [
            {"on": s["on"], "systems": s["systems"], "scope": text(s, "scope")}
            for s in record.of("searched")
        ],
        "reviewed": [
            {
                "entry_id": s["entry"]["entry_id"],
                "decision": s["decision"],
                "reason": text(s, "reason"),
                "on": s["on"],
            }
            for s in record.of("item_reviewed")
        ],
        "released": [
            {"on": s["on"], "recipient": s["recipient"], "method": s["method"]}
            for s in record.of("released")
        ],
        "status": "closed" if record.closed else "open",
        "steps": [step_summary(s) for s in record.steps],
    }
