"""The board's casework figures for a period: counts and timeliness, no subjects."""

from __future__ import annotations

from datetime import UTC, date, datetime

from lineage.cases.figures import case_figures
from lineage.reports import Period, board_pack
from lineage.service import Service
from tests.appending import append
from tests.cases.helpers import misdirected, step
from tests.factories import disclosure_payload
from visualise.report_html import board_pack_html

NOW = datetime(2026, 9, 1, tzinfo=UTC)
CHILD = {"local_id": "LL-100234"}


def _sar(service: Service, received: str) -> None:
    step(service, {"case_kind": "access_request", "step": "opened", "requester": "A",
                            "requester_type": "data_subject", "subjects": [CHILD],
                            "received": received, "channel": "email"})  # fmt: skip


def test_figures_count_cases_opened_in_the_period_and_their_timeliness(
    service: Service,
) -> None:
    append(service.ledger, disclosure_payload(), recorded_by="recorder")
    misdirected(service, reported_to_ico=True)
    _sar(service, "2026-06-10")  # due 10 July: overdue at NOW
    _sar(service, "2026-07-01")  # due 3 August (1 Aug a Saturday): overdue too
    _sar(service, "2025-12-01")  # outside the period
    complaint = step(service, {"case_kind": "complaint", "step": "opened", "complainant": "B",
                               "channel": "phone", "received": "2026-07-02",
                               "summary": "Why?"})  # fmt: skip
    step(service, {"case_kind": "complaint", "case": complaint.receipt.entry_id,
                   "step": "acknowledged", "on": "2026-07-10", "method": "post"})  # fmt: skip
    with service.engine.connect() as conn:
        figures = case_figures(conn, now=NOW, since=date(2026, 1, 1), until=date(2026, 8, 31))
    assert figures == {
        "breach": {"opened": 1, "reported_to_ico": 1, "late_or_overdue": 0},
        "access_request": {"opened": 2, "answered_in_time": 0, "late_or_overdue": 2},
        "complaint": {"opened": 1, "acknowledged_in_time": 1, "late_or_overdue": 0},
    }


def test_the_board_pack_shows_the_casework_under_disclosure_control(service: Service) -> None:
    append(service.ledger, disclosure_payload(), recorded_by="recorder")
    _sar(service, "2026-06-10")
    period = Period.whole_days(date(2026, 4, 1), date(2026, 6, 30))
    with service.engine.connect() as conn:
        pack = board_pack(conn, period, council="luton-council", council_name="Luton", now=NOW)
    lines = {line["key"]: line["count"] for line in pack["casework"]}
    assert lines["access_request.opened"] == 1
    assert lines["access_request.late_or_overdue"] == 1
    assert lines["complaint.opened"] == 0
    html = board_pack_html(pack, flow_svg="<svg></svg>")
    section = html[html.index('id="casework"') : html.index('id="ledger-anchor"')]
    assert "Subject access requests received (Art 15)" in section
    assert "fewer than 5" in section and ">1<" not in section


def test_the_board_pack_says_who_will_next_be_erased(service: Service) -> None:
    append(service.ledger, disclosure_payload(), recorded_by="recorder")
    decades_on = Period.whole_days(date(2100, 1, 1), date(2100, 3, 31))
    this_quarter = Period.whole_days(date(2026, 1, 1), date(2026, 3, 31))
    with service.engine.connect() as conn:
        later = board_pack(conn, decades_on, council="luton-council", council_name="L", now=NOW)
        now = board_pack(conn, this_quarter, council="luton-council", council_name="L", now=NOW)
    assert {line["key"]: line["count"] for line in later["retention"]}["due"] >= 1
    assert {line["key"]: line["count"] for line in now["retention"]}["due"] == 0
    html = board_pack_html(later, flow_svg="<svg></svg>")
    section = html[html.index('id="retention"') : html.index('id="ledger-anchor"')]
    assert "Retention ended: to be erased at the next run" in section
    assert "fewer than 5" in section
