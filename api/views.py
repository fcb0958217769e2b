"""Turning what the ledger holds into what a caller may see: free text opened, withheld, or
noted as erased (`lineage.ledger.opening`)."""

from __future__ import annotations

from typing import Any

from fastapi import Response

from lineage.ledger.opening import TextOpener
from lineage.ledger.store import Appended


def receipt_answer(appended: Appended, response: Response) -> dict[str, Any]:
    """The receipt, with 201 for a new entry and 200 for an exact repeat."""
    response.status_code = 201 if appended.created else 200
    return appended.receipt.as_json()


def subject_tokens(detail: dict[str, Any]) -> list[str]:
    """Every subject a disclosure named, in any of its versions."""
    seen: dict[str, None] = {}
    for version in detail["versions"]:
        subjects = version["body"]["disclosure"].get("subjects", [])
        seen.update(dict.fromkeys(s["token"] for s in subjects))
    return list(seen)


def version_view(body: dict[str, Any], text: TextOpener) -> dict[str, Any]:
    """One version of a disclosure's history: the original entry or a correction."""
    correction = body["kind"] == "correction"
    changes = body.get("changes")
    # A correction's changed text was sealed, like the entry's own, under the entry's id.
    target = body.get("corrects", body["entry_id"])
    return {
        "seq": body["seq"],
        "entry_id": body["entry_id"],
        "kind": body["kind"],
        "recorded_at": body["recorded_at"],
        "recorded_by": body["recorded_by"],
        "void": bool(body.get("void", False)),
        "changes": None if changes is None else text.fields(changes, entry_id=target),
        "reason": text.open(body.get("reason"), entry_id=body["entry_id"]) if correction else None,
    }


def disclosure_view(
    detail: dict[str, Any], receipt: dict[str, Any], text: TextOpener
) -> dict[str, Any]:
    """A disclosure in full: effective state, exceptions, history, receipt."""
    original = detail["versions"][0]["body"]
    latest = detail["effective"]
    state = text.fields(latest["disclosure"], entry_id=original["entry_id"])
    history = [version_view(v["body"], text) for v in detail["versions"]]
    return {
        "entry_id": original["entry_id"],
        "seq": original["seq"],
        "kind": original["kind"],
        "void": bool(latest.get("void", False)),
        "effective": state,
        "exceptions": detail["exceptions"],
        "history": history,
        "receipt": receipt,
        "free_text": text.state,
    }
