"""The UK adequacy list as dated reference data (UK GDPR Art 45, DPA 2018 s17A and 17B).

The EEA states and the countries the EU had found adequate were carried over on
1 January 2021 by DPA 2018 Sch 21 paras 4 and 5; later countries by their own
regulations. The list also covers the EU and EEA institutions, which have no country
code and so are not rows here. A row ends only when regulations are revoked or amended:
`effective_to` is then the last day it applied (inclusive, like an agreement's dates).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final


@dataclass(frozen=True)
class AdequacyRow:
    """One country on the UK adequacy list and the period it was on it."""

    country: str
    scope: str
    effective_from: date
    effective_to: date | None = None

    def covers(self, on: date) -> bool:
        """Whether the row was in force on the given day."""
        not_ended = self.effective_to is None or on <= self.effective_to
        return self.effective_from <= on and not_ended


TRANSITION: Final = date(2021, 1, 1)

_EEA_STATES: Final = (
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO"
)
# ISO codes of EU territory listed apart from their state: Aland and the outermost regions.
_EU_TERRITORIES: Final = (
    ("AX", "Aland Islands, part of Finland"),
    ("GF", "French Guiana, an outermost region of the EU"),
    ("GP", "Guadeloupe, an outermost region of the EU"),
    ("MQ", "Martinique, an outermost region of the EU"),
    ("RE", "Reunion, an outermost region of the EU"),
    ("YT", "Mayotte, an outermost region of the EU"),
    ("MF", "Saint Martin, an outermost region of the EU"),
)
_CARRIED_OVER: Final = (
    ("GI", "Gibraltar"),
    ("CH", "Switzerland"),
    ("CA", "Commercial organisations subject to PIPEDA only"),
    ("AR", "Argentina"),
    ("GG", "Guernsey"),
    ("IM", "Isle of Man"),
    ("JE", "Jersey"),
    ("FO", "Faroe Islands"),
    ("AD", "Andorra"),
    ("IL", "Israel"),
    ("UY", "Uruguay"),
    ("NZ", "New Zealand"),
    ("JP", "Private sector organisations subject to the APPI only"),
)
_LATER: Final = (
    AdequacyRow(
        "KR",
        "Organisations subject to the Personal Information Protection Act (PIPA)",
        date(2022, 12, 19),
    ),
    AdequacyRow(
        "US",
        "Organisations certified to the UK Extension to the EU-US Data Privacy Framework only",
        date(2023, 10, 12),
    ),
)


def _rows() -> tuple[AdequacyRow, ...]:
    eea = [AdequacyRow(code, "EEA state", TRANSITION) for code in _EEA_STATES.split()]
    territories = [AdequacyRow(code, note, TRANSITION) for code, note in _EU_TERRITORIES]
    carried = [AdequacyRow(code, note, TRANSITION) for code, note in _CARRIED_OVER]
    return (*eea, *territories, *carried, *_LATER)


ADEQUACY_LIST: Final[tuple[AdequacyRow, ...]] = _rows()


def adequacy_rows(country: str) -> list[AdequacyRow]:
    """Every row, past or present, for a country code."""
    return [row for row in ADEQUACY_LIST if row.country == country]


def is_adequate(country: str, on: date) -> bool:
    """Whether regulations under UK GDPR Art 45 covered `country` on the given day.

    Partial findings (Canada, Japan, the United States) count as on the list; the row's
    scope says which recipients they cover.
    """
    return any(row.covers(on) for row in adequacy_rows(country))
