"""A board pack compares like with like on the calendar."""

from __future__ import annotations

from datetime import date

import pytest

from lineage.reports.calendar import comparison_period


@pytest.mark.parametrize(
    ("first", "last", "before"),
    [
        ("2026-01-01", "2026-03-31", ("2025-10-01", "2025-12-31")),  # a calendar quarter
        ("2026-04-01", "2026-06-30", ("2026-01-01", "2026-03-31")),
        ("2025-01-01", "2025-12-31", ("2024-01-01", "2024-12-31")),  # a calendar year
        ("2025-04-01", "2026-03-31", ("2024-04-01", "2025-03-31")),  # a financial year
        ("2026-03-01", "2026-03-31", ("2026-02-01", "2026-02-28")),  # a month
        ("2026-01-10", "2026-01-19", ("2025-12-31", "2026-01-09")),  # ten days: ten before
    ],
)
def test_the_period_compared_with(first: str, last: str, before: tuple[str, str]) -> None:
    found = comparison_period(date.fromisoformat(first), date.fromisoformat(last))
    assert (found.first.isoformat(), found.last.isoformat()) == before
