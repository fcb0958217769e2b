"""Valid inputs to build tests on: the design's example disclosure, partners, agreements.

Every `*_payload(**overrides)` returns a fresh dict that validates as it stands; an
override replaces a field, and an override of None removes it. `disclosure_payload()`
is the example disclosure of the design with a new `entry_id` on each call (pass
`entry_id=...` for a fixed one; `DESIGN_EXAMPLE` keeps the example exactly).
"""

from __future__ import annotations

import copy
import uuid
from typing import Any, Final

from api.examples import DISCLOSURE
from models.registry_schemas import AgreementIn, PartnerIn

COUNCIL: Final = "luton-council"
NHS_NUMBER: Final = "9998765439"
UPN: Final = "B801200005001"

# A copy, so that a test changing it cannot change the OpenAPI example, or the reverse.
DESIGN_EXAMPLE: Final[dict[str, Any]] = copy.deepcopy(DISCLOSURE)


def _with(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    payload = copy.deepcopy(base)
    for key, value in overrides.items():
        if value is None:
            payload.pop(key, None)
        else:
            payload[key] = value
    return payload


def disclosure_payload(**overrides: Any) -> dict[str, Any]:
    """The design's example disclosure (council to police, s47), with a fresh entry id."""
    return _with({**DESIGN_EXAMPLE, "entry_id": str(uuid.uuid4())}, overrides)


def onward_payload(derived_from: str, **overrides: Any) -> dict[str, Any]:
    """The police passing the example's data on to the CPS, as the police agreement allows.

    Subjects default to those of the entry it derives from.
    """
    base = {
        "occurred_at": "2026-03-05T09:00:00Z",
        "sender": "beds-police",
        "recipient": "cps",
        "categories": ["identity", "domestic_abuse"],
        "purpose": "crime_prevention",
        "legal_power": "Crime and Disorder Act 1998 s115",
        "lawful_basis": "UKGDPR.6.1.e",
        "method": "secure_email",
        "derived_from": derived_from,
    }
    return _with(base, overrides)


def refusal_payload(**overrides: Any) -> dict[str, Any]:
    """A recorded decision not to share: a consultancy asked for identifiable data."""
    base = {
        "occurred_at": "2026-03-03T14:00:00Z",
        "recipient": "social-finance",
        "subjects": [{"local_id": "LL-100234", "role": "child"}],
        "categories": ["identity", "health"],
        "purpose": "performance",
        "decision": "refused",
        "decision_maker": "Data protection officer",
        "reason": "Aggregate figures meet the purpose; identifiable data is not needed",
    }
    return _with(base, overrides)


def transfer_payload(**overrides: Any) -> dict[str, Any]:
    """A placement check with an authority in Ireland, an adequate EEA state."""
    base = {
        "occurred_at": "2026-02-10T11:30:00Z",
        "recipient": "tusla",
        "subjects": [{"local_id": "LL-100234", "role": "child"}],
        "categories": ["identity", "placement", "care_details"],
        "purpose": "adoption_placement",
        "legal_power": "Children Act 1989 Sch 2 para 19",
        "lawful_basis": "UKGDPR.6.1.e",
        "one_off": True,
        "method": "secure_email",
        "cross_border": True,
        "destination_country": "IE",
        "transfer_mechanism": "ADEQUACY",
        "transfer_instrument": "DPA 2018 Sch 21 para 5",
    }
    return _with(base, overrides)


def correction_payload(**overrides: Any) -> dict[str, Any]:
    """A correction narrowing the categories shared."""
    base = {"changes": {"categories": ["identity", "domestic_abuse"]}, "reason": "Keyed in error"}
    return _with(base, overrides)


def breach_payload(entries: list[str], **overrides: Any) -> dict[str, Any]:
    """A misdirected email, linked to the entries it exposed."""
    base = {
        "occurred_at": "2026-03-04T08:00:00Z",
        "partner": "beds-police",
        "entries": entries,
        "nature": "Email sent to the wrong team's shared inbox",
        "categories": ["identity"],
        "reported_to_ico": False,
    }
    return _with(base, overrides)


def notification_payload(entries: list[str], **overrides: Any) -> dict[str, Any]:
    """The police told of a correction (Art 19)."""
    base = {
        "occurred_at": "2026-03-06T10:00:00Z",
        "recipient": "beds-police",
        "subject": {"local_id": "LL-100234"},
        "entries": entries,
        "method": "secure_email",
    }
    return _with(base, overrides)


def erasure_payload(token: str, **overrides: Any) -> dict[str, Any]:
    """A subject's keys destroyed at the end of retention."""
    return _with({"subject": token, "ground": "retention_ended"}, overrides)


def partner_payload(**overrides: Any) -> dict[str, Any]:
    """The design's example partner."""
    base = {
        "code": "beds-police",
        "name": "Bedfordshire Police",
        "type": "police",
        "role": "controller",
        "country": "GB",
    }
    return _with(base, overrides)


def agreement_payload(**overrides: Any) -> dict[str, Any]:
    """The council's agreement with the police, which the example disclosure cites."""
    base = {
        "id": "ISA-2024-POLICE",
        "title": "Safeguarding children: Luton Council and Bedfordshire Police",
        "parties": [COUNCIL, "beds-police"],
        "categories": [
            "identity",
            "contact",
            "family_relationships",
            "domestic_abuse",
            "safeguarding_concerns",
            "school_details",
            "health",
            "mental_health",
            "criminal_records",
        ],  # fmt: skip
        "purposes": ["child_protection", "safeguarding", "crime_prevention"],
        "lawful_bases": ["UKGDPR.6.1.e", "UKGDPR.6.1.c"],
        "valid_from": "2024-04-01",
        "valid_to": "2027-03-31",
        "review_date": "2026-03-31",
        "document_ref": "ISA/2024/07",
        "onward_sharing": True,
        "onward_recipients": ["cps"],
    }
    return _with(base, overrides)


def _partner(code: str, name: str, type_: str, **more: Any) -> dict[str, Any]:
    payload = partner_payload(code=code, name=name, type=type_, **more)
    return PartnerIn.model_validate(payload).model_dump(mode="json")


PARTNERS: Final[list[dict[str, Any]]] = [
    _partner(COUNCIL, "Luton Borough Council", "local_authority"),
    _partner("beds-police", "Bedfordshire Police", "police"),
    _partner("cps", "Crown Prosecution Service", "central_government"),
    _partner(
        "elft", "East London NHS Foundation Trust", "nhs_trust", external_codes={"ods": "RWK"}
    ),
    _partner("dfe", "Department for Education", "dfe"),
    _partner("social-finance", "Social Finance", "consultancy", role="processor"),
    _partner("tusla", "Tusla Child and Family Agency", "overseas_authority", country="IE"),
]
"""Validated partners as JSON-ready dicts: every partner the payloads above name."""

AGREEMENTS: Final[list[dict[str, Any]]] = [
    AgreementIn.model_validate(agreement_payload()).model_dump(mode="json"),
    AgreementIn.model_validate(
        agreement_payload(
            id="ISA-2023-HEALTH",
            title="Emotional wellbeing support: Luton Council and ELFT",
            parties=[COUNCIL, "elft"],
            categories=["identity", "family_relationships", "health", "mental_health"],
            purposes=["health_wellbeing", "safeguarding"],
            lawful_bases=["UKGDPR.6.1.e"],
            valid_from="2023-04-01",
            valid_to="2026-03-31",
            document_ref=None,
            onward_sharing=False,
            onward_recipients=[],
        )
    ).model_dump(mode="json"),
]
"""Validated sharing agreements as JSON-ready dicts."""
