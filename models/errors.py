"""Refusal errors in one shape for every input: a field path and a message.

Paths read like the JSON they point into: `occurred_at`, `categories[2]`,
`subjects[0].nhs_number`, `changes.categories[0]`; the empty path is the whole object.
The store raises the same `EntryRefused` for refusals that need the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from models.strict import control_character

Loc = tuple[str | int, ...]

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class FieldError:
    """One reason an input was refused, at a field path."""

    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        """The error as it appears in a problem response: `{"field", "message"}`."""
        return {"field": self.field, "message": self.message}


class EntryRefused(ValueError):
    """An input (entry, correction, partner, agreement) was refused; nothing was stored."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        self.errors: list[FieldError] = list(errors)
        super().__init__("; ".join(_describe(e) for e in self.errors) or "refused")

    def under(self, prefix: str) -> EntryRefused:
        """The same refusal with every field path under `prefix`: `recipient` becomes
        `changes.recipient`, `subjects[0].token` becomes `changes.subjects[0].token`."""
        return type(self)([FieldError(_joined(prefix, e.field), e.message) for e in self.errors])


class IdentifierConflict(EntryRefused):
    """A subject's NHS number or UPN already belongs to another subject, or differs from the
    one recorded for this subject (HTTP 409): one identifier, one subject. Resolved only by
    an explicit, recorded `subjects merge` or `subjects set-identifier`."""


class Refusal(NamedTuple):
    """A cross-field rule's finding, located like a pydantic error."""

    loc: Loc
    message: str


Rules = Callable[[Mapping[str, Any]], list[Refusal]]

_MESSAGES = {
    "missing": "field required",
    "extra_forbidden": "unknown field",
    "timezone_aware": "must include a timezone offset, e.g. 2026-03-02T10:15:00Z",
}


def field_path(loc: Iterable[str | int]) -> str:
    """A pydantic location tuple as a path: `("subjects", 0, "upn")` → `subjects[0].upn`."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part != "[key]":
            shown = escaped(part)
            path += f".{shown}" if path else shown
    return path


def escaped(key: str) -> str:
    """A key as it may be shown in a field path: control characters escaped (`x\\x00`)."""
    if control_character(key) is None:
        return key
    return key.encode("unicode_escape", "backslashreplace").decode("ascii")


def field_error(error: ErrorDetails, *, prefix: Loc = ()) -> FieldError:
    """One pydantic error as a FieldError, with plainer messages for the common kinds."""
    message = _MESSAGES.get(error["type"], error["msg"])
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return FieldError(field_path((*prefix, *error["loc"])), message)


def field_errors(exc: ValidationError, *, prefix: Loc = ()) -> list[FieldError]:
    """Every error of a pydantic ValidationError, in order, without repeats."""
    errors: list[FieldError] = []
    for detail in exc.errors(include_url=False):
        error = field_error(detail, prefix=prefix)
        if error not in errors:
            errors.append(error)
    return errors


def check_rules(title: str, data: Any, handler: Callable[[Any], M], rules: Rules) -> M:
    """Run a model's field validation and its cross-field rules, reporting both at once.

    For a model's `mode="wrap"` validator: when fields fail, the rules still run over the
    raw mapping so that every problem is reported in one go; when fields pass, the rules
    run over the validated values.
    """
    try:
        model = handler(data)
    except ValidationError as exc:
        found = rules(data) if isinstance(data, Mapping) else []
        raise _combined(title, exc.errors(include_url=False), found, data) from None
    # The rules read top-level fields only, so the model's own field values serve: a
    # `model_dump` would copy every nested model for nothing, at each subject of each entry.
    found = rules(model.__dict__)
    if found:
        raise _combined(title, [], found, data)
    return model


def _combined(
    title: str, errors: list[ErrorDetails], found: list[Refusal], data: Any
) -> ValidationError:
    details = [_reraised(error) for error in errors]
    details += [_from_refusal(refusal, data) for refusal in found]
    return ValidationError.from_exception_data(title, details)


def _reraised(error: ErrorDetails) -> InitErrorDetails:
    return InitErrorDetails(
        type=PydanticCustomError(error["type"], error["msg"]),
        loc=error["loc"],
        input=error["input"],
    )


def _from_refusal(refusal: Refusal, data: Any) -> InitErrorDetails:
    return InitErrorDetails(
        type=PydanticCustomError("refused", refusal.message),
        loc=refusal.loc,
        input=data,
    )


def _joined(prefix: str, path: str) -> str:
    if not path:
        return prefix
    return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"


def _describe(error: FieldError) -> str:
    return f"{error.field}: {error.message}" if error.field else error.message
