"""A subject's access report (UK GDPR Art 15), built from the ledger.

`access_report` reads the subject's shares through the lineage fetch (effective versions,
onward shares followed), the bodies of those entries (roles, safeguards, free text,
retention) and the subject's family, then composes the report with the pure functions of
`access_content`, `summary` and `review`. The report is the JSON shape of docs/design.md plus
`summary`, `review`, `breaches` (shares a breach put in the wrong hands), `generated_at`
and `council_name`; the diagram is drawn from `graph`,
which holds exactly the shares the report lists.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import networkx as nx  # type: ignore[import-untyped]
from sqlalchemy import Connection, select
from sqlmodel import col

from lineage.investigate import fetch
from lineage.investigate.breaches import breach_links
from lineage.investigate.lineage_graph import LineageOptions, Partner, build_lineage
from lineage.ledger.canonical import parse_body, rfc3339
from lineage.ledger.opening import erasures_of
from lineage.ledger.sealing import holders_of
from lineage.registry.identity import merged_from, survivor_of
from lineage.registry.keys import KeyRing
from lineage.registry.subjects import SubjectRegistry
from lineage.reports import access_content as content
from lineage.reports.access_content import EntryDetail, SubjectShares
from lineage.reports.review import review_items
from lineage.reports.summary import summary
from lineage.storage.database import key_chunks
from models.coded_text import codes_only
from models.dates import utc_now
from models.tables import LedgerEntry


@dataclass(frozen=True)
class AccessReport:
    """The report (`document`, JSON-ready) and the lineage graph its diagram draws."""

    document: dict[str, Any]
    graph: nx.MultiDiGraph

    @property
    def subject(self) -> str:
        return str(self.document["subject"])


def access_report(
    conn: Connection,
    keys: KeyRing,
    token: str,
    *,
    council: str,
    council_name: str,
    now: datetime | None = None,
) -> AccessReport:
    """The access report of the subject `token`, as the ledger stands now."""
    token = survivor_of(conn, token)  # one child: the survivor and the records merged into it
    aliases = frozenset(merged_from(conn, token))
    rows = fetch.subject_shares(conn, [token, *aliases], as_of=None)
    shares = SubjectShares(token, council, rows, aliases)
    reviewed = shares.reviewed
    links = breach_links(conn, [row.seq for row in shares.disclosed])
    codes = {code for r in reviewed for code in (r.sender, r.recipient)}
    partners = fetch.partners(conn, codes | {link.partner for link in links})
    details = entry_details(conn, [row.version_seq for row in reviewed])
    family = frozenset(SubjectRegistry(conn, keys).family(token))
    document = compose(shares, partners, details, family, council_name=council_name)
    document["breaches"] = content.breaches(shares.disclosed, links, partners)
    document["generated_at"] = rfc3339(now or utc_now())
    graph = build_lineage(
        [*shares.disclosed, *shares.received],
        subject=token,
        council=council,
        tokens=[token, *sorted(aliases)],
        partners=partners,
        options=LineageOptions(),
        breaches=links,
    )
    return AccessReport(document, graph)


def compose(
    shares: SubjectShares,
    partners: Mapping[str, Partner],
    details: Mapping[int, EntryDetail],
    family: frozenset[str],
    *,
    council_name: str,
) -> dict[str, Any]:
    """The report's content from the subject's sorted shares. Pure."""
    disclosed, received = shares.disclosed, shares.received
    return {
        "subject": shares.token,
        "council_name": council_name,
        "summary": summary(
            council=shares.council, disclosed=disclosed, received=received, partners=partners
        ),
        "purposes": content.purposes(disclosed),
        "categories": content.categories(disclosed),
        "recipients": content.recipients(disclosed, partners),
        "transfers": content.transfers(disclosed, details),
        "sources": content.sources(received, partners, council_name),
        "retention": content.retention([*disclosed, *received], details),
        "rights": content.RIGHTS,
        "review": review_items(
            shares.token, shares.reviewed, details=details, partners=partners, family=family
        ),
    }


def entry_details(conn: Connection, version_seqs: Iterable[int]) -> dict[int, EntryDetail]:
    """What the report reads from each version's stored body, by version position."""
    found: dict[int, EntryDetail] = {}
    for batch in key_chunks(sorted(set(version_seqs))):
        query = select(col(LedgerEntry.seq), col(LedgerEntry.body)).where(
            col(LedgerEntry.seq).in_(batch)
        )
        bodies = {seq: parse_body(bytes(body)) for seq, body in conn.execute(query)}
        found.update({seq: detail_of(body) for seq, body in bodies.items()})
        _note_erased_text(conn, bodies, found)
    return found


def _sealed_texts(body: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The sealed texts of a version: its reason and the free additions of coded fields."""
    values = [*body["disclosure"].values(), body.get("reason")]
    texts = [v.get("text") if isinstance(v, Mapping) and "codes" in v else v for v in values]
    return [t for t in texts if isinstance(t, Mapping) and "ct" in t]


def _note_erased_text(
    conn: Connection, bodies: Mapping[int, Mapping[str, Any]], found: dict[int, EntryDetail]
) -> None:
    """Mark each version whose free text an erasure destroyed, with the erasure's note."""
    holders = {
        seq: {h for t in _sealed_texts(b) for h in holders_of(t)} for seq, b in bodies.items()
    }
    erased = erasures_of(conn, {t for tokens in holders.values() for t in tokens})
    for seq, tokens in holders.items():
        notes = sorted((erased[t] for t in tokens if t in erased), key=lambda n: n.on)
        if notes:
            found[seq] = replace(found[seq], text_erased=str(notes[-1]))


def detail_of(body: Mapping[str, Any]) -> EntryDetail:
    """The detail of one disclosure, onward or correction body. Pure."""
    state = body["disclosure"]
    return EntryDetail(
        roles={s["token"]: s["role"] for s in state.get("subjects", [])},
        instrument=codes_only("transfer_instrument", state.get("transfer_instrument")),
        free_text=bool(_sealed_texts(body)),
        retention_class=str(body.get("retention_class", "")),
    )
