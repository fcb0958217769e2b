"""The canonical serialiser against its definition: the bytes that are hashed must not drift."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage.ledger.canonical import canonical_bytes


def definition(body: Any) -> bytes:
    """Canonical JSON as `lineage.ledger.canonical` defines it, written out with `json` alone."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items() if v is not None}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if isinstance(value, datetime):
            utc = value.astimezone(UTC)
            text = utc.isoformat(timespec="microseconds" if utc.microsecond else "seconds")
            return text.replace("+00:00", "Z")
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, UUID):
            return str(value)
        return value

    text = json.dumps(
        plain(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")


text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
floats = st.floats(allow_nan=False, allow_infinity=False)
numbers = st.integers(min_value=-(2**70), max_value=2**70) | floats
scalars = st.none() | st.booleans() | numbers | text | st.uuids()
scalars |= st.datetimes(timezones=st.just(timezone(timedelta(hours=1))) | st.just(UTC))
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=500)
@given(st.dictionaries(text, values, max_size=6))
def test_same_bytes_as_the_definition(body: dict[str, Any]) -> None:
    assert canonical_bytes(body) == definition(body)


@pytest.mark.parametrize(
    "value, written",
    [
        (1e-05, b"1e-05"),
        (2.5e-07, b"2.5e-07"),
        (1e16, b"1e+16"),
        (2**64, b"18446744073709551616"),
        ("\x1f\x7f\u2028", '"\\u001f\x7f\u2028"'.encode()),
    ],
)
def test_numbers_and_escapes_as_written(value: Any, written: bytes) -> None:
    assert canonical_bytes({"v": value, "w": [value]}) == b'{"v":%s,"w":[%s]}' % (written, written)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_not_a_number_is_refused(value: float) -> None:
    with pytest.raises(ValueError):
        canonical_bytes({"v": value})


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        canonical_bytes({"at": datetime(2025, 1, 1)})


def test_none_members_are_dropped_at_every_depth() -> None:
    body = {"a": None, "b": {"c": None, "d": [1, None]}, "e": "null"}
    assert canonical_bytes(body) == b'{"b":{"d":[1,null]},"e":"null"}'


def test_what_json_cannot_write_is_refused() -> None:
    with pytest.raises(TypeError):
        canonical_bytes({"v": {1, 2}})
