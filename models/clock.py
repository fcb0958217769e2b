"""The clocks the law sets for casework, counted as the ICO counts them. Pure: dates in, dates
out.

* Subject access (UK GDPR Art 12(3)): one calendar month from the day the period starts —
  receipt, or the later day the requester's identity was confirmed, the fee paid or the
  clarification received. The ICO counts from the day after that day and ends on the
  corresponding calendar date of the following month (received 3 September, due 3 October);
  with no such date (received 31 January) the last day of that month (28 or 29 February).
  A complex request may be extended by up to two further months, with reasons (Art 12(3)).
  While the council waits for information it needs (Art 12A, inserted by the Data (Use and
  Access) Act 2025 s.76) the clock stops: each pause from the day the council asked to the
  day the answer arrived adds those days to the due date.
* Breach reports to the Commissioner (Art 33(1)): 72 hours from awareness — hours, on every
  day of the week, never moved to a working day.
* Complaints (DPA 2018 s.164A(3), inserted by the 2025 Act, in force from 19 June 2026):
  acknowledged within 30 days of receipt; as the ICO counts, day 1 is the day after the
  complaint arrived (received 5 June, due 5 July).

A deadline for subject access or a complaint that falls on a Saturday, Sunday or an England
and Wales bank holiday (substitute days included) moves to the next working day, as the ICO
advises.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache

import holidays

BREACH_REPORT_HOURS = 72
"""Art 33(1): report to the Commissioner without undue delay, within 72 hours of awareness."""
COMPLAINT_ACK_DAYS = 30
"""DPA 2018 s.164A(3): acknowledge a complaint within 30 days."""
SAR_MONTHS = 1
"""Art 12(3): respond within one month."""
MAX_EXTENSION_MONTHS = 2
"""Art 12(3): extendable by up to two further months for complex or numerous requests."""


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays of `year` (the two share one list), substitutes too."""
    days = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(days)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not an England and Wales bank holiday."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def next_working_day(day: date) -> date:
    """`day` if it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_months(start: date, months: int) -> date:
    """The calendar date `months` after `start`, or the last day of that month when it has
    no such date (31 January + 1 month = 28 or 29 February)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


@dataclass(frozen=True)
class Pause:
    """A stop of the clock (Art 12A): from the day the council asked the requester for
    information to the day it arrived; `restarted` is None while the council still waits."""

    paused: date
    restarted: date | None = None

    def days(self) -> int:
        """The calendar days the clock stood still (0 while still waiting: see `sar_due`)."""
        return 0 if self.restarted is None else (self.restarted - self.paused).days


def sar_due(
    starts: date, *, extension_months: int = 0, pauses: Iterable[Pause] = ()
) -> date | None:
    """The day a subject access response is due (Art 12(3), Art 12A).

    `starts` is the day the period starts (receipt, or identity confirmed, fee or
    clarification received). None while a pause has not ended: the clock is stopped and no
    due date runs. Raises ValueError for an extension of more than two months.
    """
    if not 0 <= extension_months <= MAX_EXTENSION_MONTHS:
        raise ValueError(f"an extension is 0 to {MAX_EXTENSION_MONTHS} months")
    stops = list(pauses)
    if any(p.restarted is None for p in stops):
        return None
    end = add_months(starts, SAR_MONTHS + extension_months)
    end += timedelta(days=sum(p.days() for p in stops))
    return next_working_day(end)


def breach_report_due(aware_at: datetime) -> datetime:
    """The moment a breach report to the Commissioner is due (Art 33(1)): 72 hours after
    the council became aware, whatever the day (elapsed hours, in UTC: a clock change
    neither adds nor takes an hour)."""
    return aware_at.astimezone(UTC) + timedelta(hours=BREACH_REPORT_HOURS)


def complaint_ack_due(received: date) -> date:
    """The last day to acknowledge a complaint (DPA 2018 s.164A(3)): 30 calendar days
    after the day it was received, moved to the next working day."""
    return next_working_day(received + timedelta(days=COMPLAINT_ACK_DAYS))


def overdue(due: date | datetime | None, now: datetime) -> bool:
    """Whether a deadline has passed at `now`: a date deadline runs to the end of its day."""
    if due is None:
        return False
    if isinstance(due, datetime):
        return now > due
    return now.date() > due
