"""The reports as people read them: HTML pages with their diagrams drawn inline.

The engine builds each report's data (`lineage.reports`); this module turns it into one
self-contained HTML file: DOT built from the report's own graph or flow rows, laid out by
Graphviz and inlined as SVG. Rendering errors (`visualise.render.RenderError`) pass through
to the caller. Every diagram's title is set here, once, for the command line and the API.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal

from models.period import Period
from visualise.dot import LETTER, LETTER_BRIEF, flows_dot, lineage_dot
from visualise.printing import legible
from visualise.render import render
from visualise.report_html import (
    access_letter_html,
    access_report_html,
    board_pack_html,
    reviewer_pack_html,
)

Grouping = Literal["partner", "type"]

LINEAGE_TITLE: Final = "Where your information went"
"""The lineage diagram's title in a subject's access report (addressed to the subject)."""
SUBJECT_LINEAGE_TITLE: Final = "Where this subject's data went"
FAMILY_LINEAGE_TITLE: Final = "Where this family's data went"
MOST_PARTNER_FLOWS: Final = 80
"""Above this many partner-to-partner flows the board's diagram groups partners by type:
more lines than that cannot be read on a page."""


def lineage_diagram(graph: Any, *, family: bool = False) -> str:
    """DOT for a subject's (or a family's) lineage, as the API and the console draw it."""
    return lineage_dot(graph, title=FAMILY_LINEAGE_TITLE if family else SUBJECT_LINEAGE_TITLE)


def access_report_page(document: Mapping[str, Any], graph: Any) -> str:
    """The Art 15 pack as HTML, with the lineage diagram when anything was shared."""
    svg = letter_diagram(graph) if graph.number_of_edges() else None
    return access_report_html(document, lineage_svg=svg)


def letter_diagram(graph: Any) -> str:
    """The letter's lineage diagram as SVG, legible on A4 (`visualise.printing`): every
    share's details when that fits the page's width, else one line per pair of partners
    (the letter's tables give the details)."""
    svg = ""
    for layout in (LETTER, LETTER_BRIEF):
        svg = render(lineage_dot(graph, title=LINEAGE_TITLE, layout=layout), "svg").decode()
        if legible(svg, layout.label_size):
            break
    return svg


def access_letter_page(document: Mapping[str, Any], graph: Any) -> str:
    """The letter to the requester: the Art 15 report with its diagram and no reviewer
    content (the reviewer pack is `reviewer_pack_page`, a separate file)."""
    svg = letter_diagram(graph) if graph.number_of_edges() else None
    return access_letter_html(document, lineage_svg=svg)


def reviewer_pack_page(pack: Mapping[str, Any]) -> str:
    """The SAR officer's reviewer pack as HTML."""
    return reviewer_pack_html(pack)


def flow_dot(
    rows: Sequence[Mapping[str, Any]], period: Period, *, by: Grouping, council: str
) -> str:
    """DOT for flow rows; `council` is the node drawn as the council."""
    return flows_dot(rows, period_from=period.first, period_to=period.last, by=by, council=council)


def board_diagram(
    partner_flows: Sequence[Mapping[str, Any]],
    type_flows: Sequence[Mapping[str, Any]],
    period: Period,
    *,
    council: str,
) -> str:
    """The board's flow diagram: by partner, or by type when there are too many flows."""
    if len(partner_flows) <= MOST_PARTNER_FLOWS:
        return flow_dot(partner_flows, period, by="partner", council=council)
    return flow_dot(type_flows, period, by="type", council=council)


def board_pack_page(
    pack: Mapping[str, Any],
    partner_flows: Sequence[Mapping[str, Any]],
    type_flows: Sequence[Mapping[str, Any]],
    period: Period,
    *,
    council: str,
) -> str:
    """The board pack for `period` as one self-contained HTML page.

    `pack` is the engine's board pack; `partner_flows` and `type_flows` its flows for the
    period by partner and rolled up by partner type (`lineage.reports.flows`).
    """
    diagram = board_diagram(partner_flows, type_flows, period, council=council)
    return board_pack_html(pack, flow_svg=render(diagram, "svg").decode("utf-8"))
