"""A subject access case's two documents, kept apart so that releasing one can never carry
the other: the letter for each subject (the Art 15 access report, without any reviewer
content) and the reviewer pack for the SAR officer (every item needing a decision — date,
recipient, categories, the other people it names, its free text opened — with the case's
search record and the decisions already taken).

Opening free text is a read about the subjects it concerns: the caller records it in the
access log (`lineage.registry.access_log`), naming the entries opened.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from lineage.ledger.listing import disclosure_detail
from lineage.ledger.opening import open_free_text
from lineage.registry.keys import KeyRing
from lineage.reports.access import AccessReport, access_report

LETTER_KEYS = frozenset({"review"})
"""What the letter leaves out of the report: everything meant only for the reviewer."""


def letter_document(report: AccessReport) -> dict[str, Any]:
    """The report as the letter carries it: no reviewer items."""
    return {k: v for k, v in report.document.items() if k not in LETTER_KEYS}


def item_free_text(conn: Connection, keys: KeyRing, entry_id: str) -> tuple[str | None, list[str]]:
    """An entry's free text (its reason, as in force) opened, and every subject it names;
    (None, []) for no such entry. None text once the subjects' keys are destroyed."""
    detail = disclosure_detail(conn, entry_id)
    if detail is None:
        return None, []
    tokens = list(
        dict.fromkeys(
            s["token"]
            for version in detail["versions"]
            for s in version["body"]["disclosure"].get("subjects", [])
        )
    )
    sealed = detail["effective"]["disclosure"].get("reason")
    return open_free_text(conn, keys, sealed, entry_id=entry_id, tokens=tokens), tokens


def reviewer_pack(
    conn: Connection,
    keys: KeyRing,
    case: Mapping[str, Any],
    reports: Mapping[str, AccessReport],
    *,
    council_name: str,
    now: datetime,
) -> dict[str, Any]:
    """The pack for the officer: per subject, each review item with its free text opened
    and the decision recorded for it; and `opened`, the entries whose text was opened."""
    decided = {item["entry_id"]: item for item in case["reviewed"]}
    subjects, opened = [], []
    for token, report in reports.items():
        items = []
        for item in report.document["review"]:
            text = None
            if item["free_text"]:
                text, _ = item_free_text(conn, keys, item["entry_id"])
                opened.append(item["entry_id"])
            items.append({**item, "text": text, "decision": decided.get(item["entry_id"])})
        subjects.append({"subject": token, "items": items})
    return {
        "council_name": council_name,
        "case_id": case["case_id"],
        "requester": case["requester"],
        "requester_type": case["requester_type"],
        "received": case["received"],
        "due": case["clock"]["due"],
        "searches": case["searches"],
        "subjects": subjects,
        "opened": sorted(set(opened)),
        "generated_at": now.isoformat(),
    }


def case_reports(
    conn: Connection, keys: KeyRing, case: Mapping[str, Any], *, council: str, council_name: str
) -> dict[str, AccessReport]:
    """Each subject's access report, by token, in the case's order."""
    return {
        token: access_report(conn, keys, token, council=council, council_name=council_name)
        for token in case["subjects"]
    }
