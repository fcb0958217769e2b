"""Calendar helpers: the UK civil date of an instant, adding whole years.

Agreements, adequacy regulations and retention periods are stated in UK calendar dates,
while entries carry instants. British Summer Time runs from 01:00 UTC on the last Sunday
of March to 01:00 UTC on the last Sunday of October (Summer Time Order 2002); computing
it here keeps the models free of a time-zone database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

_ONE_HOUR = timedelta(hours=1)


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
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is required")
    return instant.astimezone(UTC)
