"""DOT for a subject's lineage and for the board's aggregated flows. Pure and deterministic.

The same graph gives the same bytes: nodes, lines, label parts and attributes are all
sorted, and nothing depends on the clock. Entry ids and subject tokens never reach the
DOT (a lineage diagram may be shown to a board); the subject is named only by the title
the caller passes.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Final

from models.labels import (
    basis_label,
    counted,
    country_label,
    marked_category,
    partner_type_label,
    purpose_label,
)
from visualise.bundles import MERGE_ABOVE, Connection, Share, connections, shares
from visualise.dotlang import (
    Attributes,
    AttributeValue,
    Lines,
    digraph,
    edge_statement,
    node_statement,
)
from visualise.flow_diagram import flows_dot
from visualise.palette import ABROAD, REFUSED, VOID, diagram_defaults, key, partner_node
from visualise.tokens import assert_no_tokens

__all__ = ["MERGE_ABOVE", "flows_dot", "lineage_dot"]

LABEL_WIDTH: Final = 42
HOME_COUNTRY: Final = "GB"

PLAIN_LINE: Final[Attributes] = {"penwidth": "1.2"}
ONWARD_LINE: Final[Attributes] = {"style": "dotted", "penwidth": "1.6"}
MERGED_LINE: Final[Attributes] = {"penwidth": "2.6"}
ABROAD_LINE: Final[Attributes] = {"color": ABROAD, "fontcolor": ABROAD, "penwidth": "1.8"}
REFUSED_LINE: Final[Attributes] = {
    "style": "dashed",
    "color": REFUSED,
    "fontcolor": REFUSED,
    "arrowhead": "tee",
}
VOID_LINE: Final[Attributes] = {"color": VOID, "fontcolor": REFUSED, "arrowhead": "odot"}
LINE_MEANINGS: Final = (
    ("Disclosure", PLAIN_LINE),
    ("Onward: passed on by a recipient", ONWARD_LINE),
    ("Sent outside the UK", ABROAD_LINE),
    ("Several alike, merged (×count)", MERGED_LINE),
)
REFUSED_MEANING: Final = ("Refused: decided not to share", REFUSED_LINE)
VOID_MEANING: Final = ("Void: cancelled by a correction", VOID_LINE)
CLASS_NOTES: Final = ("[S] special category data (UK GDPR Art 9)", "[C] criminal offence data")


def lineage_dot(graph: Any, *, title: str, merge_above: int = MERGE_ABOVE) -> str:
    """DOT for a subject's lineage `networkx.MultiDiGraph` (see the module docstring).

    Partners are drawn by type, the council (graph attribute `council`) with a bold double
    border. Each line is labelled with its date, categories (special marked [S], criminal
    [C]), purpose and lawful basis; more than `merge_above` alike shares between the same
    pair become one line labelled ×count with their date range and categories combined.
    """
    council = str(graph.graph.get("council", ""))
    drawn = shares(graph)
    lines = [_line(c) for c in connections(drawn, merge_above=merge_above)]
    legend = key(
        _partner_types(graph, council),
        _line_meanings(drawn),
        CLASS_NOTES,
        council_type=_partner_type(graph, council),
    )
    body = [*_partners(graph, council), *lines, legend]
    assert_no_tokens("\n".join(body))
    header = diagram_defaults((title, _summary(drawn)), label_size=9)
    return digraph("lineage", header + body)


def _partners(graph: Any, council: str) -> list[str]:
    return [
        node_statement(code, _partner(code, partner, council))
        for code, partner in sorted(graph.nodes(data=True))
    ]


def _partner(code: str, partner: Mapping[str, Any], council: str) -> dict[str, str | Lines]:
    partner_type = str(partner.get("type", ""))
    described = "This council" if code == council else partner_type_label(partner_type)
    country = partner.get("country")
    if country and country != HOME_COUNTRY:
        described += f" · {country_label(country)}"
    look: dict[str, str | Lines] = {**partner_node(partner_type, is_council=code == council)}
    name = str(partner.get("name") or code)
    # A name that is its own type ("Department for Education") is not said twice.
    look["label"] = (name,) if described == name else (name, described)
    return look


def _partner_type(graph: Any, code: str) -> str | None:
    if code not in graph.nodes:
        return None
    return str(graph.nodes[code].get("type", ""))


def _partner_types(graph: Any, council: str) -> list[str]:
    return [str(p.get("type", "")) for code, p in graph.nodes(data=True) if code != council]


def _line(connection: Connection) -> str:
    strand = connection.strand
    attributes = _line_look(connection) | {"label": _line_label(connection)}
    return edge_statement(strand.sender, strand.recipient, attributes)


def _line_look(connection: Connection) -> dict[str, AttributeValue]:
    """Later looks win: a refused share is grey whether or not it was bound abroad."""
    strand = connection.strand
    look = {**PLAIN_LINE}
    for applies, extra in (
        (strand.onward, ONWARD_LINE),
        (strand.cross_border, ABROAD_LINE),
        (connection.count > 1, MERGED_LINE),
        (strand.refused, REFUSED_LINE),
        (strand.void, VOID_LINE),
    ):
        if applies:
            look |= extra
    return look


def _line_label(connection: Connection) -> Lines:
    strand = connection.strand
    lines = ["REFUSED: not shared"] if strand.refused else []
    lines += ["VOID: cancelled by a correction"] if strand.void else []
    lines.append(_when(connection))
    lines += _packed([marked_category(code) for code in connection.categories])
    lines += [part for code in connection.purposes for part in _wrapped(purpose_label(code))]
    lines += _wrapped("Basis: " + "; ".join(basis_label(b) for b in connection.lawful_bases))
    if strand.cross_border:
        lines.append(f"To {country_label(strand.destination_country)}")
    return tuple(lines)


def _when(connection: Connection) -> str:
    span = _span(connection.first_day, connection.last_day)
    return span if connection.count == 1 else f"×{connection.count} · {span}"


def _wrapped(text: str) -> list[str]:
    return textwrap.wrap(text, LABEL_WIDTH, break_long_words=False) or [text]


def _packed(items: Sequence[str]) -> list[str]:
    """Items joined by "; " into lines of about LABEL_WIDTH, never splitting an item."""
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + 2 + len(item) <= LABEL_WIDTH:
            lines[-1] += f"; {item}"
        else:
            lines.append(item)
    return lines


def _line_meanings(drawn: Sequence[Share]) -> tuple[tuple[str, Attributes], ...]:
    """The key's lines: refusals and voids only when drawn (they are drawn only if asked)."""
    has_refused = any(share.strand.refused for share in drawn)
    has_void = any(share.strand.void for share in drawn)
    return (
        LINE_MEANINGS
        + ((REFUSED_MEANING,) if has_refused else ())
        + ((VOID_MEANING,) if has_void else ())
    )


def _summary(drawn: Sequence[Share]) -> str:
    if not drawn:
        return "No shares recorded"
    tally = Counter(_tallied_as(share) for share in drawn)
    abroad = sum(share.strand.cross_border for share in drawn)
    nouns = ("disclosure", "onward disclosure") + (("refusal",) if tally["refusal"] else ())
    counts = [counted(tally[noun], noun) for noun in nouns]
    span = _span(min(s.day for s in drawn), max(s.day for s in drawn))
    return f"{', '.join(counts)}, {abroad} outside the UK · {span}"


def _tallied_as(share: Share) -> str:
    if share.strand.refused:
        return "refusal"
    return "onward disclosure" if share.strand.onward else "disclosure"


def _span(first: date, last: date) -> str:
    return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
