"""Partners and agreements over the API: versioned, never destructive."""

from __future__ import annotations

from typing import Any

from tests.factories import agreement_payload, partner_payload


def test_a_partner_is_created_once_then_versioned_and_retired(as_role: Any) -> None:
    admin = as_role("admin")
    payload = partner_payload(code="herts-police", name="Hertfordshire Constabulary")
    assert admin.post("/v1/partners", json=payload).status_code == 201
    assert admin.post("/v1/partners", json=payload).status_code == 409
    renamed = {**payload, "name": "Herts Police"}
    assert admin.put("/v1/partners/herts-police", json=renamed).json()["version"] == 2
    assert admin.put("/v1/partners/herts-police", json=renamed).json()["version"] == 2
    retired = admin.post("/v1/partners/herts-police/retire").json()
    assert (retired["version"], retired["retired"]) == (3, True)
    detail = admin.get("/v1/partners/herts-police").json()
    assert [v["name"] for v in detail["history"]] == [
        "Hertfordshire Constabulary",
        "Herts Police",
        "Herts Police",
    ]
    codes = {p["code"] for p in admin.get("/v1/partners").json()["items"]}
    assert "herts-police" in codes


def test_put_refuses_another_code_and_an_unknown_partner(as_role: Any) -> None:
    admin = as_role("admin")
    clash = admin.put("/v1/partners/beds-police", json=partner_payload(code="cps"))
    assert clash.status_code == 422 and clash.json()["errors"][0]["field"] == "code"
    unknown = admin.put("/v1/partners/no-such", json=partner_payload(code="no-such"))
    assert unknown.status_code == 404
    assert admin.post("/v1/partners/no-such/retire").status_code == 404


def test_an_agreement_keeps_its_history(as_role: Any) -> None:
    admin = as_role("admin")
    changed = agreement_payload(review_date="2027-03-31")
    assert admin.put("/v1/agreements/ISA-2024-POLICE", json=changed).status_code == 200
    detail = admin.get("/v1/agreements/ISA-2024-POLICE").json()
    assert [v["review_date"] for v in detail["history"]] == ["2026-03-31", "2027-03-31"]
    refused = admin.post("/v1/agreements", json=agreement_payload(id="ISA-X", purposes=["x"]))
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "purposes[0]"
