"""Examples for the OpenAPI document: the design's disclosure and what the ledger answers."""

from __future__ import annotations

from typing import Any, Final

DISCLOSURE: Final[dict[str, Any]] = {
    "entry_id": "6f1c2a8e-3b0e-4a55-9d0c-2f1f0b7a9e11",
    "occurred_at": "2026-03-02T10:15:00Z",
    "sender": "luton-council",
    "recipient": "beds-police",
    "subjects": [
        {
            "local_id": "LL-100234",
            "role": "child",
            "nhs_number": "9998765439",
            "upn": "B801200005001",
            "family_id": "FAM-77",
        },
        {"local_id": "LL-100240", "role": "parent", "family_id": "FAM-77"},
    ],
    "categories": ["identity", "domestic_abuse", "health"],
    "purpose": "child_protection",
    "legal_power": "Children Act 1989 s47",
    "lawful_basis": "UKGDPR.6.1.e",
    "special_category_condition": "UKGDPR.9.2.g",
    "schedule1_condition": "DPA2018.S1.P2.18",
    "agreement": "ISA-2024-POLICE",
    "method": "secure_email",
    "consent": "not_sought_risk_of_harm",
    "cross_border": False,
    "decision": "shared",
    "decision_maker": "Team manager, MASH",
    "reason": "Strategy discussion after a disclosure at school",
}

RECEIPT: Final[dict[str, Any]] = {
    "entry_id": "6f1c2a8e-3b0e-4a55-9d0c-2f1f0b7a9e11",
    "seq": 41,
    "leaf_hash": "5f2b8e7c" + "0" * 56,
    "tree_size": 42,
    "root": "9a3c41d0" + "0" * 56,
    "inclusion_proof": ["1d4e9b20" + "0" * 56],
    "exceptions": [],
}

CORRECTION: Final[dict[str, Any]] = {
    "changes": {"categories": ["identity", "domestic_abuse"]},
    "reason": "Health data was not in fact shared",
}

BREACH: Final[dict[str, Any]] = {
    "occurred_at": "2026-03-04T08:00:00Z",
    "partner": "beds-police",
    "entries": ["6f1c2a8e-3b0e-4a55-9d0c-2f1f0b7a9e11"],
    "nature": "Email sent to the wrong team's shared inbox",
    "categories": ["identity"],
    "reported_to_ico": False,
}

NOTIFICATION: Final[dict[str, Any]] = {
    "occurred_at": "2026-03-06T10:00:00Z",
    "recipient": "beds-police",
    "subject": {"local_id": "LL-100234"},
    "entries": ["6f1c2a8e-3b0e-4a55-9d0c-2f1f0b7a9e11"],
    "method": "secure_email",
}

PARTNER: Final[dict[str, Any]] = {
    "code": "beds-police",
    "name": "Bedfordshire Police",
    "type": "police",
    "role": "controller",
    "country": "GB",
}

AGREEMENT: Final[dict[str, Any]] = {
    "id": "ISA-2024-POLICE",
    "title": "Safeguarding children: Luton Council and Bedfordshire Police",
    "parties": ["luton-council", "beds-police"],
    "categories": ["identity", "domestic_abuse", "health"],
    "purposes": ["child_protection", "safeguarding"],
    "lawful_bases": ["UKGDPR.6.1.e"],
    "valid_from": "2024-04-01",
    "valid_to": "2027-03-31",
    "review_date": "2026-03-31",
}
