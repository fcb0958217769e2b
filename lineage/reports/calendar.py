"""The period a board pack is compared with: like with like on the calendar.

A period of whole calendar months (a month, a calendar quarter, a calendar or financial
year) is compared with the same number of whole months just before it, so January to March
is compared with October to December, and a year with the year before. Any other period is
compared with the days of equal length just before it.
"""

from __future__ import annotations

from datetime import date, timedelta

from models.period import Period

ONE_DAY = timedelta(days=1)


def comparison_period(first: date, last: date) -> Period:
    """The period compared with the one from `first` to `last` (module docstring)."""
    months = whole_months(first, last)
    if months is None:
        return Period.whole_days(first, last).previous()
    return Period.whole_days(months_before(first, months), first - ONE_DAY)


def whole_months(first: date, last: date) -> int | None:
    """How many calendar months `first` to `last` spans, if it is exactly whole months."""
    if first.day != 1 or (last + ONE_DAY).day != 1:
        return None
    return (last.year - first.year) * 12 + last.month - first.month + 1


def months_before(day: date, months: int) -> date:
    """The first of the month `months` calendar months before `day`'s (a first of a month)."""
    index = day.year * 12 + day.month - 1 - months
    return date(max(index // 12, 1), index % 12 + 1, 1)
