"""What people look at: a subject's access report (UK GDPR Art 15), the governance board
pack and the aggregated flows it draws — built from the ledger by SQL, drawn by `visualise`.
"""

from lineage.reports.access import AccessReport, access_report
from lineage.reports.board import board_pack
from lineage.reports.documents import access_report_page, board_pack_page, flow_dot
from lineage.reports.flows import Grouping, council_node, flows
from lineage.reports.period import ReportPeriod

__all__ = [
    "AccessReport",
    "Grouping",
    "ReportPeriod",
    "access_report",
    "access_report_page",
    "board_pack",
    "board_pack_page",
    "council_node",
    "flow_dot",
    "flows",
]
