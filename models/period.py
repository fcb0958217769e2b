"""The reporting period of a board pack or a flow report: whole calendar days.

A period runs from the start of its first day to the end of its last (UTC, as the ledger
stores instants), and the period before it is the same number of days ending the day
before it starts — so a quarter is compared with the quarter before, a year with the year
before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class ReportPeriod:
    """From `first` to `last`, both whole days included."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("the period ends before it starts")
        try:  # the period before must start, and the end instant exist, in the calendar
            self.first - timedelta(days=self.days)
            self.last + ONE_DAY
        except OverflowError:
            raise ValueError("the period is outside the calendar the ledger counts") from None

    @classmethod
    def parse(cls, first: str, last: str) -> ReportPeriod:
        """A period from two ISO dates (YYYY-MM-DD); ValueError names what is wrong."""
        return cls(_day(first, "from"), _day(last, "to"))

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> ReportPeriod:
        """The period of equal length that ends the day before this one starts."""
        last = self.first - ONE_DAY
        return ReportPeriod(last - timedelta(days=self.days - 1), last)

    @property
    def start(self) -> datetime:
        """The first instant of the period."""
        return datetime.combine(self.first, time.min, UTC)

    @property
    def end(self) -> datetime:
        """The first instant after the period (the period is half-open at this end)."""
        return datetime.combine(self.last + ONE_DAY, time.min, UTC)

    def clause(self, column: Any) -> Any:
        """A WHERE clause keeping `column` within the period."""
        return and_(column >= self.start, column < self.end)

    def as_json(self) -> dict[str, str]:
        return {"from": self.first.isoformat(), "to": self.last.isoformat()}


def _day(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{name} must be a date, YYYY-MM-DD; got {text!r}") from None
