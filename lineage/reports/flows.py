"""Aggregated flows for a period: who sent how many disclosures to whom, by SQL GROUP BY.

A flow row is what `visualise.flow_diagram.flows_dot` takes: `{"sender", "sender_name",
"sender_type", "recipient", "recipient_name", "recipient_type", "count", "special",
"criminal", "cross_border", "countries"}`, grouped by partner or, with `by="type"`, by the
partners' types. Flows carry organisations and counts only: no subject, ever.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from sqlalchemy import Connection, case, exists, func, select
from sqlmodel import col

from lineage.investigate import fetch
from lineage.investigate.lineage_graph import Partner
from lineage.reports.aggregate import disclosed_in, shared
from models.period import Period
from models.tables import VersionCategory
from models.vocabulary import PARTNER_TYPES, CategoryClass, codes_of_class

Grouping = Literal["partner", "type"]
COUNTS = ("count", "special", "criminal", "cross_border")


def carries(category_class: CategoryClass) -> Any:
    """1 for a version carrying a category of this class, else 0. The class is the
    vocabulary's today, not the one projected when the entry was recorded."""
    found = exists().where(
        col(VersionCategory.version_seq) == shared.seq,
        col(VersionCategory.category).in_(codes_of_class(category_class)),
    )
    return func.sum(case((found, 1), else_=0))


def flows(
    conn: Connection, period: Period, *, by: Grouping = "partner", council: str | None = None
) -> list[dict[str, Any]]:
    """The period's flows, heaviest first, grouped by partner or by partner type (the
    council, when named, kept apart as itself: see `by_type`)."""
    counts = _partner_counts(conn, period)
    countries = _destinations(conn, period)
    partners = fetch.partners(conn, {code for pair in counts for code in pair})
    rows = [_row(pair, counts[pair], countries.get(pair, set()), partners) for pair in counts]
    if by == "type":
        rows = by_type(rows, council=council)
    return sorted(rows, key=lambda r: (-r["count"], r["sender"], r["recipient"]))


def _partner_counts(conn: Connection, period: Period) -> dict[tuple[str, str], tuple[int, ...]]:
    query = (
        select(
            shared.sender,
            shared.recipient,
            func.count(shared.seq),
            carries("special"),
            carries("criminal"),
            func.sum(case((shared.cross_border.is_(True), 1), else_=0)),
        )
        .where(*disclosed_in(period))
        .group_by(shared.sender, shared.recipient)
    )
    return {(s, r): tuple(int(n or 0) for n in rest) for s, r, *rest in conn.execute(query)}


def _destinations(conn: Connection, period: Period) -> dict[tuple[str, str], set[str]]:
    query = (
        select(shared.sender, shared.recipient, shared.destination_country)
        .where(*disclosed_in(period), shared.cross_border.is_(True))
        .group_by(shared.sender, shared.recipient, shared.destination_country)
    )
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for sender, recipient, country in conn.execute(query):
        if country:
            found[(sender, recipient)].add(country)
    return found


def _row(
    pair: tuple[str, str],
    counts: tuple[int, ...],
    countries: Iterable[str],
    partners: Mapping[str, Partner],
) -> dict[str, Any]:
    sender, recipient = (partners.get(code) for code in pair)
    return {
        "sender": pair[0],
        "sender_name": sender.name if sender else pair[0],
        "sender_type": (sender.type if sender else None) or "",
        "recipient": pair[1],
        "recipient_name": recipient.name if recipient else pair[1],
        "recipient_type": (recipient.type if recipient else None) or "",
        **dict(zip(COUNTS, counts, strict=True)),
        "countries": sorted(countries),
    }


def council_node(conn: Connection, council: str, by: Grouping) -> str:
    """The node a flow diagram draws as the council: its code, grouped by partner or by type
    (the council is kept apart from the other local authorities: `by_type`)."""
    return council


def by_type(
    rows: Iterable[Mapping[str, Any]], *, council: str | None = None
) -> list[dict[str, Any]]:
    """Partner flows rolled up to flows between partner types, the `council` kept apart as
    itself (under its own code and name), not merged into "Other local authority". Pure."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        sender = _end(row, "sender", council)
        recipient = _end(row, "recipient", council)
        pair = (sender[0], recipient[0])
        into = merged.setdefault(pair, _type_row(sender, recipient))
        for name in COUNTS:
            into[name] += row[name]
        into["countries"] = sorted({*into["countries"], *row["countries"]})
    return list(merged.values())


def _end(row: Mapping[str, Any], end: str, council: str | None) -> tuple[str, str, str]:
    """(code, name, type) of one end of a flow by type: the council as itself."""
    kind = row[f"{end}_type"] or "unknown"
    if council is not None and row[end] == council:
        return council, str(row[f"{end}_name"]), kind
    return kind, PARTNER_TYPES[kind].label if kind in PARTNER_TYPES else kind, kind


def _type_row(sender: tuple[str, str, str], recipient: tuple[str, str, str]) -> dict[str, Any]:
    return {
        "sender": sender[0],
        "sender_name": sender[1],
        "sender_type": sender[2],
        "recipient": recipient[0],
        "recipient_name": recipient[1],
        "recipient_type": recipient[2],
        **dict.fromkeys(COUNTS, 0),
        "countries": [],
    }
