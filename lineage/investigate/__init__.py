"""The questions a DPO asks of the ledger: a subject's lineage, who must be told of a
rectification (Art 19), what a partner received (Art 33/34), the transfers register and
the flagged entries.

Each query reads only the rows it needs through SQL; graphs are built from those rows.
"""

from lineage.investigate.exceptions import ExceptionQuery, flagged_count, flagged_entries
from lineage.investigate.exposure import partner_exposure
from lineage.investigate.lineage_graph import (
    LineageOptions,
    Partner,
    ShareRow,
    build_lineage,
    lineage_json,
)
from lineage.investigate.notify import NotifyQuery, notify_list
from lineage.investigate.subject_lineage import (
    IDENTIFIER_KINDS,
    lookup_subject,
    subject_known,
    subject_lineage,
    subject_tokens,
)
from lineage.investigate.transfers import TransferQuery, transfers
from models.period import Period, parse_instant

__all__ = [
    "IDENTIFIER_KINDS",
    "ExceptionQuery",
    "LineageOptions",
    "NotifyQuery",
    "Partner",
    "Period",
    "ShareRow",
    "TransferQuery",
    "build_lineage",
    "flagged_count",
    "flagged_entries",
    "lineage_json",
    "lookup_subject",
    "notify_list",
    "parse_instant",
    "partner_exposure",
    "subject_known",
    "subject_lineage",
    "subject_tokens",
    "transfers",
]
