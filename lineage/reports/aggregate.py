"""SQL building blocks for the reports' aggregates: what counts as a disclosure, and counts
split between a period and the one before it.

A disclosure counted in a report is an effective version (`lineage.ledger.effective`) of a
disclosure or an onward disclosure that was shared (not a refusal) and not voided, by the
time it occurred. Counts come from GROUP BY in the database; nothing here loads entries.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, func
from sqlalchemy.orm import aliased

from lineage.ledger.effective import effective_filter
from lineage.reports.calendar import comparison_period
from models.period import Period
from models.tables import EntryVersion

shared: Any = aliased(EntryVersion, name="shared")
"""The `entry_version` alias every report query counts."""


def effective(version: Any = shared) -> list[ColumnElement[bool]]:
    """Effective, not voided: the entry as it stands, refusals included."""
    return [effective_filter(version), version.void.is_(False)]


def disclosed_in(period: Period, version: Any = shared) -> list[ColumnElement[bool]]:
    """Effective versions of disclosures actually made, occurring within `period`."""
    return [*effective(version), version.decision == "shared", period.clause(version.occurred_at)]


def tally(since: Any, *, after: bool, distinct: bool = False, version: Any = shared) -> Any:
    """COUNT of versions occurring on or after `since` (`after`) or before it.

    `distinct` counts each version once where a join repeats it (e.g. one row per category).
    """
    in_part = version.occurred_at >= since if after else version.occurred_at < since
    counted = case((in_part, version.seq))
    return func.count(counted.distinct() if distinct else counted)


def current_and_previous(period: Period, *, distinct: bool = False) -> list[Any]:
    """Two columns, `current` and `previous`, for a query over `both(period)`."""
    return [
        tally(period.start, after=True, distinct=distinct).label("current"),
        tally(period.start, after=False, distinct=distinct).label("previous"),
    ]


def both(period: Period) -> Period:
    """The period together with the one before it: what a trend query reads."""
    return Period.whole_days(comparison_period(period.first, period.last).first, period.last)
