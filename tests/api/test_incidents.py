"""Recording breaches and Art 19 notifications over the API."""

from __future__ import annotations

import uuid
from typing import Any

from tests.factories import breach_payload, disclosure_payload, notification_payload


def _recorded(as_role: Any) -> str:
    payload = disclosure_payload()
    assert as_role("recorder").post("/v1/disclosures", json=payload).status_code == 201
    return str(payload["entry_id"])


def test_a_notification_naming_a_known_subject_by_local_id_is_recorded(as_role: Any) -> None:
    entry_id = _recorded(as_role)
    payload = notification_payload([entry_id], entry_id=str(uuid.uuid4()))
    first = as_role("investigator").post("/v1/notifications", json=payload)
    again = as_role("investigator").post("/v1/notifications", json=payload)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["seq"] == first.json()["seq"]


def test_a_breach_is_linked_to_known_entries_only(as_role: Any) -> None:
    entry_id = _recorded(as_role)
    investigator = as_role("investigator")
    assert investigator.post("/v1/breaches", json=breach_payload([entry_id])).status_code == 201
    unknown = breach_payload(["00000000-0000-4000-8000-000000000000"])
    response = investigator.post("/v1/breaches", json=unknown)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "entries[0]"


def test_a_recorder_may_not_record_incidents(as_role: Any) -> None:
    entry_id = _recorded(as_role)
    response = as_role("recorder").post("/v1/breaches", json=breach_payload([entry_id]))
    assert response.status_code == 403
