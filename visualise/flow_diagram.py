"""DOT for the board's flow diagram: who sent how much to whom in a period, aggregated.

The rows come from SQL grouping and carry no identifiers; the output is checked for
subject tokens all the same, because a board may never see one.

A flow row: `{"sender", "sender_name", "sender_type", "recipient", "recipient_name",
"recipient_type", "count", "special", "criminal", "cross_border", "countries"}` where
`special`, `criminal` and `cross_border` count the disclosures with special-category
data, criminal offence data, or sent abroad, and `countries` lists destination codes.
With `by="type"` sender and recipient are partner-type codes and the names their labels.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Literal

from models.labels import (
    counted,
    country_label,
    partner_type_label,
    period_text,
    rounded_percent,
)
from visualise.disclosure_control import FEWER, is_small, shown, total
from visualise.dotlang import Attributes, Lines, digraph, edge_statement, node_statement, points
from visualise.palette import ABROAD, diagram_defaults, key, partner_node
from visualise.tokens import assert_no_tokens

Grouping = Literal["partner", "type"]

THINNEST: Final = 1.0
THICKEST: Final = 8.0
FLOW_LINES: Final[tuple[tuple[str, Attributes], ...]] = (
    ("Few disclosures", {"penwidth": points(THINNEST)}),
    ("Many disclosures", {"penwidth": points(THICKEST)}),
    ("Includes transfers outside the UK", {"color": ABROAD, "penwidth": "3"}),
)
FLOW_NOTES: Final = ("Labels: disclosures · share with special category data",)


@dataclass(frozen=True)
class Flow:
    """One aggregated flow between two partners (or partner types) in the period."""

    sender: str
    sender_name: str
    sender_type: str
    recipient: str
    recipient_name: str
    recipient_type: str
    count: int
    special: int
    criminal: int
    cross_border: int
    countries: tuple[str, ...]

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Flow:
        """A flow from a grouped row; missing names fall back to codes, counts to 0."""
        return cls(
            sender=str(row["sender"]),
            sender_name=str(row.get("sender_name") or row["sender"]),
            sender_type=str(row.get("sender_type") or ""),
            recipient=str(row["recipient"]),
            recipient_name=str(row.get("recipient_name") or row["recipient"]),
            recipient_type=str(row.get("recipient_type") or ""),
            count=int(row["count"]),
            special=int(row.get("special") or 0),
            criminal=int(row.get("criminal") or 0),
            cross_border=int(row.get("cross_border") or 0),
            countries=tuple(sorted(set(row.get("countries") or ()))),
        )


def flows_dot(
    flows: Sequence[Mapping[str, Any]],
    *,
    period_from: date,
    period_to: date,
    by: Grouping,
    council: str | None = None,
) -> str:
    """DOT for aggregated flows: line width by count, labels with counts and shares.

    `by` is "partner" or "type" (see the module docstring); `council`, when given, is the
    node drawn with the council's bold double border.
    """
    if by not in ("partner", "type"):
        raise ValueError(f"flows are grouped by 'partner' or 'type', not {by!r}")
    rows = sorted((Flow.from_row(row) for row in flows), key=_flow_order)
    heaviest = max((flow.count for flow in rows), default=0)
    ends = _ends(rows, by)
    body = [_end(code, *ends[code], by, code == council) for code in sorted(ends)]
    body += [_flow_line(flow, heaviest) for flow in rows]
    body.append(_key(ends, council))
    title = (_title(by, period_from, period_to), _flow_summary(rows))
    document = digraph("flows", diagram_defaults(title, label_size=11) + body)
    assert_no_tokens(document)
    return document


def _flow_order(flow: Flow) -> tuple[str, str, int]:
    return (flow.sender, flow.recipient, flow.count)


def _title(by: Grouping, period_from: date, period_to: date) -> str:
    grouping = "partner" if by == "partner" else "type of partner"
    return f"Disclosures by {grouping}, {period_text(period_from, period_to)}"


def _flow_summary(rows: Sequence[Flow]) -> str:
    counts = [flow.count for flow in rows]
    published = total(sum(counts), counts)
    noun = "disclosure" if published == "1" else "disclosures"
    return f"{published} {noun} in {counted(len(rows), 'flow')}"


def _ends(rows: Sequence[Flow], by: Grouping) -> dict[str, tuple[str, str]]:
    """Each end of a flow by code: its name and the partner type it is drawn as."""
    ends: dict[str, tuple[str, str]] = {}
    for flow in rows:
        for code, name, end_type in (
            (flow.sender, flow.sender_name, flow.sender_type),
            (flow.recipient, flow.recipient_name, flow.recipient_type),
        ):
            ends.setdefault(code, (name, end_type or (code if by == "type" else "")))
    return ends


def _end(code: str, name: str, partner_type: str, by: Grouping, is_council: bool) -> str:
    if is_council:
        lines: Lines = (name, "This council")
    elif by == "type":
        lines = (name,)
    else:
        lines = (name, partner_type_label(partner_type))
    look = partner_node(partner_type, is_council=is_council) | {"label": lines}
    return node_statement(code, look)


def _key(ends: Mapping[str, tuple[str, str]], council: str | None) -> str:
    council_type = ends[council][1] if council is not None and council in ends else None
    drawn_types = [end_type for code, (_, end_type) in ends.items() if code != council]
    return key(drawn_types, FLOW_LINES, FLOW_NOTES, council_type=council_type)


def _flow_line(flow: Flow, heaviest: int) -> str:
    width = _width(flow.count, heaviest)
    look: dict[str, str | Lines] = {"penwidth": points(width), "arrowsize": _arrow_size(width)}
    if flow.cross_border:
        look |= {"color": ABROAD, "fontcolor": ABROAD}
    look["label"] = _flow_label(flow)
    return edge_statement(flow.sender, flow.recipient, look)


def _width(count: int, heaviest: int) -> float:
    """Square-root scaling keeps small flows visible beside a heavy one; bounded both ways."""
    if heaviest <= 0:
        return THINNEST
    width = THINNEST + (THICKEST - THINNEST) * math.sqrt(max(count, 0) / heaviest)
    return min(max(width, THINNEST), THICKEST)


def _arrow_size(width: float) -> str:
    """Graphviz grows arrowheads with the line; shrink them so thick lines stay tidy."""
    return points(max(0.4, min(1.0, 1.6 / width)))


def _flow_label(flow: Flow) -> Lines:
    """Counts as published (`visualise.disclosure_control`): a share is given only where
    the count it is a share of is not small, nor the part itself."""
    if is_small(flow.count):
        return (FEWER,)
    lines = [f"{flow.count:,} · {_share(flow.special, flow.count)} special"]
    if flow.criminal:
        lines.append(f"{_share(flow.criminal, flow.count)} criminal offence data")
    if flow.cross_border:
        places = ", ".join(country_label(code) for code in flow.countries)
        where = f": {places}" if places and not is_small(flow.cross_border) else ""
        lines.append(f"{shown(flow.cross_border)} abroad{where}")
    return tuple(lines)


def _share(part: int, whole: int) -> str:
    return FEWER if is_small(part) else percent(part, whole)


def percent(part: int, whole: int) -> str:
    """A whole-number percentage, rounded half up; "<1%" rather than "0%" for a few."""
    if whole <= 0 or part <= 0:
        return "0%"
    rounded = rounded_percent(part, whole)
    return "<1%" if rounded == 0 else f"{rounded}%"
