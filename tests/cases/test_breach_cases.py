"""Breach cases end to end: a share to the police misdirected to the CPS shows in the CPS's
exposure, in the child's lineage as a breach edge and in the access report; the 72-hour
clock runs from awareness until a decision or the report; steps refuse unknown, mismatched
and closed cases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lineage.cases.breaches import BreachFilter, list_breaches
from lineage.cases.due import due_cases
from lineage.cases.text import case_opener
from lineage.investigate import lineage_json, subject_lineage
from lineage.ledger.store import NotFound
from lineage.reports.access import access_report
from lineage.service import Service
from lineage.storage.database import read_connection
from models.validation import EntryRefused
from tests.cases.helpers import exposure, misdirected, step, token_of

SOON = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)  # a day after awareness
LATER = datetime(2026, 3, 8, 9, 0, tzinfo=UTC)  # past the 72 hours


def breaches(service: Service, now: datetime, **where: object) -> list[dict[str, object]]:
    with read_connection(service.engine) as conn:
        opener = case_opener(conn, service.keys)
        found = BreachFilter(**where)  # type: ignore[arg-type]
        return list_breaches(conn, now=now, opener=opener, where=found)


def test_the_actual_recipients_exposure_lists_the_misdirected_subjects(service: Service) -> None:
    share, _ = misdirected(service)
    cps = exposure(service, "cps")
    police = exposure(service, "beds-police")
    assert cps["subject_count"] == police["subject_count"] == 2  # the child and a parent
    assert token_of(service) in [s["token"] for s in cps["subjects"]]
    assert {s["via"] for s in cps["subjects"]} == {"breach"}
    assert {tuple(s["entries"]) for s in cps["subjects"]} == {(share,)}
    assert cps["breaches"][0]["entries"] == [share]
    assert police["subjects"][0]["via"] == "direct"


def test_the_childs_lineage_has_a_breach_edge_to_the_actual_recipient(service: Service) -> None:
    share, breach = misdirected(service)
    with read_connection(service.engine) as conn:
        graph = subject_lineage(conn, service.keys, token_of(service), council="luton-council")
    edges = {e["entry_id"]: e for e in lineage_json(graph)["edges"]}
    assert edges[share]["kind"] == "disclosure"
    assert edges[breach]["kind"] == "breach"
    assert (edges[breach]["from"], edges[breach]["to"]) == ("luton-council", "cps")
    assert edges[breach]["derived_from"] == share


def test_the_access_report_tells_the_child_where_the_data_wrongly_went(service: Service) -> None:
    share, breach = misdirected(service)
    with read_connection(service.engine) as conn:
        report = access_report(
            conn, service.keys, token_of(service), council="luton-council", council_name="Luton"
        )
    [line] = report.document["breaches"]
    assert line["breach"] == breach
    assert line["entry_id"] == share
    assert line["intended_recipient"] == "Bedfordshire Police"
    assert line["received_by"] == "Crown Prosecution Service"
    assert report.graph.has_edge("luton-council", "cps", key=breach)


def test_the_breach_list_computes_subjects_and_the_72_hour_clock(service: Service) -> None:
    _, breach = misdirected(service)
    [view] = breaches(service, SOON)
    assert view["case_id"] == breach
    assert view["misdirected"] is True
    assert (view["partner"], view["intended_recipient"]) == ("cps", "beds-police")
    assert token_of(service) in view["subjects"]
    assert view["subject_count"] == 2
    assert view["nature"] == "Sent to the CPS inbox instead of the police"
    assert view["ico"] == {
        "due": "2026-03-07T09:30:00Z",
        "status": "pending",
        "overdue": False,
        "decided_at": None,
        "reported_at": None,
        "late": False,
    }
    assert breaches(service, LATER)[0]["ico"]["overdue"] is True
    assert breaches(service, LATER, overdue=True)[0]["case_id"] == breach
    assert breaches(service, LATER, partners=["beds-police"]) == []


def test_a_decision_not_to_report_stops_the_clock(service: Service) -> None:
    _, breach = misdirected(service)
    with read_connection(service.engine) as conn:
        assert due_cases(conn, now=LATER)["overdue"][0]["case_id"] == breach
    step(
        service,
        {
            "case_kind": "breach",
            "case": breach,
            "step": "ico_decision",
            "at": "2026-03-05T10:00:00Z",
            "report": False,
            "reason": "Recalled unread within the hour; no likely risk",
        },
    )
    [view] = breaches(service, LATER)
    assert view["ico"]["status"] == "not_reporting"
    assert view["ico"]["overdue"] is False
    with read_connection(service.engine) as conn:
        assert due_cases(conn, now=LATER)["overdue"] == []


def test_art_34_decision_and_each_communication(service: Service) -> None:
    _, breach = misdirected(service)
    base = {"case_kind": "breach", "case": breach}
    step(service, {**base, "step": "ico_reported", "at": "2026-03-06T10:00:00Z"})
    step(
        service,
        {**base, "step": "subjects_decision", "at": "2026-03-06T11:00:00Z", "tell": True,
         "reason": "Health data of a child"},
    )  # fmt: skip
    step(
        service,
        {**base, "step": "communication", "at": "2026-03-06T12:00:00Z",
         "subject": {"local_id": "LL-100234"}, "method": "post"},
    )  # fmt: skip
    step(service, {**base, "step": "closed", "on": "2026-03-20", "summary": "Done"})
    [view] = breaches(service, LATER)
    assert view["ico"]["status"] == "reported"
    assert view["people_affected"]["decision"] is True
    assert view["people_affected"]["communications"] == [
        {"subject": token_of(service), "method": "post", "at": "2026-03-06T12:00:00Z"}
    ]
    assert view["status"] == "closed"
    assert [s["step"] for s in view["steps"]] == [
        "ico_reported", "subjects_decision", "communication", "closed"
    ]  # fmt: skip
    with pytest.raises(EntryRefused) as closed:
        step(service, {**base, "step": "ico_reported", "at": "2026-03-21T10:00:00Z"})
    assert closed.value.errors[0].field == "case"
    assert "closed" in closed.value.errors[0].message


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"case_kind": "breach", "step": "ico_reported", "at": "2026-03-06T10:00:00Z"}, "case"),
        ({"case_kind": "breach", "step": "launched"}, "step"),
        ({"case_kind": "burglary", "step": "opened"}, "case_kind"),
        ({"case_kind": "breach", "step": "ico_decision", "report": True}, "at"),
    ],
)
def test_a_step_names_its_wrong_fields(payload: dict[str, object], field: str) -> None:
    from lineage.ledger.store import Request

    with pytest.raises(EntryRefused) as refused:
        Request.validated("case", payload)
    assert field in [e.field for e in refused.value.errors]


def test_a_step_of_an_unknown_or_other_kind_of_case_is_refused(service: Service) -> None:
    share, breach = misdirected(service)
    for case, kind in ((share, "breach"), ("7b0c8a0e-0000-4000-8000-000000000000", "breach"),
                       (breach, "complaint")):  # fmt: skip
        payload = {"case_kind": kind, "case": case, "step": "closed", "on": "2026-03-20",
                   "summary": "x"}  # fmt: skip
        with pytest.raises((EntryRefused, NotFound)) as refused:
            step(service, payload)
        assert isinstance(refused.value, EntryRefused)
        assert refused.value.errors[0].field == "case"
