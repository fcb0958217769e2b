"""The console's casework page: what is overdue and what falls due, by the law's clocks,
for the kinds of case the user's role handles — and no subject named."""

from __future__ import annotations

from lineage.service import Service
from tests.appending import append
from tests.cases.helpers import step
from tests.console.conftest import Client
from tests.factories import disclosure_payload


def test_an_overdue_access_request_is_listed_for_the_sar_officer(
    service: Service, signed_in: Client
) -> None:
    append(service.ledger, disclosure_payload(), recorded_by="t")
    opening = {
        "case_kind": "access_request",
        "step": "opened",
        "requester": "A",
        "requester_type": "data_subject",
        "subjects": [{"local_id": "LL-100234"}],
        "received": "2026-06-10",
        "channel": "email",
    }
    opened = step(service, opening)
    page = signed_in("sar_officer").get("/cases")
    assert page.status_code == 200
    overdue = page.text[page.text.index("<caption>Overdue") : page.text.index("<caption>Due")]
    assert opened.receipt.entry_id[:8] in overdue and "Subject access request" in overdue
    assert "sub_" not in page.text and "LL-100234" not in page.text


def test_casework_is_for_the_roles_that_handle_cases(signed_in: Client) -> None:
    assert signed_in("investigator").get("/cases").status_code == 200
    assert signed_in("board").get("/cases").status_code == 403
    assert signed_in("recorder").get("/cases").status_code == 403
