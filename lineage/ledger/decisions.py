"""The decision point as the engine offers it: decide and record, resolve a REVIEW, read one.

A decision is a ledger entry (`kind: decision`) appended through `Ledger.append`, like every
other; its answer is read back from what was stored, so a repeat (same `decision_id`, same
proposal) answers exactly as the first time. The API, the command line and the console all
call these functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, select
from sqlmodel import col

from lineage.ledger.canonical import parse_body
from lineage.ledger.decision_bodies import resolution_id
from lineage.ledger.requests import Appended, NotFound, Request
from lineage.ledger.store import Ledger
from lineage.storage.database import read_connection
from models.tables import EntryLink, LedgerEntry

ANSWER_FIELDS = ("outcome", "reasons", "agreement_version", "duty_to_share")


def decision_request(payload: Mapping[str, Any]) -> Request:
    """A proposed share, validated (`EntryRefused` names every wrong field)."""
    return Request.validated("decision", payload)


def resolution_request(decision_id: str, payload: Mapping[str, Any]) -> Request:
    """A REVIEW's resolution, validated; `NotFound` if `decision_id` is not a UUID."""
    try:
        fixed = resolution_id(decision_id)
    except ValueError:
        raise NotFound(f"no decision {decision_id} in the ledger") from None
    request = Request.validated("resolution", payload, target=decision_id)
    return Request(request.kind, request.entry, request.raw, decision_id, fixed)


def _body(conn: Connection, *where: Any) -> tuple[int, dict[str, Any]] | None:
    row = conn.execute(select(col(LedgerEntry.seq), col(LedgerEntry.body)).where(*where)).first()
    return None if row is None else (int(row[0]), parse_body(bytes(row[1])))


def decision_view(conn: Connection, decision_id: str) -> dict[str, Any] | None:
    """A recorded decision as the API gives it, with its resolution; None if not found."""
    found = _body(
        conn, col(LedgerEntry.entry_id) == decision_id, col(LedgerEntry.kind) == "decision"
    )
    if found is None:
        return None
    seq, body = found
    proposal = body["proposal"]
    view = {"decision_id": decision_id, "seq": seq, **{k: body.get(k) for k in ANSWER_FIELDS}}
    view.update(
        consistent_identifier=body["consistent_identifier"],
        urgency=proposal.get("urgency", "routine"),
        sender=proposal["sender"],
        recipient=proposal["recipient"],
        subjects=[s["token"] for s in proposal.get("subjects", []) if "token" in s],
        recorded_at=body["recorded_at"],
        recorded_by=body["recorded_by"],
        resolution=_resolution(conn, seq),
    )
    return view


def _resolution(conn: Connection, decision_seq: int) -> dict[str, Any] | None:
    link = col(EntryLink.target_seq) == decision_seq, col(EntryLink.relation) == "resolves"
    seq = conn.execute(select(col(EntryLink.seq)).where(*link)).scalar()
    found = None if seq is None else _body(conn, col(LedgerEntry.seq) == seq)
    if found is None:
        return None
    body = found[1]
    return {
        "resolution_id": body["entry_id"],
        "resolved_by": body["resolved_by"],
        "outcome": body["outcome"],
        "recorded_at": body["recorded_at"],
    }


def answer(ledger: Ledger, appended: Appended, decision_id: str | None = None) -> dict[str, Any]:
    """The answer to a recorded decision (or, given its `decision_id`, to a resolution of
    it): the decision as stored, and the receipt of the entry just appended."""
    with read_connection(ledger.engine) as conn:
        view = decision_view(conn, decision_id or appended.receipt.entry_id)
    assert view is not None
    return {**view, "receipt": appended.receipt.as_json()}


def record_decision(
    ledger: Ledger, payload: Mapping[str, Any], recorded_by: str
) -> tuple[dict[str, Any], bool]:
    """Decide on a proposed share and record the decision: its answer with a receipt, and
    whether it was new (False: an exact repeat). Raises the refusal (`EntryRefused`…)."""
    [appended] = ledger.append([[decision_request(payload)]], recorded_by=recorded_by)[0].get()
    return answer(ledger, appended), appended.created


def resolve_decision(
    ledger: Ledger, decision_id: str, payload: Mapping[str, Any], recorded_by: str
) -> tuple[dict[str, Any], bool]:
    """Resolve a REVIEW decision (a named person, PERMIT or DENY, a reason) and record it."""
    request = resolution_request(decision_id, payload)
    [appended] = ledger.append([[request]], recorded_by=recorded_by)[0].get()
    return answer(ledger, appended, decision_id), appended.created
