"""The reports as people read them: HTML pages with their diagrams drawn inline.

Glue between the ledger's reports (`access`, `board`, `flows`) and `visualise`: DOT is
built from the report's own graph or flow rows, laid out by Graphviz, and inlined as SVG
into one self-contained HTML file. Rendering errors (`visualise.render.RenderError`) pass
through to the caller.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Connection

from lineage.reports.access import AccessReport
from lineage.reports.board import board_pack
from lineage.reports.flows import Grouping, by_type, flows
from lineage.reports.period import ReportPeriod
from visualise.dot import flows_dot, lineage_dot
from visualise.render import render
from visualise.reports import access_report_html, board_pack_html

LINEAGE_TITLE: Final = "Where your information went"
MOST_PARTNER_FLOWS: Final = 80
"""Above this many partner-to-partner flows the board's diagram groups partners by type:
more lines than that cannot be read on a page."""


def access_report_page(report: AccessReport) -> str:
    """The Art 15 pack as HTML, with the lineage diagram when anything was shared."""
    svg = None
    if report.graph.number_of_edges():
        svg = render(lineage_dot(report.graph, title=LINEAGE_TITLE), "svg").decode("utf-8")
    return access_report_html(report.document, lineage_svg=svg)


def flow_dot(
    rows: Sequence[Mapping[str, Any]], period: ReportPeriod, *, by: Grouping, council: str
) -> str:
    """DOT for flow rows; `council` is the node drawn as the council (see `council_node`)."""
    return flows_dot(rows, period_from=period.first, period_to=period.last, by=by, council=council)


def _council_type(partner_flows: Sequence[Mapping[str, Any]], council: str) -> str | None:
    """The council's partner type, as flows grouped by partner record it."""
    for row in partner_flows:
        for end in ("sender", "recipient"):
            if row[end] == council:
                return str(row[f"{end}_type"])
    return None


def board_diagram(
    partner_flows: Sequence[Mapping[str, Any]], period: ReportPeriod, *, council: str
) -> str:
    """The board's flow diagram: by partner, or by type when there are too many flows."""
    if len(partner_flows) <= MOST_PARTNER_FLOWS:
        return flow_dot(partner_flows, period, by="partner", council=council)
    council_type = _council_type(partner_flows, council) or council
    return flow_dot(by_type(partner_flows), period, by="type", council=council_type)


def board_pack_page(
    conn: Connection,
    period: ReportPeriod,
    *,
    council: str,
    council_name: str,
    now: datetime | None = None,
) -> str:
    """The board pack for `period` as one self-contained HTML page."""
    pack = board_pack(conn, period, council=council, council_name=council_name, now=now)
    diagram = board_diagram(flows(conn, period, by="partner"), period, council=council)
    return board_pack_html(pack, flow_svg=render(diagram, "svg").decode("utf-8"))
