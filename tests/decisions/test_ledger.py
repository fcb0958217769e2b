"""Decisions in the ledger: recorded with a receipt, resolved once, and cited by shares."""

from __future__ import annotations

from typing import Any

import pytest

from lineage.ledger.decisions import decision_view, record_decision, resolve_decision
from lineage.ledger.requests import NotFound
from lineage.service import Service
from lineage.storage.database import read_connection
from models.validation import EntryRefused
from tests.appending import append
from tests.factories import DESIGN_EXAMPLE, disclosure_payload

PERMITTED: dict[str, Any] = {
    k: DESIGN_EXAMPLE[k]
    for k in (
        "occurred_at", "recipient", "subjects", "categories", "purpose", "lawful_basis",
        "special_category_condition", "schedule1_condition", "agreement",
    )
}  # fmt: skip
TO_CONSULTANTS: dict[str, Any] = {
    "occurred_at": "2026-03-02T10:15:00Z",
    "recipient": "social-finance",
    "subjects": [{"local_id": "LL-100234", "role": "child"}],
    "categories": ["identity"],
    "purpose": "service_planning",
    "lawful_basis": "UKGDPR.6.1.e",
}
DENIED = {**TO_CONSULTANTS, "categories": ["identity", "health"]}


def decided(service: Service, payload: dict[str, Any]) -> dict[str, Any]:
    answer, created = record_decision(service.ledger, payload, "mash-manager")
    assert created
    return answer


def flags_of_share(service: Service, decision_id: str, **overrides: Any) -> list[str]:
    payload = disclosure_payload(decision_id=decision_id, **overrides)
    return list(append(service.ledger, payload, recorded_by="worker").receipt.exceptions)


def test_a_decision_is_an_entry_with_a_receipt(service: Service) -> None:
    answer = decided(service, PERMITTED)
    assert answer["outcome"] == "PERMIT"
    assert answer["agreement_version"] == 1
    assert {"s16la_duty", "inside_agreement"} <= {r["rule"] for r in answer["reasons"]}
    assert answer["receipt"]["entry_id"] == answer["decision_id"]
    assert service.verify().ok


def test_a_repeat_answers_the_same(service: Service) -> None:
    payload = {**PERMITTED, "decision_id": "0b6f3b55-8c1e-4c0e-9a63-5c8f0e1d2a11"}
    first, _ = record_decision(service.ledger, payload, "x")
    again, created = record_decision(service.ledger, payload, "x")
    assert not created and again == first


def test_a_share_after_permit_is_not_flagged(service: Service) -> None:
    assert "contrary_to_decision" not in flags_of_share(
        service, decided(service, PERMITTED)["decision_id"]
    )


def test_a_share_after_deny_is_flagged(service: Service) -> None:
    answer = decided(service, DENIED)
    assert answer["outcome"] == "DENY"
    assert "contrary_to_decision" in flags_of_share(service, answer["decision_id"])


def test_a_share_after_an_unresolved_review_is_flagged(service: Service) -> None:
    answer = decided(service, TO_CONSULTANTS)
    assert answer["outcome"] == "REVIEW"
    found = flags_of_share(service, answer["decision_id"], recipient="social-finance")
    assert "contrary_to_decision" in found


def test_a_review_resolved_by_a_named_person(service: Service) -> None:
    decision_id = decided(service, TO_CONSULTANTS)["decision_id"]
    resolution = {"resolved_by": "A. Patel, DPO", "outcome": "PERMIT", "reason": "DPIA done"}
    answer, created = resolve_decision(service.ledger, decision_id, resolution, "dpo")
    assert created and answer["resolution"]["resolved_by"] == "A. Patel, DPO"
    found = flags_of_share(service, decision_id, recipient="social-finance")
    assert "contrary_to_decision" not in found
    again = {**resolution, "outcome": "DENY"}
    with pytest.raises(Exception, match="already used"):
        resolve_decision(service.ledger, decision_id, again, "dpo")
    assert service.verify().ok


def test_a_review_resolved_to_deny_still_flags(service: Service) -> None:
    decision_id = decided(service, TO_CONSULTANTS)["decision_id"]
    resolution = {"resolved_by": "A. Patel", "outcome": "DENY", "reason": "not necessary"}
    resolve_decision(service.ledger, decision_id, resolution, "dpo")
    found = flags_of_share(service, decision_id, recipient="social-finance")
    assert "contrary_to_decision" in found


def test_only_a_review_is_resolved(service: Service) -> None:
    decision_id = decided(service, PERMITTED)["decision_id"]
    resolution = {"resolved_by": "A. Patel", "outcome": "DENY", "reason": "x"}
    with pytest.raises(EntryRefused) as refused:
        resolve_decision(service.ledger, decision_id, resolution, "dpo")
    assert refused.value.errors[0].field == "outcome"
    with pytest.raises(NotFound):
        resolve_decision(service.ledger, "not-a-uuid", resolution, "dpo")


def test_an_unknown_decision_is_refused(service: Service) -> None:
    payload = disclosure_payload(decision_id="0b6f3b55-8c1e-4c0e-9a63-5c8f0e1d2a99")
    with pytest.raises(EntryRefused) as refused:
        append(service.ledger, payload, recorded_by="worker")
    assert [e.field for e in refused.value.errors] == ["decision_id"]


def test_a_withheld_reason_is_sealed(service: Service) -> None:
    payload = {**TO_CONSULTANTS, "withhold": True, "reason": "sharing would harm the child"}
    answer = decided(service, payload)
    assert answer["outcome"] == "DENY" and answer["reasons"][0]["rule"] == "withheld"
    with read_connection(service.engine) as conn:
        view = decision_view(conn, answer["decision_id"])
    assert view is not None and "harm" not in str(view)


def test_a_proposal_names_every_wrong_field(service: Service) -> None:
    payload = {**TO_CONSULTANTS, "recipient": "nobody-here", "urgency": "whenever"}
    with pytest.raises(EntryRefused) as refused:
        record_decision(service.ledger, payload, "x")
    assert [e.field for e in refused.value.errors] == ["urgency"]
    with pytest.raises(EntryRefused) as refused:
        record_decision(service.ledger, {**TO_CONSULTANTS, "recipient": "nobody-here"}, "x")
    assert [e.field for e in refused.value.errors] == ["recipient"]
