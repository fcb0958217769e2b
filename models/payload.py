"""Checks of a whole input before any model reads it: nesting depth and control characters.

A JSON object nested a thousand deep would exhaust Python's recursion in whatever reads it
next, so depth is bounded (`MAX_DEPTH`); a control character anywhere — in a value or a
key, of a field known or not — is refused with its path, so that no text a database or a
log cannot hold safely gets further (PostgreSQL cannot store a NUL at all).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final, TypeVar

from pydantic import BaseModel, ValidationError

from models.errors import EntryRefused, FieldError, field_errors, field_path
from models.strict import control_character, control_message

MAX_DEPTH: Final = 32
"""The deepest nesting of objects and lists accepted; real inputs need four."""
MAX_ERRORS: Final = 100
"""At most this many control-character errors are reported for one input."""

Path = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether objects and lists nest deeper than `limit` (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = _children(item)
        if children and depth > limit:
            return True
        stack.extend((child, depth + 1) for _, child in children)
    return False


def unsafe_text(value: Any) -> list[FieldError]:
    """An error at the path of every string (or key) holding a control character."""
    found: list[FieldError] = []
    stack: list[tuple[Path, Any]] = [((), value)]
    while stack and len(found) < MAX_ERRORS:
        path, item = stack.pop()
        if isinstance(item, str):
            _check(path, item, found)
            continue
        for key, child in _children(item):
            if isinstance(key, str):
                _check((*path, key), key, found)
            stack.append(((*path, key), child))
    return sorted(found, key=lambda e: e.field)


def payload_errors(value: Any) -> list[FieldError]:
    """Every error of the whole-input checks: too deep (alone), or each unsafe text."""
    if too_deep(value):
        return [FieldError("", f"nested deeper than {MAX_DEPTH} levels")]
    return unsafe_text(value)


def validate_or_refuse(model: type[M], raw: object) -> M:
    """Validate `raw` as `model`, raising EntryRefused with every error found at once.

    The whole-input checks run first; a field they refuse is not reported again by the
    model (its "unknown category" would only repeat the control character).
    """
    found = payload_errors(raw)
    if found and not found[0].field:
        raise EntryRefused(found)
    try:
        validated = model.model_validate(raw)
    except ValidationError as exc:
        unsafe = {e.field for e in found}
        errors = [e for e in field_errors(exc) if e.field not in unsafe]
        raise EntryRefused([*found, *errors]) from None
    if found:
        raise EntryRefused(found)
    return validated


def parse_json(text: str | bytes) -> Any:
    """JSON text as Python values, refusing invalid JSON and nesting deeper than MAX_DEPTH.

    Control characters are left to `validate_or_refuse`, which names them together with
    every other wrong field of the input.
    """
    try:
        value = json.loads(text)
    except RecursionError:
        raise EntryRefused([FieldError("", f"nested deeper than {MAX_DEPTH} levels")]) from None
    except ValueError as error:
        raise EntryRefused([FieldError("", f"not valid JSON: {error}")]) from None
    if too_deep(value):
        raise EntryRefused([FieldError("", f"nested deeper than {MAX_DEPTH} levels")])
    return value


def _children(item: Any) -> list[tuple[str | int, Any]]:
    if isinstance(item, Mapping):
        return list(item.items())
    if isinstance(item, list | tuple):
        return list(enumerate(item))
    return []


def _check(path: Path, text: str, found: list[FieldError]) -> None:
    code_point = control_character(text)
    if code_point is not None:
        found.append(FieldError(field_path(path), control_message(code_point)))
