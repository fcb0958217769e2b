"""Dates and periods in query parameters: `models.period`'s one rule, refusals as 422.

Every route taking `from`/`to` reads them here, so `to=2026-03-31` means the end of that
UTC day on every route, and a wrong value is refused naming the parameter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Final

from api.problems import Problem, refused
from models.errors import FieldError
from models.period import Period, PeriodError, parse_instant

WHEN: Final = (
    "A date, YYYY-MM-DD (a whole UTC day: `from` its start, `to` its end, both included), "
    "or an RFC 3339 instant with an offset"
)
"""The description of every `from` and `to` parameter taking a date or an instant."""

DAY: Final = "A date, YYYY-MM-DD (a whole UTC day, included: `from` its start, `to` its end)"
"""The description of a `from` or `to` that must be a date (the reports cover whole days)."""


def instant(field: str, text: str | None, *, end_of_day: bool = False) -> datetime | None:
    """One date or instant (`as_of`, `since`): a date is its first instant, or its last
    with `end_of_day`; 422 naming the parameter if it is neither."""
    if text is None:
        return None
    try:
        return parse_instant(text, end_of_day=end_of_day)
    except (ValueError, OverflowError):
        raise refused(
            [FieldError(field, "give a date (YYYY-MM-DD) or an RFC 3339 instant")]
        ) from None


def period(start: str | None, end: str | None) -> Period:
    """The period `from`..`to` (either may be absent); 422 naming every wrong end."""
    each = [_fault(lambda: Period.parse(start, None)), _fault(lambda: Period.parse(None, end))]
    found = [error for error in each if error is not None]
    if found:
        raise refused(found)
    return _refused_if_wrong(lambda: Period.parse(start, end))


def whole_days(first: str, last: str) -> Period:
    """The whole days `from`..`to`, both dates and both required; 422 naming what is wrong."""
    return _refused_if_wrong(lambda: Period.parse_days(first, last))


def _fault(build: Callable[[], Period]) -> FieldError | None:
    try:
        build()
    except PeriodError as wrong:
        return FieldError(wrong.field, str(wrong))
    return None


def _refused_if_wrong(build: Callable[[], Period]) -> Period:
    try:
        return build()
    except PeriodError as wrong:
        raise _refusal(wrong) from None


def _refusal(wrong: PeriodError) -> Problem:
    return refused([FieldError(wrong.field, str(wrong))])
