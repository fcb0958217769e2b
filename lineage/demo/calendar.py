"""The demo's calendar: a fixed period (so a seed always means the same ledger) and the
moments at which shares are recorded.

The period ends with the 2025-26 financial year; `--years` reaches back from there. It starts
no earlier than April 2021, after the UK adequacy list took effect (DPA 2018 Sch 21), so the
transfer rules judge every demo transfer against the list of its day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Final

PERIOD_END: Final = date(2026, 4, 1)
"""The first day after the demo period (exclusive)."""
MAX_YEARS: Final = 5

CASE_SLOTS: Final = (time(10, 0), time(13, 0), time(16, 0), time(19, 0))
"""When the case system's outbox is written to the ledger each day (UTC)."""
PARTNER_SLOT: Final = time(17, 30)
"""When partners' own records (onward shares) reach the ledger each day."""
BULK_SLOT: Final = time(22, 0)
"""When an overnight statutory return or extract is recorded: after the day's case work."""


def period(years: int) -> tuple[date, date]:
    """(first day, first day after) of a demo of `years` financial years."""
    if not 1 <= years <= MAX_YEARS:
        raise ValueError(f"years must be between 1 and {MAX_YEARS}")
    return PERIOD_END.replace(year=PERIOD_END.year - years), PERIOD_END


def days(start: date, end: date) -> Iterator[date]:
    """Every day from `start` up to, not including, `end`."""
    for n in range((end - start).days):
        yield start + timedelta(days=n)


def at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, UTC)


def next_slot(after: datetime, slots: tuple[time, ...] = CASE_SLOTS) -> datetime:
    """The first recording moment at or after `after`."""
    day = after.date()
    while True:
        for slot in slots:
            candidate = at(day, slot)
            if candidate >= after:
                return candidate
        day += timedelta(days=1)


_BANK_HOLIDAY_DATES: Final = (
    "2021-04-02 2021-04-05 2021-05-03 2021-05-31 2021-08-30 2021-12-27 2021-12-28 "
    "2022-01-03 2022-04-15 2022-04-18 2022-05-02 2022-06-02 2022-06-03 2022-08-29 "
    "2022-09-19 2022-12-26 2022-12-27 2023-01-02 2023-04-07 2023-04-10 2023-05-01 "
    "2023-05-08 2023-05-29 2023-08-28 2023-12-25 2023-12-26 2024-01-01 2024-03-29 "
    "2024-04-01 2024-05-06 2024-05-27 2024-08-26 2024-12-25 2024-12-26 2025-01-01 "
    "2025-04-18 2025-04-21 2025-05-05 2025-05-26 2025-08-25 2025-12-25 2025-12-26 "
    "2026-01-01"
)
BANK_HOLIDAYS: Final = frozenset(date.fromisoformat(d) for d in _BANK_HOLIDAY_DATES.split())
"""Bank holidays in England and Wales within the demo period (gov.uk/bank-holidays)."""


def is_working_day(day: date) -> bool:
    """Monday to Friday, bank holidays excepted; the duty team covers the rest."""
    return day.weekday() < 5 and day not in BANK_HOLIDAYS


def first_working_day(on_or_after: date) -> date:
    day = on_or_after
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
