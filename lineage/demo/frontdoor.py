"""Safeguarding casework as disclosures: the front door (MASH), strategy discussions, child
protection conferences, feedback to referring schools, police requests, case transfers.

Each builder takes the event's dice, a family and returns the payloads the case system
would send, one per recipient. Practitioners' slips happen at the rates below (a conference
report to a school that mentions a parent's mental health, a check with an out-of-area
council not marked one-off); the real flag rules then flag them.
"""

from __future__ import annotations

from typing import Final

from lineage.demo import agreements as isa
from lineage.demo import partners as p
from lineage.demo.people import Family, Person
from lineage.demo.shares import (
    CRIME,
    LEGAL_DUTY,
    SAFEGUARDING,
    Case,
    Draw,
    Payload,
    concerns,
    subject,
)
from lineage.demo.shares import household as everyone

SCHOOL_HEALTH_SLIP: Final = 0.04
"""Reports to a school that include health details the EYES agreement does not cover."""
POLICE_REQUEST_REFUSED: Final = 0.15
"""Police requests the council declines as disproportionate."""
ONE_OFF_FORGOTTEN: Final = 0.15
"""Checks with councils outside the region not marked one-off (no agreement covers them)."""
OUT_OF_AREA_REFUSED: Final = 0.05
CONSENT_WITHHELD: Final = 0.03
"""MASH checks not made: the parent withheld consent and there is no risk of significant harm."""

POLICE_MAY_GET: Final = {"domestic_abuse", "criminal_records", "substance_misuse", "mental_health"}
HEALTH_MAY_GET: Final = {"health", "mental_health", "substance_misuse", "domestic_abuse"}
SCHOOL_SLIPS: Final = {"mental_health", "health"}
CORE: Final = ["identity", "family_relationships", "safeguarding_concerns"]
S47: Final = "Children Act 1989 s47"


def _case(d: Draw, family: Family, **common: object) -> Case:
    return Case(d, family, dict(common))


def _focus(d: Draw, family: Family) -> Person:
    return d.rng.choice(family.children)


def police_categories(family: Family) -> list[str]:
    return [*CORE, *concerns(family, POLICE_MAY_GET)]


def health_categories(family: Family) -> list[str]:
    return [*CORE, *concerns(family, HEALTH_MAY_GET)]


def school_categories(d: Draw, family: Family) -> list[str]:
    slipped = concerns(family, SCHOOL_SLIPS) if d.chance(SCHOOL_HEALTH_SLIP) else []
    return [*CORE, "school_details", *concerns(family, {"domestic_abuse"}), *slipped]


def health_partner(d: Draw, family: Family) -> str:
    return d.rng.choice([family.gp, p.COMMUNITY_TRUST, p.ACUTE_TRUST])


def mash_check(d: Draw, family: Family) -> list[Payload]:
    """Front-door (MASH) checks with the police, health and the school after a contact."""
    child = _focus(d, family)
    source = d.rng.choice(["the school", "the police", "a health visitor", "a relative", "A&E"])
    case = _case(
        d, family, subjects=everyone(family, child), purpose="safeguarding",
        legal_power="Children Act 1989 s17; Children Act 2004 s11",
        consent=d.rng.choice(["obtained", "obtained", "not_sought_risk_of_harm"]),
        decision_maker="Team manager, MASH", reason=f"MASH checks after a contact from {source}",
    )  # fmt: skip
    out = []
    if d.chance(0.7):
        out.append(
            case.to(p.POLICE, police_categories(family), basis=SAFEGUARDING, method="phone",
                    agreement=isa.POLICE)
        )  # fmt: skip
    if d.chance(0.6) or not out:
        out.append(
            case.to(health_partner(d, family), health_categories(family), basis=SAFEGUARDING,
                    method="secure_email", agreement=isa.HEALTH)
        )  # fmt: skip
    if child.school and d.chance(0.6):
        out.append(
            case.to(child.school, school_categories(d, family), basis=SAFEGUARDING,
                    method="portal", agreement=isa.SCHOOLS)
        )  # fmt: skip
    return [_withheld(d, share) if d.chance(CONSENT_WITHHELD) else share for share in out]


def _withheld(d: Draw, share: Payload) -> Payload:
    """The same check recorded as a decision not to share (consent withheld, no risk)."""
    kept = {"entry_id", "occurred_at", "recipient", "subjects", "categories", "purpose"}
    refusal = {k: v for k, v in share.items() if k in kept or k == "legal_power"}
    reason = "Consent withheld and no risk of significant harm: not shared"
    return {**refusal, "decision": "refused", "decision_maker": "Team manager, MASH",
            "reason": reason}  # fmt: skip


def strategy_discussion(d: Draw, family: Family) -> list[Payload]:
    """A s47 strategy discussion: always the police and health, often the school."""
    child = _focus(d, family)
    trigger = d.rng.choice(
        ["a disclosure at school", "a domestic abuse incident", "an injury seen at A&E",
         "a missing episode", "concerns raised by a health visitor"]
    )  # fmt: skip
    case = _case(
        d, family, subjects=everyone(family, child), purpose="child_protection", legal_power=S47,
        consent=d.rng.choice(["not_sought_risk_of_harm"] * 4 + ["obtained"]),
        decision_maker="Team manager, MASH", reason=f"Strategy discussion after {trigger}",
    )  # fmt: skip
    method = d.rng.choice(["meeting", "meeting", "phone"])
    out = [
        case.to(p.POLICE, police_categories(family), basis=SAFEGUARDING, method=method,
                agreement=isa.POLICE),
        case.to(d.rng.choice([p.ACUTE_TRUST, p.COMMUNITY_TRUST]), health_categories(family),
                basis=SAFEGUARDING, method=method, agreement=isa.HEALTH),
    ]  # fmt: skip
    if child.school and d.chance(0.5):
        out.append(
            case.to(child.school, school_categories(d, family), basis=SAFEGUARDING,
                    method=method, agreement=isa.SCHOOLS)
        )  # fmt: skip
    return out


def child_protection_conference(d: Draw, family: Family) -> list[Payload]:
    """The conference report, sent to each agency invited: police, GP, health, schools."""
    stage = "initial" if d.chance(0.3) else "review"
    case = _case(
        d, family, subjects=everyone(family), purpose="child_protection",
        legal_power=f"{S47}; Working Together to Safeguard Children 2023", consent="not_required",
        decision_maker="Child protection chair", reason=f"Report for the {stage} conference",
    )  # fmt: skip
    out = [
        case.to(p.POLICE, police_categories(family), basis=SAFEGUARDING, method="secure_email",
                agreement=isa.POLICE),
        case.to(family.gp, health_categories(family), basis=SAFEGUARDING, method="secure_email",
                agreement=isa.HEALTH),
        case.to(p.COMMUNITY_TRUST, health_categories(family), basis=SAFEGUARDING,
                method="secure_email", agreement=isa.HEALTH),
    ]  # fmt: skip
    for school in family.schools:
        out.append(
            case.to(school, school_categories(d, family), basis=SAFEGUARDING,
                    method="secure_email", agreement=isa.SCHOOLS)
        )  # fmt: skip
    return out


def referral_feedback(d: Draw, family: Family) -> list[Payload]:
    """Telling a school that referred a child what the council decided (Working Together)."""
    pupils = [c for c in family.children if c.school]
    if not pupils:
        return []
    child = d.rng.choice(pupils)
    outcome = d.rng.choice(["no further action", "early help", "a child and family assessment"])
    case = _case(
        d, family, subjects=[subject(child, family)], purpose="safeguarding",
        legal_power="Working Together to Safeguard Children 2023", consent="not_required",
        decision_maker="Social worker, MASH", reason=f"Outcome of the school's referral: {outcome}",
    )  # fmt: skip
    categories = [*CORE, "school_details"]
    method = d.rng.choice(["portal", "portal", "secure_email"])
    assert child.school is not None
    return [
        case.to(child.school, categories, basis=SAFEGUARDING, method=method, agreement=isa.SCHOOLS)
    ]


def police_request(d: Draw, family: Family) -> list[Payload]:
    """A police request for information for an investigation (DPA 2018 Sch 2 para 2)."""
    child = _focus(d, family)
    case = _case(
        d, family, subjects=everyone(family, child), purpose="crime_prevention",
        legal_power="DPA 2018 Sch 2 para 2", decision_maker="Team manager, MASH",
    )  # fmt: skip
    categories = [*CORE, *concerns(family, {"criminal_records", "domestic_abuse"})]
    if d.chance(POLICE_REQUEST_REFUSED):
        reason = "The request is wider than the investigation needs"
        return [case.to(p.POLICE, categories, basis=None, method=None, decision="refused",
                        reason=reason)]  # fmt: skip
    return [
        case.to(p.POLICE, categories, basis=CRIME, method="secure_email", agreement=isa.POLICE,
                reason="Information for a police investigation")
    ]  # fmt: skip


def case_transfer(d: Draw, family: Family) -> list[Payload]:
    """The family moved to a neighbouring council: the case goes with them."""
    case = _case(
        d, family, subjects=everyone(family), purpose="child_protection",
        legal_power=f"{S47}; Working Together to Safeguard Children 2023",
        consent="not_required", decision_maker="Team manager, children in need",
        reason="Transfer-in conference: the family has moved",
    )  # fmt: skip
    categories = [*CORE, "care_details", *concerns(family, HEALTH_MAY_GET)]
    return [
        case.to(d.rng.choice(p.NEIGHBOURS), categories, basis=SAFEGUARDING,
                method="secure_email", agreement=isa.NEIGHBOURS)
    ]  # fmt: skip


def out_of_area_check(d: Draw, family: Family) -> list[Payload]:
    """A check with a council outside the region about a family that lived there."""
    case = _case(
        d, family, subjects=everyone(family), purpose="safeguarding",
        legal_power="Children Act 2004 s11", decision_maker="Team manager, MASH",
        consent="not_sought_risk_of_harm",
    )  # fmt: skip
    council = d.rng.choice(p.OUT_OF_AREA)
    if d.chance(OUT_OF_AREA_REFUSED):
        return [case.to(council, CORE, basis=None, method=None, decision="refused",
                        reason="The family's consent is needed for this check")]  # fmt: skip
    one_off = True if not d.chance(ONE_OFF_FORGOTTEN) else None
    return [
        case.to(council, CORE, basis=SAFEGUARDING, method="phone", one_off=one_off,
                reason="History check with the family's previous council")
    ]  # fmt: skip


def ofsted_notification(d: Draw, family: Family) -> list[Payload]:
    """A serious incident notification to Ofsted (Children Act 2004 s16C)."""
    case = _case(
        d, family, subjects=everyone(family, adults=False), purpose="safeguarding",
        legal_power="Children Act 2004 s16C", consent="not_required",
        decision_maker="Director of children's services",
        reason="Serious incident notification",
    )  # fmt: skip
    categories = ["identity", "safeguarding_concerns", "care_details", "health"]
    return [case.to(p.OFSTED, categories, basis=LEGAL_DUTY, method="portal", agreement=isa.OFSTED)]
