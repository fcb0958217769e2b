"""Statutory returns and regular extracts, one entry per child (or family) per return.

The children in need census and the looked-after children return (SSDA903) go to the DfE
once a year; the Regional Sufficiency extract goes monthly; Supporting Families claims go to
MHCLG quarterly; the programme's evaluation extract and the DWP employment match yearly.
Each is a bulk file: the ledger records one entry per person it carried.
"""

from __future__ import annotations

from typing import Final

from lineage.demo import agreements as isa
from lineage.demo import partners as p
from lineage.demo.people import Family, Person
from lineage.demo.shares import PLANNING, SAFEGUARDING, STATUTORY, Case, Draw, Payload, household
from lineage.demo.shares import subject as named

RETURNS_MAKER: Final = "Performance and intelligence team"


def _bulk(d: Draw, family: Family, subjects: list[Payload], purpose: str, power: str) -> Case:
    common = {
        "subjects": subjects,
        "purpose": purpose,
        "legal_power": power,
        "consent": "not_required",
        "decision_maker": RETURNS_MAKER,
    }
    return Case(d, family, common)


def _is_uasc(family: Family) -> bool:
    # A stable few looked-after families are unaccompanied asylum-seeking children.
    return family.number % 23 == 0


def _child_characteristics(family: Family, child: Person) -> list[str]:
    upn = ["pupil_number"] if child.upn else []
    disability = ["disability"] if "disability" in family.concerns else []
    return ["identity", *upn, "gender", "ethnicity", *disability]


def cin_census(d: Draw, family: Family) -> list[Payload]:
    """The children in need census (Children Act 1989 s83): every child with an open case."""
    by_band = {
        "child_protection": ["needs", "safeguarding_concerns"],
        "looked_after": ["needs", "looked_after", "care_details"],
    }
    out = []
    for child in family.children:
        case = _bulk(d, family, [named(child, family)], "statutory_return", "Children Act 1989 s83")
        categories = [*_child_characteristics(family, child), *by_band.get(family.band, ["needs"])]
        out.append(
            case.to(p.DFE, categories, basis=STATUTORY, method="bulk_file", agreement=isa.DFE)
        )
    return out


def looked_after_return(d: Draw, family: Family) -> list[Payload]:
    """The looked-after children return (SSDA903): every child looked after in the year."""
    out = []
    for child in family.children:
        case = _bulk(d, family, [named(child, family)], "statutory_return", "Children Act 1989 s83")
        categories = [*_child_characteristics(family, child), "looked_after", "care_details"]
        categories += ["legal_status", "placement", "sdq_score"]
        categories += ["uasc"] if _is_uasc(family) else []
        categories += ["missing_episodes"] if d.chance(0.1) else []
        out.append(
            case.to(p.DFE, categories, basis=STATUTORY, method="bulk_file", agreement=isa.DFE)
        )
    return out


def sufficiency_extract(d: Draw, family: Family) -> list[Payload]:
    """The monthly Regional Sufficiency extract: each child looked after, no names."""
    out = []
    for child in family.children:
        power = "Children Act 1989 s17 and s22G"
        case = _bulk(d, family, [named(child, family)], "regional_sufficiency", power)
        categories = ["looked_after", "placement", "care_details", "legal_status", "needs"]
        categories += ["gender", "ethnicity", "sdq_score"]
        categories += ["disability"] if "disability" in family.concerns else []
        categories += ["uasc"] if _is_uasc(family) else []
        out.append(
            case.to(p.SUFFICIENCY_PARTNER, categories, basis=SAFEGUARDING, method="bulk_file",
                    agreement=isa.SUFFICIENCY)
        )  # fmt: skip
    return out


def _programme_categories(family: Family) -> list[str]:
    categories = ["identity", "family_relationships", "employment", "benefits", "attendance"]
    categories += ["lone_parent_status"] if len(family.parents) == 1 else []
    return categories + sorted(family.concerns & {"domestic_abuse", "mental_health"})


def supporting_families_claim(d: Draw, family: Family) -> list[Payload]:
    """A quarterly Supporting Families claim to MHCLG for a family attached to the programme."""
    case = _bulk(d, family, household(family), "supporting_families", "Children Act 2004 s10")
    return [
        case.to(p.MHCLG, _programme_categories(family), basis=PLANNING, method="bulk_file",
                agreement=isa.SUPPORTING_FAMILIES)
    ]  # fmt: skip


def evaluation_extract(d: Draw, family: Family) -> list[Payload]:
    """The yearly extract for the programme's evaluation (York Consulting, processor)."""
    case = _bulk(d, family, household(family), "supporting_families", "Children Act 2004 s10")
    return [
        case.to(p.EVALUATOR, _programme_categories(family), basis=PLANNING, method="bulk_file",
                agreement=isa.SUPPORTING_FAMILIES)
    ]  # fmt: skip


def employment_match(d: Draw, family: Family) -> list[Payload]:
    """The yearly DWP match of parents' employment outcomes for the programme."""
    parents = [named(a, family) for a in family.parents]
    case = _bulk(d, family, parents, "supporting_families", "Children Act 2004 s10")
    categories = ["identity", "national_insurance_number", "employment", "benefits"]
    return [
        case.to(p.DWP, categories, basis=PLANNING, method="bulk_file",
                agreement=isa.SUPPORTING_FAMILIES)
    ]  # fmt: skip
