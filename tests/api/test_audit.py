"""Every read that concerns a subject is in the access log, by token, and the log verifies."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text

from lineage.service import Service
from lineage.storage import guardrails
from lineage.storage.database import write_transaction
from models.tables import AccessLog
from tests.factories import NHS_NUMBER, UPN, disclosure_payload


def _reads(as_role: Any) -> tuple[str, str]:
    """Record a disclosure, then read about its child in every audited way."""
    payload = disclosure_payload()
    as_role("recorder").post("/v1/disclosures", json=payload)
    investigator = as_role("investigator")
    token = investigator.get("/v1/subjects/lookup", params={"nhs_number": NHS_NUMBER}).json()
    assert investigator.get("/v1/subjects/lookup", params={"upn": "A801200005001"}).status_code in (
        404,
        422,
    )
    assert investigator.get("/v1/subjects/lookup", params={"local_id": "LL-404"}).status_code == 404
    investigator.get("/v1/disclosures", params={"subject": token["token"]})
    investigator.get(f"/v1/disclosures/{payload['entry_id']}")
    as_role("sar_officer").get("/v1/subjects/lookup", params={"upn": UPN})
    return token["token"], payload["entry_id"]


def test_every_subject_read_is_in_the_access_log(as_role: Any) -> None:
    token, _ = _reads(as_role)
    events = as_role("admin").get("/v1/audit/access").json()["items"]
    about_child = [e for e in events if e.get("token") == token]
    assert [(e["principal"], e["endpoint"]) for e in about_child] == [
        ("investigator:test investigator", "GET /v1/subjects/lookup"),
        ("investigator:test investigator", "GET /v1/disclosures"),
        ("investigator:test investigator", "GET /v1/disclosures/{entry_id}"),
        ("sar_officer:test sar_officer", "GET /v1/subjects/lookup"),
    ]
    asked = {"subject": token, "include_void": False, "limit": 100}
    assert about_child[1]["returned"] == {"status": 200, "count": 1, "asked": asked}
    not_found = [e for e in events if e["returned"].get("status") == 404]
    assert [e.get("token") for e in not_found] == [None]
    assert all(e["request_id"] for e in events)


def test_the_access_log_filters_by_token_and_pages(as_role: Any) -> None:
    token, _ = _reads(as_role)
    admin = as_role("admin")
    first = admin.get("/v1/audit/access", params={"token": token, "limit": 3}).json()
    rest = admin.get("/v1/audit/access", params={"token": token, "cursor": first["next_cursor"]})
    assert len(first["items"]) == 3
    assert [e["endpoint"] for e in rest.json()["items"]] == ["GET /v1/subjects/lookup"]


def test_the_access_log_holds_no_identifiers(as_role: Any, service: Service) -> None:
    _reads(as_role)
    with service.engine.connect() as conn:
        stored = b"".join(bytes(b) for b in conn.execute(select(AccessLog.body)).scalars())
    for identifier in (NHS_NUMBER, UPN, "LL-100234", "LL-404", "A801200005001"):
        assert identifier.encode() not in stored


def test_verify_checks_the_access_log_and_finds_tampering(as_role: Any, service: Service) -> None:
    _reads(as_role)
    admin = as_role("admin")
    assert admin.post("/v1/ledger/verify").json()["ok"]
    with write_transaction(service.engine) as conn:
        guardrails.remove(conn)
        conn.execute(text("UPDATE access_log SET principal = 'nobody:x' WHERE seq = 1"))
    report = admin.post("/v1/ledger/verify").json()
    assert not report["ok"]
    assert any("access log" in p and "row 1" in p for p in report["problems"])
