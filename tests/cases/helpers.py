"""Building cases for the tests: a share to the police misdirected to the CPS, and steps."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from lineage.investigate import lookup_subject, partner_exposure
from lineage.ledger.store import Appended
from lineage.service import Service
from lineage.storage.database import read_connection
from tests.appending import append, record
from tests.factories import breach_payload, disclosure_payload

CHILD = "LL-100234"


def step(service: Service, payload: Mapping[str, Any], *, by: str = "dpo") -> Appended:
    """One case step, appended alone (raises its refusal)."""
    return record(service.ledger, "case", payload, recorded_by=by)


def misdirected(service: Service, **breach: Any) -> tuple[str, str]:
    """(share id, breach id): the example share to the police, received by the CPS."""
    share = append(service.ledger, disclosure_payload(), recorded_by="recorder")
    payload = breach_payload(
        [share.receipt.entry_id],
        partner="cps",
        aware_at="2026-03-04T09:30:00Z",
        nature="Sent to the CPS inbox instead of the police",
        entry_id=str(uuid.uuid4()),
        **breach,
    )
    found = record(service.ledger, "breach", payload, recorded_by="dpo")
    return share.receipt.entry_id, found.receipt.entry_id


def token_of(service: Service, local_id: str = CHILD) -> str:
    with read_connection(service.engine) as conn:
        token = lookup_subject(conn, service.keys, "local_id", local_id)
    assert token is not None
    return token


def exposure(service: Service, partner: str) -> dict[str, Any]:
    with read_connection(service.engine) as conn:
        return partner_exposure(conn, partner)
