"""Cases over HTTP: breaches listed and stepped, a subject access request from receipt to
release (recorded as a disclosure to the requester), a complaint, an Art 19 worklist, and
the due list — each role seeing only its own kinds, refusals naming fields."""

from __future__ import annotations

import uuid
from typing import Any

from tests.factories import breach_payload, disclosure_payload, partner_payload

CHILD = {"local_id": "LL-100234"}


def _share(as_role: Any) -> str:
    payload = disclosure_payload()
    assert as_role("recorder").post("/v1/disclosures", json=payload).status_code == 201
    return str(payload["entry_id"])


def _misdirected(as_role: Any) -> tuple[str, str]:
    share = _share(as_role)
    payload = breach_payload([share], partner="cps", aware_at="2026-03-04T09:30:00Z")
    response = as_role("investigator").post("/v1/breaches", json=payload)
    assert response.status_code == 201, response.text
    return share, response.json()["entry_id"]


def test_breaches_are_listed_filtered_and_stepped(as_role: Any) -> None:
    share, breach = _misdirected(as_role)
    dpo = as_role("investigator")
    listed = dpo.get("/v1/breaches", params={"partner": "cps", "ico": "pending"}).json()
    assert listed["count"] == 1
    [case] = listed["breaches"]
    assert (case["case_id"], case["misdirected"], case["entries"]) == (breach, True, [share])
    assert case["ico"]["overdue"] is True  # 72 hours from 4 March 2026 have long passed
    assert dpo.get("/v1/breaches", params={"partner": "beds-police"}).json()["count"] == 0
    step = {"step": "ico_decision", "at": "2026-03-05T10:00:00Z", "report": True,
            "reason": "Health data of a child"}  # fmt: skip
    assert dpo.post(f"/v1/breaches/{breach}/steps", json=step).status_code == 201
    one = dpo.get(f"/v1/breaches/{breach}").json()
    assert one["ico"]["status"] == "pending"  # decided to report; not yet reported
    bad = dpo.post(f"/v1/breaches/{breach}/steps", json={"step": "ico_decision", "report": 1})
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    assert {e["field"] for e in bad.json()["errors"]} >= {"at", "reason"}
    assert dpo.get(f"/v1/breaches/{uuid.uuid4()}").status_code == 404


def test_only_those_handling_breaches_see_them(as_role: Any) -> None:
    _misdirected(as_role)
    for role in ("board", "sar_officer", "recorder"):
        assert as_role(role).get("/v1/breaches").status_code == 403


def _data_subject_partner(as_role: Any) -> str:
    code = f"requester-{uuid.uuid4().hex[:6]}"
    partner = partner_payload(code=code, name="The requester", type="data_subject")
    assert as_role("admin").post("/v1/partners", json=partner).status_code == 201
    return code


def test_a_subject_access_request_from_receipt_to_release(as_role: Any) -> None:
    share = _share(as_role)
    sar = as_role("sar_officer")
    opened = sar.post(
        "/v1/access-requests",
        json={"requester": "Ms A Parent", "requester_type": "representative",
              "subjects": [CHILD], "received": "2026-06-10", "channel": "email"},
    )  # fmt: skip
    assert opened.status_code == 201, opened.text
    case = opened.json()["entry_id"]
    steps = [
        {"step": "identity_confirmed", "on": "2026-06-11"},
        {"step": "paused", "on": "2026-06-12", "reason": "Asked which years are wanted"},
        {"step": "restarted", "on": "2026-06-22"},
        {"step": "searched", "on": "2026-06-23", "systems": ["Disclosure ledger", "Mosaic"],
         "scope": "Records of sharing since 2024; email not searched: no sharing by email"},
        {"step": "item_reviewed", "on": "2026-06-24", "entry": share, "decision": "redact",
         "reason": "Names the parent"},
    ]  # fmt: skip
    for step in steps:
        answer = sar.post(f"/v1/access-requests/{case}/steps", json=step)
        assert answer.status_code == 201, answer.text
    view = sar.get(f"/v1/access-requests/{case}").json()
    assert view["requester"] == "Ms A Parent"
    assert view["clock"]["due"] == "2026-07-21"  # 11 Jul (from identity) + 10 days paused
    assert view["searches"][0]["systems"] == ["Disclosure ledger", "Mosaic"]
    assert view["reviewed"][0]["decision"] == "redact"
    requester = _data_subject_partner(as_role)
    release = {"step": "released", "on": "2026-07-01", "recipient": requester,
               "method": "secure_email", "categories": ["identity"]}  # fmt: skip
    wrong = sar.post(f"/v1/access-requests/{case}/steps", json={**release, "recipient": "cps"})
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "recipient"
    released = sar.post(f"/v1/access-requests/{case}/steps", json=release)
    assert released.status_code == 201, released.text
    disclosure = released.json()["disclosure"]["entry_id"]
    recorded = as_role("investigator").get(f"/v1/disclosures/{disclosure}").json()
    assert recorded["effective"]["recipient"] == requester
    assert recorded["effective"]["purpose"] == "subject_request"
    view = sar.get(f"/v1/access-requests/{case}").json()
    assert view["clock"]["answered"] == "2026-07-01"
    assert view["clock"]["late"] is False


def test_a_subject_access_step_names_its_wrong_fields(as_role: Any) -> None:
    sar = as_role("sar_officer")
    bad = sar.post("/v1/access-requests", json={"requester_type": "neighbour", "subjects": []})
    assert bad.status_code == 422
    fields = {e["field"] for e in bad.json()["errors"]}
    assert {"requester", "requester_type", "subjects", "received", "channel"} <= fields
    extended = sar.post(
        f"/v1/access-requests/{uuid.uuid4()}/steps",
        json={"step": "extended", "on": "2026-06-30", "months": 3, "reason": "Complex"},
    )
    assert [e["field"] for e in extended.json()["errors"]] == ["months"]


def test_a_complaint_is_acknowledged_and_answered(as_role: Any) -> None:
    share = _share(as_role)
    dpo = as_role("investigator")
    opened = dpo.post(
        "/v1/complaints",
        json={"complainant": "Mr B", "channel": "phone", "received": "2026-07-02",
              "summary": "Shared with the police without telling me", "subjects": [CHILD],
              "entries": [share]},
    )  # fmt: skip
    assert opened.status_code == 201, opened.text
    case = opened.json()["entry_id"]
    view = dpo.get(f"/v1/complaints/{case}").json()
    assert view["acknowledgement"]["due"] == "2026-08-03"  # 1 Aug is a Saturday
    assert view["entries"] == [share]
    no_ico = {"step": "outcome", "on": "2026-07-20", "outcome": "not_upheld",
              "detail": "s47 enquiry", "told_of_ico_right": False}  # fmt: skip
    refused = dpo.post(f"/v1/complaints/{case}/steps", json=no_ico)
    assert [e["field"] for e in refused.json()["errors"]] == ["told_of_ico_right"]
    for step in (
        {"step": "acknowledged", "on": "2026-07-03", "method": "post"},
        {**no_ico, "told_of_ico_right": True},
        {"step": "closed", "on": "2026-07-21", "summary": "Answered"},
    ):
        assert dpo.post(f"/v1/complaints/{case}/steps", json=step).status_code == 201
    view = dpo.get(f"/v1/complaints/{case}").json()
    assert view["acknowledgement"]["late"] is False
    assert view["outcome"]["told_of_ico_right"] is True
    assert view["status"] == "closed"
    assert as_role("sar_officer").get("/v1/complaints").status_code == 403


def test_an_art_19_worklist_from_the_notify_list(as_role: Any) -> None:
    _share(as_role)
    dpo = as_role("investigator")
    opened = dpo.post("/v1/art19-worklists", json={"subject": CHILD, "on": "2026-07-01"})
    assert opened.status_code == 201, opened.text
    case = opened.json()["entry_id"]
    assert dpo.get(f"/v1/art19-worklists/{case}").json()["outstanding"] == ["beds-police"]
    due = dpo.get("/v1/cases/due").json()
    assert case in [item["case_id"] for item in due["due"]]
    stranger = dpo.post(
        f"/v1/art19-worklists/{case}/steps",
        json={"step": "notified", "on": "2026-07-02", "recipient": "cps", "method": "post"},
    )
    assert [e["field"] for e in stranger.json()["errors"]] == ["recipient"]
    impossible = {"step": "impossible", "on": "2026-07-02", "recipient": "beds-police",
                  "reason": "Team disbanded; records passed to archive"}  # fmt: skip
    assert dpo.post(f"/v1/art19-worklists/{case}/steps", json=impossible).status_code == 201
    view = dpo.get(f"/v1/art19-worklists/{case}").json()
    assert view["outstanding"] == []
    assert view["recipients"][0]["state"] == "impossible"
    assert view["recipients"][0]["reason"] == "Team disbanded; records passed to archive"


def test_the_due_list_shows_each_role_its_own_kinds(as_role: Any) -> None:
    _misdirected(as_role)
    sar = as_role("sar_officer")
    sar.post(
        "/v1/access-requests",
        json={"requester": "Ms A", "requester_type": "data_subject", "subjects": [CHILD],
              "received": "2026-01-05", "channel": "letter"},
    )  # fmt: skip
    dpo_due = as_role("investigator").get("/v1/cases/due").json()
    sar_due = sar.get("/v1/cases/due").json()
    assert {i["case_kind"] for i in dpo_due["overdue"]} == {"breach"}
    assert {i["case_kind"] for i in sar_due["overdue"]} == {"access_request"}
    assert sar_due["overdue"][0]["due"] == "2026-02-05"
    assert as_role("board").get("/v1/cases/due").status_code == 403


def test_the_misdirected_share_over_the_api(as_role: Any) -> None:
    share, breach = _misdirected(as_role)
    dpo = as_role("investigator")
    token = dpo.get("/v1/subjects/lookup", params={"local_id": "LL-100234"}).json()["token"]
    exposure = dpo.get("/v1/partners/cps/exposure")
    assert exposure.status_code == 200, exposure.text
    assert {s["via"] for s in exposure.json()["subjects"]} == {"breach"}
    lineage = dpo.get(f"/v1/subjects/{token}/lineage")
    assert lineage.status_code == 200, lineage.text
    edges = {e["entry_id"]: e for e in lineage.json()["edges"]}
    assert (edges[breach]["kind"], edges[breach]["to"]) == ("breach", "cps")
    report = dpo.get(f"/v1/subjects/{token}/access-report")
    assert report.status_code == 200, report.text
    assert [b["entry_id"] for b in report.json()["breaches"]] == [share]
    drawn = dpo.get(f"/v1/subjects/{token}/lineage", params={"format": "svg"})
    assert drawn.status_code == 200
