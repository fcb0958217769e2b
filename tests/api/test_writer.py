"""Group commit: requests appended together still get exactly their own outcomes."""

from __future__ import annotations

from api.group_commit import GroupWriter
from lineage.ledger.store import Conflict, NotFound
from lineage.service import Service
from models.errors import EntryRefused
from tests.factories import correction_payload, disclosure_payload, onward_payload


def test_each_request_of_a_group_gets_its_own_outcome(service: Service) -> None:
    writer = GroupWriter(service.ledger)
    ledger = service.ledger
    first = disclosure_payload()
    requests = [
        ledger.request("disclosure", first),
        ledger.request("disclosure", disclosure_payload(recipient="nobody-here")),
        ledger.request("disclosure", {**first, "purpose": "safeguarding"}),
        ledger.request("disclosure", onward_payload(first["entry_id"])),
        ledger.request("disclosure", first),
        ledger.request("correction", correction_payload(), target=first["entry_id"]),
        ledger.request(
            "correction", correction_payload(), target="00000000-0000-4000-8000-000000000000"
        ),
    ]
    outcomes = [writer.submit(request, "recorder:test") for request in requests]
    writer.stop()
    created, refused, conflict, onward, repeat, corrected, missing = outcomes
    assert created.result().created and created.result().receipt.seq == 0
    assert isinstance(refused.exception(), EntryRefused)
    assert isinstance(conflict.exception(), Conflict)
    assert onward.result().created
    assert not repeat.result().created
    assert repeat.result().receipt.seq == created.result().receipt.seq
    assert corrected.result().created
    assert isinstance(missing.exception(), NotFound)
    assert sorted(o.result().receipt.seq for o in (created, onward, corrected)) == [0, 1, 2]
    assert service.verify().ok


def test_a_stopped_writer_starts_again_when_used(service: Service) -> None:
    writer = GroupWriter(service.ledger)
    writer.stop()
    request = service.ledger.request("disclosure", disclosure_payload())
    assert writer.submit(request, "recorder:test").result(timeout=30).created
    writer.stop()
