"""A hand-written family for the investigation tests: what was shared, when, and recorded when.

Luton Borough Council shares a child's data (and, in places, a sibling's and a parent's)
with the police — who pass it to the CPS, which passes the parent's criminal record back
to the police — a school (later corrected), an NHS trust (voided), an adoption body in the
United States and one in Canada, and the DfE in a return that also names an unrelated
child. It refuses a consultancy. A breach at the police and a notification to them follow.

Every entry is recorded under a frozen clock, one hour after it occurred unless noted, so
`recorded_at` (and so `as_of`) is known exactly. Positions (`seq`) follow the order below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from lineage.registry.partners import put_partner
from lineage.registry.subjects import SubjectRegistry
from lineage.service import Service
from lineage.storage.database import write_transaction
from models.registry_schemas import PartnerIn
from tests import appending
from tests.factories import (
    breach_payload,
    disclosure_payload,
    notification_payload,
    onward_payload,
    refusal_payload,
    transfer_payload,
)

COUNCIL: Final = "luton-council"
CHILD_ID: Final = "LL-500001"
SIBLING_ID: Final = "LL-500002"
PARENT_ID: Final = "LL-500003"
OTHER_ID: Final = "LL-600001"
CHILD_NHS: Final = "9998765439"
CHILD_UPN: Final = "B801200005001"
FAMILY: Final = "FAM-9"


def entry(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


POLICE, CPS, BACK_TO_POLICE, SCHOOL, HOSPITAL = (entry(n) for n in (1, 2, 3, 4, 5))
ADOPTION_US, ADOPTION_CA, REFUSAL, OTHER_CHILD, DFE_RETURN = (entry(n) for n in (6, 7, 8, 9, 10))
HOSPITAL_VOID, SCHOOL_CHANGE, BREACH, NOTIFIED = (entry(n) for n in (11, 12, 13, 14))

EXTRA_PARTNERS: Final = (
    ("riverside-academy", "Riverside Academy", "school", "GB"),
    ("beds-hospitals", "Bedfordshire Hospitals NHS Foundation Trust", "nhs_trust", "GB"),
    ("us-adoption", "Office of Children's Issues", "overseas_authority", "US"),
    ("ca-adoption", "Adoption Council of Ontario", "adoption_agency", "CA"),
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def subject(local_id: str, role: str, **identifiers: str) -> dict[str, str]:
    return {"local_id": local_id, "role": role, **identifiers}


CHILD: Final = subject(CHILD_ID, "child", nhs_number=CHILD_NHS, upn=CHILD_UPN, family_id=FAMILY)
SIBLING: Final = subject(SIBLING_ID, "sibling", family_id=FAMILY)
PARENT: Final = subject(PARENT_ID, "parent", family_id=FAMILY)
OTHER: Final = subject(OTHER_ID, "child")


@dataclass(frozen=True)
class Tokens:
    child: str
    sibling: str
    parent: str
    other: str


def register_partners(service: Service) -> None:
    with write_transaction(service.engine) as conn:
        for code, name, type_, country in EXTRA_PARTNERS:
            partner = {"code": code, "name": name, "type": type_, "role": "controller"}
            record = PartnerIn.model_validate({**partner, "country": country})
            put_partner(conn, record.model_dump(mode="json"), by="test", at=at("2025-12-01T00:00Z"))


def record(
    service: Service, recorded_at: str, kind: str, payload: dict[str, Any], **kw: Any
) -> None:
    """Append one entry with the ledger's clock frozen at `recorded_at`."""
    ledger = service.ledger
    ledger.clock = lambda: at(recorded_at)
    if kind == "correction":
        appending.correct(ledger, kw["target"], payload, recorded_by="test")
    else:
        appending.record(ledger, kind, payload, recorded_by="test")


def family_entries() -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(recorded_at, kind, payload, extra) in recording order: seq 0, 1, 2, …"""
    return [
        ("2026-01-10T10:00Z", "disclosure", _police(), {}),  # seq 0
        ("2026-01-15T10:00Z", "disclosure", _cps(), {}),  # seq 1
        ("2026-01-20T10:00Z", "disclosure", _back_to_police(), {}),  # seq 2
        ("2026-02-02T10:00Z", "disclosure", _school(), {}),  # seq 3
        ("2026-02-05T10:00Z", "disclosure", _hospital(), {}),  # seq 4
        ("2026-02-08T10:00Z", "correction", _void(), {"target": HOSPITAL}),  # seq 5
        ("2026-02-10T10:00Z", "disclosure", _refusal(), {}),  # seq 6
        ("2026-02-20T10:00Z", "correction", _school_change(), {"target": SCHOOL}),  # seq 7
        ("2026-03-01T09:00Z", "disclosure", _other_child(), {}),  # seq 8, 48 days late
        ("2026-03-01T10:00Z", "disclosure", _adoption_us(), {}),  # seq 9
        ("2026-03-03T10:00Z", "disclosure", _adoption_ca(), {}),  # seq 10
        ("2026-03-04T09:00Z", "breach", _breach(), {}),  # seq 11
        ("2026-03-06T11:00Z", "notification", _notified(), {}),  # seq 12
        ("2026-03-10T10:00Z", "disclosure", _dfe_return(), {}),  # seq 13
    ]


def build_family(service: Service) -> Tokens:
    """Record the family's entries; the subjects' tokens (random) are returned."""
    register_partners(service)
    for recorded_at, kind, payload, extra in family_entries():
        record(service, recorded_at, kind, payload, **extra)
    ids = (CHILD_ID, SIBLING_ID, PARENT_ID, OTHER_ID)
    return Tokens(*(lookup(service, local_id) for local_id in ids))


def lookup(service: Service, local_id: str) -> str:
    with service.engine.connect() as conn:
        token = SubjectRegistry(conn, service.keys).lookup("local_id", local_id)
    assert token is not None, f"{local_id} is registered"
    return token


def _police() -> dict[str, Any]:
    return disclosure_payload(
        entry_id=POLICE, occurred_at="2026-01-10T09:00:00Z", subjects=[CHILD, PARENT]
    )


def _cps() -> dict[str, Any]:
    return onward_payload(POLICE, entry_id=CPS, occurred_at="2026-01-15T09:00:00Z")


def _back_to_police() -> dict[str, Any]:
    """The CPS sends the parent's record back to the police: only the parent is named."""
    return onward_payload(
        CPS,
        entry_id=BACK_TO_POLICE,
        occurred_at="2026-01-20T09:00:00Z",
        sender="cps",
        recipient="beds-police",
        subjects=[{"local_id": PARENT_ID, "role": "parent"}],
        categories=["identity", "criminal_records"],
        criminal_offence_condition="DPA2018.S1.P2.10",
    )


def _school() -> dict[str, Any]:
    """No agreement cited and not one-off: flagged `no_agreement`."""
    return {
        "entry_id": SCHOOL,
        "occurred_at": "2026-02-02T09:00:00Z",
        "recipient": "riverside-academy",
        "subjects": [CHILD, SIBLING],
        "categories": ["school_details", "attendance", "safeguarding_concerns"],
        "purpose": "education",
        "lawful_basis": "UKGDPR.6.1.e",
        "method": "portal",
    }


def _school_change() -> dict[str, Any]:
    return {"entry_id": SCHOOL_CHANGE, "changes": {"categories": ["school_details", "attendance"]},
            "reason": "Safeguarding notes were not sent"}  # fmt: skip


def _hospital() -> dict[str, Any]:
    return {
        "entry_id": HOSPITAL,
        "occurred_at": "2026-02-05T09:00:00Z",
        "recipient": "beds-hospitals",
        "subjects": [{"local_id": CHILD_ID, "role": "child"}],
        "categories": ["identity", "health", "mental_health"],
        "purpose": "health_wellbeing",
        "lawful_basis": "UKGDPR.6.1.e",
        "special_category_condition": "UKGDPR.9.2.h",
        "schedule1_condition": "DPA2018.S1.P1.2",
        "one_off": True,
        "method": "secure_email",
    }


def _void() -> dict[str, Any]:
    return {"entry_id": HOSPITAL_VOID, "void": True, "reason": "Recorded against the wrong child"}


def _refusal() -> dict[str, Any]:
    return refusal_payload(
        entry_id=REFUSAL,
        occurred_at="2026-02-10T09:00:00Z",
        subjects=[{"local_id": CHILD_ID, "role": "child"}],
    )


def _other_child() -> dict[str, Any]:
    """An unrelated child shared with the police, recorded 48 days late."""
    return disclosure_payload(
        entry_id=OTHER_CHILD,
        occurred_at="2026-01-12T09:00:00Z",
        subjects=[OTHER],
        categories=["identity", "safeguarding_concerns"],
        special_category_condition=None,
        schedule1_condition=None,
    )


def _adoption_us() -> dict[str, Any]:
    return transfer_payload(
        entry_id=ADOPTION_US,
        occurred_at="2026-03-01T09:00:00Z",
        recipient="us-adoption",
        subjects=[{"local_id": CHILD_ID, "role": "child"}],
        categories=["identity", "adoption", "placement"],
        destination_country="US",
        transfer_mechanism="ART46.2.a",
        transfer_instrument="Intercountry adoption arrangement under the 1993 Hague Convention",
    )


def _adoption_ca() -> dict[str, Any]:
    return transfer_payload(
        entry_id=ADOPTION_CA,
        occurred_at="2026-03-03T09:00:00Z",
        recipient="ca-adoption",
        subjects=[{"local_id": SIBLING_ID, "role": "child"}],
        categories=["identity", "adoption"],
        destination_country="CA",
        transfer_mechanism="ADEQUACY",
        transfer_instrument="DPA 2018 Sch 21 para 5",
    )


def _breach() -> dict[str, Any]:
    return breach_payload([POLICE], entry_id=BREACH)


def _notified() -> dict[str, Any]:
    return notification_payload(
        [POLICE],
        entry_id=NOTIFIED,
        subject={"local_id": CHILD_ID},
        occurred_at="2026-03-06T10:00:00Z",
    )


def _dfe_return() -> dict[str, Any]:
    """A statutory return naming the child and an unrelated child."""
    return {
        "entry_id": DFE_RETURN,
        "occurred_at": "2026-03-10T09:00:00Z",
        "recipient": "dfe",
        "subjects": [{"local_id": CHILD_ID, "role": "child"}, OTHER],
        "categories": ["identity", "looked_after"],
        "purpose": "statutory_return",
        "lawful_basis": "UKGDPR.6.1.c",
        "one_off": True,
        "method": "bulk_file",
    }
