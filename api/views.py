"""Turning what the ledger holds into what a caller may see (free text opened or withheld)."""

from __future__ import annotations

from typing import Any

from fastapi import Response
from sqlalchemy import Connection

from lineage.ledger.listing import open_free_text
from lineage.ledger.store import Appended
from lineage.registry.keys import KeyRing


def receipt_answer(appended: Appended, response: Response) -> dict[str, Any]:
    """The receipt, with 201 for a new entry and 200 for an exact repeat."""
    response.status_code = 201 if appended.created else 200
    return appended.receipt.as_json()


class FreeText:
    """Opens a disclosure's sealed free text for a caller allowed to read it, else withholds.

    `tokens` are every subject the disclosure named in any version: text sealed before a
    correction changed the subjects opens with the keys of the subjects it was sealed to.
    """

    def __init__(
        self, conn: Connection, keys: KeyRing, tokens: list[str], *, allowed: bool
    ) -> None:
        self.conn = conn
        self.keys = keys
        self.tokens = tokens
        self.allowed = allowed

    def open(self, sealed: Any, *, entry_id: str) -> str | None:
        if not self.allowed:
            return None
        return open_free_text(self.conn, self.keys, sealed, entry_id=entry_id, tokens=self.tokens)


def subject_tokens(detail: dict[str, Any]) -> list[str]:
    """Every subject a disclosure named, in any of its versions."""
    seen: dict[str, None] = {}
    for version in detail["versions"]:
        subjects = version["body"]["disclosure"].get("subjects", [])
        seen.update(dict.fromkeys(s["token"] for s in subjects))
    return list(seen)


def version_view(body: dict[str, Any], text: FreeText) -> dict[str, Any]:
    """One version of a disclosure's history: the original entry or a correction."""
    correction = body["kind"] == "correction"
    return {
        "seq": body["seq"],
        "entry_id": body["entry_id"],
        "kind": body["kind"],
        "recorded_at": body["recorded_at"],
        "recorded_by": body["recorded_by"],
        "void": bool(body.get("void", False)),
        "changes": body.get("changes"),
        "reason": text.open(body.get("reason"), entry_id=body["entry_id"]) if correction else None,
    }


def disclosure_view(
    detail: dict[str, Any], receipt: dict[str, Any], text: FreeText
) -> dict[str, Any]:
    """A disclosure in full: effective state, exceptions, history, receipt."""
    original = detail["versions"][0]["body"]
    latest = detail["effective"]
    state = dict(latest["disclosure"])
    state["reason"] = text.open(state.get("reason"), entry_id=original["entry_id"])
    return {
        "entry_id": original["entry_id"],
        "seq": original["seq"],
        "kind": original["kind"],
        "void": bool(latest.get("void", False)),
        "effective": state,
        "exceptions": detail["exceptions"],
        "history": [version_view(v["body"], text) for v in detail["versions"]],
        "receipt": receipt,
        "free_text": "opened" if text.allowed else "withheld",
    }
