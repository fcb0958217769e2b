"""Reading cases back from the ledger: the entry that opened each, and its steps in order.

A breach case is opened by a `breach` entry; the other kinds by a `case` entry with step
`opened`. Every later step is linked to the opening by an `entry_link` row (`case`, or
`case_closed` for the last).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlmodel import col

from lineage.ledger.canonical import parse_body
from lineage.storage.database import key_chunks
from models.tables import EntryLink, LedgerEntry

Body = dict[str, Any]
STEP_RELATIONS = ("case", "case_closed")


@dataclass(frozen=True)
class CaseRecord:
    """A case as the ledger holds it: the opening body and every later step, oldest first."""

    opening: Body
    steps: list[Body]

    @property
    def case_id(self) -> str:
        return str(self.opening["entry_id"])

    @property
    def kind(self) -> str:
        return "breach" if self.opening["kind"] == "breach" else str(self.opening["case_kind"])

    @property
    def closed(self) -> Body | None:
        return next((s for s in self.steps if s["step"] == "closed"), None)

    def of(self, step: str) -> list[Body]:
        """This case's steps named `step`, oldest first."""
        return [s for s in self.steps if s["step"] == step]


def openings(conn: Connection, kind: str) -> list[tuple[int, Body]]:
    """(seq, body) of every case of `kind` opened, oldest first."""
    if kind == "breach":
        query = select(col(LedgerEntry.seq), col(LedgerEntry.body)).where(
            col(LedgerEntry.kind) == "breach"
        )
    else:
        query = (
            select(col(LedgerEntry.seq), col(LedgerEntry.body))
            .join(EntryLink, col(EntryLink.seq) == col(LedgerEntry.seq))
            .where(
                col(EntryLink.relation) == "case",
                col(EntryLink.target_seq) == col(LedgerEntry.seq),
            )
        )
    found = [(int(seq), parse_body(bytes(body))) for seq, body in conn.execute(query)]
    return sorted(
        ((seq, body) for seq, body in found if kind == "breach" or body["case_kind"] == kind),
        key=lambda item: item[0],
    )


def steps_of(conn: Connection, case_seqs: Iterable[int]) -> dict[int, list[Body]]:
    """Every later step of each case opened at one of `case_seqs`, oldest first."""
    steps: dict[int, list[Body]] = defaultdict(list)
    for chunk in key_chunks(sorted(set(case_seqs))):
        query = (
            select(col(EntryLink.target_seq), col(LedgerEntry.body))
            .join(LedgerEntry, col(LedgerEntry.seq) == col(EntryLink.seq))
            .where(
                col(EntryLink.relation).in_(STEP_RELATIONS),
                col(EntryLink.target_seq).in_(chunk),
                col(EntryLink.seq) != col(EntryLink.target_seq),
            )
            .order_by(col(EntryLink.seq))
        )
        for target, body in conn.execute(query):
            steps[int(target)].append(parse_body(bytes(body)))
    return steps


def cases(conn: Connection, kind: str) -> list[CaseRecord]:
    """Every case of `kind`, oldest first, with its steps."""
    opened = openings(conn, kind)
    steps = steps_of(conn, [seq for seq, _ in opened])
    return [CaseRecord(body, steps.get(seq, [])) for seq, body in opened]


def case(conn: Connection, kind: str, case_id: str) -> CaseRecord | None:
    """One case of `kind` by the id of the entry that opened it, or None."""
    row = conn.execute(
        select(col(LedgerEntry.seq), col(LedgerEntry.body)).where(
            col(LedgerEntry.entry_id) == case_id
        )
    ).first()
    if row is None:
        return None
    opening = parse_body(bytes(row[1]))
    record = CaseRecord(opening, steps_of(conn, [int(row[0])]).get(int(row[0]), []))
    opened = opening["kind"] == "breach" or (
        opening["kind"] == "case" and opening["step"] == "opened"
    )
    return record if opened and record.kind == kind else None


def step_summary(step: Mapping[str, Any]) -> dict[str, Any]:
    """A step as the case's history lists it: which, when, by whom (no free text)."""
    return {
        "entry_id": step["entry_id"],
        "step": step["step"],
        "at": step.get("at") or step.get("on"),
        "recorded_at": step["recorded_at"],
        "recorded_by": step["recorded_by"],
    }
