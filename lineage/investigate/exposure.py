"""Breach impact (UK GDPR Art 33(3)(a), Art 34): whose data a partner received, and what.

Every subject whose data the partner received in a period — from the council directly or
onward from another recipient — with the categories, the entries, and counts of subjects
by category class, ready to attach to a breach record; with the breaches already recorded
against the partner. Refusals and voided entries put nothing in the partner's hands. A share
a breach says reached the partner though it was sent to someone else (a misdirected share)
counts too: its subjects are listed `via` "breach".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, or_, select
from sqlmodel import col

from lineage.investigate import fetch
from lineage.investigate.breaches import misdirected_seqs
from lineage.investigate.fetch import version
from lineage.ledger.canonical import parse_body
from lineage.ledger.effective import effective_filter
from models.period import Period
from models.tables import EntryLink, LedgerEntry
from models.vocabulary import CATEGORIES

CATEGORY_CLASSES = ("ordinary", "special", "criminal")


@dataclass(frozen=True)
class Received:
    """One share that put data in the partner's hands: what it carried, about whom."""

    entry_id: str
    kind: str
    categories: tuple[str, ...]
    subjects: tuple[str, ...]


def partner_exposure(
    conn: Connection, partner: str, *, period: Period | None = None
) -> dict[str, Any]:
    """The exposure of one partner over `period` (all time when None)."""
    return exposure_json(
        partner, received(conn, partner, period or Period()), breaches_against(conn, partner)
    )


def received(conn: Connection, partner: str, period: Period) -> list[Received]:
    """The effective, unvoided shares (not refusals) to the partner in the period, and those
    a breach says reached it though sent elsewhere (kind `breach`), in the order they
    occurred."""
    misdirected = misdirected_seqs(conn, partner)
    reached = version.recipient == partner
    if misdirected:
        reached = or_(reached, version.target_seq.in_(misdirected))
    query = (
        select(
            version.entry_id,
            version.kind,
            version.recipient,
            fetch.category_list(),
            fetch.subject_list(),
        )
        .where(
            reached,
            period.clause(version.occurred_at),
            version.void.is_(False),
            version.decision == "shared",
            effective_filter(version),
        )
        .order_by(version.occurred_at, version.entry_id)
    )
    return [
        Received(
            entry_id,
            kind if recipient == partner else "breach",
            fetch.listed(categories),
            fetch.listed(subjects),
        )
        for entry_id, kind, recipient, categories, subjects in conn.execute(query)
    ]


def breaches_against(conn: Connection, partner: str) -> list[dict[str, Any]]:
    """The breach entries recorded against the partner that name the entries they exposed.

    (A breach linked to no entry has no projection row naming its partner.)
    """
    seqs = select(col(EntryLink.seq)).where(
        col(EntryLink.relation) == "breach_of", col(EntryLink.partner) == partner
    )
    query = select(col(LedgerEntry.body)).where(col(LedgerEntry.seq).in_(seqs))
    bodies = [parse_body(bytes(body)) for (body,) in conn.execute(query)]
    return sorted((breach_json(b) for b in bodies), key=lambda b: (b["occurred_at"], b["entry_id"]))


def breach_json(body: Mapping[str, Any]) -> dict[str, Any]:
    """A breach entry without its sealed description."""
    return {
        "entry_id": body["entry_id"],
        "occurred_at": body["occurred_at"],
        "recorded_at": body["recorded_at"],
        "entries": [e["entry_id"] for e in body["entries"]],
        "categories": list(body.get("categories", [])),
        "reported_to_ico": body["reported_to_ico"],
    }


def exposure_json(
    partner: str, shares: Iterable[Received], breaches: list[dict[str, Any]]
) -> dict[str, Any]:
    """`{"partner", "subject_count", "subjects", "by_class", "breaches"}`; each subject's
    entries in the order given. Pure."""
    by_subject: dict[str, list[Received]] = defaultdict(list)
    for share in shares:
        for token in share.subjects:
            by_subject[token].append(share)
    subjects = [_subject(token, shares) for token, shares in sorted(by_subject.items())]
    return {
        "partner": partner,
        "subject_count": len(subjects),
        "subjects": subjects,
        "by_class": class_counts(subjects),
        "breaches": breaches,
    }


def _subject(token: str, shares: list[Received]) -> dict[str, Any]:
    return {
        "token": token,
        "categories": sorted({c for r in shares for c in r.categories}),
        "entries": [r.entry_id for r in shares],
        "via": _via({r.kind for r in shares}),
    }


def _via(kinds: set[str]) -> str:
    """How the partner got the subject's data: `direct` from the council, `onward` from
    another recipient, or only by a `breach` (a share misdirected to it)."""
    if "disclosure" in kinds:
        return "direct"
    return "onward" if "onward" in kinds else "breach"


def class_counts(subjects: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """How many subjects had data of each category class received (one subject may count
    in several classes)."""
    counts = dict.fromkeys(CATEGORY_CLASSES, 0)
    for subject in subjects:
        for cls in {CATEGORIES[c].cls for c in subject["categories"]}:
            counts[cls] += 1
    return counts
