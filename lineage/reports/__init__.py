"""What people look at, as data: a subject's access report (UK GDPR Art 15), the governance
board pack and the aggregated flows it draws — built from the ledger by SQL. `visualise`
turns them into pages and diagrams; the front ends put the two together.
"""

from lineage.reports.access import AccessReport, access_report
from lineage.reports.board import BoardReport, board_pack, board_report
from lineage.reports.flows import Grouping, by_type, council_node, flows
from models.period import Period

__all__ = [
    "AccessReport",
    "BoardReport",
    "Grouping",
    "Period",
    "access_report",
    "board_pack",
    "board_report",
    "by_type",
    "council_node",
    "flows",
]
