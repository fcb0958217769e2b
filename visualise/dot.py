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
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from models.labels import (
    MONTHS,
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
    defaults,
    digraph,
    edge_statement,
    node_statement,
)
from visualise.flow_diagram import flows_dot
from visualise.palette import ABROAD, REFUSED, VOID, diagram_defaults, key, partner_node
from visualise.tokens import assert_no_tokens

__all__ = ["LETTER", "LETTER_BRIEF", "MERGE_ABOVE", "SCREEN", "Layout", "flows_dot", "lineage_dot"]

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


@dataclass(frozen=True)
class Layout:
    """How big a lineage diagram's text is and how much its lines say.

    `label_size` is the smallest font in the diagram (line labels), in points. A `brief`
    diagram draws one line for all alike shares between a pair, labelled with the count,
    dates and destination only (what, why and the basis are left to the report's tables).
    `name_width` wraps partner names and the title's summary at that many characters.
    """

    label_size: int = 9
    title_size: int = 16
    brief: bool = False
    name_width: int | None = None
    key: bool = True
    ranksep: str = "1.0"
    shapes: bool = True


SCREEN: Final = Layout()
"""For the screen and the API: every share's details on its line."""
LETTER: Final = Layout(
    label_size=10, title_size=12, name_width=22, key=False, ranksep="0.4", shapes=False
)
"""For a letter printed on A4: names wrapped and the key left to the letter's caption, so
that the diagram fits a page's width."""
LETTER_BRIEF: Final = Layout(
    label_size=10,
    title_size=12,
    name_width=18,
    key=False,
    ranksep="0.3",
    shapes=False,
    brief=True,
)
"""For a letter whose detailed diagram would print too small: one line per pair."""


def lineage_dot(
    graph: Any, *, title: str, merge_above: int = MERGE_ABOVE, layout: Layout = SCREEN
) -> str:
    """DOT for a subject's lineage `networkx.MultiDiGraph` (see the module docstring).

    Partners are drawn by type, the council (graph attribute `council`) with a bold double
    border. Each line is labelled with its date, categories (special marked [S], criminal
    [C]), purpose and lawful basis; more than `merge_above` alike shares between the same
    pair become one line labelled ×count with their date range and categories combined.
    The count is the first line of that line's own label, so it is placed with the line.
    """
    council = str(graph.graph.get("council", ""))
    drawn = shares(graph)
    merge_above = 0 if layout.brief else merge_above
    lines = [_line(c, layout.brief) for c in connections(drawn, merge_above=merge_above)]
    legend = key(
        _partner_types(graph, council),
        _line_meanings(drawn),
        CLASS_NOTES,
        council_type=_partner_type(graph, council),
    )
    spacing = [defaults("graph", {"ranksep": layout.ranksep})] if layout != SCREEN else []
    body = [*spacing, *_partners(graph, council, layout), *lines]
    body += [legend] if layout.key else []
    assert_no_tokens("\n".join(body))
    summary = _summary(drawn)
    heading = (
        title,
        *(_wrapped(summary, layout.name_width * 3) if layout.name_width else [summary]),
    )
    header = diagram_defaults(heading, label_size=layout.label_size, title_size=layout.title_size)
    return digraph("lineage", header + body)


def _partners(graph: Any, council: str, layout: Layout) -> list[str]:
    return [
        node_statement(code, _partner(code, partner, council, layout))
        for code, partner in sorted(graph.nodes(data=True))
    ]


def _partner(
    code: str, partner: Mapping[str, Any], council: str, layout: Layout = SCREEN
) -> dict[str, str | Lines]:
    """A partner's box: its name, then its type unless the name says it (the DfE)."""
    partner_type = str(partner.get("type", ""))
    described = "This council" if code == council else partner_type_label(partner_type)
    country = partner.get("country")
    if country and country != HOME_COUNTRY:
        described += f" · {country_label(country)}"
    look: dict[str, str | Lines] = {**partner_node(partner_type, is_council=code == council)}
    if not layout.shapes:  # without a key shapes say nothing: compact boxes, typed in words
        look |= {"shape": "box", "margin": "0.08,0.04"}
    name = str(partner.get("name") or code)
    label = (name,) if described == name else (name, described)
    width = layout.name_width
    look["label"] = (
        tuple(part for line in label for part in _wrapped(line, width or 0)) if width else label
    )
    return look


def _partner_type(graph: Any, code: str) -> str | None:
    if code not in graph.nodes:
        return None
    return str(graph.nodes[code].get("type", ""))


def _partner_types(graph: Any, council: str) -> list[str]:
    return [str(p.get("type", "")) for code, p in graph.nodes(data=True) if code != council]


def _line(connection: Connection, brief: bool = False) -> str:
    strand = connection.strand
    label = _brief_label(connection) if brief else _line_label(connection)
    attributes = _line_look(connection) | {"label": label}
    return edge_statement(strand.sender, strand.recipient, attributes)


def _brief_label(connection: Connection) -> Lines:
    """A line's count, dates and destination: "×3", "12 Jan 2026 to 23 Feb 2026"."""
    strand = connection.strand
    lines = ["REFUSED: not shared"] if strand.refused else []
    lines += ["VOID: cancelled"] if strand.void else []
    first, last = _short_day(connection.first_day), _short_day(connection.last_day)
    lines += [f"×{connection.count}"] if connection.count > 1 else []
    lines += [f"{first} to", last] if first != last else [first]
    if strand.cross_border:
        lines += _wrapped(f"To {country_label(strand.destination_country)}", 18)
    return tuple(lines)


def _short_day(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


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


def _wrapped(text: str, width: int = LABEL_WIDTH) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False) or [text]


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
