"""A subject's lineage: rows in, a `networkx.MultiDiGraph` out, and that graph as JSON. Pure.

The graph contract (diagrams and the Art 15 access report are built on it):

* graph attributes `subject` (the token asked about) and `council` (the partner code of the
  council that runs the ledger);
* one node per organisation, keyed by partner code, with `name`, `type` and `country`;
* one edge per disclosure or onward disclosure, from sender to recipient, keyed by its
  entry id, with `entry_id`, `kind`, `occurred_at` (timezone-aware), `categories` (list),
  `purpose`, `lawful_basis`, `cross_border`, `destination_country`, `derived_from` (the
  entry id it derives from, or None), `decision`, `subjects` and `void`.

A share a breach says reached another partner than its recipient (a misdirected share) adds
a marked edge: `kind` "breach", keyed by the breach entry's id, from the share's sender to
the partner that wrongly got it, with `derived_from` the share's entry id.

An edge's `subjects` are the tokens asked about (the subject, or with `family` every
member of the family) whose data the entry carried — never other people's tokens. An
onward entry caught by following `derived_from` may carry none of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import networkx as nx  # type: ignore[import-untyped]

from lineage.investigate.breaches import BreachLink
from lineage.ledger.canonical import rfc3339
from models.period import Period

EDGE_FIELDS = (
    "entry_id",
    "from",
    "to",
    "occurred_at",
    "categories",
    "purpose",
    "lawful_basis",
    "cross_border",
    "derived_from",
    "kind",
    "destination_country",
    "decision",
    "subjects",
    "void",
)
"""The keys of an edge in the lineage JSON: the docs/design.md shape, then the added ones."""


@dataclass(frozen=True)
class ShareRow:
    """The effective state of one disclosure or onward disclosure, as the fetch returns it.

    `seq` is the original entry's position; `version_seq` that of the version in force
    (the original, or the correction that made it what it is).
    """

    entry_id: str
    seq: int
    version_seq: int
    kind: str
    sender: str
    recipient: str
    occurred_at: datetime
    recorded_at: datetime
    categories: tuple[str, ...]
    purpose: str
    lawful_basis: str | None
    cross_border: bool
    destination_country: str | None
    transfer_mechanism: str | None
    derived_from: str | None
    derived_from_seq: int | None
    decision: str
    subjects: tuple[str, ...]
    void: bool

    @property
    def shared(self) -> bool:
        """Data actually went to the recipient: not a refusal, not voided."""
        return self.decision == "shared" and not self.void


@dataclass(frozen=True)
class Partner:
    """What a lineage node shows of a partner (its current registry version)."""

    code: str
    name: str
    type: str | None
    country: str | None


@dataclass(frozen=True)
class LineageOptions:
    """What to draw: as the ledger stood `as_of`, shares in `period` carrying any of
    `categories` (all when empty), the whole `family`, and voided entries and refusals
    (decisions not to share, through which no data flowed) only if asked."""

    as_of: datetime | None = None
    period: Period = field(default_factory=Period)
    categories: frozenset[str] = frozenset()
    family: bool = False
    include_void: bool = False
    include_refusals: bool = False

    def keeps(self, row: ShareRow) -> bool:
        if row.void and not self.include_void:
            return False
        if row.decision == "refused" and not self.include_refusals:
            return False
        if self.categories and not self.categories.intersection(row.categories):
            return False
        return self.period.contains(row.occurred_at)


def build_lineage(
    rows: Iterable[ShareRow],
    *,
    subject: str,
    council: str,
    tokens: Iterable[str],
    partners: Mapping[str, Partner],
    options: LineageOptions,
    breaches: Iterable[BreachLink] = (),
) -> nx.MultiDiGraph:
    """The lineage graph of the rows the options keep, with the breach edges of `breaches`
    on them (see the module docstring)."""
    asked = frozenset(tokens)
    kept = sorted((row for row in rows if options.keeps(row)), key=lambda r: r.seq)
    graph = nx.MultiDiGraph(subject=subject, council=council)
    for code in sorted({code for row in kept for code in (row.sender, row.recipient)}):
        graph.add_node(code, **_node(code, partners.get(code)))
    for row in kept:
        graph.add_edge(row.sender, row.recipient, key=row.entry_id, **edge_attributes(row, asked))
    _add_breaches(graph, kept, breaches, asked, partners)
    return graph


def _add_breaches(
    graph: nx.MultiDiGraph,
    kept: list[ShareRow],
    breaches: Iterable[BreachLink],
    asked: frozenset[str],
    partners: Mapping[str, Partner],
) -> None:
    by_seq = {row.seq: row for row in kept if row.shared}
    for breach in breaches:
        row = by_seq.get(breach.entry_seq)
        if row is None or breach.partner == row.recipient:
            continue
        if breach.partner not in graph:
            graph.add_node(breach.partner, **_node(breach.partner, partners.get(breach.partner)))
        edge = edge_attributes(row, asked)
        edge.update(entry_id=breach.breach_id, kind="breach", derived_from=row.entry_id)
        graph.add_edge(row.sender, breach.partner, key=breach.breach_id, **edge)


def _node(code: str, partner: Partner | None) -> dict[str, Any]:
    if partner is None:
        return {"name": code, "type": None, "country": None}
    return {"name": partner.name, "type": partner.type, "country": partner.country}


def edge_attributes(row: ShareRow, asked: frozenset[str]) -> dict[str, Any]:
    """The edge attributes of one share; `subjects` limited to the tokens asked about."""
    return {
        "entry_id": row.entry_id,
        "kind": row.kind,
        "occurred_at": row.occurred_at,
        "categories": list(row.categories),
        "purpose": row.purpose,
        "lawful_basis": row.lawful_basis,
        "cross_border": row.cross_border,
        "destination_country": row.destination_country,
        "derived_from": row.derived_from,
        "decision": row.decision,
        "subjects": sorted(asked.intersection(row.subjects)),
        "void": row.void,
    }


def lineage_json(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The lineage as docs/design.md shapes it: nodes by code, edges by date then entry id."""
    nodes = [
        {"id": code, "name": p["name"], "type": p["type"], "country": p["country"]}
        for code, p in sorted(graph.nodes(data=True))
    ]
    edges = sorted(
        (edge_json(sender, recipient, edge) for sender, recipient, edge in graph.edges(data=True)),
        key=lambda e: (e["occurred_at"], e["entry_id"]),
    )
    return {"subject": graph.graph["subject"], "nodes": nodes, "edges": edges}


def edge_json(sender: str, recipient: str, edge: Mapping[str, Any]) -> dict[str, Any]:
    values = {**edge, "from": sender, "to": recipient}
    values["occurred_at"] = rfc3339(edge["occurred_at"])
    return {key: values[key] for key in EDGE_FIELDS}
