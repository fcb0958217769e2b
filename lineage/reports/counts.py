"""The headline figures, each defined and counted in one place, for every output that shows
them: the demo's summary, the board pack, `GET /v1/exceptions` and the docs' transcript.

* A **disclosure** is an effective version of a disclosure or onward disclosure that was
  shared (not a refusal) and is not voided (`lineage.reports.aggregate.disclosed_in`).
* A **refusal** is the same, with `decision: refused`: a recorded decision not to share.
* A **recipient** is an organisation that received at least one disclosure.
* A **subject** is a person (a token) named by at least one disclosure.
* An **exception** is a disclosure or onward disclosure, shared or refused, whose effective
  version is not voided and carries at least one flag, counted once however many flags it
  has (`lineage.investigate.exceptions.flagged_count`).

Each is counted over a period by the date the entry occurred, or over the whole ledger,
as the ledger stands now.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Connection, func, select
from sqlmodel import col

from lineage.investigate.exceptions import ExceptionQuery, flagged_count
from lineage.reports.aggregate import disclosed_in, effective, shared
from models.period import Period
from models.tables import VersionSubject

ALL_TIME: Final = Period()
"""The whole ledger as one period, open at both ends."""
Days = Period


@dataclass(frozen=True)
class Headline:
    """The headline figures of a period (see the module docstring)."""

    disclosures: int
    refusals: int
    recipients: int
    subjects: int
    exceptions: int

    def as_json(self) -> dict[str, int]:
        return dict(self.__dict__)


def headline(conn: Connection, period: Days = ALL_TIME) -> Headline:
    """Every headline figure for `period` (the whole ledger by default)."""
    return Headline(
        disclosures=_count(conn, func.count(shared.seq), disclosed_in(period)),
        refusals=_count(conn, func.count(shared.seq), refused_in(period)),
        recipients=_count(conn, func.count(shared.recipient.distinct()), disclosed_in(period)),
        subjects=subject_count(conn, period),
        exceptions=exception_count(conn, period),
    )


def exception_count(conn: Connection, period: Days = ALL_TIME) -> int:
    """Exceptions occurring in `period`."""
    return flagged_count(conn, ExceptionQuery(period=period))


def refused_in(period: Days) -> list[Any]:
    """Effective, not voided, decisions not to share, occurring in `period`."""
    return [*effective(), shared.decision == "refused", period.clause(shared.occurred_at)]


def subject_count(conn: Connection, period: Days) -> int:
    """People named by at least one disclosure in `period`."""
    token = col(VersionSubject.token)
    query = (
        select(func.count(token.distinct()))
        .join(shared, shared.seq == col(VersionSubject.version_seq))
        .where(*disclosed_in(period))
    )
    return int(conn.execute(query).scalar_one())


def _count(conn: Connection, what: Any, where: list[Any]) -> int:
    return int(conn.execute(select(what).where(*where)).scalar_one())
