"""What a writer hands the ledger and what it gets back.

A `Request` is one validated input (pure: no database). `Ledger.append` takes units — lists
of requests that stand or fall together — and gives each unit an `Outcome`: its receipts,
or the refusal it would have met appended alone (`EntryRefused`, `Conflict`, `NotFound`, or
`BatchRefused` for a unit of several).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from lineage.ledger.receipts import Receipt
from models.cases import validate_case
from models.registry_changes import validate_registry_change
from models.validation import (
    EntryRefused,
    FieldError,
    validate_breach,
    validate_correction,
    validate_disclosure,
    validate_erasure,
    validate_legal_hold,
    validate_notification,
    validate_proposal,
    validate_resolution,
    validate_review,
)


class Conflict(Exception):
    """An entry id was reused with a different body (HTTP 409); `entry_id` names it."""

    def __init__(self, message: str, entry_id: str | None = None) -> None:
        super().__init__(message)
        self.entry_id = entry_id


class NotFound(LookupError):
    """The entry a request refers to is not in the ledger (HTTP 404)."""


@dataclass
class BatchRefused(Exception):
    """Some items of a unit were refused; nothing of the unit was stored.

    `items` pairs each refused item's position in the unit with every error it met.
    """

    items: list[tuple[int, list[FieldError]]]


Refusal = EntryRefused | Conflict | NotFound | BatchRefused

_VALIDATORS: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "disclosure": validate_disclosure,
    "correction": validate_correction,
    "breach": validate_breach,
    "notification": validate_notification,
    "erasure": validate_erasure,
    "registry": validate_registry_change,
    "legal_hold": validate_legal_hold,
    "decision": validate_proposal,
    "resolution": validate_resolution,
    "case": validate_case,
    "review": validate_review,
}


@dataclass(frozen=True)
class Request:
    """One thing to append: its kind, the validated input, and the raw form for idempotency.

    `target` is the entry id a correction corrects or a resolution resolves; `fixed_id` is
    an entry id the ledger chooses (a decision's one resolution), not the client.
    """

    kind: str
    entry: Any
    raw: Mapping[str, Any]
    target: str | None = None
    fixed_id: str | None = None

    @classmethod
    def validated(
        cls, kind: str, payload: Mapping[str, Any], *, target: str | None = None
    ) -> Request:
        """Validate one input (no database); `EntryRefused` names every wrong field."""
        return cls(kind, _VALIDATORS[kind](payload), payload, target)

    @classmethod
    def validated_all(cls, kind: str, payloads: Sequence[Mapping[str, Any]]) -> list[Request]:
        """Validate many, collecting every item's errors before refusing (`BatchRefused`)."""
        requests, refused = [], []
        for i, payload in enumerate(payloads):
            try:
                requests.append(cls.validated(kind, payload))
            except EntryRefused as error:
                refused.append((i, error.errors))
        if refused:
            raise BatchRefused(refused)
        return requests

    @property
    def entry_id(self) -> str | None:
        if self.fixed_id is not None:
            return self.fixed_id
        value = getattr(self.entry, "entry_id", None)
        return None if value is None else str(value)


@dataclass
class Appended:
    """The outcome of one request: its receipt and whether it was new (False: a repeat)."""

    receipt: Receipt
    created: bool


@dataclass(frozen=True)
class Outcome:
    """What became of one unit: every request's `Appended`, or the unit's refusal."""

    appended: list[Appended]
    refusal: Refusal | None = None

    def get(self) -> list[Appended]:
        """The unit's `Appended`, in order; raises its refusal if it was refused."""
        if self.refusal is not None:
            raise self.refusal
        return self.appended


def refusal_errors(refusal: Exception) -> list[FieldError]:
    """A single request's refusal as field errors (a reused id is an `entry_id` error)."""
    if isinstance(refusal, EntryRefused):
        return refusal.errors
    if isinstance(refusal, Conflict):
        return [FieldError("entry_id", str(refusal))]
    return [FieldError("", str(refusal))]


def unit_refusal(size: int, refused: list[tuple[int, Refusal]]) -> Refusal:
    """A unit's refusal: a lone request's own error, or `BatchRefused` naming each item."""
    if size == 1:
        return refused[0][1]
    return BatchRefused([(i, refusal_errors(error)) for i, error in sorted(refused, key=_position)])


def _position(item: tuple[int, Refusal]) -> int:
    return item[0]


class Appender(Protocol):
    """What appends units of requests: `lineage.ledger.store.Ledger` (named here so that the
    registry's front doors need not import the store, which imports them)."""

    def append(
        self, units: Sequence[Sequence[Request]], *, recorded_by: str, proofs: bool = True
    ) -> list[Outcome]: ...
