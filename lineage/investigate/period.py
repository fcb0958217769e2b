"""Instants and periods as the investigation queries take them.

A period is inclusive at both ends. A bare date given as its end (`to=2026-03-31`, or an
`as_of` date) means the end of that UTC day, so "to 31 March" includes the whole of it.
Everything is normalised to UTC: SQLite keeps timestamps without an offset, so a value
compared with a stored one must be in UTC already.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import and_, true


def utc(moment: datetime) -> datetime:
    """The same instant in UTC; a naive value (as SQLite returns them) is taken as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_instant(text: str, *, end_of_day: bool = False) -> datetime:
    """An RFC 3339 instant, or a date (its start, or its end with `end_of_day`).

    Raises ValueError for anything else, including a time without an offset.
    """
    text = text.strip()
    if len(text) == 10:
        day = date.fromisoformat(text)
        return datetime.combine(day, time.max if end_of_day else time.min, UTC)
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone offset; add Z or +00:00")
    return utc(moment)


def optional_instant(text: str | None, *, end_of_day: bool = False) -> datetime | None:
    return None if text in (None, "") else parse_instant(text, end_of_day=end_of_day)


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both inclusive; either may be open."""

    start: datetime | None = None
    end: datetime | None = None

    @classmethod
    def parse(cls, start: str | None, end: str | None) -> Period:
        """A period from query text: `end` as a bare date covers that whole day."""
        return cls(optional_instant(start), optional_instant(end, end_of_day=True))

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, utc(value))
        if self.start and self.end and self.start > self.end:
            raise ValueError("the period ends before it starts")

    def contains(self, moment: datetime) -> bool:
        moment = utc(moment)
        after_start = self.start is None or moment >= self.start
        return after_start and (self.end is None or moment <= self.end)

    def clause(self, column: Any) -> Any:
        """A WHERE clause keeping `column` within the period."""
        parts = []
        if self.start is not None:
            parts.append(column >= self.start)
        if self.end is not None:
            parts.append(column <= self.end)
        return and_(*parts) if parts else true()
