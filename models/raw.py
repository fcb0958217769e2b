"""Reading an input mapping before (or without) validation, for cross-field rules.

Rules run over raw input when some field failed validation, so that every problem is
reported at once; these readers tolerate values of the wrong type, which the field
validators report on their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from models.errors import Refusal


def blank_is_absent(value: Any) -> Any:
    """None for a missing or blank value, else the value."""
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


def given(raw: Mapping[str, Any], key: str) -> bool:
    """Whether a field has a value (blank strings count as absent)."""
    return blank_is_absent(raw.get(key)) is not None


def text(raw: Mapping[str, Any], key: str) -> str | None:
    """A field's value when it is a non-blank string, stripped; otherwise None."""
    value = raw.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def flag(raw: Mapping[str, Any], key: str) -> bool:
    """A boolean field read as the models read it: only `true` is true (`models.strict`)."""
    return raw.get(key) is True


def day(raw: Mapping[str, Any], key: str) -> date | None:
    """A date field as a date, from a date or an ISO 8601 string; None if neither."""
    value = raw.get(key)
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip()) if isinstance(value, str) else None
    except ValueError:
        return None


def items(raw: Mapping[str, Any], key: str) -> list[Any]:
    """A list field's items; empty when the field is missing or not a list."""
    value = raw.get(key)
    return list(value) if isinstance(value, list | tuple) else []


def duplicates(raw: Mapping[str, Any], key: str, noun: str) -> list[Refusal]:
    """A refusal at each item of a list field that repeats an earlier one."""
    seen: set[str] = set()
    found: list[Refusal] = []
    for index, item in enumerate(items(raw, key)):
        value = str(item).strip().lower()
        if value in seen:
            found.append(Refusal((key, index), f"duplicate {noun} '{item}'"))
        seen.add(value)
    return found
