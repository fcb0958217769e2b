"""Over HTTP: one identifier, one subject (409s that say how to resolve them), merges and
identifier changes for investigators and admins, and the s.16LC consistent-identifier count."""

from __future__ import annotations

from typing import Any

from tests.factories import NHS_NUMBER, disclosure_payload

OTHER_NHS = "9990000018"  # the test range (999), check digit correct


def child(local_id: str, **identifiers: Any) -> dict[str, Any]:
    return {"local_id": local_id, "role": "child", **identifiers}


def record(recorder: Any, *subjects: dict[str, Any], **overrides: Any) -> Any:
    return recorder.post(
        "/v1/disclosures", json=disclosure_payload(subjects=list(subjects), **overrides)
    )


def token(caller: Any, **identifier: str) -> Any:
    return caller.get("/v1/subjects/lookup", params=identifier).json()


def test_a_duplicate_nhs_number_is_a_409_naming_the_field(as_role: Any) -> None:
    recorder = as_role("recorder")
    assert record(recorder, child("A-1", nhs_number=NHS_NUMBER)).status_code == 201
    response = record(recorder, child("A-1b"), child("A-2", nhs_number=NHS_NUMBER))
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    [error] = response.json()["errors"]
    assert error["field"] == "subjects[1].nhs_number"
    assert "subjects merge" in error["message"]
    lookup = as_role("investigator").get("/v1/subjects/lookup", params={"local_id": "A-1b"})
    assert lookup.status_code == 404  # nothing of the refused disclosure was stored


def test_repointing_a_childs_nhs_number_is_a_409(as_role: Any) -> None:
    recorder = as_role("recorder")
    record(recorder, child("A-1", nhs_number=NHS_NUMBER))
    response = record(recorder, child("A-1", nhs_number=OTHER_NHS))
    assert response.status_code == 409
    assert "set-identifier" in response.json()["errors"][0]["message"]
    investigator = as_role("investigator")
    assert token(investigator, nhs_number=NHS_NUMBER) == token(investigator, local_id="A-1")


def test_merge_and_set_identifier_are_recorded_and_looked_up(as_role: Any) -> None:
    recorder, investigator = as_role("recorder"), as_role("investigator")
    record(recorder, child("A-1", nhs_number=NHS_NUMBER))
    record(recorder, child("B-9"))
    survivor = token(investigator, local_id="A-1")["token"]
    other = token(investigator, local_id="B-9")["token"]

    body = {"merged": [other], "reason": "same child"}
    assert recorder.post(f"/v1/subjects/{survivor}/merge", json=body).status_code == 403
    merged = investigator.post(f"/v1/subjects/{survivor}/merge", json=body)
    assert merged.status_code == 201, merged.json()
    assert token(investigator, local_id="B-9") == {"token": survivor, "merged_from": [other]}
    lineage = investigator.get(f"/v1/subjects/{other}/lineage").json()
    assert lineage["subject"] == survivor and len(lineage["edges"]) == 2

    change = {"field": "nhs_number", "value": OTHER_NHS, "reason": "GP confirmed"}
    fixed = as_role("admin").post(f"/v1/subjects/{survivor}/identifiers", json=change)
    assert fixed.status_code == 201, fixed.json()
    assert token(investigator, nhs_number=OTHER_NHS)["token"] == survivor
    assert as_role("admin").post("/v1/ledger/verify").json()["ok"]


def test_set_identifier_to_a_number_another_holds_is_a_409(as_role: Any) -> None:
    recorder, admin = as_role("recorder"), as_role("admin")
    record(recorder, child("A-1", nhs_number=NHS_NUMBER))
    record(recorder, child("A-2"))
    other = token(as_role("investigator"), local_id="A-2")["token"]
    change = {"field": "nhs_number", "value": NHS_NUMBER, "reason": "typed in"}
    response = admin.post(f"/v1/subjects/{other}/identifiers", json=change)
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "value"


def test_which_disclosures_carried_the_consistent_identifier(as_role: Any) -> None:
    recorder, investigator = as_role("recorder"), as_role("investigator")
    record(recorder, child("A-1"), categories=["identity", "nhs_number"])
    record(recorder, child("A-2"), categories=["identity"])
    record(recorder, child("A-3"), categories=["identity"])
    listed = investigator.get("/v1/disclosures", params={"consistent_identifier": "true"})
    assert [i["categories"] for i in listed.json()["items"]] == [["identity", "nhs_number"]]
    counts = {
        flag: investigator.get(
            "/v1/disclosures/count", params={"consistent_identifier": flag}
        ).json()["count"]
        for flag in ("true", "false")
    }
    assert counts == {"true": 1, "false": 2}
