"""Retention classes and the choice of a class for an entry (UK GDPR Art 5(1)(e)).

An entry inherits the retention of what it evidences; where several classes apply, the
longest wins, so that the ledger never outlives its evidence too early. A class runs
either to a birthday of the subject (`basis="birthday"`) or for a number of years after
the evidenced event (`basis="event"`). "Longest" compares the worst case, a subject born
on the day of the event, in which both kinds last `years` years. A legal hold (held
outside the models) suspends any class.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from models.dates import add_years

RetentionBasis = Literal["birthday", "event", "last_entry"]


@dataclass(frozen=True)
class RetentionClass:
    """A retention rule: `years` after the subject's birth or after the event."""

    code: str
    label: str
    basis: RetentionBasis
    years: int
    authority: str


DEFAULT_RETENTION: Final = "default"

RETENTION_CLASSES: Final[Mapping[str, RetentionClass]] = {
    "adoption": RetentionClass(
        "adoption",
        "Adoption records: 100 years from the adoption order",
        "event",
        100,
        "Adoption Agencies Regulations 2005, reg 42",
    ),
    "looked_after": RetentionClass(
        "looked_after",
        "Looked-after children's case records: to the 75th birthday",
        "birthday",
        75,
        "Care Planning, Placement and Case Review (England) Regulations 2010, reg 50",
    ),
    "child_protection": RetentionClass(
        "child_protection",
        "Child protection and children in need records: to the 25th birthday",
        "birthday",
        25,
        "Council retention schedule, children's social care",
    ),
    DEFAULT_RETENTION: RetentionClass(
        DEFAULT_RETENTION,
        "Other records: six years after the event",
        "event",
        6,
        "Limitation Act 1980, ss 2 and 5",
    ),
}

# What makes a class applicable: categories shared, or the purpose of the share.
_BY_CATEGORY: Final[Mapping[str, frozenset[str]]] = {
    "adoption": frozenset({"adoption"}),
    "looked_after": frozenset(
        {"looked_after", "care_details", "placement", "uasc", "legal_status"}
    ),
    "child_protection": frozenset({"safeguarding_concerns"}),
}
_BY_PURPOSE: Final[Mapping[str, frozenset[str]]] = {
    "adoption": frozenset({"adoption_placement"}),
    "looked_after": frozenset({"regional_sufficiency"}),
    "child_protection": frozenset({"child_protection", "safeguarding"}),
}


def applicable_retention_classes(categories: Collection[str], purpose: str) -> list[str]:
    """Every retention class an entry with these categories and purpose evidences."""
    shared = set(categories)
    applicable = [
        code
        for code in RETENTION_CLASSES
        if shared & _BY_CATEGORY.get(code, frozenset()) or purpose in _BY_PURPOSE.get(code, ())
    ]
    return applicable or [DEFAULT_RETENTION]


def retention_class_for(categories: Collection[str], purpose: str) -> str:
    """The longest retention class applicable to an entry's categories and purpose."""
    applicable = applicable_retention_classes(categories, purpose)
    return max(applicable, key=lambda code: RETENTION_CLASSES[code].years)


def retention_ends(code: str, *, event: date, born: date | None) -> date:
    """The first day a class no longer requires the record to be kept.

    For a birthday class with no known date of birth, the period runs from the event,
    which is never earlier than the birthday rule would give.
    """
    rule = RETENTION_CLASSES[code]
    start = born if rule.basis == "birthday" and born is not None else event
    return add_years(start, rule.years)
