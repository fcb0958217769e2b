"""Shares read from a subject's lineage graph, and the lines a diagram draws for them.

Graphviz slows sharply as edges grow (docs/design.md, Lineage), and fifty labelled parallel
arrows between two partners are unreadable, so shares that look alike (same partners,
kind, decision, destination) are bundled into one line once there are more than a few.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from models.dates import utc_day
from models.labels import sorted_categories

MERGE_ABOVE = 3
"""Parallel shares that look alike are drawn as one line when there are more than this."""


@dataclass(frozen=True)
class Strand:
    """What shares must have in common to be drawn as one line."""

    sender: str
    recipient: str
    kind: str
    decision: str
    cross_border: bool
    destination_country: str | None
    void: bool

    @property
    def onward(self) -> bool:
        return self.kind == "onward"

    @property
    def refused(self) -> bool:
        return self.decision == "refused"

    def order(self) -> tuple[str, str, str, str, bool, str, bool]:
        """A total order, so the diagram lists lines the same way every time."""
        return (
            self.sender,
            self.recipient,
            self.kind,
            self.decision,
            self.cross_border,
            self.destination_country or "",
            self.void,
        )


@dataclass(frozen=True)
class Share:
    """One edge of a lineage graph: a disclosure or an onward disclosure, on one day."""

    strand: Strand
    day: date
    categories: tuple[str, ...]
    purpose: str
    lawful_basis: str | None


@dataclass(frozen=True)
class Connection:
    """One line in a diagram: a single share, or several alike bundled together."""

    strand: Strand
    count: int
    first_day: date
    last_day: date
    categories: tuple[str, ...]
    purposes: tuple[str, ...]
    lawful_bases: tuple[str | None, ...]

    def order(self) -> tuple[Any, ...]:
        bases = tuple(basis or "" for basis in self.lawful_bases)
        return (self.strand.order(), self.first_day, self.last_day, self.categories, bases)


def shares(graph: Any) -> list[Share]:
    """Every edge of a lineage `networkx.MultiDiGraph` as a share (entry ids are not kept)."""
    return [_share(sender, recipient, edge) for sender, recipient, edge in graph.edges(data=True)]


def _share(sender: str, recipient: str, edge: dict[str, Any]) -> Share:
    strand = Strand(
        sender=sender,
        recipient=recipient,
        kind=edge.get("kind", "disclosure"),
        decision=edge.get("decision", "shared"),
        cross_border=bool(edge.get("cross_border", False)),
        destination_country=edge.get("destination_country"),
        void=bool(edge.get("void", False)),
    )
    return Share(
        strand=strand,
        day=utc_day(edge["occurred_at"]),
        categories=tuple(edge.get("categories") or ()),
        purpose=edge["purpose"],
        lawful_basis=edge.get("lawful_basis"),
    )


def connections(shares: Iterable[Share], *, merge_above: int = MERGE_ABOVE) -> list[Connection]:
    """The lines to draw: alike shares bundled when there are more than `merge_above`."""
    by_strand: dict[Strand, list[Share]] = defaultdict(list)
    for share in shares:
        by_strand[share.strand].append(share)
    lines: list[Connection] = []
    for strand, alike in by_strand.items():
        if len(alike) > merge_above:
            lines.append(_bundle(strand, alike))
        else:
            lines.extend(_bundle(strand, [share]) for share in alike)
    return sorted(lines, key=Connection.order)


def _bundle(strand: Strand, alike: Sequence[Share]) -> Connection:
    days = [share.day for share in alike]
    bases = {share.lawful_basis for share in alike}
    return Connection(
        strand=strand,
        count=len(alike),
        first_day=min(days),
        last_day=max(days),
        categories=tuple(sorted_categories(c for share in alike for c in share.categories)),
        purposes=tuple(sorted({share.purpose for share in alike})),
        lawful_bases=tuple(sorted(bases, key=lambda basis: (basis is None, basis or ""))),
    )
