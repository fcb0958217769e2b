"""The exceptions queue's dispositions, a partner's page, integrity, the board and the audit."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import create_app
from lineage.investigate import flagged_entries
from lineage.ledger.canonical import parse_body
from lineage.registry.access_log import read_events
from lineage.service import Service
from models.tables import LedgerEntry
from tests.appending import append
from tests.console.conftest import Client, link_for
from tests.console.test_exports import api_client
from tests.factories import disclosure_payload
from tests.lineage.test_witnessing import log_of
from tests.lineage.witnesses import new_witness, witness_serving

BOARD = "/board?from=2024-01-01&to=2024-03-31"


def flagged(service: Service) -> str:
    """A disclosure recorded long after it happened: flagged as late."""
    late = disclosure_payload(occurred_at="2024-01-05T09:00:00Z")
    entry_id = append(service.ledger, late, recorded_by="t").receipt.entry_id
    with service.engine.connect() as conn:
        assert flagged_entries(conn)["exceptions"], "the seeded entry must be flagged"
    return entry_id


def csrf(page: str) -> str:
    return page.split('name="csrf" value="')[1].split('"')[0]


def test_a_disposition_is_recorded_in_the_ledger(service: Service, signed_in: Client) -> None:
    entry_id = flagged(service)
    client = signed_in("investigator")
    queue = client.get("/exceptions")
    assert queue.status_code == 200 and entry_id[:8] in queue.text
    form = {"csrf": csrf(queue.text), "disposition": "accepted", "reason": "Court order seen"}
    done = client.post(f"/exceptions/{entry_id}/disposition", data=form)
    assert done.status_code == 200 and "was recorded in the ledger" in done.text
    assert "Accepted, with the reason" in done.text
    with service.engine.connect() as conn:
        bodies = [parse_body(bytes(b)) for b in conn.execute(select(LedgerEntry.body)).scalars()]
    [review] = [b for b in bodies if b["kind"] == "review"]
    assert review["entry"]["entry_id"] == entry_id and review["disposition"] == "accepted"
    assert review["recorded_by"] == "investigator:investigator-tester"
    assert service.verify().ok


def test_a_disposition_without_csrf_or_reason_is_refused(
    service: Service, signed_in: Client
) -> None:
    entry_id = flagged(service)
    client = signed_in("investigator")
    token = csrf(client.get("/exceptions").text)
    forged = {"csrf": "x", "disposition": "accepted", "reason": "r"}
    assert client.post(f"/exceptions/{entry_id}/disposition", data=forged).status_code == 403
    empty = {"csrf": token, "disposition": "accepted", "reason": ""}
    assert client.post(f"/exceptions/{entry_id}/disposition", data=empty).status_code == 422
    size, _ = service.ledger.head()
    assert size == 1


def test_pages_by_role(service: Service, signed_in: Client) -> None:
    flagged(service)
    allowed = {
        "investigator": ["/partners/beds-police", "/integrity", BOARD, "/audit?token=sub_x"],
        "board": [BOARD, "/partners", "/integrity"],
        "admin": ["/audit?token=sub_x", "/integrity"],
    }
    refused = {
        "board": ["/exceptions", "/audit", "/people/sub_x"],
        "sar_officer": ["/exceptions", "/disclosures", "/board", "/audit"],
        "recorder": ["/exceptions", "/board", "/audit"],
    }
    for role, paths in allowed.items():
        client = signed_in(role)
        for path in paths:
            assert client.get(path).status_code == 200, (role, path)
    for role, paths in refused.items():
        client = signed_in(role)
        for path in paths:
            assert client.get(path).status_code == 403, (role, path)


def test_the_board_pack_downloads(service: Service, signed_in: Client) -> None:
    flagged(service)
    answer = signed_in("board").get(BOARD.replace("/board", "/board/pack"))
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    assert "<svg" in answer.text


def test_the_queue_filters_by_kind_and_period(service: Service, signed_in: Client) -> None:
    entry_id = flagged(service)
    client = signed_in("investigator")
    with service.engine.connect() as conn:
        [item] = flagged_entries(conn)["exceptions"]
    kind = item["exceptions"][0]["kind"]
    shown = client.get("/exceptions", params={"kind": kind, "from": "2024-01-05"})
    assert shown.status_code == 200 and entry_id[:8] in shown.text
    before = client.get("/exceptions", params={"kind": kind, "to": "2024-01-04"})
    assert before.status_code == 200 and entry_id[:8] not in before.text
    assert client.get("/exceptions", params={"kind": "nonsense"}).status_code == 422
    assert client.get("/exceptions", params={"from": "2024-13-01"}).status_code == 422


def test_the_last_verification_is_kept(service: Service, signed_in: Client) -> None:
    flagged(service)
    client = signed_in("admin")
    page = client.get("/integrity").text
    assert "No verification has been run" in page
    done = client.post("/integrity/verify", data={"csrf": csrf(page)})
    assert done.status_code == 200
    assert "agree" in done.text and "admin:admin-tester" in done.text
    other = signed_in("board").get("/integrity").text
    assert "admin:admin-tester" in other and "Verify now" not in other


def test_the_integrity_page_says_when_no_witness_holds_the_checkpoints(
    signed_in: Client,
) -> None:
    page = signed_in("admin").get("/integrity")
    assert page.status_code == 200
    assert "No witnesses are configured" in page.text


def test_the_integrity_page_shows_the_newest_witnessed_checkpoint(
    service: Service, tmp_path: Path
) -> None:
    folder = tmp_path / "witness"
    vkey = new_witness(folder, "witness.example.org/w1")
    with witness_serving(folder, log_of(service)) as url:
        settings = service.settings.model_copy(
            update={"witnesses": f"{url} {vkey}", "checkpoint_interval_seconds": 0}
        )
        app = create_app(settings)
        try:
            append(app.state.service.ledger, disclosure_payload(), recorded_by="t")
            app.state.service.checkpoint()
            client = TestClient(app, base_url="https://testserver")
            assert client.get(link_for(settings, "admin")).status_code == 200
            page = client.get("/integrity").text
        finally:
            app.state.service.engine.dispose()
    assert "witness.example.org/w1" in page and "Newest witnessed checkpoint" in page
    assert "No checkpoint has yet been cosigned" not in page


def test_the_queue_counts_exceptions_as_the_api_does(
    service: Service, signed_in: Client, console_app: FastAPI
) -> None:
    flagged(service)
    append(service.ledger, disclosure_payload(occurred_at="2024-02-05T09:00:00Z"), recorded_by="t")
    api = api_client(console_app, service)
    client = signed_in("investigator")
    for asked in ({}, {"from": "2024-02-01"}, {"to": "2024-01-31"}, {"partner": "nobody"}):
        total = api.get("/v1/exceptions", params={**asked, "limit": 1}).json()["total"]
        shown = client.get("/exceptions", params=asked)
        assert shown.status_code == 200
        assert f"Flagged entries: {total} in all" in shown.text, (asked, total)
    assert api.get("/v1/exceptions").json()["total"] == 2


def test_a_partners_page_counts_its_year_as_the_api_does(
    service: Service, signed_in: Client, console_app: FastAPI
) -> None:
    march = disclosure_payload()  # to beds-police on 2026-03-02
    append(service.ledger, march, recorded_by="t")
    append(service.ledger, disclosure_payload(occurred_at="2024-06-30T23:59:00Z"), recorded_by="t")
    api = api_client(console_app, service)
    client = signed_in("investigator")
    people = len(march["subjects"])
    # (year, a month with a share in it: its label, first and last day; subjects exposed)
    for year, month, moved in (
        (2026, ("March 2026", "2026-03-01", "2026-03-31"), people),
        (2024, ("June 2024", "2024-06-01", "2024-06-30"), people),
        (2025, None, 0),
    ):
        shown = client.get("/partners/beds-police", params={"year": year})
        assert shown.status_code == 200
        window = {"from": f"{year}-01-01", "to": f"{year}-12-31"}
        exposed = api.get("/v1/partners/beds-police/exposure", params=window).json()
        assert exposed["subject_count"] == moved
        assert f"In {year}, {exposed['subject_count']} people's data was received" in shown.text
        if month is not None:
            label, first, last = month
            asked = {"recipient": "beds-police", "from": first, "to": last}
            counted = api.get("/v1/disclosures/count", params=asked).json()["count"]
            assert counted == 1
            assert f'<th scope="row">{label}</th><td>{counted}</td>' in shown.text
    with service.engine.connect() as conn:
        logged = read_events(conn, principal="investigator:investigator-tester", limit=500)
    shown_to = [e for e in logged if e["endpoint"] == "GET /partners/{code}" and e.get("token")]
    assert len(shown_to) == 2 * people  # 2026 and 2024 named the subjects; 2025 named none
