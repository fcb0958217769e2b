"""The report routes over the hand-written family: answers, formats, refusals as problems,
and every read of an access report in the access log. The lineage drawn through
`/v1/subjects/{token}/lineage?format=svg` is checked here too, being the same diagram."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lineage.registry import access_log
from lineage.service import Service
from tests.factories import NHS_NUMBER
from tests.reports.family import IDENTIFIERS, Family
from tests.reports.svg import parse_svg
from tests.visualise.pages import Page
from visualise.tokens import TOKEN_PATTERN

QUARTER = {"from": "2026-01-01", "to": "2026-03-31"}
ART15_SECTIONS = ("summary", "purposes", "categories", "recipients", "transfers", "sources",
                  "retention", "rights", "complaint", "diagram", "reviewer")  # fmt: skip


@pytest.fixture
def officer(as_role: Any, family: Family) -> Any:
    return as_role("sar_officer")


@pytest.fixture
def board(as_role: Any, family: Family) -> Any:
    return as_role("board")


def ok(response: Any, media_type: str) -> Any:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media_type)
    return response


def reads(service: Service) -> list[dict[str, Any]]:
    with service.engine.connect() as conn:
        events = access_log.read_events(conn, limit=500)
    return [e for e in events if e["endpoint"] == "GET /v1/subjects/{token}/access-report"]


def test_the_access_report_as_json(officer: Any, family: Family, service: Service) -> None:
    report = ok(officer.get(f"/v1/subjects/{family.child}/access-report"), "application/json")
    body = report.json()
    assert body["subject"] == family.child
    assert len(body["recipients"]) == 7 and len(body["review"]) == 7
    assert body["transfers"][0]["instrument"].startswith("Intercountry adoption")
    [read] = reads(service)
    assert read["token"] == family.child and read["principal"].startswith("sar_officer")
    assert read["returned"] == {"status": 200, "format": "json", "recipients": 7}


def test_the_access_report_as_html(officer: Any, family: Family, service: Service) -> None:
    response = officer.get(f"/v1/subjects/{family.child}/access-report", params={"format": "html"})
    html = ok(response, "text/html").text
    page = Page(html)
    for section in ART15_SECTIONS:
        assert page.text(section), f"section {section!r} is missing or empty"
    assert "Between October 2025 and March 2026" in page.text("summary")
    assert "Office of Children's Issues" in page.text("recipients")
    assert "Intercountry adoption arrangement" in page.text("transfers")
    assert "Bedfordshire Police" in page.text("sources")
    assert page.count("svg") == 1 and "Family Court at Luton" in page.text("diagram")
    released, reviewer = html.split('id="reviewer"')
    assert not TOKEN_PATTERN.search(released)
    assert family.child in reviewer
    assert reads(service)[0]["returned"]["format"] == "html"


def test_an_unknown_subject_is_404_and_the_attempt_recorded(officer: Any, service: Service) -> None:
    response = officer.get("/v1/subjects/sub_aaaaaaaaaaaaaaaaaaaaaaaa/access-report")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert reads(service)[0]["returned"] == {"status": 404}


def test_the_board_may_not_read_an_access_report(board: Any, family: Family) -> None:
    assert board.get(f"/v1/subjects/{family.child}/access-report").status_code == 403


def test_flows_as_json(board: Any) -> None:
    body = ok(board.get("/v1/reports/flows", params=QUARTER), "application/json").json()
    assert body["period"] == QUARTER and body["by"] == "partner"
    assert sum(flow["count"] for flow in body["flows"]) == 8
    typed = board.get("/v1/reports/flows", params=QUARTER | {"by": "type"}).json()
    # The council is itself, not one of the "other local authorities".
    assert {f["sender"] for f in typed["flows"]} == {"luton-council", "police"}


def test_flows_as_dot_and_png(board: Any) -> None:
    dot = ok(
        board.get("/v1/reports/flows", params=QUARTER | {"format": "dot"}), "text/vnd.graphviz"
    )
    assert dot.text.startswith("digraph flows {")
    png = ok(board.get("/v1/reports/flows", params=QUARTER | {"format": "png"}), "image/png")
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_flows_drawn_as_svg_name_partners_and_label_lines(board: Any) -> None:
    response = board.get("/v1/reports/flows", params=QUARTER | {"format": "svg"})
    drawing = parse_svg(ok(response, "image/svg+xml").content)
    assert "Tusla Child and Family Agency" in drawing.nodes["tusla"]
    assert "Luton Borough Council" in drawing.nodes["luton-council"]
    # Counts from 1 to 4 are published as "fewer than 5", with no share beside them.
    assert drawing.edges["luton-council->elft"] == "fewer than 5"
    assert drawing.edges["luton-council->tusla"] == "fewer than 5"
    assert "beds-police->luton-council" in drawing.edges


def test_lineage_drawn_as_svg_names_partners_and_labels_shares(
    as_role: Any, family: Family
) -> None:
    response = as_role("investigator").get(
        f"/v1/subjects/{family.child}/lineage", params={"format": "svg"}
    )
    drawing = parse_svg(ok(response, "image/svg+xml").content)
    assert "Office of Children's Issues" in drawing.nodes["us-adoption"]
    assert "Riverside Academy" in drawing.nodes["riverside-academy"]
    police = drawing.edges["luton-council->beds-police"]
    assert "2025-10-06" in police and "Health [S]" in police
    assert "luton-council->social-finance" not in drawing.edges  # a refusal, not asked for
    asked = as_role("investigator").get(
        f"/v1/subjects/{family.child}/lineage",
        params={"format": "svg", "include_refusals": "true"},
    )
    refused = parse_svg(ok(asked, "image/svg+xml").content)
    assert "REFUSED: not shared" in refused.edges["luton-council->social-finance"]
    assert "To United States of America" in drawing.edges["luton-council->us-adoption"]


def test_the_board_pack(board: Any, family: Family) -> None:
    html = ok(board.get("/v1/reports/board", params=QUARTER), "text/html").text
    page = Page(html)
    assert page.headings[0] == "Data sharing report to the governance board"
    assert page.count("svg") >= 5 and page.count("script") == 0
    assert "Tusla Child and Family Agency" in html and "Recorded long after it occurred" in html
    assert not TOKEN_PATTERN.search(html)
    for secret in (*family.tokens, *IDENTIFIERS, NHS_NUMBER):
        assert secret not in html


@pytest.mark.parametrize(
    "params, field",
    [
        ({"from": "2026-01-01"}, "to"),
        ({"from": "2026-03-31", "to": "2026-01-01"}, "to"),
        ({"from": "1st Jan", "to": "2026-01-01"}, "from"),
        (QUARTER | {"by": "organisation"}, "by"),
        (QUARTER | {"format": "pdf"}, "format"),
    ],
)
def test_bad_queries_are_refused_naming_the_field(
    board: Any, params: dict[str, str], field: str
) -> None:
    response = board.get("/v1/reports/flows", params=params)
    assert response.status_code == 422
    assert field in json.dumps(response.json()["errors"])
    assert board.get("/v1/reports/board", params={"to": "2026-01-01"}).status_code == 422
