"""Breaches linked to shares: which recorded shares a breach exposed and to whom.

A `breach` entry names the partner that wrongly got the data and the entries it concerns.
When that partner is not the entry's recipient (a misdirected share: sent to one school,
received by another) the data reached the partner all the same: its exposure, the subject's
lineage (an edge of kind `breach`) and the subject's access report must say so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, select
from sqlmodel import col

from lineage.storage.database import key_chunks
from models.tables import EntryLink, LedgerEntry


@dataclass(frozen=True)
class BreachLink:
    """Breach `breach_id` (at `breach_seq`) exposed the share at `entry_seq` to `partner`."""

    breach_id: str
    breach_seq: int
    entry_seq: int
    partner: str


def breach_links(conn: Connection, entry_seqs: Iterable[int]) -> list[BreachLink]:
    """Every breach linked to one of the shares at `entry_seqs` (original positions)."""
    found = []
    for chunk in key_chunks(sorted(set(entry_seqs))):
        query = (
            select(
                col(LedgerEntry.entry_id),
                col(EntryLink.seq),
                col(EntryLink.target_seq),
                col(EntryLink.partner),
            )
            .join(LedgerEntry, col(LedgerEntry.seq) == col(EntryLink.seq))
            .where(col(EntryLink.relation) == "breach_of", col(EntryLink.target_seq).in_(chunk))
        )
        found += [BreachLink(str(e), int(s), int(t), str(p)) for e, s, t, p in conn.execute(query)]
    return sorted(found, key=lambda b: (b.breach_seq, b.entry_seq))


def misdirected_seqs(conn: Connection, partner: str) -> list[int]:
    """Original positions of the shares a breach says reached `partner` (it may or may not be
    their recipient)."""
    query = select(col(EntryLink.target_seq)).where(
        col(EntryLink.relation) == "breach_of", col(EntryLink.partner) == partner
    )
    return sorted({int(seq) for (seq,) in conn.execute(query)})
