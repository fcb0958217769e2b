"""A hand-written family for the report tests, recorded through the ledger under a frozen
clock with fixed entry ids, so everything but the subjects' (random) tokens is fixed.

Luton Borough Council shares a child's data with the police (with a parent's; the police
pass it to the CPS), her school (with her sibling's; later corrected), an NHS trust, an
adoption authority in the United States, the family court and the DfE (in a return that
also names an unrelated child). It refuses a consultancy, voids a mistaken return, and
the police send the council a report about her. The sibling goes to an Irish authority and
an unrelated child to the police — neither belongs in the child's report, both in the
board's counts.

Board quarter: 1 January to 31 March 2026; the previous period of equal length (90 days)
runs from 3 October to 31 December 2025.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final

from lineage.registry.partners import put_partner
from lineage.registry.subjects import SubjectRegistry
from lineage.service import Service
from lineage.storage.database import write_transaction
from models.registry_schemas import PartnerIn
from tests.appending import append, correct
from tests.factories import COUNCIL, onward_payload, refusal_payload, transfer_payload

CHILD_ID: Final = "LL-700001"
SIBLING_ID: Final = "LL-700002"
PARENT_ID: Final = "LL-700003"
OTHER_ID: Final = "LL-800001"
CHILD_NHS: Final = "9998765439"
CHILD_UPN: Final = "B801200005001"
FAMILY_ID: Final = "FAM-12"
QUARTER: Final = (date(2026, 1, 1), date(2026, 3, 31))
PREVIOUS_QUARTER: Final = (date(2025, 10, 3), date(2025, 12, 31))
IDENTIFIERS: Final = (CHILD_ID, SIBLING_ID, PARENT_ID, OTHER_ID, CHILD_NHS, CHILD_UPN, FAMILY_ID)
REASON: Final = "Strategy discussion after the child told her teacher about home"


def entry(n: int) -> str:
    return f"00000000-0000-4000-9000-{n:012d}"


(POLICE, CPS, SCHOOL, SCHOOL_AGAIN, HOSPITAL, DFE_MISTAKE, REFUSAL, ADOPTION) = (
    entry(n) for n in range(1, 9)
)
COURT, FROM_POLICE, DFE_RETURN, OTHER_CHILD, SIBLING_ABROAD = (entry(n) for n in range(9, 14))
DFE_VOID, SCHOOL_CHANGE = entry(14), entry(15)

EXTRA_PARTNERS: Final = (
    ("riverside-academy", "Riverside Academy", "school", "GB"),
    ("us-adoption", "Office of Children's Issues", "overseas_authority", "US"),
    ("family-court", "Family Court at Luton", "court", "GB"),
)

CHILD: Final = {
    "local_id": CHILD_ID,
    "role": "child",
    "nhs_number": CHILD_NHS,
    "upn": CHILD_UPN,
    "family_id": FAMILY_ID,
}
SIBLING: Final = {"local_id": SIBLING_ID, "role": "sibling", "family_id": FAMILY_ID}
PARENT: Final = {"local_id": PARENT_ID, "role": "parent", "family_id": FAMILY_ID}
OTHER: Final = {"local_id": OTHER_ID, "role": "child"}
ONLY_CHILD: Final = [{"local_id": CHILD_ID, "role": "child"}]


@dataclass(frozen=True)
class Family:
    child: str
    sibling: str
    parent: str
    other: str

    @property
    def tokens(self) -> tuple[str, ...]:
        return (self.child, self.sibling, self.parent, self.other)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def share(entry_id: str, occurred: str, recipient: str, **fields: Any) -> dict[str, Any]:
    """A one-off council disclosure of the child's identity on a public task basis; a field
    given as None is left out."""
    base = {
        "entry_id": entry_id,
        "occurred_at": occurred,
        "recipient": recipient,
        "subjects": ONLY_CHILD,
        "categories": ["identity"],
        "purpose": "safeguarding",
        "lawful_basis": "UKGDPR.6.1.e",
        "one_off": True,
        "method": "secure_email",
    }
    return {key: value for key, value in (base | fields).items() if value is not None}


def entries() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(kind, payload, extra) in recording order."""
    return [
        ("disclosure", _police(), {}),
        ("disclosure", _cps(), {}),
        ("disclosure", _school(), {}),
        ("disclosure", _school_again(), {}),
        ("correction", _school_change(), {"target": SCHOOL_AGAIN}),
        ("disclosure", _hospital(), {}),
        ("disclosure", _dfe_mistake(), {}),
        ("correction", {"entry_id": DFE_VOID, "void": True, "reason": "Wrong child"},
         {"target": DFE_MISTAKE}),
        ("disclosure", refusal_payload(entry_id=REFUSAL, occurred_at="2026-02-10T09:00:00Z",
                                       subjects=ONLY_CHILD), {}),
        ("disclosure", _other_child(), {"late_days": 40}),
        ("disclosure", _adoption(), {}),
        ("disclosure", _sibling_abroad(), {}),
        ("disclosure", _court(), {}),
        ("disclosure", _from_police(), {}),
        ("disclosure", _dfe_return(), {}),
    ]  # fmt: skip


def build_family(service: Service) -> Family:
    """Register the extra partners and record every entry, each recorded an hour after it
    occurred (or `late_days` after); returns the subjects' tokens."""
    register_partners(service)
    for kind, payload, extra in entries():
        occurred = payload.get("occurred_at")
        recorded = at(occurred) if occurred else service.ledger.clock()
        recorded += timedelta(days=extra.get("late_days", 0), hours=1)
        service.ledger.clock = frozen(recorded)
        if kind == "correction":
            correct(service.ledger, extra["target"], payload, recorded_by="test")
        else:
            append(service.ledger, payload, recorded_by="test")
    ids = (CHILD_ID, SIBLING_ID, PARENT_ID, OTHER_ID)
    return Family(*(lookup(service, local_id) for local_id in ids))


def frozen(moment: datetime) -> Callable[[], datetime]:
    """A clock that always reads `moment`."""
    return lambda: moment


def register_partners(service: Service) -> None:
    with write_transaction(service.engine) as conn:
        for code, name, type_, country in EXTRA_PARTNERS:
            record = {"code": code, "name": name, "type": type_, "role": "controller"}
            partner = PartnerIn.model_validate({**record, "country": country})
            put_partner(conn, partner.model_dump(mode="json"), by="test", at=at("2025-09-01"))


def lookup(service: Service, local_id: str) -> str:
    with service.engine.connect() as conn:
        token = SubjectRegistry(conn, service.keys).lookup("local_id", local_id)
    assert token is not None, f"{local_id} is registered"
    return token


def _police() -> dict[str, Any]:
    return share(
        POLICE,
        "2025-10-06T09:00:00Z",
        "beds-police",
        subjects=[CHILD, PARENT],
        categories=["identity", "domestic_abuse", "health"],
        purpose="child_protection",
        special_category_condition="UKGDPR.9.2.g",
        schedule1_condition="DPA2018.S1.P2.18",
        one_off=None,
        agreement="ISA-2024-POLICE",
        reason=REASON,
    )


def _cps() -> dict[str, Any]:
    """The police pass the child's and the parent's data on to the CPS."""
    return onward_payload(POLICE, entry_id=CPS, occurred_at="2025-10-09T09:00:00Z")


def _school() -> dict[str, Any]:
    """No agreement and not one-off: flagged `no_agreement` (in the previous quarter)."""
    return share(
        SCHOOL,
        "2025-11-03T09:00:00Z",
        "riverside-academy",
        subjects=[CHILD, SIBLING],
        categories=["school_details", "attendance"],
        purpose="education",
        one_off=None,
    )


def _school_again() -> dict[str, Any]:
    return share(
        SCHOOL_AGAIN,
        "2026-01-12T09:00:00Z",
        "riverside-academy",
        categories=["attendance", "send_support"],
        purpose="education",
    )


def _school_change() -> dict[str, Any]:
    return {
        "entry_id": SCHOOL_CHANGE,
        "changes": {"categories": ["attendance"]},
        "reason": "The support plan was not sent",
    }


def _hospital() -> dict[str, Any]:
    return share(
        HOSPITAL,
        "2026-01-20T09:00:00Z",
        "elft",
        categories=["identity", "mental_health"],
        purpose="health_wellbeing",
        special_category_condition="UKGDPR.9.2.h",
        schedule1_condition="DPA2018.S1.P1.2",
        one_off=None,
        agreement="ISA-2023-HEALTH",
    )


def _other_child() -> dict[str, Any]:
    """An unrelated child shared with the police, recorded 40 days late."""
    return share(OTHER_CHILD, "2026-01-05T09:00:00Z", "beds-police", subjects=[OTHER])


def _dfe_mistake() -> dict[str, Any]:
    return share(
        DFE_MISTAKE, "2026-02-02T09:00:00Z", "dfe", purpose="statutory_return",
        lawful_basis="UKGDPR.6.1.c",
    )  # fmt: skip


def _adoption() -> dict[str, Any]:
    return transfer_payload(
        entry_id=ADOPTION,
        occurred_at="2026-02-16T09:00:00Z",
        recipient="us-adoption",
        subjects=ONLY_CHILD,
        categories=["identity", "adoption", "placement"],
        destination_country="US",
        transfer_mechanism="ART46.2.a",
        transfer_instrument="Intercountry adoption arrangement under the 1993 Hague Convention",
    )


def _sibling_abroad() -> dict[str, Any]:
    return transfer_payload(
        entry_id=SIBLING_ABROAD,
        occurred_at="2026-02-20T09:00:00Z",
        subjects=[{"local_id": SIBLING_ID, "role": "sibling"}],
    )


def _court() -> dict[str, Any]:
    return share(
        COURT,
        "2026-03-02T09:00:00Z",
        "family-court",
        categories=["identity", "care_details"],
        purpose="court_proceedings",
    )


def _from_police() -> dict[str, Any]:
    """The police send the council a report about the child: a source of its data."""
    return share(
        FROM_POLICE,
        "2026-03-09T09:00:00Z",
        COUNCIL,
        sender="beds-police",
        categories=["identity", "domestic_abuse"],
    )


def _dfe_return() -> dict[str, Any]:
    """A statutory return naming the child and an unrelated child."""
    return share(
        DFE_RETURN,
        "2026-03-20T09:00:00Z",
        "dfe",
        subjects=[*ONLY_CHILD, OTHER],
        categories=["identity", "looked_after"],
        purpose="statutory_return",
        lawful_basis="UKGDPR.6.1.c",
        method="bulk_file",
    )
