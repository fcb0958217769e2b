"""The register of transfers outside the UK (UK GDPR Art 30(1)(e), Art 44-49).

Every effective cross-border share, oldest first, with its destination, mechanism and
instrument, and whether the destination was on the UK adequacy list on the UK date it
occurred. Refusals and voided entries transferred nothing and are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select
from sqlmodel import col

from lineage.investigate import fetch
from lineage.investigate.fetch import version
from lineage.investigate.lineage_graph import ShareRow
from lineage.ledger.canonical import parse_body, rfc3339
from lineage.storage.database import key_chunks
from models.coded_text import codes_only
from models.dates import uk_date
from models.period import Period
from models.reference import is_adequate
from models.tables import LedgerEntry

DEFAULT_LIMIT = 100


@dataclass(frozen=True)
class TransferQuery:
    """Transfers in `period` to `country` (any when None), a page of `limit` after the
    entry at position `after`."""

    period: Period = field(default_factory=Period)
    country: str | None = None
    after: int | None = None
    limit: int = DEFAULT_LIMIT


def transfers(conn: Connection, query: TransferQuery | None = None) -> dict[str, Any]:
    """`{"transfers": [...], "next": position to pass as `after` | None}`."""
    query = query or TransferQuery()
    select_ = fetch.effective_shares(None).where(
        version.cross_border.is_(True),
        version.void.is_(False),
        version.decision == "shared",
        query.period.clause(version.occurred_at),
    )
    if query.country is not None:
        select_ = select_.where(version.destination_country == query.country)
    if query.after is not None:
        select_ = select_.where(version.target_seq > query.after)
    page = list(conn.execute(select_.order_by(version.target_seq).limit(query.limit + 1)))
    rows = fetch.share_rows(page[: query.limit])
    instruments = transfer_instruments(conn, [row.version_seq for row in rows])
    more = len(page) > query.limit
    return {
        "transfers": [transfer_json(row, instruments.get(row.version_seq)) for row in rows],
        "next": rows[-1].seq if more else None,
    }


def transfer_instruments(conn: Connection, seqs: Iterable[int]) -> dict[int, str | None]:
    """The `transfer_instrument` of each version, read from its body (not projected)."""
    found: dict[int, str | None] = {}
    for batch in key_chunks(sorted(set(seqs))):
        query = select(col(LedgerEntry.seq), col(LedgerEntry.body)).where(
            col(LedgerEntry.seq).in_(batch)
        )
        for seq, body in conn.execute(query):
            found[seq] = _instrument(parse_body(bytes(body)))
    return found


def _instrument(body: Mapping[str, Any]) -> str | None:
    return codes_only("transfer_instrument", body["disclosure"].get("transfer_instrument"))


def transfer_json(row: ShareRow, instrument: str | None) -> dict[str, Any]:
    """One register line. Pure."""
    country = row.destination_country or ""
    return {
        "entry_id": row.entry_id,
        "seq": row.seq,
        "kind": row.kind,
        "occurred_at": rfc3339(row.occurred_at),
        "sender": row.sender,
        "recipient": row.recipient,
        "country": row.destination_country,
        "mechanism": row.transfer_mechanism,
        "instrument": instrument,
        "adequate": is_adequate(country, uk_date(row.occurred_at)),
        "categories": list(row.categories),
        "purpose": row.purpose,
        "subjects": list(row.subjects),
    }
