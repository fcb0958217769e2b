"""Cursor pagination: an opaque cursor that names the last position a page showed.

Clients must not build cursors; they pass back `next_cursor` as `cursor`. A page is full when
it holds `limit` items; then, and only then, there is a `next_cursor`.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Final

from fastapi import Query

from api.problems import refused
from models.errors import FieldError

MAX_LIMIT: Final = 500
PREFIX: Final = "after:"
MAX_POSITION: Final = 2**62
"""No ledger position is larger; both databases hold it in a 64-bit integer."""

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (at most 500).")]
Cursor = Annotated[
    str | None, Query(max_length=64, description="`next_cursor` of the previous page.")
]


def encode(after: int) -> str:
    """The cursor for the page after position `after`."""
    return base64.urlsafe_b64encode(f"{PREFIX}{after}".encode()).decode().rstrip("=")


def decode(cursor: str | None) -> int:
    """The position a cursor names (-1 for the first page); 422 for one we did not make.

    Checked, not trusted: only the exact text `encode` gives for a position a ledger can
    hold is read, so an oversized or garbled cursor never reaches the database.
    """
    if cursor is None:
        return -1
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        digits = text.removeprefix(PREFIX)
        if text.startswith(PREFIX) and 0 < len(digits) <= 19 and digits.isdigit():
            position = int(digits)
            if position <= MAX_POSITION and encode(position) == cursor:
                return position
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise refused([FieldError("cursor", "not a cursor this API gave out")])


def next_cursor(positions: list[int], limit: int) -> str | None:
    """The cursor after a page of items at `positions`, or None if the page was not full."""
    return encode(positions[-1]) if len(positions) == limit and positions else None
