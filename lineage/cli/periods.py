"""Dates and periods in options: `models.period`'s one rule, mistakes as usage errors.

`--to 2026-03-31` means the end of that UTC day in every command, as `to=` does over HTTP.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Final, TypeVar

import click

from models.period import Period, PeriodError, parse_instant

F = TypeVar("F", bound=Callable[..., Any])

WHEN: Final = "a date, YYYY-MM-DD (a whole UTC day, included), or an RFC 3339 instant"


def period_options(what: str) -> Callable[[F], F]:
    """`--from` and `--to` (as `start` and `end`), each taking a date or an instant."""

    def decorate(command: F) -> F:
        command = click.option("--to", "end", help=f"{what} up to {WHEN}.")(command)
        return click.option("--from", "start", help=f"{what} from {WHEN}.")(command)

    return decorate


def instant(text: str | None, *, end_of_day: bool = False) -> datetime | None:
    """An option's date (its start, or its end with `end_of_day`) or RFC 3339 instant, or a
    usage error naming what was wrong."""
    if text is None:
        return None
    try:
        return parse_instant(text, end_of_day=end_of_day)
    except (ValueError, OverflowError) as error:
        raise click.BadParameter(f"{text!r}: {error}") from None


def period(start: str | None, end: str | None) -> Period:
    """The period `--from`..`--to`, either open; a usage error naming the wrong option."""
    return _usage_error_if_wrong(lambda: Period.parse(start, end))


def whole_days(first: str, last: str) -> Period:
    """The whole days `--from`..`--to`, both dates; a usage error naming what is wrong."""
    return _usage_error_if_wrong(lambda: Period.parse_days(first, last))


def _usage_error_if_wrong(build: Callable[[], Period]) -> Period:
    try:
        return build()
    except PeriodError as wrong:
        raise click.BadParameter(str(wrong), param_hint=f"--{wrong.field}") from None
