"""The console's retention page: erasures by ground and who falls due, as counts only."""

from __future__ import annotations

from lineage.investigate import lookup_subject
from lineage.service import Service
from tests.appending import append, record
from tests.console.conftest import Client
from tests.factories import disclosure_payload


def test_an_erasure_is_counted_by_its_ground_and_no_one_is_named(
    service: Service, signed_in: Client
) -> None:
    append(service.ledger, disclosure_payload(), recorded_by="t")
    with service.engine.connect() as conn:
        token = lookup_subject(conn, service.keys, "local_id", "LL-100234")
    assert token is not None
    before = signed_in("board").get("/retention").text
    assert "No one has been erased yet." in before
    record(service.ledger, "erasure", {"subject": token, "ground": "erasure_upheld"},
           recorded_by="dpo")  # fmt: skip
    page = signed_in("board").get("/retention")
    assert page.status_code == 200
    assert "Erasure request upheld (UK GDPR Art 17)" in page.text
    assert "sub_" not in page.text and "LL-100234" not in page.text


def test_retention_is_for_the_roles_that_read_reports(signed_in: Client) -> None:
    assert signed_in("investigator").get("/retention").status_code == 200
    assert signed_in("recorder").get("/retention").status_code == 403
