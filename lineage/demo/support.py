"""Early help and family support as disclosures: charities, early years, and the requests
the council turns down.

Home-Start's agreement lapses at the end of December 2025 and is renewed in February 2026;
referrals in the gap, and a few after it that still cite the old agreement, are flagged by
the real rules. Luton Access has no agreement: referrals are one-offs, unless the
practitioner forgets to say so.
"""

from __future__ import annotations

from typing import Final

from lineage.demo import agreements as isa
from lineage.demo import partners as p
from lineage.demo.people import Family
from lineage.demo.shares import CONSENTED, Basis, Case, Draw, Payload, household, subject
from models.dates import uk_date

OLD_AGREEMENT_CITED: Final = 0.1
"""Referrals after a renewal that still cite the lapsed agreement."""
LEGITIMATE_INTERESTS_SLIP: Final = 0.02
"""Referrals citing Art 6(1)(f), which a public authority cannot rely on for its tasks."""
ONE_OFF_FORGOTTEN: Final = 0.3
"""Referrals to a charity without an agreement that are not marked one-off."""

PUBLIC_TASK: Final = Basis("UKGDPR.6.1.e")
S17: Final = "Children Act 1989 s17"


def _family_categories(family: Family) -> list[str]:
    categories = ["identity", "contact", "family_relationships", "parent_details", "needs"]
    categories += ["lone_parent_status"] if len(family.parents) == 1 else []
    return categories + (["siblings"] if len(family.children) > 1 else [])


def _consented(d: Draw, family: Family, **common: object) -> Case:
    return Case(d, family, {"consent": "obtained", "legal_power": S17, **common})


def home_start_agreement(d: Draw) -> str:
    """The agreement a practitioner cites on the day: lapsed, in the gap, or renewed."""
    on = uk_date(d.occurred_at)
    if on >= isa.HOME_START_RENEWED and not d.chance(OLD_AGREEMENT_CITED):
        return isa.HOME_START_NEW
    return isa.HOME_START_OLD


def home_start(d: Draw, family: Family) -> list[Payload]:
    """A referral for volunteer family support."""
    case = _consented(
        d, family, subjects=household(family), purpose="supporting_families",
        decision_maker="Early help practitioner", reason="Referral for family support",
    )  # fmt: skip
    agreement = home_start_agreement(d)
    return [
        case.to(p.HOME_START, _family_categories(family), basis=CONSENTED, method="secure_email",
                agreement=agreement)
    ]  # fmt: skip


def substance_misuse_referral(d: Draw, family: Family) -> list[Payload]:
    """A parent's referral to the substance misuse service, with their consent."""
    parent = d.rng.choice(family.parents)
    case = _consented(
        d, family, subjects=[subject(parent, family)], purpose="health_wellbeing",
        decision_maker="Early help practitioner", reason="Referral for substance misuse support",
    )  # fmt: skip
    categories = ["identity", "contact", "family_relationships", "substance_misuse"]
    categories += ["domestic_abuse"] if "domestic_abuse" in family.concerns else []
    basis = "UKGDPR.6.1.f" if d.chance(LEGITIMATE_INTERESTS_SLIP) else "UKGDPR.6.1.a"
    return [
        case.to(p.CGL, categories, basis=CONSENTED, method="secure_email", agreement=isa.CGL,
                lawful_basis=basis)
    ]  # fmt: skip


def early_years(d: Draw, family: Family) -> list[Payload]:
    """Checking a family's entitlement to funded early years childcare (Childcare Act 2006)."""
    child = min(family.children, key=lambda c: (d.occurred_at.date() - c.born).days)
    case = Case(
        d, family,
        {"subjects": [subject(child, family), *(subject(a, family) for a in family.parents)],
         "purpose": "early_years", "legal_power": "Childcare Act 2006 s7", "consent": "obtained",
         "decision_maker": "Early years entitlement team",
         "reason": "Funded childcare place for a two-year-old"},
    )  # fmt: skip
    categories = ["identity", "contact", "eligibility", "benefits"]
    return [
        case.to(p.EARLY_YEARS, categories, basis=PUBLIC_TASK, method="portal",
                agreement=isa.EARLY_YEARS)
    ]  # fmt: skip


def luton_access(d: Draw, family: Family) -> list[Payload]:
    """A referral for housing and benefits advice; there is no standing agreement."""
    case = _consented(
        d, family, subjects=household(family), purpose="supporting_families",
        decision_maker="Early help practitioner", reason="Referral for housing advice",
    )  # fmt: skip
    categories = ["identity", "contact", "family_relationships", "benefits"]
    one_off = None if d.chance(ONE_OFF_FORGOTTEN) else True
    return [
        case.to(p.LUTON_ACCESS, categories, basis=CONSENTED, method="secure_email",
                one_off=one_off)
    ]  # fmt: skip


def evaluation_request(d: Draw, family: Family) -> list[Payload]:
    """A consultancy asks for identifiable data; aggregate figures meet the need: refused."""
    child = d.rng.choice(family.children)
    recipient = d.rng.choice([p.EVALUATOR, p.SUFFICIENCY_PARTNER])
    case = Case(
        d, family,
        {"subjects": [subject(child, family)], "purpose": "performance",
         "decision_maker": "Data protection officer", "decision": "refused",
         "reason": "Aggregate figures meet the purpose; identifiable data is not needed"},
    )  # fmt: skip
    return [case.to(recipient, ["identity", "health"], basis=None, method=None)]
