"""Labels for people from the ledger's codes, shared by the diagrams and the reports.

An unknown code is shown as itself rather than failing: a diagram or a report drawn from
a ledger that is ahead of this vocabulary should still render, and the code says exactly
what was recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Final

from models.countries import COUNTRIES
from models.dates import utc_day
from models.vocabulary import (
    CATEGORIES,
    LAWFUL_BASES,
    PARTNER_TYPES,
    PURPOSES,
    TRANSFER_MECHANISMS,
    CategoryClass,
    Code,
)

CLASS_MARKS: Final[dict[str, str]] = {"special": " [S]", "criminal": " [C]"}
"""Marks after a category label: special category data (Art 9), criminal offence data (Art 10)."""

CLASS_ORDER: Final[tuple[CategoryClass, ...]] = ("special", "criminal", "ordinary")


def label_of(vocabulary: Mapping[str, Code], code: str) -> str:
    """The label of `code` in `vocabulary`, or the code itself when unknown."""
    entry = vocabulary.get(code)
    return entry.label if entry else code


def category_label(code: str) -> str:
    """The label of a data category, or the code when unknown."""
    return label_of(CATEGORIES, code)


def category_class_of(code: str) -> CategoryClass:
    """The class of a data category; an unknown code counts as ordinary."""
    category = CATEGORIES.get(code)
    return category.cls if category else "ordinary"


def marked_category(code: str) -> str:
    """A category label with its class mark, e.g. "Health [S]"."""
    return category_label(code) + CLASS_MARKS.get(category_class_of(code), "")


def sorted_categories(codes: Iterable[str]) -> list[str]:
    """Distinct category codes, special first, then criminal, then ordinary, each by label."""
    return sorted(set(codes), key=_category_order)


def _category_order(code: str) -> tuple[int, str, str]:
    return (CLASS_ORDER.index(category_class_of(code)), category_label(code), code)


def purpose_label(code: str) -> str:
    """The label of a purpose, or the code when unknown."""
    return label_of(PURPOSES, code)


def basis_label(code: str | None) -> str:
    """The label of an Art 6 lawful basis; None when no basis was recorded."""
    return "No lawful basis recorded" if code is None else label_of(LAWFUL_BASES, code)


def partner_type_label(code: str) -> str:
    """The label of a partner type, or the code when unknown."""
    return label_of(PARTNER_TYPES, code)


def mechanism_label(code: str | None) -> str:
    """The label of a UK GDPR Chapter V transfer mechanism."""
    if code is None:
        return "No transfer mechanism recorded"
    return label_of(TRANSFER_MECHANISMS, code)


def country_label(code: str | None) -> str:
    """A country's English short name, or the code when unassigned."""
    if code is None:
        return "Country not recorded"
    return COUNTRIES.get(code, code)


MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: date) -> str:
    """A day as people write it, e.g. "2 March 2026" (independent of the process locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def period_text(first: date, last: date) -> str:
    """A period in words, e.g. "1 January 2026 to 31 March 2026"."""
    return f"{long_date(first)} to {long_date(last)}"


def rounded_percent(part: int, whole: int) -> int:
    """`part` as a whole-number percentage of a positive `whole`, rounded half up.

    Integer arithmetic, so the same counts print the same on every platform.
    """
    return (200 * part + whole) // (2 * whole)


def counted(number: int, noun: str) -> str:
    """A number with its noun, plural unless one: "1 refusal", "3 refusals"."""
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def as_day(value: date | str) -> date:
    """A calendar day from a date, a datetime (its UTC day) or an ISO 8601 string."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    return utc_day(value) if isinstance(value, datetime) else value
