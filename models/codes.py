"""The shapes of a vocabulary entry: a stable code with a label for people.

Codes are what clients send and the ledger stores; labels may change. A code, once used,
is never renamed or removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, TypeVar

CategoryClass = Literal["ordinary", "special", "criminal"]


@dataclass(frozen=True)
class Code:
    """A controlled-vocabulary code and its human label."""

    code: str
    label: str


@dataclass(frozen=True)
class Category(Code):
    """A data category and its class: ordinary, special (UK GDPR Art 9) or criminal (Art 10)."""

    cls: CategoryClass


@dataclass(frozen=True)
class Schedule1Condition(Code):
    """A DPA 2018 Schedule 1 condition; `part` is 1, 2 or 3."""

    part: int


@dataclass(frozen=True)
class TransferMechanism(Code):
    """A UK GDPR Chapter V transfer mechanism.

    `unavailable_to_public_authority` marks the Art 49(1)(a), (b), (c) and second
    subparagraph derogations, which Art 49(3) denies to public authorities exercising
    their public powers.
    """

    unavailable_to_public_authority: bool = False


C = TypeVar("C", bound=Code)


def keyed(entries: Iterable[C]) -> Mapping[str, C]:
    """A vocabulary as a mapping from code to entry, in the order given."""
    table: dict[str, C] = {}
    for entry in entries:
        if entry.code in table:
            raise ValueError(f"duplicate code {entry.code!r}")
        table[entry.code] = entry
    return table


def plain(pairs: Iterable[tuple[str, str]]) -> Mapping[str, Code]:
    """A vocabulary of plain codes from (code, label) pairs."""
    return keyed(Code(code, label) for code, label in pairs)
