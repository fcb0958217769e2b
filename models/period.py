"""A period of time: the one rule for a range, used by every route, command and report.

The rule (the design's "Listings and exports"):

* Both ends are **inclusive**.
* An end given as a date, `YYYY-MM-DD`, means the **whole UTC day**: `from` is the first
  instant of that day, `to` its last. So `to=2026-03-31` includes a share at 23:59:59 on
  31 March, and not one at 00:00:00 on 1 April.
* An end given as an RFC 3339 instant with an offset (`2026-03-31T18:00:00+01:00`, `…Z`)
  is that instant. A time without an offset is refused: it names no instant.
* Either end may be left open.

Instants are kept, as both databases keep them, to the microsecond, so the last instant of
a day is 23:59:59.999999; everything is normalised to UTC (`models.dates.utc`). A board
pack or a flow report covers whole days (`Period.whole_days`), compared with the period
of equal length that ends just before it starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, true

from models.dates import utc

TICK = timedelta(microseconds=1)
"""The finest step between two stored instants."""

DAY_FORMAT = "YYYY-MM-DD"


class PeriodError(ValueError):
    """A period that cannot be read; `field` is the end at fault, `from` or `to`."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def parse_instant(text: str, *, end_of_day: bool = False) -> datetime:
    """An RFC 3339 instant, or a date: its first instant, or its last with `end_of_day`.

    Raises ValueError for anything else, including a time without an offset.
    """
    text = text.strip()
    if len(text) == len(DAY_FORMAT):
        day = date.fromisoformat(text)
        return datetime.combine(day, time.max if end_of_day else time.min, UTC)
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone offset; add Z or +00:00")
    return utc(moment)


def optional_instant(text: str | None, *, end_of_day: bool = False) -> datetime | None:
    """`parse_instant`, with nothing (None or "") meaning no instant."""
    return None if text in (None, "") else parse_instant(text, end_of_day=end_of_day)


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both inclusive, in UTC; either may be None (open).

    Build one from query text with `parse` (the rule in the module docstring), from two
    calendar days with `whole_days`, or from two instants directly.
    """

    start: datetime | None = None
    end: datetime | None = None

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, utc(value))
        if self.start and self.end and self.start > self.end:
            raise PeriodError("to", "the period ends before it starts")

    @classmethod
    def parse(cls, start: str | None, end: str | None) -> Period:
        """A period from query text: a date as `start` is the start of that day, a date as
        `end` the end of it; an instant is itself; None or "" leaves that end open."""
        return cls(_bound(start, "from"), _bound(end, "to", end_of_day=True))

    @classmethod
    def whole_days(cls, first: date, last: date) -> Period:
        """From the start of `first` to the end of `last`: the period of a board pack."""
        if last < first:
            raise PeriodError("to", "the period ends before it starts")
        try:  # the period before must start, and the instant after it exist, in the calendar
            first - (last - first) - timedelta(days=1)
            last + timedelta(days=1)
        except OverflowError:
            outside = "the period is outside the calendar the ledger counts"
            raise PeriodError("to", outside) from None
        return cls(datetime.combine(first, time.min, UTC), datetime.combine(last, time.max, UTC))

    @classmethod
    def parse_days(cls, first: str, last: str) -> Period:
        """`whole_days` from two dates, YYYY-MM-DD, both required."""
        return cls.whole_days(_day(first, "from"), _day(last, "to"))

    @property
    def first(self) -> date:
        """The UTC day the period starts on."""
        return self._closed()[0].date()

    @property
    def last(self) -> date:
        """The UTC day the period ends on (included)."""
        return self._closed()[1].date()

    @property
    def days(self) -> int:
        """How many calendar days the period touches."""
        return (self.last - self.first).days + 1

    @property
    def after(self) -> datetime | None:
        """The first instant after the period; None when it is open at the end."""
        return None if self.end is None else self.end + TICK

    def previous(self) -> Period:
        """The period of equal length that ends just before this one starts."""
        start, end = self._closed()
        return Period(start - (end - start) - TICK, start - TICK)

    def contains(self, moment: datetime) -> bool:
        moment = utc(moment)
        after_start = self.start is None or moment >= self.start
        return after_start and (self.end is None or moment <= self.end)

    def clause(self, column: Any) -> Any:
        """A WHERE clause keeping `column` (a UTC instant) within the period."""
        parts = []
        if self.start is not None:
            parts.append(column >= self.start)
        if self.end is not None:
            parts.append(column <= self.end)
        return and_(*parts) if parts else true()

    def as_json(self) -> dict[str, str | None]:
        """`from` and `to` as given: dates for whole days, else RFC 3339 instants."""
        return {"from": _text(self.start, time.min), "to": _text(self.end, time.max)}

    def _closed(self) -> tuple[datetime, datetime]:
        if self.start is None or self.end is None:
            raise ValueError("the period is open at one end")
        return self.start, self.end


def _bound(text: str | None, field: str, *, end_of_day: bool = False) -> datetime | None:
    try:
        return optional_instant(text, end_of_day=end_of_day)
    except (ValueError, OverflowError) as wrong:
        rule = f"{field} must be a date ({DAY_FORMAT}) or an RFC 3339 instant with an offset"
        raise PeriodError(field, f"{rule} ({wrong})") from None


def _day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(field, f"{field} must be a date, {DAY_FORMAT}; got {text!r}") from None


def _text(moment: datetime | None, day_edge: time) -> str | None:
    if moment is None:
        return None
    if moment.time() == day_edge:
        return moment.date().isoformat()
    return moment.isoformat().replace("+00:00", "Z")
