"""Care and health casework as disclosures: court bundles, placement and adoption referrals,
looked-after children's health, mental-health referrals, subject access, and the rare share
abroad (adoption, placement with relatives, safeguarding checks).
"""

from __future__ import annotations

from typing import Any, Final

from lineage.demo import agreements as isa
from lineage.demo import partners as p
from lineage.demo.people import Family
from lineage.demo.shares import (
    CARE,
    COURTS,
    SAFEGUARDING,
    Basis,
    Case,
    Draw,
    Payload,
    concerns,
    household,
    subject,
)

CONSENT_DEROGATION_SLIP: Final = 0.08
"""Transfers abroad made on the parents' explicit consent (Art 49(1)(a)), which Art 49(3)
denies to a public authority using its powers."""
ADEQUACY_SLIP: Final = 0.1
"""Transfers to a country off the adequacy list recorded as if it were on it."""
VIA_CFAB: Final = 0.3
"""Checks abroad made through Children and Families Across Borders rather than directly."""

ADEQUACY_INSTRUMENT: Final = "UK adequacy regulations (DPA 2018 s17A and Sch 21)"
PUBLIC_INTEREST: Final = "Art 49(1)(d): important reasons of public interest, the child's welfare"
OVERSEAS_ROUTES: Final = (
    ("tusla", "IE", "ADEQUACY", 35),
    ("pl-central-authority", "PL", "ADEQUACY", 25),
    ("ro-anpdca", "RO", "ADEQUACY", 15),
    ("jm-cpfsa", "JM", "ART49.1.d", 10),
    ("pk-punjab-cpwb", "PK", "ART49.1.d", 10),
    (p.INTERNATIONAL, "CH", "ADEQUACY", 5),
)
COURT_STAGES: Final = (
    "application and social work evidence",
    "case management hearing bundle",
    "issues resolution hearing bundle",
    "final evidence and care plan",
)
IN_CARE: Final = [
    "identity",
    "family_relationships",
    "care_details",
    "looked_after",
    "legal_status",
]


def _case(d: Draw, family: Family, **common: object) -> Case:
    return Case(d, family, dict(common))


def court_filing(d: Draw, family: Family) -> list[Payload]:
    """Care proceedings (Children Act 1989 s31): a filing to the court and to Cafcass."""
    stage = d.rng.choice(COURT_STAGES)
    case = _case(
        d, family, subjects=household(family), purpose="court_proceedings",
        legal_power="Children Act 1989 s31", consent="not_required",
        decision_maker="Legal services, children's team", reason=f"Care proceedings: {stage}",
    )  # fmt: skip
    found = {"domestic_abuse", "mental_health", "substance_misuse", "criminal_records", "health"}
    categories = [*IN_CARE, "parent_details", "safeguarding_concerns", *concerns(family, found)]
    return [
        case.to(p.COURT, categories, basis=COURTS, method="portal", agreement=isa.COURT),
        case.to(p.CAFCASS, categories, basis=COURTS, method="secure_email", agreement=isa.COURT),
    ]


def _placement_categories(d: Draw, family: Family) -> list[str]:
    categories = [*IN_CARE, "placement", "needs", "school_details", "health", "sdq_score"]
    categories += ["ethnicity", *(["religion"] if d.chance(0.3) else [])]
    categories += concerns(family, {"disability", "mental_health"})
    return categories + (["siblings"] if len(family.children) > 1 else [])


def placement_referral(d: Draw, family: Family) -> list[Payload]:
    """A looked-after child's referral to independent fostering agencies (s22C)."""
    case = _case(
        d, family, subjects=household(family, adults=False), purpose="adoption_placement",
        legal_power="Children Act 1989 s22C", consent="not_required",
        decision_maker="Placement team manager", reason="Referral for a foster placement",
    )  # fmt: skip
    agencies = d.rng.sample(p.FOSTERING, d.rng.randint(1, len(p.FOSTERING)))
    categories = _placement_categories(d, family)
    method = d.rng.choice(["portal", "secure_email"])
    return [
        case.to(a, categories, basis=CARE, method=method, agreement=isa.FOSTERING) for a in agencies
    ]


def adoption_referral(d: Draw, family: Family) -> list[Payload]:
    """A child with a plan for adoption referred to an adoption agency."""
    case = _case(
        d, family, subjects=household(family, adults=False), purpose="adoption_placement",
        legal_power="Adoption and Children Act 2002 s18", consent="not_required",
        decision_maker="Agency decision maker", reason="Referral for family finding",
    )  # fmt: skip
    agency = p.ADOPTION[0] if d.chance(0.8) else p.ADOPTION[1]
    categories = [*_placement_categories(d, family), "adoption"]
    return [case.to(agency, categories, basis=CARE, method="secure_email", agreement=isa.ADOPTION)]


def looked_after_health(d: Draw, family: Family) -> list[Payload]:
    """A health assessment request for a looked-after child (2010 Regulations, reg 7)."""
    child = d.rng.choice(family.children)
    case = _case(
        d, family, subjects=[subject(child, family)], purpose="health_wellbeing",
        legal_power="Care Planning, Placement and Case Review (England) Regulations 2010 reg 7",
        consent="obtained", decision_maker="Social worker, children in care",
        reason="Request for a statutory health assessment",
    )  # fmt: skip
    recipient = p.COMMUNITY_TRUST if d.chance(0.8) else p.ICB
    categories = ["identity", "nhs_number", "looked_after", "care_details", "health", "gp_dentist"]
    return [case.to(recipient, categories, basis=CARE, method="secure_email", agreement=isa.HEALTH)]


def camhs_referral(d: Draw, family: Family) -> list[Payload]:
    """A referral to the mental-health trust's child and adolescent service."""
    child = d.rng.choice(family.children)
    case = _case(
        d, family, subjects=household(family, child), purpose="health_wellbeing",
        legal_power="Children Act 1989 s17", consent="obtained",
        decision_maker="Social worker, children in need",
        reason="Referral for emotional wellbeing support",
    )  # fmt: skip
    categories = ["identity", "nhs_number", "family_relationships", "mental_health"]
    categories += concerns(family, {"health", "domestic_abuse"})
    return [
        case.to(p.MENTAL_HEALTH_TRUST, categories, basis=CARE, method="secure_email",
                agreement=isa.HEALTH)
    ]  # fmt: skip


def subject_access(d: Draw, family: Family) -> list[Payload]:
    """The response to a subject access request (UK GDPR Art 15), to the person or their
    representative."""
    person = d.rng.choice(family.children + family.parents)
    case = _case(
        d, family, subjects=[subject(person, family)], purpose="subject_request",
        legal_power="UK GDPR Art 15", consent="not_required",
        decision_maker="Information governance team", reason="Subject access request response",
    )  # fmt: skip
    categories = ["identity", "family_relationships", "care_details", "safeguarding_concerns"]
    return [
        case.to(p.DATA_SUBJECT, categories, basis=Basis("UKGDPR.6.1.c"),
                method=d.rng.choice(["post", "secure_email"]), one_off=True)
    ]  # fmt: skip


def overseas(d: Draw, family: Family) -> list[Payload]:
    """An adoption, a placement with relatives or a safeguarding check abroad (one-off)."""
    adoption = d.chance(0.6)
    case = _case(
        d, family, subjects=household(family), one_off=True, consent="obtained",
        purpose="adoption_placement" if adoption else "safeguarding",
        legal_power="Children Act 1989 Sch 2 para 19" if adoption else "Children Act 1989 s47",
        decision_maker="Head of service, children in care",
        reason="Placement with relatives abroad" if adoption else "Safeguarding check abroad",
    )  # fmt: skip
    categories = [*IN_CARE, *(["placement"] if adoption else []), *concerns(family, {"health"})]
    if not adoption and d.chance(VIA_CFAB):
        return [case.to(p.CFAB, categories, basis=SAFEGUARDING, method="secure_email")]
    recipient, transfer = _transfer(d)
    return [case.to(recipient, categories, basis=SAFEGUARDING, method="secure_email", **transfer)]


def _transfer(d: Draw) -> tuple[str, dict[str, Any]]:
    """The recipient abroad and the transfer fields, with the occasional slip."""
    codes, countries, mechanisms, weights = zip(*OVERSEAS_ROUTES, strict=True)
    i = d.rng.choices(range(len(codes)), weights)[0]
    mechanism = mechanisms[i]
    if mechanism != "ADEQUACY" and d.chance(ADEQUACY_SLIP):
        mechanism = "ADEQUACY"
    elif d.chance(CONSENT_DEROGATION_SLIP):
        mechanism = "ART49.1.a"
    instrument = {
        "ADEQUACY": ADEQUACY_INSTRUMENT,
        "ART49.1.d": PUBLIC_INTEREST,
        "ART49.1.a": "Art 49(1)(a): the parents' explicit consent",
    }[mechanism]
    return codes[i], {
        "cross_border": True,
        "destination_country": countries[i],
        "transfer_mechanism": mechanism,
        "transfer_instrument": instrument,
    }
