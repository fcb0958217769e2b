"""The casework clocks, counted as the ICO counts: calendar days and months, a deadline on a
weekend or an England and Wales bank holiday moved to the next working day; breach reports
in hours."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from models.clock import (
    Pause,
    add_months,
    breach_report_due,
    complaint_ack_due,
    is_working_day,
    next_working_day,
    overdue,
    sar_due,
)

D = date.fromisoformat


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2026-06-10", True),  # a Wednesday
        ("2026-06-13", False),  # Saturday
        ("2026-06-14", False),  # Sunday
        ("2026-04-03", False),  # Good Friday
        ("2026-04-06", False),  # Easter Monday
        ("2026-08-31", False),  # late summer bank holiday
        ("2026-12-28", False),  # Boxing Day substitute (26th a Saturday)
        ("2027-12-27", False),  # Christmas Day substitute
        ("2027-12-28", False),  # Boxing Day substitute
        ("2022-01-03", False),  # New Year's Day substitute
        ("2022-09-19", False),  # the Queen's state funeral
        ("2026-03-17", True),  # St Patrick's Day is a holiday in Northern Ireland only
        ("2026-11-30", True),  # St Andrew's Day is a holiday in Scotland only
    ],
)
def test_working_days_are_england_and_wales_weekdays(day: str, working: bool) -> None:
    assert is_working_day(D(day)) is working


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        ("2026-09-03", 1, "2026-10-03"),
        ("2026-01-31", 1, "2026-02-28"),
        ("2028-01-31", 1, "2028-02-29"),  # leap year
        ("2028-02-29", 1, "2028-03-29"),
        ("2026-03-31", 1, "2026-04-30"),
        ("2026-12-31", 1, "2027-01-31"),
        ("2026-11-30", 3, "2027-02-28"),
        ("2026-01-31", 3, "2026-04-30"),
    ],
)
def test_a_month_ends_on_the_corresponding_date_or_the_months_last_day(
    start: str, months: int, end: str
) -> None:
    assert add_months(D(start), months) == D(end)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("2026-06-10", "2026-07-10"),  # plain: a Friday
        ("2026-09-03", "2026-10-05"),  # 3 Oct is a Saturday
        ("2026-01-31", "2026-03-02"),  # no 31 Feb; 28 Feb a Saturday
        ("2027-01-31", "2027-03-01"),  # 28 Feb a Sunday
        ("2028-01-31", "2028-02-29"),  # leap day, a Tuesday
        ("2026-03-03", "2026-04-07"),  # Good Friday, weekend, Easter Monday
        ("2026-11-25", "2026-12-29"),  # Christmas Friday, Boxing Day substitute Monday
        ("2027-11-25", "2027-12-29"),  # both Christmas substitutes
        ("2021-12-01", "2022-01-04"),  # New Year's Day substitute
        ("2026-12-31", "2027-02-01"),  # 31 Jan a Sunday
        ("2026-07-31", "2026-09-01"),  # 31 Aug the late summer bank holiday
    ],
)
def test_a_subject_access_request_is_due_a_calendar_month_after_receipt(
    received: str, due: str
) -> None:
    assert sar_due(D(received)) == D(due)


@pytest.mark.parametrize(
    ("received", "months", "due"),
    [
        ("2026-01-31", 1, "2026-03-31"),
        ("2026-01-31", 2, "2026-04-30"),
        ("2026-10-25", 2, "2027-01-25"),
        ("2026-09-25", 2, "2026-12-29"),  # 25 Dec: Christmas, weekend, Boxing Day substitute
    ],
)
def test_a_complex_request_is_extended_by_up_to_two_further_months(
    received: str, months: int, due: str
) -> None:
    assert sar_due(D(received), extension_months=months) == D(due)


@pytest.mark.parametrize("months", [-1, 3])
def test_an_extension_beyond_two_months_is_refused(months: int) -> None:
    with pytest.raises(ValueError, match="0 to 2 months"):
        sar_due(D("2026-06-10"), extension_months=months)


@pytest.mark.parametrize(
    ("pauses", "due"),
    [
        ([], "2026-07-10"),
        ([("2026-06-12", "2026-06-22")], "2026-07-20"),  # ten days stopped
        ([("2026-06-12", "2026-06-17"), ("2026-06-20", "2026-06-23")], "2026-07-20"),  # 8: Sat
        ([("2026-06-12", "2026-06-12")], "2026-07-10"),  # answered the day it was asked
        ([("2026-06-15", "2026-07-01")], "2026-07-27"),  # 16 days
    ],
)
def test_the_clock_stops_while_the_council_waits_for_clarification(
    pauses: list[tuple[str, str]], due: str
) -> None:
    stops = [Pause(D(a), D(b)) for a, b in pauses]
    assert sar_due(D("2026-06-10"), pauses=stops) == D(due)


def test_no_due_date_runs_while_the_clock_is_stopped() -> None:
    assert sar_due(D("2026-06-10"), pauses=[Pause(D("2026-06-12"))]) is None


def test_pauses_and_an_extension_add_up() -> None:
    pause = Pause(D("2026-06-12"), D("2026-06-22"))
    due = sar_due(D("2026-06-10"), extension_months=2, pauses=[pause])
    assert due == D("2026-09-21")  # 10 Sep + 10 days = 20 Sep, a Sunday


@pytest.mark.parametrize(
    ("aware", "due"),
    [
        ("2026-06-10T09:00:00+00:00", "2026-06-13T09:00:00+00:00"),  # lands on a Saturday
        ("2026-12-24T16:30:00+00:00", "2026-12-27T16:30:00+00:00"),  # over Christmas
        ("2026-06-10T09:00:00+01:00", "2026-06-13T08:00:00+00:00"),
    ],
)
def test_a_breach_report_is_due_72_hours_after_awareness(aware: str, due: str) -> None:
    assert breach_report_due(datetime.fromisoformat(aware)) == datetime.fromisoformat(due)


def test_72_hours_are_elapsed_hours_across_the_clock_change() -> None:
    aware = datetime(2026, 10, 24, 10, 0, tzinfo=ZoneInfo("Europe/London"))  # BST, 09:00Z
    assert breach_report_due(aware) == datetime(2026, 10, 27, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("2026-06-22", "2026-07-22"),  # day 1 is the day after receipt
        ("2025-06-05", "2025-07-07"),  # the ICO's example: day 30 a Saturday, so Monday
        ("2026-06-19", "2026-07-20"),  # day 30 a Sunday
        ("2026-11-26", "2026-12-29"),  # Boxing Day a Saturday, its substitute on Monday
        ("2028-02-01", "2028-03-02"),  # leap February
    ],
)
def test_a_complaint_is_acknowledged_within_30_days(received: str, due: str) -> None:
    assert complaint_ack_due(D(received)) == D(due)


def test_next_working_day_keeps_a_working_day() -> None:
    assert next_working_day(D("2026-06-10")) == D("2026-06-10")


@pytest.mark.parametrize(
    ("now", "late"),
    [
        ("2026-07-10T23:59:00+00:00", False),
        ("2026-07-11T00:00:01+00:00", True),
    ],
)
def test_a_day_deadline_runs_to_the_end_of_its_day(now: str, late: bool) -> None:
    assert overdue(D("2026-07-10"), datetime.fromisoformat(now)) is late
    assert overdue(None, datetime.fromisoformat(now)) is False
