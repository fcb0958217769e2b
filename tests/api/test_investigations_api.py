"""The investigation routes over the hand-written family: the engine's answers over HTTP,
the roles that may ask, refusals as problems, and every read in the access log."""

from __future__ import annotations

from typing import Any

import pytest

from lineage.investigate import (
    ExceptionQuery,
    NotifyQuery,
    Period,
    TransferQuery,
    flagged_entries,
    lineage_json,
    notify_list,
    partner_exposure,
    subject_lineage,
    transfers,
)
from lineage.investigate.lineage_graph import LineageOptions
from lineage.registry import access_log
from lineage.service import Service
from tests.lineage.helpers import ends
from tests.lineage.investigation_family import (
    ADOPTION_CA,
    ADOPTION_US,
    BACK_TO_POLICE,
    CHILD_ID,
    COUNCIL,
    CPS,
    DFE_RETURN,
    OTHER_CHILD,
    POLICE,
    REFUSAL,
    SCHOOL,
    Tokens,
    build_family,
)


@pytest.fixture
def family(service: Service) -> Tokens:
    return build_family(service)


@pytest.fixture
def dpo(as_role: Any, family: Tokens) -> Any:
    return as_role("investigator")


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def rows(service: Service, endpoint: str) -> list[dict[str, Any]]:
    """The access log's rows for an endpoint (one row per token a read concerned)."""
    with service.engine.connect() as conn:
        events = access_log.read_events(conn, limit=500)
    return [e for e in events if e["endpoint"] == endpoint]


def reads(service: Service, endpoint: str) -> list[dict[str, Any]]:
    """One row per read: the first row each read wrote."""
    return [r for r in rows(service, endpoint) if r.get("token") == min(r["tokens"], default=None)]


def test_lineage_over_http_is_the_engines_and_is_recorded(
    service: Service, dpo: Any, family: Tokens
) -> None:
    t = family
    answer = ok(dpo.get(f"/v1/subjects/{t.child}/lineage"))
    with service.engine.connect() as conn:
        graph = subject_lineage(conn, service.keys, t.child, council=COUNCIL)
    assert answer == lineage_json(graph)
    assert [e["entry_id"] for e in answer["edges"]] == [
        POLICE, CPS, BACK_TO_POLICE, SCHOOL, ADOPTION_US, DFE_RETURN
    ]  # fmt: skip
    [read] = reads(service, "GET /v1/subjects/{token}/lineage")
    assert read["tokens"] == [t.child]
    assert read["principal"] == "investigator:test investigator"
    assert read["returned"] == {"status": 200, "edges": 6, "format": "json"}
    asked = ok(dpo.get(f"/v1/subjects/{t.child}/lineage", params={"include_refusals": "true"}))
    refused = [e for e in asked["edges"] if e["entry_id"] == REFUSAL]
    assert [e["decision"] for e in refused] == ["refused"]


def test_a_lineage_over_http_ends_every_transaction_with_commit(
    app: Any, dpo: Any, family: Tokens
) -> None:
    # psycopg discards its prepared statements at a ROLLBACK: a request that ends a read with
    # one makes PostgreSQL plan the next request's queries afresh.
    ended = ends(app.state.service.engine)
    ok(dpo.get(f"/v1/subjects/{family.child}/lineage"))
    assert "commit" in ended and "rollback" not in ended, ended


def test_lineage_options_over_http(service: Service, dpo: Any, family: Tokens) -> None:
    t = family
    params = {
        "as_of": "2026-02-07T00:00:00Z",
        "include_void": True,
        "family": True,
        "from": "2026-01-01",
        "to": "2026-02-28",
        "categories": ["identity", "attendance"],
    }
    answer = ok(dpo.get(f"/v1/subjects/{t.sibling}/lineage", params=params))
    options = LineageOptions(
        as_of=Period.parse(None, "2026-02-07T00:00:00Z").end,
        period=Period.parse("2026-01-01", "2026-02-28"),
        categories=frozenset({"identity", "attendance"}),
        family=True,
        include_void=True,
    )
    with service.engine.connect() as conn:
        graph = subject_lineage(conn, service.keys, t.sibling, council=COUNCIL, options=options)
    assert answer == lineage_json(graph)
    assert len(answer["edges"]) == 5
    [read] = reads(service, "GET /v1/subjects/{token}/lineage")
    assert read["tokens"] == sorted([t.child, t.sibling, t.parent])
    per_token = [r.get("token") for r in rows(service, "GET /v1/subjects/{token}/lineage")]
    assert per_token == sorted([t.child, t.sibling, t.parent])
    commas = ok(dpo.get(f"/v1/subjects/{t.sibling}/lineage",
                        params={**params, "categories": "identity,attendance"}))  # fmt: skip
    assert commas == answer


def test_lineage_as_a_diagram_names_no_one(dpo: Any, family: Tokens) -> None:
    dot = dpo.get(f"/v1/subjects/{family.child}/lineage", params={"format": "dot"})
    assert dot.status_code == 200
    assert dot.headers["content-type"].startswith("text/vnd.graphviz")
    assert "Bedfordshire Police" in dot.text and "Office of Children" in dot.text
    assert family.child not in dot.text and POLICE not in dot.text
    svg = dpo.get(f"/v1/subjects/{family.child}/lineage", params={"format": "svg"})
    assert svg.status_code == 200
    assert svg.headers["content-type"] == "image/svg+xml"
    assert svg.text.lstrip().startswith("<?xml") and "<svg" in svg.text


def test_notify_list_over_http(service: Service, dpo: Any, family: Tokens) -> None:
    params = {"category": "health", "since": "2026-01-01", "notified_since": "2026-03-07"}
    answer = ok(dpo.get(f"/v1/subjects/{family.child}/notify-list", params=params))
    query = NotifyQuery(
        "health",
        Period.parse("2026-01-01", None).start,
        Period.parse("2026-03-07", None).start,
    )
    with service.engine.connect() as conn:
        assert answer == notify_list(conn, family.child, council=COUNCIL, query=query)
    assert [(r["partner"], r["outstanding"]) for r in answer["recipients"]] == [
        ("beds-police", [POLICE])
    ]
    [read] = reads(service, "GET /v1/subjects/{token}/notify-list")
    assert (read["tokens"], read["returned"]) == ([family.child], {"status": 200, "recipients": 1})


def test_exposure_over_http(service: Service, dpo: Any, family: Tokens) -> None:
    t = family
    answer = ok(dpo.get("/v1/partners/beds-police/exposure", params={"to": "2026-01-31"}))
    with service.engine.connect() as conn:
        expected = partner_exposure(conn, "beds-police", period=Period.parse(None, "2026-01-31"))
    assert answer == expected
    assert answer["by_class"] == {"ordinary": 3, "special": 2, "criminal": 1}
    [read] = reads(service, "GET /v1/partners/{code}/exposure")
    assert read["tokens"] == sorted([t.child, t.parent, t.other])
    assert read["returned"] == {"status": 200, "subjects": 3, "partner": "beds-police"}


def test_transfers_over_http_page_with_cursors(service: Service, dpo: Any, family: Tokens) -> None:
    first = ok(dpo.get("/v1/transfers", params={"limit": 1}))
    with service.engine.connect() as conn:
        both = transfers(conn, TransferQuery())["transfers"]
    assert first["items"] == both[:1]
    assert [t["entry_id"] for t in both] == [ADOPTION_US, ADOPTION_CA]
    second = ok(dpo.get("/v1/transfers", params={"limit": 1, "cursor": first["next_cursor"]}))
    assert second["items"] == both[1:]
    assert ok(dpo.get("/v1/transfers", params={"country": "us"}))["items"] == both[:1]
    recorded = reads(service, "GET /v1/transfers")
    assert [r["tokens"] for r in recorded] == [[family.child], [family.sibling], [family.child]]


def test_exceptions_over_http(service: Service, dpo: Any, family: Tokens) -> None:
    answer = ok(dpo.get("/v1/exceptions", params={"partner": "beds-police"}))
    with service.engine.connect() as conn:
        expected = flagged_entries(conn, ExceptionQuery(partner="beds-police"))["exceptions"]
    assert answer == {"items": expected, "next_cursor": None, "total": 2}
    assert [e["entry_id"] for e in answer["items"]] == [BACK_TO_POLICE, OTHER_CHILD]
    late = ok(dpo.get("/v1/exceptions", params={"kind": "late_record"}))["items"]
    assert [(e["entry_id"], e["exceptions"][0]["label"]) for e in late] == [
        (OTHER_CHILD, "Recorded long after it occurred")
    ]
    recorded = reads(service, "GET /v1/exceptions")
    assert [r["tokens"] for r in recorded] == [
        sorted([family.parent, family.other]),
        [family.other],
    ]


def test_a_sar_officer_may_see_lineage_and_notify_list_only(as_role: Any, family: Tokens) -> None:
    sar = as_role("sar_officer")
    assert sar.get(f"/v1/subjects/{family.child}/lineage").status_code == 200
    assert sar.get(f"/v1/subjects/{family.child}/notify-list").status_code == 200
    for url in ("/v1/partners/cps/exposure", "/v1/transfers", "/v1/exceptions"):
        assert sar.get(url).status_code == 403
    board = as_role("board")
    for url in (f"/v1/subjects/{family.child}/lineage", "/v1/partners/cps/exposure"):
        assert board.get(url).status_code == 403


def test_unknown_subjects_and_partners(service: Service, dpo: Any, family: Tokens) -> None:
    for url in ("/v1/subjects/sub_nobody/lineage", "/v1/subjects/sub_nobody/notify-list"):
        missing = dpo.get(url)
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
    [read] = reads(service, "GET /v1/subjects/{token}/lineage")
    assert (read.get("token"), read["returned"]) == (None, {"status": 404})
    assert dpo.get("/v1/partners/nobody/exposure").status_code == 404


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/v1/subjects/{child}/lineage", {"as_of": "yesterday"}, "as_of"),
        ("/v1/subjects/{child}/lineage", {"from": "2026-03-01T10:00"}, "from"),
        ("/v1/subjects/{child}/lineage", {"from": "2026-03-02", "to": "2026-03-01"}, "to"),
        ("/v1/subjects/{child}/lineage", {"categories": "health,astrology"}, "categories"),
        ("/v1/subjects/{child}/notify-list", {"category": "astrology"}, "category"),
        ("/v1/subjects/{child}/notify-list", {"since": "0001-01-01T00:00:00+05:00"}, "since"),
        ("/v1/partners/cps/exposure", {"to": "31/03/2026"}, "to"),
        ("/v1/transfers", {"cursor": "not-ours"}, "cursor"),
        ("/v1/exceptions", {"kind": "astrology"}, "kind"),
    ],
)
def test_refused_queries_name_the_parameter(
    dpo: Any, family: Tokens, url: str, params: dict[str, str], field: str
) -> None:
    refused = dpo.get(url.format(child=family.child), params=params)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in refused.json()["errors"]] == [field]


def test_the_lookup_then_lineage_path_a_dpo_follows(as_role: Any, family: Tokens) -> None:
    dpo = as_role("investigator")
    token = ok(dpo.get("/v1/subjects/lookup", params={"local_id": CHILD_ID}))["token"]
    assert token == family.child
    listed = ok(dpo.get(f"/v1/subjects/{token}/notify-list"))["recipients"]
    assert [r["partner"] for r in listed] == [
        "beds-police", "cps", "dfe", "riverside-academy", "us-adoption"
    ]  # fmt: skip
