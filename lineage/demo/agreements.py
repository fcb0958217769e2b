"""The sharing agreements between the synthetic council and its partners.

Modelled on the privacy notice: the Luton Schools (EYES) agreement, safeguarding with the
police and health, statutory returns, the Regional Sufficiency project, the Supporting
Families programme and its evaluation, placements and adoption, early years and charities.
Some partners have none (overseas authorities, the data subject, some charities): shares
with them are one-offs, or are flagged when a practitioner forgets to say so. One agreement
lapses before its renewal is signed, as agreements do.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from lineage.demo import partners as p
from models.validation import validate_agreement

POLICE: Final = "ISA-2021-POLICE"
HEALTH: Final = "ISA-2021-HEALTH"
SCHOOLS: Final = "ISA-2022-EYES-SCHOOLS"
DFE: Final = "DFE-DATA-COLLECTIONS"
OFSTED: Final = "ISA-2021-OFSTED"
COURT: Final = "PLO-2021-FAMILY-COURT"
NEIGHBOURS: Final = "ISA-2021-EASTERN-TRANSFERS"
SUFFICIENCY: Final = "RSP-2023-EAST"
SUPPORTING_FAMILIES: Final = "SF-2022-SUPPORTING-FAMILIES"
FOSTERING: Final = "ISA-2021-FOSTERING"
ADOPTION: Final = "ISA-2021-ADOPTION"
EARLY_YEARS: Final = "ISA-2021-EARLY-YEARS"
HOME_START_OLD: Final = "ISA-2021-HOME-START"
HOME_START_NEW: Final = "ISA-2026-HOME-START"
CGL: Final = "ISA-2021-CGL"

HOME_START_LAPSED: Final = date(2025, 12, 31)
HOME_START_RENEWED: Final = date(2026, 2, 16)
SUFFICIENCY_STARTED: Final = date(2023, 1, 1)

E, C, A = "UKGDPR.6.1.e", "UKGDPR.6.1.c", "UKGDPR.6.1.a"

_SAFEGUARDING_CORE: Final = [
    "identity",
    "contact",
    "family_relationships",
    "parent_details",
    "siblings",
    "domestic_abuse",
    "safeguarding_concerns",
]


def _terms(
    council: str,
    id_: str,
    title: str,
    parties: list[str] | tuple[str, ...],
    categories: list[str],
    purposes: list[str],
    bases: list[str],
    valid: tuple[str, str | None] = ("2021-04-01", "2027-03-31"),
    **more: Any,
) -> dict[str, Any]:
    raw = {
        "id": id_,
        "title": title,
        "parties": [council, *parties],
        "categories": categories,
        "purposes": purposes,
        "lawful_bases": bases,
        "valid_from": valid[0],
        "valid_to": valid[1],
        **more,
    }
    return validate_agreement(raw).model_dump(mode="json")


def agreement_records(council: str) -> list[dict[str, Any]]:
    """Every agreement as a validated, JSON-ready record for `registries.put_agreement`."""
    return [*_safeguarding(council), *_statutory(council), *_care(council), *_support(council)]


def _safeguarding(council: str) -> list[dict[str, Any]]:
    return [
        _terms(
            council, POLICE, "Safeguarding children: the council and Bedfordshire Police",
            [p.POLICE],
            [*_SAFEGUARDING_CORE, "family_breakdown", "school_details", "missing_episodes",
             "immigration_status", "health", "mental_health", "substance_misuse",
             "criminal_records"],
            ["child_protection", "safeguarding", "crime_prevention"], [E, C],
            review_date="2026-03-31", document_ref="ISA/2021/07",
            onward_sharing=True, onward_recipients=[p.CPS],
        ),
        _terms(
            council, HEALTH, "Safeguarding and wellbeing: the council and health partners",
            [p.ACUTE_TRUST, p.MENTAL_HEALTH_TRUST, p.COMMUNITY_TRUST, p.ICB, *p.GP_CODES],
            [*_SAFEGUARDING_CORE, "nhs_number", "gp_dentist", "looked_after", "care_details",
             "placement", "health", "mental_health", "disability", "pregnancy",
             "substance_misuse", "sdq_score"],
            ["safeguarding", "child_protection", "health_wellbeing"], [E],
            onward_sharing=True, onward_recipients=list(p.GP_CODES),
        ),
        _terms(
            council, SCHOOLS, "Luton Schools Early Years and Education Services (EYES)",
            p.SCHOOL_CODES,
            ["identity", "contact", "school_details", "pupil_number", "attendance",
             "attainment", "eligibility", "send_support", "safeguarding_concerns",
             "family_relationships", "domestic_abuse", "looked_after", "needs", "ethnicity",
             "disability", "gender", "language"],
            ["education", "safeguarding", "child_protection", "early_years"], [E, C],
            valid=("2021-09-01", "2027-08-31"),
        ),
        _terms(
            council, NEIGHBOURS, "Transfer of child protection and in-need cases (Eastern region)",
            p.NEIGHBOURS,
            [*_SAFEGUARDING_CORE, "care_details", "legal_status", "school_details", "health",
             "mental_health", "substance_misuse"],
            ["child_protection", "safeguarding"], [E],
        ),
    ]  # fmt: skip


def _statutory(council: str) -> list[dict[str, Any]]:
    return [
        _terms(
            council, DFE, "DfE statutory data collections: CIN census and SSDA903",
            [p.DFE],
            ["identity", "pupil_number", "gender", "ethnicity", "disability", "needs",
             "safeguarding_concerns", "care_details", "looked_after", "legal_status",
             "placement", "uasc", "missing_episodes", "sdq_score", "adoption"],
            ["statutory_return"], [C], valid=("2021-04-01", None),
        ),
        _terms(
            council, OFSTED, "Notifications and inspection: the council and Ofsted",
            [p.OFSTED],
            ["identity", "safeguarding_concerns", "care_details", "looked_after", "health"],
            ["safeguarding", "performance"], [E, C], valid=("2021-04-01", None),
        ),
        _terms(
            council, COURT, "Public law outline: the council, the Family Court and Cafcass",
            [p.COURT, p.CAFCASS],
            [*_SAFEGUARDING_CORE, "care_details", "looked_after", "legal_status", "placement",
             "health", "mental_health", "substance_misuse", "criminal_records"],
            ["court_proceedings"], [E, C], valid=("2021-04-01", None),
        ),
        _terms(
            council, SUFFICIENCY, "Regional Sufficiency project (East of England)",
            [p.SUFFICIENCY_PARTNER, p.COMMISSIONING_ALLIANCE],
            ["looked_after", "placement", "care_details", "legal_status", "needs", "uasc",
             "missing_episodes", "sdq_score", "gender", "ethnicity", "disability"],
            ["regional_sufficiency", "service_planning"], [E],
            valid=(SUFFICIENCY_STARTED.isoformat(), "2027-12-31"),
        ),
    ]  # fmt: skip


def _care(council: str) -> list[dict[str, Any]]:
    placement = ["identity", "family_relationships", "siblings", "care_details", "looked_after",
                 "legal_status", "placement", "needs", "school_details", "health",
                 "mental_health", "disability", "ethnicity", "religion", "sdq_score"]  # fmt: skip
    return [
        _terms(
            council, FOSTERING, "Placement referrals to independent fostering agencies",
            p.FOSTERING, placement, ["adoption_placement"], [E],
        ),
        _terms(
            council, ADOPTION, "Adoption: the council and its adoption agencies",
            p.ADOPTION, [*placement, "adoption"], ["adoption_placement"], [E, C],
        ),
    ]  # fmt: skip


def _support(council: str) -> list[dict[str, Any]]:
    families = ["identity", "contact", "family_relationships", "parent_details",
                "lone_parent_status", "needs", "siblings"]  # fmt: skip
    return [
        _terms(
            council, SUPPORTING_FAMILIES, "Supporting Families (Stronger Families in Luton)",
            [p.MHCLG, p.DWP, p.EVALUATOR],
            ["identity", "family_relationships", "lone_parent_status", "employment", "benefits",
             "national_insurance_number", "attendance", "domestic_abuse", "mental_health"],
            ["supporting_families", "performance"], [E], valid=("2021-04-01", "2028-03-31"),
        ),
        _terms(
            council, EARLY_YEARS, "Early years entitlement with the Early Years Alliance",
            [p.EARLY_YEARS], ["identity", "contact", "eligibility", "benefits", "send_support"],
            ["early_years"], [E],
        ),
        _terms(
            council, HOME_START_OLD, "Family support referrals to Home-Start Luton",
            [p.HOME_START], families, ["supporting_families", "safeguarding"], [E, A],
            valid=("2021-04-01", HOME_START_LAPSED.isoformat()),
        ),
        _terms(
            council, HOME_START_NEW, "Family support referrals to Home-Start Luton (renewed)",
            [p.HOME_START], families, ["supporting_families", "safeguarding"], [E, A],
            valid=(HOME_START_RENEWED.isoformat(), "2029-03-31"),
        ),
        _terms(
            council, CGL, "Substance misuse referrals to Change Grow Live",
            [p.CGL],
            ["identity", "contact", "family_relationships", "substance_misuse", "health",
             "domestic_abuse"],
            ["health_wellbeing", "safeguarding"], [E, A],
        ),
    ]  # fmt: skip
