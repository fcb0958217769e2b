"""Instants in UTC, and calendar helpers: the UK civil date of an instant, adding years.

`utc` is the one conversion to UTC: everything the ledger stores and compares is in UTC,
and a naive datetime (SQLite returns them without an offset) is taken to be UTC already.
`utc_now` is the one clock.

Agreements, adequacy regulations and retention periods are stated in UK calendar dates,
while entries carry instants. British Summer Time runs from 01:00 UTC on the last Sunday
of March to 01:00 UTC on the last Sunday of October (Summer Time Order 2002); computing
it here keeps the models free of a time-zone database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

_ONE_HOUR = timedelta(hours=1)


def utc(moment: datetime) -> datetime:
    """The same instant in UTC; a naive value (as SQLite returns them) is taken as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def utc_now() -> datetime:
    """The present instant, in UTC."""
    return datetime.now(UTC)


def utc_day(moment: datetime) -> date:
    """The UTC calendar day of an instant; a naive datetime is taken to be UTC already."""
    return utc(moment).date()


def last_sunday(year: int, month: int) -> date:
    """The last Sunday of a month (March or October here)."""
    following = date(year + month // 12, month % 12 + 1, 1)
    last_day = following - timedelta(days=1)
    return last_day - timedelta(days=(last_day.weekday() + 1) % 7)


def is_british_summer_time(instant: datetime) -> bool:
    """Whether UK clocks read UTC+1 at this (timezone-aware) instant."""
    utc = _as_utc(instant)
    starts = datetime.combine(last_sunday(utc.year, 3), datetime.min.time(), UTC) + _ONE_HOUR
    ends = datetime.combine(last_sunday(utc.year, 10), datetime.min.time(), UTC) + _ONE_HOUR
    return starts <= utc < ends


def uk_date(instant: datetime) -> date:
    """The civil date in the UK at a timezone-aware instant."""
    utc = _as_utc(instant)
    return (utc + _ONE_HOUR).date() if is_british_summer_time(utc) else utc.date()


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _as_utc(instant: datetime) -> datetime:
    """`utc`, refusing a naive value: a civil date needs to know where the clock was."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is required")
    return utc(instant)
