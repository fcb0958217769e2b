"""Recording, listing, reading and correcting disclosures over the API."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import correction_payload, disclosure_payload, onward_payload

KEYS_RECORDED = 5
"""The `keys` fixture's API keys, each created by a `registry` entry before the test runs."""
RECEIPT_KEYS = {"entry_id", "seq", "leaf_hash", "tree_size", "root", "inclusion_proof"}


def test_record_returns_a_receipt_then_the_same_receipt_for_a_repeat(as_role: Any) -> None:
    recorder = as_role("recorder")
    payload = disclosure_payload()
    first = recorder.post("/v1/disclosures", json=payload)
    again = recorder.post("/v1/disclosures", json=payload)
    assert (first.status_code, again.status_code) == (201, 200)
    assert set(first.json()) >= RECEIPT_KEYS
    assert again.json() == first.json()
    assert first.json()["entry_id"] == payload["entry_id"]


def test_a_reused_entry_id_with_another_body_is_409(as_role: Any) -> None:
    recorder = as_role("recorder")
    payload = disclosure_payload()
    recorder.post("/v1/disclosures", json=payload)
    response = recorder.post("/v1/disclosures", json={**payload, "purpose": "safeguarding"})
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"


def test_refusals_name_every_field_as_the_client_wrote_it(as_role: Any) -> None:
    subjects = [{"local_id": "LL-1", "role": "child", "nhs_number": "9998765438"}]
    payload = disclosure_payload(subjects=subjects, purpose="gossip")
    response = as_role("recorder").post("/v1/disclosures", json=payload)
    problem = response.json()
    assert response.status_code == 422
    assert {e["field"] for e in problem["errors"]} == {"subjects[0].nhs_number", "purpose"}
    assert {"type", "title", "status", "detail"} <= set(problem)
    assert "Traceback" not in response.text


def test_a_body_that_is_not_a_json_object_is_refused(as_role: Any) -> None:
    recorder = as_role("recorder")
    for content in (b"{not json", b"[1, 2]"):
        response = recorder.post(
            "/v1/disclosures", content=content, headers={"content-type": "application/json"}
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == ""


def test_a_batch_is_all_or_nothing_with_errors_per_item(as_role: Any) -> None:
    recorder = as_role("recorder")
    good, bad = disclosure_payload(), disclosure_payload(recipient="nobody-here")
    response = recorder.post("/v1/disclosures/batch", json={"disclosures": [good, bad]})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["disclosures[1].recipient"]
    assert recorder.get("/v1/ledger/head").json()["tree_size"] == KEYS_RECORDED
    stored = recorder.post("/v1/disclosures/batch", json={"disclosures": [good]})
    assert stored.status_code == 201
    assert stored.json()["added"] == 1
    repeat = recorder.post("/v1/disclosures/batch", json={"disclosures": [good]})
    assert (repeat.status_code, repeat.json()["repeated"]) == (200, 1)


def test_a_batch_over_the_limit_is_413(as_role: Any, app: Any) -> None:
    limit = app.state.settings.max_batch_items
    items = [disclosure_payload() for _ in range(limit + 1)]
    response = as_role("recorder").post("/v1/disclosures/batch", json={"disclosures": items})
    assert response.status_code == 413


def test_a_body_over_the_size_limit_is_413(as_role: Any, app: Any) -> None:
    limit = app.state.settings.max_request_bytes
    payload = disclosure_payload(reason="x" * (limit + 1))
    response = as_role("recorder").post("/v1/disclosures", json=payload)
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


def _record_and_correct(as_role: Any) -> tuple[str, str]:
    recorder = as_role("recorder")
    payload = disclosure_payload()
    recorder.post("/v1/disclosures", json=payload)
    onward = onward_payload(payload["entry_id"])
    assert recorder.post("/v1/disclosures", json=onward).status_code == 201
    url = f"/v1/disclosures/{payload['entry_id']}/corrections"
    assert recorder.post(url, json=correction_payload()).status_code == 201
    token = (
        as_role("investigator")
        .get("/v1/subjects/lookup", params={"local_id": "LL-100234"})
        .json()["token"]
    )
    return payload["entry_id"], token


def test_read_shows_effective_state_history_receipt_and_opened_reason(as_role: Any) -> None:
    entry_id, _ = _record_and_correct(as_role)
    response = as_role("investigator").get(f"/v1/disclosures/{entry_id}")
    body = response.json()
    assert response.status_code == 200
    assert body["effective"]["categories"] == ["identity", "domestic_abuse"]
    assert [v["kind"] for v in body["history"]] == ["disclosure", "correction"]
    assert body["history"][1]["reason"] == "Keyed in error"
    assert body["effective"]["reason"] == "Strategy discussion after a disclosure at school"
    assert body["receipt"]["entry_id"] == entry_id


@pytest.mark.parametrize(
    ("correction", "fields"),
    [
        ({"changes": {"categories": ["nope"]}, "reason": "r"}, ["changes.categories[0]"]),
        ({"changes": {"recipient": "nobody-at-all"}, "reason": "r"}, ["changes.recipient"]),
        ({"void": True}, ["reason"]),
        ({"void": True, "changes": {"purpose": "education"}, "reason": "r"}, [""]),
    ],
)
def test_a_refused_correction_names_the_documented_field(
    as_role: Any, correction: dict[str, Any], fields: list[str]
) -> None:
    recorder = as_role("recorder")
    payload = disclosure_payload()
    recorder.post("/v1/disclosures", json=payload)
    response = recorder.post(f"/v1/disclosures/{payload['entry_id']}/corrections", json=correction)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == fields


def test_an_unknown_disclosure_is_404(as_role: Any) -> None:
    url = "/v1/disclosures/00000000-0000-4000-8000-000000000000"
    assert as_role("investigator").get(url).status_code == 404
    assert (
        as_role("recorder").post(url + "/corrections", json=correction_payload()).status_code == 404
    )


def test_listing_filters_and_pages(as_role: Any) -> None:
    _, token = _record_and_correct(as_role)
    investigator = as_role("investigator")
    every = investigator.get("/v1/disclosures").json()["items"]
    assert [d["kind"] for d in every] == ["disclosure", "onward"]
    assert every[0]["categories"] == ["domestic_abuse", "identity"]
    onward = investigator.get("/v1/disclosures", params={"kind": "onward"}).json()["items"]
    assert [d["recipient"] for d in onward] == ["cps"]
    by_subject = investigator.get("/v1/disclosures", params={"subject": token, "limit": 1}).json()
    assert len(by_subject["items"]) == 1 and by_subject["next_cursor"]
    rest = investigator.get(
        "/v1/disclosures", params={"subject": token, "cursor": by_subject["next_cursor"]}
    ).json()
    assert [d["seq"] for d in rest["items"]] == [every[1]["seq"]] and rest["next_cursor"] is None
    none = investigator.get("/v1/disclosures", params={"category": "health"}).json()["items"]
    assert none == []


def test_a_forged_cursor_is_422(as_role: Any) -> None:
    response = as_role("investigator").get("/v1/disclosures", params={"cursor": "bm9wZQ"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cursor"


def test_query_errors_name_the_parameter(as_role: Any) -> None:
    response = as_role("investigator").get("/v1/disclosures", params={"limit": 0})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"


def test_request_ids_are_echoed_when_well_formed_and_made_otherwise(client: Any) -> None:
    echoed = client.get("/health", headers={"X-Request-ID": "case-sys.42"})
    replaced = client.get("/health", headers={"X-Request-ID": "bad id\twith spaces"})
    assert echoed.headers["x-request-id"] == "case-sys.42"
    assert replaced.headers["x-request-id"] not in ("", "bad id\twith spaces")
    missing = client.get("/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.json()["request_id"] == missing.headers["x-request-id"]
