"""Art 19 worklists: the recipients to tell of a rectification, erasure or restriction, each
recorded as told, or as impossible or a disproportionate effort with the reason; the
recipients still to tell are outstanding.

A worklist is opened with its recipients, usually the subject's notify list
(`lineage.investigate.notify`) taken when the correction or erasure was made.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lineage.cases.records import CaseRecord, step_summary
from lineage.cases.text import Opener


def worklist_view(record: CaseRecord, *, now: datetime, opener: Opener) -> dict[str, Any]:
    """One worklist: each recipient's state (`outstanding`, `notified`, `impossible`)."""
    o = record.opening
    tokens = [o["subject"]]
    state: dict[str, dict[str, Any]] = {
        code: {"recipient": code, "state": "outstanding"} for code in o["recipients"]
    }
    for step in record.steps:
        if step["step"] == "notified":
            state[step["recipient"]] = {
                "recipient": step["recipient"],
                "state": "notified",
                "on": step["on"],
                "method": step["method"],
            }
        elif step["step"] == "impossible":
            state[step["recipient"]] = {
                "recipient": step["recipient"],
                "state": "impossible",
                "on": step["on"],
                "reason": opener(step["reason"], step["entry_id"], tokens),
            }
    recipients = [state[code] for code in sorted(state)]
    return {
        "case_id": record.case_id,
        "case_kind": "art19",
        "subject": o["subject"],
        "source": (o.get("source") or {}).get("entry_id"),
        "opened": o["on"],
        "recipients": recipients,
        "outstanding": [r["recipient"] for r in recipients if r["state"] == "outstanding"],
        "status": "closed" if record.closed else "open",
        "steps": [step_summary(s) for s in record.steps],
    }
