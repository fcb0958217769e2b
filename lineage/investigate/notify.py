"""Who must be told of a rectification or erasure of a subject's data (UK GDPR Art 19).

Every recipient that received the subject's data — in a given category, or any, since a
date — directly from the council or onward from another recipient, with the entries, and
whether a `notification` entry already records telling them of each. The council itself
is never listed: it is the controller doing the telling.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlmodel import col

from lineage.investigate import fetch
from lineage.investigate.lineage_graph import Partner, ShareRow
from lineage.ledger.canonical import parse_body, rfc3339
from lineage.registry.identity import merged_from, survivor_of
from lineage.storage.database import key_chunks
from models.dates import utc
from models.tables import EntryLink, LedgerEntry


@dataclass(frozen=True)
class NotifyQuery:
    """Shares of `category` (any when None) since `since`; notifications count only when
    they occurred on or after `notified_since` (e.g. the rectification being notified)."""

    category: str | None = None
    since: datetime | None = None
    notified_since: datetime | None = None


@dataclass(frozen=True)
class Notification:
    """A `notification` entry telling `partner` about the entry at position `target_seq`."""

    entry_id: str
    target_seq: int
    partner: str
    occurred_at: datetime


def notify_list(
    conn: Connection, token: str, *, council: str, query: NotifyQuery | None = None
) -> dict[str, Any]:
    """The Art 19 list for a subject, as the ledger stands now."""
    query = query or NotifyQuery()
    token = survivor_of(conn, token)  # one child: the survivor and the records merged into it
    tokens = [token, *merged_from(conn, token)]
    rows = fetch.subject_shares(conn, tokens, as_of=None)
    owed = owed_shares(rows, token=token, council=council, query=query, aliases=tokens)
    notes = notifications(conn, tokens, [row.seq for row in owed])
    names = fetch.partners(conn, {row.recipient for row in owed})
    return notify_json(token, owed, notes, names, query)


def owed_shares(
    rows: Iterable[ShareRow],
    *,
    token: str,
    council: str,
    query: NotifyQuery,
    aliases: Iterable[str] = (),
) -> list[ShareRow]:
    """The shares that put the subject's data in a recipient's hands and match the query
    (`aliases`: the tokens of records merged into the subject's, which are its too)."""
    tokens = {token, *aliases}
    return [
        row
        for row in rows
        if row.shared
        and not tokens.isdisjoint(row.subjects)
        and row.recipient != council
        and (query.category is None or query.category in row.categories)
        and (query.since is None or row.occurred_at >= utc(query.since))
    ]


def notifications(
    conn: Connection, tokens: Iterable[str], seqs: Iterable[int]
) -> list[Notification]:
    """The notifications recorded about this subject (any of its `tokens`) for any of the
    entries at `seqs`."""
    tokens = list(tokens)
    found = []
    for batch in key_chunks(sorted(set(seqs))):
        query = (
            select(col(EntryLink.target_seq), col(EntryLink.partner), col(LedgerEntry.body))
            .join(LedgerEntry, col(LedgerEntry.seq) == col(EntryLink.seq))
            .where(col(EntryLink.relation) == "notified", col(EntryLink.token).in_(tokens))
            .where(col(EntryLink.target_seq).in_(batch))
        )
        for target, partner, body in conn.execute(query):
            told = parse_body(bytes(body))
            moment = utc(datetime.fromisoformat(told["occurred_at"].replace("Z", "+00:00")))
            found.append(Notification(told["entry_id"], target, str(partner), moment))
    return found


def notify_json(
    token: str,
    owed: Iterable[ShareRow],
    notes: Iterable[Notification],
    names: Mapping[str, Partner],
    query: NotifyQuery,
) -> dict[str, Any]:
    """`{"subject", "recipients": [...]}`, recipients by partner code. Pure."""
    counted = [n for n in notes if _counts(n, query)]
    by_partner: dict[str, list[ShareRow]] = defaultdict(list)
    for row in owed:
        by_partner[row.recipient].append(row)
    recipients = [
        _recipient(code, shares, counted, names.get(code))
        for code, shares in sorted(by_partner.items())
    ]
    return {"subject": token, "recipients": recipients}


def _counts(note: Notification, query: NotifyQuery) -> bool:
    return query.notified_since is None or note.occurred_at >= utc(query.notified_since)


def _recipient(
    code: str, shares: list[ShareRow], notes: list[Notification], partner: Partner | None
) -> dict[str, Any]:
    shares = sorted(shares, key=lambda r: (r.occurred_at, r.entry_id))
    told = [n for n in notes if n.partner == code]
    told_seqs = {n.target_seq for n in told}
    outstanding = [r.entry_id for r in shares if r.seq not in told_seqs]
    return {
        "partner": code,
        "name": partner.name if partner else code,
        "entries": [r.entry_id for r in shares],
        "categories": sorted({c for r in shares for c in r.categories}),
        "via": "direct" if any(r.kind == "disclosure" for r in shares) else "onward",
        "first_shared": rfc3339(shares[0].occurred_at),
        "last_shared": rfc3339(shares[-1].occurred_at),
        "notified": not outstanding,
        "outstanding": outstanding,
        "notifications": sorted({n.entry_id for n in told}),
    }
