"""How much casework a council of Luton's size does in a year, and when its returns go.

Volumes are per year for a council of `DEFAULT_CHILDREN` children and scale with the size
asked for. They follow the published rates for a council like Luton (children in need about
320 per 10,000 children, child protection plans about 40, looked after about 70; some 3,000
contacts reaching the MASH, 900 strategy discussions and 400 conferences a year).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Final

from lineage.demo import care, frontdoor, returns, support
from lineage.demo.agreements import SUFFICIENCY_STARTED
from lineage.demo.calendar import first_working_day
from lineage.demo.people import SUPPORTING_FAMILIES_SHARE as ATTACHED
from lineage.demo.people import Family
from lineage.demo.shares import Draw, Payload

Builder = Callable[[Draw, Family], list[Payload]]

DEFAULT_CHILDREN: Final = 60_000
"""About the number of children (0-17) living in Luton."""


@dataclass(frozen=True)
class CaseEvent:
    """A kind of casework: how often a year, which families, how much at weekends."""

    build: Builder
    per_year: float
    bands: tuple[tuple[str, float], ...]
    weekend: float = 0.1


OPEN: Final = (("child_in_need", 0.6), ("child_protection", 0.4))
ANYONE: Final = (("universal", 0.5), ("early_help", 0.3), ("child_in_need", 0.2))
EARLY: Final = (("early_help", 0.8), ("universal", 0.2))
IN_CARE: Final = (("looked_after", 1.0),)

CASE_EVENTS: Final = (
    CaseEvent(frontdoor.mash_check, 3000, ANYONE, weekend=0.2),
    CaseEvent(
        frontdoor.strategy_discussion,
        900,
        (("child_in_need", 0.7), ("child_protection", 0.3)),
        weekend=0.3,
    ),
    CaseEvent(frontdoor.child_protection_conference, 400, (("child_protection", 1.0),), weekend=0),
    CaseEvent(frontdoor.referral_feedback, 2000, ANYONE, weekend=0),
    CaseEvent(frontdoor.police_request, 250, OPEN),
    CaseEvent(frontdoor.case_transfer, 120, OPEN, weekend=0),
    CaseEvent(frontdoor.out_of_area_check, 80, ANYONE),
    CaseEvent(frontdoor.ofsted_notification, 8, (("child_protection", 0.5), ("looked_after", 0.5))),
    CaseEvent(care.court_filing, 450, IN_CARE, weekend=0),
    CaseEvent(care.placement_referral, 250, IN_CARE),
    CaseEvent(care.adoption_referral, 40, IN_CARE, weekend=0),
    CaseEvent(care.looked_after_health, 250, IN_CARE, weekend=0),
    CaseEvent(
        care.camhs_referral,
        500,
        (("child_in_need", 0.5), ("early_help", 0.3), ("looked_after", 0.2)),
        weekend=0,
    ),
    CaseEvent(
        care.subject_access,
        60,
        (("looked_after", 0.3), ("child_in_need", 0.4), ("universal", 0.3)),
        weekend=0,
    ),
    CaseEvent(care.overseas, 12, (("looked_after", 0.5), ("child_in_need", 0.5)), weekend=0),
    CaseEvent(support.home_start, 300, EARLY, weekend=0),
    CaseEvent(
        support.substance_misuse_referral,
        150,
        (("early_help", 0.5), ("child_in_need", 0.5)),
        weekend=0,
    ),
    CaseEvent(support.early_years, 400, EARLY, weekend=0),
    CaseEvent(support.luton_access, 100, EARLY, weekend=0),
    CaseEvent(support.evaluation_request, 3, EARLY, weekend=0),
)


@dataclass(frozen=True)
class Return:
    """A bulk return or extract: its builder, whose data it carries, and when it is due."""

    name: str
    build: Builder
    bands: tuple[str, ...]
    due: Callable[[date], bool]
    share: float = 1.0


def _yearly(month: int, day: int) -> Callable[[date], bool]:
    """Due on the first working day from `day` `month` each year."""
    return lambda on: on == first_working_day(date(on.year, month, day))


def _monthly(on: date) -> bool:
    """Due on the first working day of each month, once the project began."""
    return on >= SUFFICIENCY_STARTED and on == first_working_day(on.replace(day=1))


def _quarterly(on: date) -> bool:
    return on.month in (1, 4, 7, 10) and on == first_working_day(on.replace(day=1))


OPEN_CASES: Final = ("looked_after", "child_protection", "child_in_need")
RETURNS: Final = (
    Return("children in need census", returns.cin_census, OPEN_CASES, _yearly(5, 12)),
    Return(
        "looked-after children return",
        returns.looked_after_return,
        ("looked_after",),
        _yearly(6, 16),
    ),
    Return(
        "regional sufficiency extract", returns.sufficiency_extract, ("looked_after",), _monthly
    ),
    Return(
        "supporting families claim",
        returns.supporting_families_claim,
        ("early_help",),
        _quarterly,
        ATTACHED,
    ),
    Return(
        "programme evaluation extract",
        returns.evaluation_extract,
        ("early_help",),
        _yearly(11, 3),
        ATTACHED,
    ),
    Return(
        "employment outcomes match",
        returns.employment_match,
        ("early_help",),
        _yearly(9, 8),
        ATTACHED,
    ),
)
