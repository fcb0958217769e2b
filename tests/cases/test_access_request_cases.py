"""Subject access cases in the ledger: the due date follows identity confirmation, each stop
of the clock and its restart (Art 12A) and an extension (Art 12(3)); the clock can only stop
while it runs and restart while stopped."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from lineage.cases.text import case_opener
from lineage.cases.views import case_view
from lineage.service import Service
from models.validation import EntryRefused
from tests.appending import append
from tests.cases.helpers import step
from tests.factories import disclosure_payload

NOW = datetime(2026, 7, 1, tzinfo=UTC)


def _opened(service: Service) -> str:
    append(service.ledger, disclosure_payload(), recorded_by="recorder")
    opened = step(
        service,
        {"case_kind": "access_request", "step": "opened", "requester": "Ms A",
         "requester_type": "representative", "subjects": [{"local_id": "LL-100234"}],
         "received": "2026-06-10", "channel": "web_form"},
    )  # fmt: skip
    return opened.receipt.entry_id


def _step(service: Service, case: str, name: str, **fields: Any) -> None:
    step(service, {"case_kind": "access_request", "case": case, "step": name, **fields})


def _clock(service: Service, case: str) -> dict[str, Any]:
    with service.engine.connect() as conn:
        opener = case_opener(conn, service.keys)
        view = case_view(conn, "access_request", case, now=NOW, opener=opener)
    assert view is not None
    clock: dict[str, Any] = view["clock"]
    return clock


def test_the_due_date_follows_the_case(service: Service) -> None:
    case = _opened(service)
    assert _clock(service, case)["due"] == "2026-07-10"
    _step(service, case, "identity_confirmed", on="2026-06-15")
    assert _clock(service, case)["due"] == "2026-07-15"
    _step(service, case, "paused", on="2026-06-16", reason="Which years?")
    stopped = _clock(service, case)
    assert (stopped["due"], stopped["paused"], stopped["overdue"]) == (None, True, False)
    _step(service, case, "restarted", on="2026-06-26")
    assert _clock(service, case)["due"] == "2026-07-27"  # 25 July, a Saturday
    _step(service, case, "extended", on="2026-07-01", months=2, reason="Thousands of records")
    assert _clock(service, case)["due"] == "2026-09-25"
    assert _clock(service, case)["extension_months"] == 2


@pytest.mark.parametrize(
    ("steps", "field", "message"),
    [
        ([("restarted", {"on": "2026-06-20"})], "step", "not stopped"),
        (
            [
                ("paused", {"on": "2026-06-12", "reason": "?"}),
                ("paused", {"on": "2026-06-13", "reason": "?"}),
            ],
            "step",
            "already stopped",
        ),  # fmt: skip
        (
            [("paused", {"on": "2026-06-12", "reason": "?"}), ("restarted", {"on": "2026-06-11"})],
            "on",
            "before the clock stopped",
        ),  # fmt: skip
    ],
)
def test_the_clock_stops_and_restarts_in_turn(
    service: Service, steps: list[tuple[str, dict[str, Any]]], field: str, message: str
) -> None:
    case = _opened(service)
    *fine, (last, fields) = steps
    for name, given in fine:
        _step(service, case, name, **given)
    with pytest.raises(EntryRefused) as refused:
        _step(service, case, last, **fields)
    assert refused.value.errors[0].field == field
    assert message in refused.value.errors[0].message
