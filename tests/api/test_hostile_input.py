"""Hostile and careless requests: each refused as problem+json naming its fields, nothing stored.

Each case once gave a 500 (on one database or both) or was stored for ever.
"""

from __future__ import annotations

from typing import Any

import pytest

from api import pagination
from tests.factories import (
    agreement_payload,
    correction_payload,
    disclosure_payload,
    notification_payload,
)

PROBLEM = "application/problem+json"


def size(caller: Any) -> int:
    head: int = caller.get("/v1/ledger/head").json()["tree_size"]
    return head


def refused_fields(response: Any) -> set[str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    return {e["field"] for e in response.json()["errors"]}


def test_a_body_nested_a_thousand_deep_is_refused_not_a_server_error(as_role: Any) -> None:
    recorder = as_role("recorder")
    before = size(recorder)
    for depth in (1_000, 50_000):
        body = '{"reason":' + "[" * depth + "]" * depth + "}"
        response = recorder.post(
            "/v1/disclosures", content=body, headers={"content-type": "application/json"}
        )
        assert refused_fields(response) == {""}
        assert "nested deeper" in response.json()["errors"][0]["message"]
    assert size(recorder) == before  # the API keys' own entries, and nothing more


@pytest.mark.parametrize(
    "value",
    ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00", "2099-01-01T00:00:00Z", 12345],
)
def test_an_insane_occurred_at_is_refused_naming_it(as_role: Any, value: Any) -> None:
    recorder = as_role("recorder")
    before = size(recorder)
    response = recorder.post("/v1/disclosures", json=disclosure_payload(occurred_at=value))
    assert refused_fields(response) == {"occurred_at"}
    assert size(recorder) == before  # the API keys' own entries, and nothing more


def test_a_listing_filter_out_of_range_is_refused(as_role: Any) -> None:
    response = as_role("investigator").get(
        "/v1/disclosures", params={"from": "9999-12-31T23:59:59-01:00", "subject": "x"}
    )
    assert refused_fields(response) == {"from"}


def test_lax_booleans_and_every_wrong_field_are_named_at_once(as_role: Any) -> None:
    recorder = as_role("recorder")
    before = size(recorder)
    subjects = [{"local_id": "LL-9", "role": "child", "nhs_number": "0000000000"}]
    payload = disclosure_payload(cross_border="no", occurred_at=12345, subjects=subjects)
    payload["reason"] = "bad\x00text"
    fields = refused_fields(recorder.post("/v1/disclosures", json=payload))
    assert fields == {"cross_border", "occurred_at", "subjects[0].nhs_number", "reason"}
    assert size(recorder) == before  # the API keys' own entries, and nothing more


@pytest.mark.parametrize("field", ["legal_power", "decision_maker", "agreement", "reason"])
def test_a_nul_in_any_text_field_is_refused_on_both_databases(as_role: Any, field: str) -> None:
    recorder = as_role("recorder")
    before = size(recorder)
    response = recorder.post("/v1/disclosures", json=disclosure_payload(**{field: "a\x00b"}))
    assert refused_fields(response) == {field}
    assert size(recorder) == before  # the API keys' own entries, and nothing more


def test_a_nul_in_a_registry_body_is_refused(as_role: Any) -> None:
    admin = as_role("admin")
    response = admin.post("/v1/agreements", json=agreement_payload(id="x\x00", title="t\x1b[2J"))
    assert refused_fields(response) == {"id", "title"}


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/v1/disclosures", {"recipient": "beds\x00"}, "recipient"),
        ("/v1/disclosures", {"subject": "\x00"}, "subject"),
        ("/v1/disclosures", {"category": "a\x1b"}, "category"),
        ("/v1/subjects/lookup", {"local_id": "LL\x00"}, "local_id"),
        ("/v1/subjects/ab%00cd/lineage", {}, "token"),
        ("/v1/partners/ab%00cd/exposure", {}, "code"),
        ("/v1/partners/ab%00cd", {}, "code"),
        ("/v1/agreements/a%00b", {}, "agreement_id"),
        ("/v1/disclosures/a%00b", {}, "entry_id"),
        ("/v1/subjects/ab%1bcd/access-report", {}, "token"),
    ],
)
def test_a_control_character_in_a_filter_or_path_is_refused_naming_it(
    as_role: Any, url: str, params: dict[str, str], field: str
) -> None:
    response = as_role("admin").get(url, params=params)
    assert refused_fields(response) == {field}


@pytest.mark.parametrize(
    "cursor",
    [
        pagination.encode(2**63),
        pagination.encode(10**18 * 9),
        "YWZ0ZXI6OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk",
        "not a cursor",
        "YWZ0ZXI6LTE",
        "YWZ0ZXI6MQ==",
    ],
)
def test_an_oversized_or_garbled_cursor_is_refused(as_role: Any, cursor: str) -> None:
    for role, url in [
        ("investigator", "/v1/disclosures"),
        ("admin", "/v1/audit/access"),
        ("investigator", "/v1/transfers"),
        ("investigator", "/v1/exceptions"),
    ]:
        response = as_role(role).get(url, params={"cursor": cursor})
        assert response.status_code == 422, (url, response.text)
        assert refused_fields(response) == {"cursor"}


def test_a_cursor_given_out_still_works(as_role: Any) -> None:
    recorder = as_role("recorder")
    for _ in range(2):
        recorder.post("/v1/disclosures", json=disclosure_payload())
    first = as_role("investigator").get("/v1/disclosures", params={"limit": 1}).json()
    then = as_role("investigator").get("/v1/disclosures", params={"cursor": first["next_cursor"]})
    assert then.status_code == 200 and len(then.json()["items"]) == 1


def test_a_notification_for_an_unknown_local_id_registers_nobody(as_role: Any) -> None:
    recorder = as_role("recorder")
    stored = recorder.post("/v1/disclosures", json=disclosure_payload()).json()
    before = size(recorder)
    payload = notification_payload([stored["entry_id"]], subject={"local_id": "LL-TYPO"})
    response = as_role("investigator").post("/v1/notifications", json=payload)
    assert refused_fields(response) == {"subject.local_id"}
    assert size(recorder) == before
    lookup = as_role("investigator").get("/v1/subjects/lookup", params={"local_id": "LL-TYPO"})
    assert lookup.status_code == 404


def test_a_notification_for_a_known_local_id_is_kept(as_role: Any) -> None:
    recorder = as_role("recorder")
    stored = recorder.post("/v1/disclosures", json=disclosure_payload()).json()
    payload = notification_payload([stored["entry_id"]])
    response = as_role("investigator").post("/v1/notifications", json=payload)
    assert response.status_code == 201, response.text


def test_a_correction_naming_an_unknown_subject_is_refused(as_role: Any) -> None:
    recorder = as_role("recorder")
    stored = recorder.post("/v1/disclosures", json=disclosure_payload()).json()
    before = size(recorder)
    changes = {"subjects": [{"local_id": "LL-NEW", "role": "child"}]}
    response = recorder.post(
        f"/v1/disclosures/{stored['entry_id']}/corrections",
        json=correction_payload(changes=changes),
    )
    assert refused_fields(response) == {"changes.subjects[0].local_id"}
    assert size(recorder) == before


@pytest.mark.parametrize(
    ("url", "flag"),
    [
        ("/v1/disclosures", "cross_border"),
        ("/v1/disclosures", "include_void"),
        ("/v1/subjects/sub_x/lineage", "family"),
    ],
)
def test_a_query_flag_is_only_true_or_false(as_role: Any, url: str, flag: str) -> None:
    investigator = as_role("investigator")
    for word in ("no", "yes", "0", "on"):
        assert refused_fields(investigator.get(url, params={flag: word})) == {flag}
    assert investigator.get("/v1/disclosures", params={"include_void": "true"}).status_code == 200
