"""One rule for `from`/`to` on every route: a date is a whole UTC day, both ends included.

A disclosure at 23:59:59 on the `to` day is in the period for the listing, a subject's
lineage, a partner's exposure, the flows and the board pack alike; one at 00:00:00 the
next day is in none of them.
"""

from __future__ import annotations

from typing import Any

import pytest

from api.periods import whole_days
from lineage.reports import board_pack
from lineage.service import Service
from tests.factories import COUNCIL, disclosure_payload

MARCH = {"from": "2026-03-01", "to": "2026-03-31"}
CHILD = "LL-100234"


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def seen_everywhere(service: Service, as_role: Any, entry_id: str) -> dict[str, bool]:
    """Whether each route counts the entry in March."""
    dpo, board = as_role("investigator"), as_role("board")
    listed = ok(dpo.get("/v1/disclosures", params=MARCH))["items"]
    token = ok(dpo.get("/v1/subjects/lookup", params={"local_id": CHILD}))["token"]
    lineage = ok(dpo.get(f"/v1/subjects/{token}/lineage", params=MARCH))["edges"]
    exposure = ok(dpo.get("/v1/partners/beds-police/exposure", params=MARCH))["subjects"]
    flows = ok(board.get("/v1/reports/flows", params=MARCH))["flows"]
    assert board.get("/v1/reports/board", params=MARCH).status_code == 200
    with service.engine.connect() as conn:
        pack = board_pack(conn, whole_days(MARCH["from"], MARCH["to"]), council=COUNCIL,
                          council_name="Luton")  # fmt: skip
    return {
        "listing": [item["entry_id"] for item in listed] == [entry_id],
        "lineage": [edge["entry_id"] for edge in lineage] == [entry_id],
        "exposure": [s["token"] for s in exposure if s["token"] == token] == [token],
        "flows": [(f["sender"], f["recipient"], f["count"]) for f in flows]
        == [(COUNCIL, "beds-police", 1)],
        "board pack": pack["totals"]["current"] == 1,
    }


@pytest.mark.parametrize(
    ("occurred_at", "included"),
    [
        ("2026-03-31T23:59:59Z", True),
        ("2026-03-31T23:59:59.999999Z", True),
        ("2026-04-01T00:59:59+01:00", True),  # 23:59:59 UTC
        ("2026-04-01T00:00:00Z", False),
        ("2026-03-31T23:00:00-01:00", False),  # 00:00:00 UTC on 1 April
    ],
)
def test_to_a_date_includes_that_whole_day_on_every_route(
    service: Service, as_role: Any, occurred_at: str, included: bool
) -> None:
    entry = disclosure_payload(occurred_at=occurred_at)
    assert as_role("recorder").post("/v1/disclosures", json=entry).status_code == 201
    seen = seen_everywhere(service, as_role, entry["entry_id"])
    assert seen == dict.fromkeys(seen, included)


def test_from_a_date_includes_that_whole_day(service: Service, as_role: Any) -> None:
    first = disclosure_payload(occurred_at="2026-03-01T00:00:00Z")
    before = disclosure_payload(occurred_at="2026-02-28T23:59:59Z")
    for entry in (first, before):
        assert as_role("recorder").post("/v1/disclosures", json=entry).status_code == 201
    seen = seen_everywhere(service, as_role, first["entry_id"])
    assert seen == dict.fromkeys(seen, True)


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"to": "2026-03-31T10:00"}, ["to"]),  # a time without an offset names no instant
        ({"from": "1 March", "to": "31/03/2026"}, ["from", "to"]),
        ({"from": "2026-03-02", "to": "2026-03-01"}, ["to"]),
    ],
)
def test_the_listing_refuses_a_wrong_end_naming_it(
    as_role: Any, params: dict[str, str], fields: list[str]
) -> None:
    refused = as_role("investigator").get("/v1/disclosures", params=params)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in refused.json()["errors"]] == fields


def test_an_instant_end_is_that_instant(as_role: Any) -> None:
    entry = disclosure_payload(occurred_at="2026-03-31T12:00:00Z")
    assert as_role("recorder").post("/v1/disclosures", json=entry).status_code == 201
    dpo = as_role("investigator")
    for to, count in (("2026-03-31T12:00:00Z", 1), ("2026-03-31T11:59:59.999999Z", 0)):
        listed = ok(dpo.get("/v1/disclosures", params={"to": to}))["items"]
        assert len(listed) == count, to
