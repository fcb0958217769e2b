"""Complaints (DPA 2018 s.164A, in force from 19 June 2026): received by any channel,
acknowledged within 30 days, the disclosures in question linked, the outcome, and the
complainant told of their right to complain to the Commissioner."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from lineage.cases.records import CaseRecord, step_summary
from lineage.cases.text import Opener
from models.clock import complaint_ack_due, overdue


def ack_clock(record: CaseRecord, now: datetime) -> dict[str, Any]:
    """`{"due", "acknowledged", "overdue", "late"}` for the 30-day acknowledgement."""
    due = complaint_ack_due(date.fromisoformat(record.opening["received"]))
    acks = record.of("acknowledged")
    acknowledged = acks[0]["on"] if acks else None
    return {
        "due": due.isoformat(),
        "acknowledged": acknowledged,
        "overdue": acknowledged is None and record.closed is None and overdue(due, now),
        "late": acknowledged is not None and date.fromisoformat(acknowledged) > due,
    }


def complaint_view(record: CaseRecord, *, now: datetime, opener: Opener) -> dict[str, Any]:
    """One complaint as the API and the console show it."""
    o = record.opening
    tokens = list(o.get("subjects", []))
    entries = [e["entry_id"] for e in o.get("entries", [])]
    for step in record.of("entries_linked"):
        entries += [e["entry_id"] for e in step["entries"] if e["entry_id"] not in entries]
    outcomes = record.of("outcome")
    last = outcomes[-1] if outcomes else None
    return {
        "case_id": record.case_id,
        "case_kind": "complaint",
        "complainant": opener(o["complainant"], o["entry_id"], tokens),
        "channel": o["channel"],
        "received": o["received"],
        "summary": opener(o["summary"], o["entry_id"], tokens),
        "subjects": tokens,
        "entries": entries,
        "acknowledgement": ack_clock(record, now),
        "outcome": None
        if last is None
        else {
            "on": last["on"],
            "outcome": last["outcome"],
            "detail": opener(last["detail"], last["entry_id"], tokens),
            "told_of_ico_right": last["told_of_ico_right"],
        },
        "status": "closed" if record.closed else "open",
        "steps": [step_summary(s) for s in record.steps],
    }
