"""`/v1/decisions` over HTTP: the answer's shape, refusals as problems, resolutions."""

from __future__ import annotations

from typing import Any

from tests.api.routes import DECISION
from tests.factories import disclosure_payload

ANSWER_KEYS = {"decision_id", "outcome", "reasons", "agreement_version", "receipt"}
REVIEW = {**DECISION, "recipient": "social-finance", "purpose": "service_planning"}


def test_a_decision_answers_with_reasons_and_a_receipt(as_role: Any) -> None:
    response = as_role("recorder").post("/v1/decisions", json=DECISION)
    assert response.status_code == 201, response.text
    answer = response.json()
    assert set(answer) >= ANSWER_KEYS
    assert answer["outcome"] == "PERMIT"
    assert answer["reasons"][0] == {
        "rule": "s16la_duty",
        "citation": answer["reasons"][0]["citation"],
        "detail": answer["reasons"][0]["detail"],
    }
    assert "s16LA" in answer["reasons"][0]["citation"]
    assert answer["receipt"]["entry_id"] == answer["decision_id"]
    read = as_role("investigator").get(f"/v1/decisions/{answer['decision_id']}")
    assert read.status_code == 200 and read.json()["outcome"] == "PERMIT"


def test_a_malformed_proposal_is_a_problem_naming_each_field(as_role: Any) -> None:
    payload = {**DECISION, "purpose": "gossip", "urgency": "whenever", "extra": 1}
    response = as_role("recorder").post("/v1/decisions", json=payload)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"purpose", "urgency", "extra"}


def test_a_review_is_resolved_once_and_then_a_share_is_not_flagged(as_role: Any) -> None:
    recorder = as_role("recorder")
    answer = recorder.post("/v1/decisions", json=REVIEW).json()
    assert answer["outcome"] == "REVIEW"
    share = disclosure_payload(recipient="social-finance", decision_id=answer["decision_id"])
    flagged = recorder.post("/v1/disclosures", json=share).json()
    assert "contrary_to_decision" in flagged["exceptions"]
    url = f"/v1/decisions/{answer['decision_id']}/resolution"
    resolution = {"resolved_by": "A. Patel, DPO", "outcome": "PERMIT", "reason": "DPIA done"}
    first = recorder.post(url, json=resolution)
    assert first.status_code == 201, first.text
    assert first.json()["resolution"]["resolved_by"] == "A. Patel, DPO"
    assert recorder.post(url, json=resolution).status_code == 200
    assert recorder.post(url, json={**resolution, "outcome": "DENY"}).status_code == 409
    later = disclosure_payload(recipient="social-finance", decision_id=answer["decision_id"])
    assert (
        "contrary_to_decision"
        not in recorder.post("/v1/disclosures", json=later).json()["exceptions"]
    )


def test_resolving_what_is_not_there_or_not_a_review(as_role: Any) -> None:
    recorder = as_role("recorder")
    resolution = {"resolved_by": "A. Patel", "outcome": "DENY", "reason": "x"}
    missing = recorder.post("/v1/decisions/nope/resolution", json=resolution)
    assert missing.status_code == 404
    permit = recorder.post("/v1/decisions", json=DECISION).json()
    url = f"/v1/decisions/{permit['decision_id']}/resolution"
    refused = recorder.post(url, json={**resolution, "outcome": "maybe"})
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["outcome"]
    not_review = recorder.post(url, json=resolution)
    assert not_review.status_code == 422


def test_the_agreement_registry_as_odrl(as_role: Any) -> None:
    response = as_role("recorder").get("/v1/agreements/odrl")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/ld+json"
    graph = response.json()["@graph"]
    assert {p["identifier"] for p in graph} == {"ISA-2024-POLICE", "ISA-2023-HEALTH"}
