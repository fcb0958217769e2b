"""A subject's timeline: every share of their data, and what happened to each, in time order.

Each share (onward ones included) is one event marked `shared`, `onward`, `refused` or
`void`, noting when a correction changed it and the exceptions its version in force raised;
each breach (UK GDPR Art 33/34) and notification of a recipient (Art 19) linked to one of
those shares is an event of its own. Read from the projections, as the ledger stands now.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlmodel import col

from lineage.investigate import fetch
from lineage.investigate.exceptions import flags_of
from lineage.investigate.lineage_graph import ShareRow
from lineage.ledger.canonical import parse_body
from lineage.storage.database import key_chunks
from models.dates import utc
from models.period import Period
from models.tables import EntryLink, LedgerEntry

INCIDENTS = {"breach_of": "breach", "notified": "notification"}


def subject_timeline(
    conn: Connection, tokens: Sequence[str], *, period: Period | None = None
) -> list[dict[str, Any]]:
    """Events about the shares carrying any of `tokens`, oldest first."""
    within = period or Period()
    rows = [
        r for r in fetch.subject_shares(conn, tokens, as_of=None) if within.contains(r.occurred_at)
    ]
    flags = flags_of(conn, [row.version_seq for row in rows])
    events = [share_event(row, flags.get(row.version_seq, [])) for row in rows]
    events += incident_events(conn, {row.seq: row for row in rows})
    return sorted(events, key=lambda e: (e["at"], e["order"]))


def share_event(row: ShareRow, flags: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """One share as a timeline event. Pure."""
    if row.void:
        mark = "void"
    elif row.decision != "shared":
        mark = "refused"
    else:
        mark = "onward" if row.kind == "onward" else "shared"
    return {
        "at": utc(row.occurred_at),
        "order": row.seq,
        "mark": mark,
        "entry_id": row.entry_id,
        "sender": row.sender,
        "recipient": row.recipient,
        "categories": list(row.categories),
        "purpose": row.purpose,
        "corrected": row.version_seq != row.seq,
        "flags": [kind for kind, _ in flags],
        "subjects": list(row.subjects),
    }


def incident_events(conn: Connection, shares: dict[int, ShareRow]) -> list[dict[str, Any]]:
    """Breaches and notifications linked to any of the shares (by position)."""
    found: dict[tuple[str, int], dict[str, Any]] = {}
    for batch in key_chunks(sorted(shares)):
        query = (
            select(col(EntryLink.relation), col(EntryLink.target_seq), col(LedgerEntry.body))
            .join(LedgerEntry, col(LedgerEntry.seq) == col(EntryLink.seq))
            .where(col(EntryLink.relation).in_(INCIDENTS), col(EntryLink.target_seq).in_(batch))
        )
        for relation, target, body in conn.execute(query):
            event = _incident(INCIDENTS[relation], parse_body(bytes(body)), shares[target])
            found.setdefault((event["entry_id"], target), event)
    return list(found.values())


def _incident(mark: str, body: dict[str, Any], share: ShareRow) -> dict[str, Any]:
    partner = body.get("partner") or body.get("recipient")
    return {
        "at": utc(datetime.fromisoformat(body["occurred_at"].replace("Z", "+00:00"))),
        "order": int(body["seq"]),
        "mark": mark,
        "entry_id": body["entry_id"],
        "sender": share.sender,
        "recipient": partner,
        "categories": list(share.categories),
        "purpose": share.purpose,
        "corrected": False,
        "flags": [],
        "concerns": share.entry_id,
        "subjects": list(share.subjects),
    }
