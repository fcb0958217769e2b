"""The append path: receipts, idempotency, batches, database refusals, corrections."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from lineage.ledger.canonical import parse_body
from lineage.ledger.sealing import unseal
from lineage.ledger.store import BatchRefused, Conflict, NotFound, Request
from lineage.log import merkle
from lineage.registry import subjects
from lineage.registry.partners import put_partner
from lineage.registry.subjects import SubjectRegistry
from lineage.service import Service
from lineage.storage.database import write_transaction
from models.validation import EntryRefused
from tests.appending import append, append_batch, correct, record
from tests.factories import disclosure_payload, onward_payload
from tests.lineage.helpers import FIXED_NOW, fixed_ledger, rows, scalar


def test_receipt_proves_inclusion_in_the_tree_it_names(service: Service) -> None:
    receipts = [
        append(service.ledger, disclosure_payload(), recorded_by="t").receipt for _ in range(5)
    ]
    assert [r.seq for r in receipts] == [0, 1, 2, 3, 4]
    for receipt in receipts:
        assert receipt.tree_size == receipt.seq + 1
        assert merkle.verify_inclusion(
            receipt.leaf_hash, receipt.seq, receipt.tree_size, receipt.inclusion_proof, receipt.root
        )
    assert service.ledger.head() == (5, receipts[-1].root)


def test_same_id_and_body_returns_the_same_receipt(service: Service) -> None:
    payload = disclosure_payload()
    first = append(service.ledger, payload, recorded_by="t")
    again = append(service.ledger, payload, recorded_by="t")
    assert first.created and not again.created
    assert again.receipt == first.receipt
    assert service.ledger.head()[0] == 1


def test_same_id_with_another_body_is_a_conflict(service: Service) -> None:
    payload = disclosure_payload()
    append(service.ledger, payload, recorded_by="t")
    with pytest.raises(Conflict):
        append(service.ledger, {**payload, "purpose": "safeguarding"}, recorded_by="t")
    assert service.ledger.head()[0] == 1


def test_a_batch_is_all_or_nothing(service: Service) -> None:
    good = [disclosure_payload() for _ in range(3)]
    bad = disclosure_payload(recipient="nobody-at-all")
    with pytest.raises(BatchRefused) as refused:
        append_batch(service.ledger, [*good, bad], recorded_by="t")
    assert refused.value.items[0][0] == 3
    assert refused.value.items[0][1][0].field == "recipient"
    assert service.ledger.head()[0] == 0
    assert scalar(service, "SELECT count(*) FROM subject") == 0
    appended = append_batch(service.ledger, good, recorded_by="t")
    assert [a.receipt.seq for a in appended] == [0, 1, 2]


@pytest.mark.parametrize(
    ("field", "overrides"),
    [("recipient", {"recipient": "unknown-partner"}), ("sender", {"sender": "unknown-partner"})],
)
def test_unknown_partner_is_refused(
    service: Service, field: str, overrides: dict[str, str]
) -> None:
    with pytest.raises(EntryRefused) as refused:
        append(service.ledger, disclosure_payload(**overrides), recorded_by="t")
    assert [e.field for e in refused.value.errors] == [field]
    assert "unknown partner" in refused.value.errors[0].message
    with write_transaction(service.engine) as conn:
        put_partner(
            conn,
            {
                "code": "unknown-partner",
                "name": "Now known",
                "type": "police",
                "role": "controller",
                "country": "GB",
            },
            by="t",
            at=FIXED_NOW,
        )
    assert append(service.ledger, disclosure_payload(**overrides), recorded_by="t").created


def test_derived_from_must_exist(service: Service) -> None:
    with pytest.raises(EntryRefused) as refused:
        append(service.ledger, onward_payload(str(uuid.uuid4())), recorded_by="t")
    assert refused.value.errors[0].field == "derived_from"


def test_derived_from_must_have_been_received_by_the_sender(service: Service) -> None:
    parent = append(service.ledger, disclosure_payload(), recorded_by="t").receipt
    with pytest.raises(EntryRefused) as refused:
        append(service.ledger, onward_payload(parent.entry_id, sender="elft"), recorded_by="t")
    assert refused.value.errors[0].field == "derived_from"
    assert "beds-police" in refused.value.errors[0].message
    onward = append(service.ledger, onward_payload(parent.entry_id), recorded_by="t")
    assert onward.created


def test_onward_subjects_default_to_the_parents(service: Service) -> None:
    parent = append(service.ledger, disclosure_payload(), recorded_by="t").receipt
    onward = append(service.ledger, onward_payload(parent.entry_id), recorded_by="t").receipt
    tokens = rows(
        service, "SELECT version_seq, token, role FROM version_subject ORDER BY version_seq, role"
    )
    assert [(t, r) for s, t, r in tokens if s == parent.seq] == [
        (t, r) for s, t, r in tokens if s == onward.seq
    ]
    assert scalar(service, "SELECT kind FROM ledger_entry WHERE seq = :s", s=onward.seq) == "onward"


def test_unknown_subject_token_is_refused(service: Service) -> None:
    payload = disclosure_payload(subjects=[{"token": "sub_nobody", "role": "child"}])
    with pytest.raises(EntryRefused) as refused:
        append(service.ledger, payload, recorded_by="t")
    assert refused.value.errors[0].field == "subjects[0].token"


def test_a_subject_seen_again_keeps_its_token(service: Service) -> None:
    append(service.ledger, disclosure_payload(), recorded_by="t")
    append(service.ledger, disclosure_payload(), recorded_by="t")
    assert scalar(service, "SELECT count(*) FROM subject") == 2
    assert scalar(service, "SELECT count(DISTINCT token) FROM version_subject") == 2


def test_a_batch_hashes_each_identifier_once(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    hashed: list[tuple[str, str]] = []
    lookup_hash = subjects.lookup_hash

    def counted(keys: Any, kind: str, value: str) -> bytes:
        hashed.append((kind, value))
        return lookup_hash(keys, kind, value)

    monkeypatch.setattr(subjects, "lookup_hash", counted)
    append_batch(service.ledger, [disclosure_payload() for _ in range(5)], recorded_by="t")
    assert hashed and len(hashed) == len(set(hashed))
    assert ("local_id", "LL-100234") in hashed
    assert scalar(service, "SELECT count(*) FROM subject") == 2
    assert scalar(service, "SELECT count(DISTINCT token) FROM version_subject") == 2


def test_ledger_holds_no_identifiers_and_seals_free_text(service: Service) -> None:
    payload = disclosure_payload()
    receipt = append(service.ledger, payload, recorded_by="t").receipt
    body = scalar(service, "SELECT body FROM ledger_entry WHERE seq = 0")
    for identifier in ("LL-100234", "9998765439", "B801200005001", "FAM-77", "Strategy"):
        assert identifier.encode() not in bytes(body)
    state = parse_body(bytes(body))["disclosure"]
    with service.engine.connect() as conn:
        registry = SubjectRegistry(conn, service.keys)
        keys = registry.sealing_keys([s["token"] for s in state["subjects"]])
    assert unseal(state["reason"], entry_id=receipt.entry_id, holder_keys=keys) == payload["reason"]
    assert unseal(state["reason"], entry_id=str(uuid.uuid4()), holder_keys=keys) is None


def test_exceptions_are_flagged_and_stored(service: Service) -> None:
    ledger = fixed_ledger(service)
    late = append(
        ledger, disclosure_payload(occurred_at="2025-11-01T10:00:00Z"), recorded_by="t"
    ).receipt
    timely = append(
        ledger, disclosure_payload(occurred_at="2026-03-09T10:00:00Z"), recorded_by="t"
    ).receipt
    assert late.exceptions == ["late_record"]
    assert timely.exceptions == []
    assert rows(service, "SELECT seq, kind FROM entry_flag") == [(0, "late_record")]


def test_corrections_keep_the_original_and_add_versions(service: Service) -> None:
    original = append(service.ledger, disclosure_payload(), recorded_by="t").receipt
    change = {"changes": {"categories": ["identity"]}, "reason": "health was not shared"}
    correct(service.ledger, original.entry_id, change, recorded_by="t")
    correct(
        service.ledger, original.entry_id, {"void": True, "reason": "wrong child"}, recorded_by="t"
    )
    versions = rows(service, "SELECT seq, target_seq, void FROM entry_version ORDER BY seq")
    assert [(s, t, bool(v)) for s, t, v in versions] == [(0, 0, False), (1, 0, False), (2, 0, True)]
    categories = rows(service, "SELECT category FROM version_category WHERE version_seq = 1")
    assert [c for (c,) in categories] == ["identity"]
    assert service.verify().ok


def test_correcting_an_unknown_entry_is_not_found(service: Service) -> None:
    with pytest.raises(NotFound):
        correct(service.ledger, str(uuid.uuid4()), {"void": True, "reason": "x"}, recorded_by="t")


def test_an_invalid_change_is_refused_naming_the_field(service: Service) -> None:
    original = append(service.ledger, disclosure_payload(), recorded_by="t").receipt
    with pytest.raises(EntryRefused) as refused:
        correct(
            service.ledger,
            original.entry_id,
            {"changes": {"categories": ["no_such_category"]}, "reason": "x"},
            recorded_by="t",
        )
    assert [e.field for e in refused.value.errors] == ["changes.categories[0]"]
    assert service.ledger.head()[0] == 1


def test_a_change_the_ledger_refuses_is_named_under_changes(service: Service) -> None:
    original = append(service.ledger, disclosure_payload(), recorded_by="t").receipt
    with pytest.raises(EntryRefused) as refused:
        correct(
            service.ledger,
            original.entry_id,
            {"changes": {"recipient": "nobody-at-all"}, "reason": "x"},
            recorded_by="t",
        )
    assert [e.field for e in refused.value.errors] == ["changes.recipient"]
    assert service.ledger.head()[0] == 1


def test_a_refused_unit_is_dropped_and_the_rest_appended_together(service: Service) -> None:
    first, second = disclosure_payload(), disclosure_payload()
    units = [
        [Request.validated("disclosure", first)],
        Request.validated_all("disclosure", [second, disclosure_payload(recipient="nobody")]),
        [Request.validated("disclosure", {**first, "purpose": "safeguarding"})],
        [Request.validated("disclosure", onward_payload(first["entry_id"]))],
        [Request.validated("correction", {"void": True, "reason": "x"}, target=str(uuid.uuid4()))],
    ]
    created, batch, conflict, onward, missing = service.ledger.append(units, recorded_by="t")
    assert [a.receipt.seq for a in created.get() + onward.get()] == [0, 1]
    assert isinstance(batch.refusal, BatchRefused) and batch.refusal.items[0][0] == 1
    assert isinstance(conflict.refusal, Conflict)
    assert isinstance(missing.refusal, NotFound)
    assert service.ledger.head()[0] == 2
    stored = "SELECT count(*) FROM ledger_entry WHERE entry_id = :id"
    assert scalar(service, stored, id=second["entry_id"]) == 0
    assert service.verify().ok


def test_erasure_destroys_the_key_and_the_ledger_still_verifies(service: Service) -> None:
    payload = disclosure_payload()
    receipt = append(service.ledger, payload, recorded_by="t").receipt
    state = parse_body(bytes(scalar(service, "SELECT body FROM ledger_entry")))["disclosure"]
    tokens = [s["token"] for s in state["subjects"]]
    for token in tokens:
        record(
            service.ledger,
            "erasure",
            {"subject": token, "ground": "erasure_upheld"},
            recorded_by="t",
        )
    with service.engine.connect() as conn:
        keys = SubjectRegistry(conn, service.keys).sealing_keys(tokens)
    assert keys == {}
    assert unseal(state["reason"], entry_id=receipt.entry_id, holder_keys=keys) is None
    assert scalar(service, "SELECT count(*) FROM subject") == 0
    report = service.verify()
    assert report.ok, report.problems
    assert report.tree_size == 3


def test_proofs_from_stored_subtrees_verify_at_every_size(service: Service) -> None:
    from lineage.ledger.receipts import consistency, inclusion

    append_batch(service.ledger, [disclosure_payload() for _ in range(21)], recorded_by="t")
    with service.engine.connect() as conn:
        for size in range(1, 22):
            head = inclusion(conn, 0, size)
            for seq in range(size):
                proof = inclusion(conn, seq, size)
                assert merkle.verify_inclusion(
                    bytes.fromhex(proof["leaf_hash"]),
                    seq,
                    size,
                    [bytes.fromhex(h) for h in proof["proof"]],
                    bytes.fromhex(proof["root"]),
                )
            for first in range(1, size + 1):
                c = consistency(conn, first, size)
                assert merkle.verify_consistency(
                    first,
                    size,
                    bytes.fromhex(c["first_root"]),
                    bytes.fromhex(c["second_root"]),
                    [bytes.fromhex(h) for h in c["proof"]],
                )
            assert head["root"] == c["second_root"]


def test_bulk_rows_are_stored_as_sqlalchemy_would_store_them(service: Service) -> None:
    """Range filters on times must work on rows the bulk path wrote."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from models.tables import EntryVersion

    append(service.ledger, disclosure_payload(occurred_at="2026-03-02T10:15:00Z"), recorded_by="t")
    at = datetime(2026, 3, 2, 10, 15, tzinfo=UTC)
    with service.engine.connect() as conn:
        found = conn.execute(
            select(EntryVersion.seq).where(
                EntryVersion.occurred_at >= at, EntryVersion.occurred_at <= at
            )
        ).all()
        stored = conn.execute(select(EntryVersion.occurred_at)).scalar_one()
    assert found == [(0,)]
    assert stored.replace(tzinfo=stored.tzinfo or UTC) == at
    if service.engine.dialect.name == "sqlite":
        assert (
            scalar(service, "SELECT occurred_at FROM entry_version") == "2026-03-02 10:15:00.000000"
        )


def test_a_late_correction_does_not_make_the_share_late(service: Service) -> None:
    from datetime import timedelta

    timely = fixed_ledger(service)
    original = append(
        timely, disclosure_payload(occurred_at="2026-03-09T10:00:00Z"), recorded_by="t"
    ).receipt
    months_later = fixed_ledger(service, FIXED_NOW + timedelta(days=90))
    corrected = correct(
        months_later,
        original.entry_id,
        {"changes": {"categories": ["identity"]}, "reason": "r"},
        recorded_by="t",
    ).receipt
    assert original.exceptions == [] and corrected.exceptions == []


def test_times_sent_with_an_offset_are_kept_in_utc(service: Service) -> None:
    """10:15 in British Summer Time is 09:15 UTC, in the body and in the projections."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from models.tables import EntryVersion

    append(
        service.ledger, disclosure_payload(occurred_at="2026-06-02T10:15:00+01:00"), recorded_by="t"
    )
    body = parse_body(bytes(scalar(service, "SELECT body FROM ledger_entry")))
    assert body["disclosure"]["occurred_at"] == "2026-06-02T09:15:00Z"
    at = datetime(2026, 6, 2, 9, 15, tzinfo=UTC)
    with service.engine.connect() as conn:
        found = conn.execute(select(EntryVersion.seq).where(EntryVersion.occurred_at == at)).all()
    assert found == [(0,)]
    assert service.verify().ok
