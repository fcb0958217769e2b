"""Group commit: requests appended together still get exactly their own outcomes."""

from __future__ import annotations

from api.group_commit import GroupWriter
from lineage.ledger.store import BatchRefused, Conflict, NotFound, Request
from lineage.service import Service
from models.errors import EntryRefused
from tests.factories import correction_payload, disclosure_payload, onward_payload


def test_each_request_of_a_group_gets_its_own_outcome(service: Service) -> None:
    writer = GroupWriter(service.ledger)
    first = disclosure_payload()
    requests = [
        Request.validated("disclosure", first),
        Request.validated("disclosure", disclosure_payload(recipient="nobody-here")),
        Request.validated("disclosure", {**first, "purpose": "safeguarding"}),
        Request.validated("disclosure", onward_payload(first["entry_id"])),
        Request.validated("disclosure", first),
        Request.validated("correction", correction_payload(), target=first["entry_id"]),
        Request.validated(
            "correction", correction_payload(), target="00000000-0000-4000-8000-000000000000"
        ),
    ]
    outcomes = [writer.submit([request], "recorder:test") for request in requests]
    writer.stop()
    created, refused, conflict, onward, repeat, corrected, missing = outcomes
    assert created.result()[0].created and created.result()[0].receipt.seq == 0
    assert isinstance(refused.exception(), EntryRefused)
    assert isinstance(conflict.exception(), Conflict)
    assert onward.result()[0].created
    assert not repeat.result()[0].created
    assert repeat.result()[0].receipt.seq == created.result()[0].receipt.seq
    assert corrected.result()[0].created
    assert isinstance(missing.exception(), NotFound)
    assert sorted(o.result()[0].receipt.seq for o in (created, onward, corrected)) == [0, 1, 2]
    assert service.verify().ok


def test_a_stopped_writer_starts_again_when_used(service: Service) -> None:
    writer = GroupWriter(service.ledger)
    writer.stop()
    request = Request.validated("disclosure", disclosure_payload())
    assert writer.submit([request], "recorder:test").result(timeout=30)[0].created
    writer.stop()


def test_a_batch_unit_stands_or_falls_alone_in_its_group(service: Service) -> None:
    writer = GroupWriter(service.ledger)
    good = [disclosure_payload() for _ in range(2)]
    unknown = disclosure_payload(recipient="nobody-here")
    bad = Request.validated_all("disclosure", [disclosure_payload(), unknown])
    single = writer.submit([Request.validated("disclosure", good[0])], "recorder:test")
    refused = writer.submit(bad, "recorder:test")
    batch = writer.submit(Request.validated_all("disclosure", good[1:]), "recorder:test")
    writer.stop()
    assert single.result()[0].receipt.seq == 0
    assert isinstance(refused.exception(), BatchRefused)
    assert [a.receipt.seq for a in batch.result()] == [1]
    assert service.ledger.head()[0] == 2
