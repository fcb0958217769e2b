"""What follows a share: onward sharing by its recipient, corrections, Art 19 notifications
and breaches. Each builder takes the original payload and returns the follow-up's payload.

Onward shares name no subjects (they default to the parent's) and cite no agreement of their
own: the parent's agreement decides whether they were permitted. The police may pass data
to the CPS; a trust may pass it to the family's GP; a force passing it to another force is
not permitted by the police agreement, and the real rules flag it.
"""

from __future__ import annotations

from typing import Final

from lineage.demo import partners as p
from lineage.demo.shares import CARE, CRIME, Basis, Draw, Payload, disclosure
from lineage.ledger.canonical import rfc3339

TRUSTS: Final = (p.ACUTE_TRUST, p.MENTAL_HEALTH_TRUST, p.COMMUNITY_TRUST)
TO_CPS: Final = {"identity", "family_relationships", "domestic_abuse", "criminal_records"}
TO_GP: Final = {"identity", "nhs_number", "family_relationships", "health", "mental_health"}
WRONG_RECORD: Final = (
    "Recorded twice by the case system",
    "Recorded against the wrong child",
)
CORRECTED: Final = (
    "Categories keyed in error",
    "Method recorded wrongly",
)


def _onward(
    d: Draw,
    parent: Payload,
    recipient: str,
    allowed: set[str],
    *,
    basis: Basis = CRIME,
    method: str = "secure_email",
    **fields: object,
) -> Payload:
    categories = [c for c in parent["categories"] if c in allowed] or ["identity"]
    return disclosure(
        d,
        basis,
        sender=parent["recipient"],
        recipient=recipient,
        derived_from=parent["entry_id"],
        categories=categories,
        method=method,
        **fields,
    )


def to_cps(d: Draw, parent: Payload) -> Payload:
    """The police pass a case file to the Crown Prosecution Service."""
    return _onward(
        d, parent, p.CPS, TO_CPS, purpose="crime_prevention",
        legal_power="Prosecution of Offences Act 1985 s3", decision_maker="Detective sergeant",
    )  # fmt: skip


def to_other_force(d: Draw, parent: Payload) -> Payload:
    """The police pass the data to another force for a linked investigation."""
    return _onward(
        d, parent, d.rng.choice(p.OTHER_FORCES), TO_CPS, purpose="crime_prevention",
        legal_power="DPA 2018 s35", decision_maker="Detective sergeant",
    )  # fmt: skip


def to_gp(d: Draw, parent: Payload, gp: str) -> Payload:
    """A trust passes safeguarding information to the family's GP."""
    return _onward(
        d, parent, gp, TO_GP, basis=CARE, purpose="safeguarding",
        legal_power="Health and Social Care Act 2012 s251B",
        decision_maker="Named nurse for safeguarding children", method="system_integration",
    )  # fmt: skip


def correction(d: Draw, parent: Payload, *, void: bool) -> Payload:
    """Void the entry, or change a field keyed wrongly (never what validation depends on)."""
    if void:
        return {"entry_id": d.entry_id(), "void": True, "reason": d.rng.choice(WRONG_RECORD)}
    ordinary = [c for c in parent["categories"] if c != "identity"]
    if len(ordinary) > 1 and d.chance(0.6):
        narrowed = (
            ["identity", *ordinary[:-1]] if "identity" in parent["categories"] else ordinary[:-1]
        )
        return {
            "entry_id": d.entry_id(),
            "changes": {"categories": narrowed},
            "reason": CORRECTED[0],
        }
    method = "phone" if parent.get("method") != "phone" else "meeting"
    return {"entry_id": d.entry_id(), "changes": {"method": method}, "reason": CORRECTED[1]}


def notification(d: Draw, parent: Payload) -> Payload:
    """The recipient told of the correction (UK GDPR Art 19), about the first subject."""
    return {
        "entry_id": d.entry_id(),
        "occurred_at": rfc3339(d.occurred_at),
        "recipient": parent["recipient"],
        "subject": {"local_id": parent["subjects"][0]["local_id"]},
        "entries": [parent["entry_id"]],
        "method": "secure_email",
        "reason": "Told of the corrected record",
    }


def breach(d: Draw, parent: Payload, wrong_recipient: str) -> Payload:
    """The share went to the wrong school's inbox: a breach linked to the entry."""
    return {
        "entry_id": d.entry_id(),
        "occurred_at": parent["occurred_at"],
        "partner": wrong_recipient,
        "entries": [parent["entry_id"]],
        "nature": "Conference report emailed to the wrong school; recalled and deleted",
        "categories": parent["categories"],
        "reported_to_ico": d.chance(0.3),
    }
