"""The one Period: both ends inclusive, a date a whole UTC day, an instant itself; and the
one UTC helper."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from models.dates import utc, utc_day
from models.period import Period, PeriodError


def test_a_date_is_a_whole_utc_day_at_either_end() -> None:
    march = Period.parse("2026-03-01", "2026-03-31")
    assert march.start == datetime(2026, 3, 1, tzinfo=UTC)
    assert march.end == datetime(2026, 3, 31, 23, 59, 59, 999999, tzinfo=UTC)
    assert march.contains(datetime(2026, 3, 31, 23, 59, 59, tzinfo=UTC))
    assert not march.contains(datetime(2026, 4, 1, tzinfo=UTC))
    assert not march.contains(datetime(2026, 2, 28, 23, 59, 59, 999999, tzinfo=UTC))
    assert march == Period.whole_days(date(2026, 3, 1), date(2026, 3, 31))
    assert (march.first, march.last, march.days) == (date(2026, 3, 1), date(2026, 3, 31), 31)
    assert march.as_json() == {"from": "2026-03-01", "to": "2026-03-31"}


def test_an_instant_with_an_offset_is_that_instant() -> None:
    noon = Period.parse(None, "2026-03-31T13:00:00+01:00")
    assert (noon.start, noon.end) == (None, datetime(2026, 3, 31, 12, tzinfo=UTC))
    assert noon.contains(datetime(2026, 3, 31, 12, tzinfo=UTC))
    assert not noon.contains(datetime(2026, 3, 31, 12, 0, 0, 1, tzinfo=UTC))
    assert noon.as_json() == {"from": None, "to": "2026-03-31T12:00:00Z"}
    assert Period.parse("", None) == Period()


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("2026-03-01T10:00", None, "from"),
        (None, "31/03/2026", "to"),
        ("2026-03-02", "2026-03-01", "to"),
        (None, "0001-01-01T00:00:00+05:00", "to"),
    ],
)
def test_a_wrong_end_is_named(start: str | None, end: str | None, field: str) -> None:
    with pytest.raises(PeriodError) as raised:
        Period.parse(start, end)
    assert raised.value.field == field


def test_the_period_before_is_as_long_and_ends_just_before() -> None:
    march = Period.parse("2026-03-01", "2026-03-31")
    assert march.previous() == Period.whole_days(date(2026, 1, 29), date(2026, 2, 28))
    ten = datetime(2026, 3, 1, 10, tzinfo=UTC)
    hour = Period(ten, ten + timedelta(hours=1) - timedelta(microseconds=1))
    assert hour.previous() == Period(ten - timedelta(hours=1), ten - timedelta(microseconds=1))


def test_one_utc_helper_takes_naive_times_as_utc() -> None:
    naive = datetime(2026, 3, 31, 23, 30)
    assert utc(naive) == datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    later = datetime(2026, 4, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    assert utc(later) == naive.replace(tzinfo=UTC) and utc(later).tzinfo is UTC
    assert utc_day(later) == utc_day(naive) == date(2026, 3, 31)
