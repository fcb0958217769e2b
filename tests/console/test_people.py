"""Finding a person and the person's page: timeline marks, lineage, notify list, the access log."""

from __future__ import annotations

from fastapi import FastAPI

from lineage.registry.access_log import read_events
from lineage.service import Service
from tests.appending import append, correct, record
from tests.console.conftest import Client
from tests.factories import (
    NHS_NUMBER,
    breach_payload,
    correction_payload,
    disclosure_payload,
    refusal_payload,
)


def seeded(service: Service) -> dict[str, str]:
    """A share, a refusal, a corrected share and a breach about one child (LL-100234)."""
    first = append(service.ledger, disclosure_payload(), recorded_by="test").receipt.entry_id
    append(service.ledger, refusal_payload(), recorded_by="test")
    second = append(service.ledger, disclosure_payload(), recorded_by="test").receipt.entry_id
    correct(service.ledger, second, correction_payload(), recorded_by="test")
    record(service.ledger, "breach", breach_payload([first]), recorded_by="test")
    return {"first": first, "second": second}


def token_of(client_page: str) -> str:
    return client_page.split("<title>Person ")[1].split(" ")[0]


def test_find_by_nhs_number_opens_the_persons_page(
    service: Service, console_app: FastAPI, signed_in: Client
) -> None:
    seeded(service)
    client = signed_in("investigator")
    answer = client.get("/people", params={"by": "nhs_number", "value": NHS_NUMBER})
    assert answer.status_code == 200, answer.text
    html = answer.text
    for mark in ("mark-shared", "mark-refused", "mark-breach", "Corrected"):
        assert mark in html, mark
    assert "<svg" in html and "LL-100234" in html  # the diagram, and the identifiers
    token = token_of(html)
    with service.engine.connect() as conn:
        events = read_events(conn, token=token)
    endpoints = [e["endpoint"] for e in events]
    assert "GET /people" in endpoints and "GET /people/{token}" in endpoints
    assert all(e["principal"] == "investigator:investigator-tester" for e in events)


def test_a_family_is_found_by_its_id(service: Service, signed_in: Client) -> None:
    seeded(service)
    answer = signed_in("investigator").get("/people", params={"by": "family_id", "value": "FAM-77"})
    assert answer.status_code == 200
    assert answer.text.count('href="/people/sub_') == 2


def test_roles_without_the_permission_are_refused(service: Service, signed_in: Client) -> None:
    seeded(service)
    for role in ("board", "recorder", "admin"):
        answer = signed_in(role).get("/people", params={"by": "local_id", "value": "LL-100234"})
        assert answer.status_code == 403, role


def test_an_unknown_person_is_a_404_and_logged(service: Service, signed_in: Client) -> None:
    answer = signed_in("sar_officer").get("/people", params={"by": "local_id", "value": "nobody"})
    assert answer.status_code == 404
    with service.engine.connect() as conn:
        [event] = read_events(conn)
    assert event.get("token") is None and event["returned"]["status"] == 404
