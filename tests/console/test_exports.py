"""Several values per filter, whole-day date ranges, and exports equal to the JSON pages."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.exports import DISCLOSURE_COLUMNS, cell
from lineage.registry import apikeys
from lineage.registry.access_log import read_events
from lineage.service import Service
from tests.appending import append
from tests.console.conftest import Client
from tests.factories import disclosure_payload, refusal_payload, transfer_payload


def seeded(service: Service) -> None:
    append(service.ledger, disclosure_payload(), recorded_by="t")  # 2026-03-02, police
    append(service.ledger, refusal_payload(), recorded_by="t")  # 2026-03-03
    append(service.ledger, transfer_payload(), recorded_by="t")  # 2026-02-10
    late = disclosure_payload(occurred_at="2026-03-31T23:30:00Z", categories=["identity"])
    append(service.ledger, late, recorded_by="t")


def api_client(app: FastAPI, service: Service) -> TestClient:
    key = apikeys.create(service.ledger, role="investigator", name="exports")
    return TestClient(app, headers={"Authorization": f"Bearer {key}"})


def every_page(client: TestClient, params: list[tuple[str, str]]) -> list[dict[str, Any]]:
    items, cursor = [], None
    while True:
        page = client.get(
            "/v1/disclosures",
            params=[*params, ("limit", "1")] + ([("cursor", cursor)] if cursor else []),
        )
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return items


def as_rows(items: list[dict[str, Any]]) -> list[list[str]]:
    """The JSON items as the file's rows: the documented flattening."""
    return [[cell(item.get(c)) for c in DISCLOSURE_COLUMNS] for item in items]


def test_repeated_parameters_mean_either(service: Service, console_app: FastAPI) -> None:
    seeded(service)
    client = api_client(console_app, service)
    health = client.get("/v1/disclosures", params={"category": "health"}).json()["items"]
    placement = client.get("/v1/disclosures", params={"category": "placement"}).json()["items"]
    both = client.get("/v1/disclosures", params=[("category", "health"), ("category", "placement")])
    assert {i["entry_id"] for i in both.json()["items"]} == {
        i["entry_id"] for i in health + placement
    }
    assert health and placement


def test_to_a_date_includes_that_whole_day(service: Service, console_app: FastAPI) -> None:
    seeded(service)
    client = api_client(console_app, service)
    march = client.get("/v1/disclosures", params={"from": "2026-03-01", "to": "2026-03-31"})
    times = [i["occurred_at"] for i in march.json()["items"]]
    assert "2026-03-31T23:30:00Z" in times
    assert all(t.startswith("2026-03") for t in times)
    wrong = client.get("/v1/disclosures", params={"from": "March", "to": "2026-02-30"})
    assert wrong.status_code == 422
    assert {e["field"] for e in wrong.json()["errors"]} == {"from", "to"}


def test_csv_and_xlsx_hold_every_row_of_the_json_pages(
    service: Service, console_app: FastAPI
) -> None:
    seeded(service)
    client = api_client(console_app, service)
    params = [("category_class", "special"), ("decision", "shared"), ("decision", "refused")]
    expected = as_rows(every_page(client, params))
    assert len(expected) >= 2
    by_param = client.get("/v1/disclosures", params=[*params, ("format", "csv")])
    by_accept = client.get("/v1/disclosures", params=params, headers={"Accept": "text/csv"})
    for answer in (by_param, by_accept):
        assert answer.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(answer.text)))
        assert rows[0] == list(DISCLOSURE_COLUMNS)
        assert rows[1:] == expected
    xlsx = client.get("/v1/disclosures", params=[*params, ("format", "xlsx")])
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    assert sheet is not None
    cells = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert cells[1:] == expected


def test_the_console_exports_what_the_api_lists(
    service: Service, console_app: FastAPI, signed_in: Client
) -> None:
    seeded(service)
    params = [("recipient", "beds-police"), ("flagged", "false"), ("to", "2026-03-31")]
    expected = as_rows(every_page(api_client(console_app, service), params))
    console = signed_in("investigator")
    page = console.get("/disclosures", params=params)
    assert page.status_code == 200 and f"{len(expected)} disclosure" in page.text
    exported = console.get("/disclosures", params=[*params, ("format", "csv")])
    assert list(csv.reader(io.StringIO(exported.text)))[1:] == expected
    with service.engine.connect() as conn:
        events = read_events(conn, principal="investigator:investigator-tester")
    endpoints = [e["endpoint"] for e in events]
    assert endpoints.count("GET /disclosures") >= 2


def test_the_board_may_not_explore(service: Service, signed_in: Client) -> None:
    assert signed_in("board").get("/disclosures").status_code == 403


def test_cells_a_spreadsheet_would_run_are_quoted() -> None:
    assert cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert cell("@SUM(A1)") == "'@SUM(A1)"
    assert cell("-12.5") == "-12.5"
    assert cell(["identity", "health"]) == "identity;health"
    assert cell([{"token": "sub_a", "role": "child"}]) == "sub_a:child"
    assert cell(None) == "" and cell(True) == "true"


def test_accept_asks_for_xlsx(service: Service, console_app: FastAPI) -> None:
    seeded(service)
    client = api_client(console_app, service)
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    answer = client.get("/v1/disclosures", headers={"Accept": media})
    assert answer.headers["content-type"] == media
    assert 'filename="disclosures.xlsx"' in answer.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(answer.content), read_only=True).active
    assert sheet is not None
    assert len(list(sheet.iter_rows())) == 1 + 4
