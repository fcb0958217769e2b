"""Retention that runs itself: find every subject whose retention has ended, erase those
not under a legal hold, and report what was and will next be erased (UK GDPR Art 5(1)(e)).

Each erasure goes through `Ledger.append` as an `erasure` entry with ground
`retention_ended`, so a second run finds nothing left to do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select
from sqlmodel import col

from lineage.ledger.canonical import parse_body
from lineage.ledger.requests import Request
from lineage.ledger.store import Ledger
from lineage.settings import Settings
from lineage.storage.database import read_connection
from models.retention import RetentionClass
from models.retention_schedule import Schedule, SubjectHistory, council_schedule, retention_end
from models.tables import EntryLink, EntryVersion, LedgerEntry, Subject, VersionSubject

GROUND = "retention_ended"


def schedule_from(settings: Settings) -> dict[str, RetentionClass]:
    """The council's schedule from its settings: JSON text, or a path to a JSON file."""
    given = settings.retention_schedule.strip()
    if not given:
        return council_schedule(None)
    text = given if given.startswith("{") else Path(given).read_text()
    return council_schedule(json.loads(text))


@dataclass(frozen=True)
class Due:
    token: str
    ends: date
    held: bool


@dataclass
class RetentionRun:
    """What a run did (or, dry, would do)."""

    as_of: date
    erased: list[Due] = field(default_factory=list)
    held: list[Due] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "erased": [_due_json(d) for d in self.erased],
            "held": [_due_json(d) for d in self.held],
        }


def _due_json(due: Due) -> dict[str, Any]:
    return {"subject": due.token, "retention_ends": due.ends.isoformat(), "held": due.held}


def _day(moment: Any) -> date:
    return moment.date() if isinstance(moment, datetime) else date.fromisoformat(str(moment)[:10])


def histories(conn: Connection) -> list[SubjectHistory]:
    """Every registered (not erased) subject's history, from the projections."""
    by_class: dict[str, dict[str, date]] = {}
    versions = (
        select(col(VersionSubject.token), col(EntryVersion.retention_class))
        .add_columns(func.max(col(EntryVersion.occurred_at)))
        .join(EntryVersion, col(EntryVersion.seq) == col(VersionSubject.version_seq))
        .group_by(col(VersionSubject.token), col(EntryVersion.retention_class))
    )
    for token, code, last in conn.execute(versions):
        by_class.setdefault(str(token), {})[str(code)] = _day(last)
    linked = (
        select(col(EntryLink.token), func.max(col(LedgerEntry.recorded_at)))
        .join(LedgerEntry, col(LedgerEntry.seq) == col(EntryLink.seq))
        .where(col(EntryLink.token).is_not(None))
        .group_by(col(EntryLink.token))
    )
    last_link = {str(t): _day(last) for t, last in conn.execute(linked)}
    subjects = select(col(Subject.token), col(Subject.created_at))
    found = []
    for token, created in conn.execute(subjects):
        classes = by_class.get(token, {})
        days = [*classes.values(), last_link.get(token, _day(created)), _day(created)]
        found.append(SubjectHistory(token, classes, max(days)))
    return found


def held_tokens(conn: Connection) -> set[str]:
    query = select(col(Subject.token)).where(col(Subject.legal_hold).is_(True))
    return {str(t) for t in conn.execute(query).scalars()}


def due_on(conn: Connection, schedule: Schedule, as_of: date) -> list[Due]:
    """Every subject whose retention has ended by `as_of`, held or not, by end date."""
    held = held_tokens(conn)
    due = [
        Due(h.token, end, h.token in held)
        for h in histories(conn)
        if (end := retention_end(h, schedule)) <= as_of
    ]
    return sorted(due, key=lambda d: (d.ends, d.token))


def run_retention(
    ledger: Ledger, schedule: Schedule, *, as_of: date, dry_run: bool = False
) -> RetentionRun:
    """Erase every subject whose retention ended by `as_of` and who is not held."""
    with read_connection(ledger.engine) as conn:
        due = due_on(conn, schedule, as_of)
    run = RetentionRun(as_of, [d for d in due if not d.held], [d for d in due if d.held])
    if run.erased and not dry_run:
        units = [
            [Request.validated("erasure", {"subject": d.token, "ground": GROUND})]
            for d in run.erased
        ]
        outcomes = ledger.append(units, recorded_by="retention", proofs=False)
        run.erased = [d for d, o in zip(run.erased, outcomes, strict=True) if o.refusal is None]
    return run


def retention_report(
    conn: Connection, schedule: Schedule, *, as_of: date, within_days: int = 365
) -> dict[str, Any]:
    """What was erased (and on what ground), what is due now, what is held, and what falls
    due within `within_days` — for the board pack and the console."""
    horizon = as_of + timedelta(days=within_days)
    held = held_tokens(conn)
    ends = sorted((retention_end(h, schedule), h.token) for h in histories(conn))
    return {
        "as_of": as_of.isoformat(),
        "erased": erased_so_far(conn),
        "due": [_due_json(Due(t, e, t in held)) for e, t in ends if e <= as_of],
        "next": [_due_json(Due(t, e, t in held)) for e, t in ends if as_of < e <= horizon],
        "held": sorted(held),
    }


def erased_so_far(conn: Connection) -> list[dict[str, str]]:
    """Every erasure in the ledger: subject token, day and ground."""
    query = (
        select(col(LedgerEntry.seq), col(LedgerEntry.body))
        .join(EntryLink, col(EntryLink.seq) == col(LedgerEntry.seq))
        .where(col(EntryLink.relation) == "erased")
        .order_by(col(LedgerEntry.seq))
    )
    found = []
    for seq, raw in conn.execute(query):
        body = parse_body(bytes(raw))
        found.append(
            {"seq": seq, "subject": body["subject"], "on": body["recorded_at"][:10],
             "ground": body["ground"]}
        )  # fmt: skip
    return found
