"""The strict input policy: booleans, instants, days and text as a careful client sends them.

One policy for every interface (API, import file, command line): nothing is coerced.

* A boolean is JSON `true` or `false` (in a query string, the words); `"no"`, `0` or
  `"yes"` is refused, not guessed.
* An instant is an RFC 3339 date-time string with its offset (RFC 3339 s5.6), between
  1900 and 2199; an integer (a Unix time?) or a bare date is refused. `occurred_at` may
  not lie more than `FUTURE_LEEWAY` ahead of the clock: a record states what happened.
* A day is an ISO 8601 calendar date string (`2026-03-02`) in the same years.
* Text holds no control characters (C0 but tab and line breaks, DEL, C1) and no lone
  surrogates: they corrupt logs and terminals, and PostgreSQL cannot store a NUL.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Final

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

FIRST_YEAR: Final = 1900
LAST_YEAR: Final = 2199
FUTURE_LEEWAY: Final = timedelta(minutes=5)
"""How far ahead of the server's clock an `occurred_at` may be (clocks drift a little)."""

_RFC3339: Final = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})"
)
_ISO_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_FORBIDDEN: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""Unicode's Cc (C0, DEL, C1) but tab, LF and CR, and Cs (surrogates): one regex search per
string, not a Python loop per character, since every text of every import line passes."""


def control_character(value: str) -> str | None:
    """The first forbidden character of `value` as `U+XXXX`, or None if it is clean."""
    found = _FORBIDDEN.search(value)
    return None if found is None else f"U+{ord(found.group()):04X}"


def control_message(code_point: str) -> str:
    """The refusal message for text holding a control character."""
    return f"contains a control character ({code_point}); send plain text"


def _clean_text(value: str) -> str:
    found = control_character(value)
    if found is not None:
        raise PydanticCustomError("control_character", control_message(found))
    return value


def _rfc3339_string(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or _RFC3339.fullmatch(value.strip()) is None:
        raise PydanticCustomError(
            "rfc3339", "must be an RFC 3339 date-time string, e.g. 2026-03-02T10:15:00Z"
        )
    return value.strip()


def _in_years(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PydanticCustomError(
            "date_range", f"must fall in the years {FIRST_YEAR} to {LAST_YEAR}"
        )


def _sane_instant(value: datetime) -> datetime:
    # The local year first: converting 9999-12-31T23:59:59-01:00 to UTC would overflow.
    _in_years(value.year)
    _in_years(value.astimezone(UTC).year)
    return value


def _not_in_future(value: datetime) -> datetime:
    if value - datetime.now(UTC) > FUTURE_LEEWAY:
        minutes = int(FUTURE_LEEWAY.total_seconds() // 60)
        raise PydanticCustomError(
            "future", f"is in the future (more than {minutes} minutes ahead of the clock)"
        )
    return value


def _iso_day_string(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or _ISO_DAY.fullmatch(value.strip()) is None:
        raise PydanticCustomError("iso_date", "must be a date string, e.g. 2026-03-02")
    return value.strip()


def _sane_day(value: date) -> date:
    _in_years(value.year)
    return value


def _strict_bool(value: Any) -> Any:
    if not isinstance(value, bool):
        raise PydanticCustomError("strict_bool", "must be true or false")
    return value


def _query_flag(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise PydanticCustomError("strict_bool", "must be true or false")


CleanText = AfterValidator(_clean_text)
"""Put on any text type: refuses control characters, naming the field."""

Flag = Annotated[bool, BeforeValidator(_strict_bool)]
"""A JSON boolean, nothing else."""

QueryFlag = Annotated[bool, BeforeValidator(_query_flag), WithJsonSchema({"type": "boolean"})]
"""A boolean in a query string: the words `true` and `false`, nothing else (not `no`)."""

Instant = Annotated[
    AwareDatetime,
    BeforeValidator(_rfc3339_string),
    AfterValidator(_sane_instant),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
"""An RFC 3339 date-time with its offset, 1900-2199."""

OccurredAt = Annotated[Instant, AfterValidator(_not_in_future)]
"""When something happened: an `Instant` no more than a few minutes ahead of the clock."""

Day = Annotated[
    date,
    BeforeValidator(_iso_day_string),
    AfterValidator(_sane_day),
    WithJsonSchema({"type": "string", "format": "date"}),
]
"""An ISO 8601 calendar date, 1900-2199."""
