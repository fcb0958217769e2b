"""The mix of a ledger's entries, measured from the database, in the terms of `MIX`.

By kind: shares of all entries. By purpose and recipient type: shares of the original
disclosures and onward shares. Rates: cross-border (of those originals), refused (likewise),
exception (exceptions as `lineage.reports.counts` defines them, of all entries).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlmodel import col

from lineage.registry.partners import list_partners
from lineage.reports.counts import exception_count
from models.tables import EntryVersion, LedgerEntry


@dataclass
class Mix:
    """Counts and shares of one ledger's entries."""

    entries: int = 0
    counts: dict[str, Counter[str]] = field(default_factory=dict)

    def share(self, dimension: str, key: str) -> float:
        counts = self.counts[dimension]
        total = self.entries if dimension == "kind" else counts.total()
        return counts[key] / total if total else 0.0

    def rate(self, name: str) -> float:
        originals = self.counts["purpose"].total()
        if name == "exception":
            return self.counts["rate"]["exception"] / self.entries if self.entries else 0.0
        return self.counts["rate"][name] / originals if originals else 0.0

    def outside(self, ranges: dict[str, dict[str, tuple[float, float]]]) -> list[str]:
        """Every measure that falls outside its documented range, described."""
        found = []
        for dimension, bounds in ranges.items():
            for key, (low, high) in bounds.items():
                value = self.rate(key) if dimension == "rate" else self.share(dimension, key)
                if not low <= value <= high:
                    found.append(f"{dimension} {key}: {value:.4f} not in [{low}, {high}]")
        return found


def measure(engine: Engine) -> Mix:
    """Count the ledger's entries by kind, purpose, recipient type and rate."""
    with engine.connect() as conn:
        kind = col(LedgerEntry.kind)
        kinds = _grouped(conn, select(kind, func.count()).group_by(kind))
        originals = select(EntryVersion).where(
            col(EntryVersion.seq) == col(EntryVersion.target_seq)
        )
        rows = conn.execute(originals).all()
        flagged = exception_count(conn)
        types = {p["code"]: p["type"] for p in list_partners(conn)}
    mix = Mix(entries=sum(kinds.values()), counts={"kind": kinds})
    mix.counts["purpose"] = Counter(r.purpose for r in rows)
    mix.counts["recipient_type"] = Counter(types[r.recipient] for r in rows)
    mix.counts["rate"] = Counter(
        cross_border=sum(1 for r in rows if r.cross_border),
        refused=sum(1 for r in rows if r.decision == "refused"),
        exception=flagged,
    )
    return mix


def _grouped(conn: Connection, query: Any) -> Counter[str]:
    return Counter({str(key): int(count) for key, count in conn.execute(query)})
