"""The caseworker's page: the proposed share decided before it happens, the decision kept in
the ledger whatever it is, and the share recorded in the same step citing it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from lineage.ledger.canonical import parse_body
from lineage.service import Service
from models.tables import LedgerEntry
from tests.console.conftest import Client
from tests.console.test_oversight import csrf

POLICE = {
    "recipient": "beds-police",
    "local_id": "LL-100234",
    "role": "child",
    "categories": "identity, domestic_abuse",
    "purpose": "child_protection",
    "lawful_basis": "UKGDPR.6.1.e",
    "agreement": "ISA-2024-POLICE",
    "reason": "Strategy discussion after a disclosure at school",
    "decision_maker": "Team manager, MASH",
}
CONSULTANTS = {
    **POLICE,
    "recipient": "social-finance",
    "categories": "identity, health",
    "purpose": "service_planning",
    "agreement": "",
}


def bodies(service: Service) -> list[dict[str, Any]]:
    with service.engine.connect() as conn:
        return [parse_body(bytes(b)) for b in conn.execute(select(LedgerEntry.body)).scalars()]


def decide(client: Any, form: dict[str, str]) -> Any:
    token = csrf(client.get("/decide").text)
    return client.post("/decide", data={**form, "csrf": token})


def test_a_permitted_share_is_decided_and_recorded_in_one_step(
    service: Service, signed_in: Client
) -> None:
    answer = decide(signed_in("recorder"), {**POLICE, "record_share": "yes"})
    assert answer.status_code == 200, answer.text
    assert 'Decision: <span class="mark">PERMIT</span>' in answer.text
    assert "ISA-2024-POLICE" in answer.text and "The share was recorded" in answer.text
    kinds = [b["kind"] for b in bodies(service)]
    assert kinds[-2:] == ["decision", "disclosure"]
    share = bodies(service)[-1]
    decision = bodies(service)[-2]
    assert share["disclosure"]["decision_id"] == decision["entry_id"]
    assert service.verify().ok


def test_a_denied_share_is_kept_as_a_decision_and_the_share_refused_says_why(
    service: Service, signed_in: Client
) -> None:
    answer = decide(signed_in("recorder"), {**CONSULTANTS, "record_share": "yes"})
    assert answer.status_code == 200, answer.text
    assert "DENY" in answer.text and "UK GDPR" in answer.text
    assert "The share was not recorded (the decision was)" in answer.text
    assert "special_category_condition" in answer.text
    assert bodies(service)[-1]["kind"] == "decision"


def test_a_share_after_a_review_nobody_resolved_is_flagged(
    service: Service, signed_in: Client
) -> None:
    form = {**CONSULTANTS, "categories": "identity", "one_off": "", "record_share": "yes"}
    answer = decide(signed_in("recorder"), form)
    assert answer.status_code == 200, answer.text
    assert "REVIEW" in answer.text and "contrary_to_decision" in answer.text
    assert [b["kind"] for b in bodies(service)][-2:] == ["decision", "disclosure"]


def test_a_decision_not_to_share_records_no_share(service: Service, signed_in: Client) -> None:
    answer = decide(signed_in("recorder"), {**POLICE, "withhold": "yes", "record_share": "yes"})
    assert answer.status_code == 200, answer.text
    assert "DENY" in answer.text and "The share was recorded" not in answer.text
    assert bodies(service)[-1]["kind"] == "decision"


def test_a_wrong_form_stores_nothing_and_names_the_fields(
    service: Service, signed_in: Client
) -> None:
    before = len(bodies(service))
    answer = decide(signed_in("recorder"), {**POLICE, "categories": "", "purpose": "nonsense"})
    assert answer.status_code == 422
    assert "categories" in answer.text and "purpose" in answer.text
    assert len(bodies(service)) == before


def test_only_roles_that_record_may_decide(signed_in: Client) -> None:
    assert signed_in("board").get("/decide").status_code == 403
    assert signed_in("sar_officer").get("/decide").status_code == 403
