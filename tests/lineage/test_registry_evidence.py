"""One identifier, one subject; merges and identifier changes recorded; verify re-derives
the API keys and the subject registry from the ledger and names every row that differs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Connection, text

from lineage.cli import main
from lineage.investigate import notify_list, subject_lineage
from lineage.investigate.lineage_graph import lineage_json
from lineage.registry import apikeys
from lineage.registry.subject_changes import record_change
from lineage.registry.subjects import SubjectRegistry
from lineage.reports.access import access_report
from lineage.service import Service
from lineage.storage import guardrails
from models.errors import EntryRefused, IdentifierConflict
from tests.appending import append
from tests.factories import NHS_NUMBER, disclosure_payload

OTHER_NHS = "9990000018"  # the test range (999), check digit correct


def child(local_id: str, **identifiers: Any) -> dict[str, Any]:
    return {"local_id": local_id, "role": "child", **identifiers}


def share(*subjects: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    return disclosure_payload(subjects=list(subjects), **overrides)


def token_of(service: Service, kind: str, value: str) -> str | None:
    with service.engine.connect() as conn:
        return SubjectRegistry(conn, service.keys).lookup(kind, value)


def test_a_second_subject_with_the_same_nhs_number_is_refused(service: Service) -> None:
    append(service.ledger, share(child("A-1", nhs_number=NHS_NUMBER)), recorded_by="t")
    with pytest.raises(IdentifierConflict) as refused:
        append(service.ledger, share(child("A-2", nhs_number=NHS_NUMBER)), recorded_by="t")
    [error] = refused.value.errors
    assert error.field == "subjects[0].nhs_number"
    assert "subjects merge" in error.message
    assert service.ledger.head()[0] == 1
    assert token_of(service, "local_id", "A-2") is None


def test_a_second_subject_with_the_same_upn_is_refused(service: Service) -> None:
    append(service.ledger, share(child("A-1", upn="B801200005001")), recorded_by="t")
    with pytest.raises(IdentifierConflict) as refused:
        append(service.ledger, share(child("A-2", upn="B801200005001")), recorded_by="t")
    assert [e.field for e in refused.value.errors] == ["subjects[0].upn"]


def test_a_childs_nhs_number_is_never_repointed(service: Service) -> None:
    append(service.ledger, share(child("A-1", nhs_number=NHS_NUMBER)), recorded_by="t")
    with pytest.raises(IdentifierConflict) as refused:
        append(service.ledger, share(child("A-1", nhs_number=OTHER_NHS)), recorded_by="t")
    assert "set-identifier" in refused.value.errors[0].message
    assert token_of(service, "nhs_number", NHS_NUMBER) == token_of(service, "local_id", "A-1")
    assert token_of(service, "nhs_number", OTHER_NHS) is None


def test_set_identifier_corrects_the_number_and_is_recorded(service: Service) -> None:
    append(service.ledger, share(child("A-1", nhs_number=NHS_NUMBER)), recorded_by="t")
    token = token_of(service, "local_id", "A-1")
    change = {"action": "subject.set_identifier", "subject": token, "field": "nhs_number"}
    appended = record_change(
        service.ledger, {**change, "value": OTHER_NHS, "reason": "typo"}, by="admin:dpo"
    )
    assert token_of(service, "nhs_number", OTHER_NHS) == token
    assert token_of(service, "nhs_number", NHS_NUMBER) is None
    kind = _scalar(service, f"SELECT kind FROM ledger_entry WHERE seq = {appended.receipt.seq}")
    assert kind == "registry"
    assert service.verify().ok


def test_set_identifier_refuses_a_number_another_subject_holds(service: Service) -> None:
    append(service.ledger, share(child("A-1", nhs_number=NHS_NUMBER)), recorded_by="t")
    append(service.ledger, share(child("A-2")), recorded_by="t")
    change = {
        "action": "subject.set_identifier",
        "subject": token_of(service, "local_id", "A-2"),
        "field": "nhs_number",
        "value": NHS_NUMBER,
        "reason": "from the GP",
    }
    with pytest.raises(IdentifierConflict) as refused:
        record_change(service.ledger, change, by="admin:dpo")
    assert refused.value.errors[0].field == "value"


def merged_pair(service: Service) -> tuple[str, str, list[str]]:
    """Two records of one child, each shared once, then merged: (survivor, merged, entries)."""
    first = append(service.ledger, share(child("A-1", nhs_number=NHS_NUMBER)), recorded_by="t")
    second = append(service.ledger, share(child("B-9"), recipient="beds-police"), recorded_by="t")
    survivor, other = token_of(service, "local_id", "A-1"), token_of(service, "local_id", "B-9")
    assert survivor and other and survivor != other
    change = {"action": "subject.merge", "into": survivor, "merged": [other], "reason": "dup"}
    record_change(service.ledger, change, by="investigator:dpo")
    return survivor, other, [first.receipt.entry_id, second.receipt.entry_id]


def test_a_merged_subject_leads_to_the_survivor_and_keeps_both_records_shares(
    service: Service,
) -> None:
    survivor, other, entries = merged_pair(service)
    assert token_of(service, "local_id", "B-9") == survivor
    with service.engine.connect() as conn:
        registry = SubjectRegistry(conn, service.keys)
        assert registry.merged_from(survivor) == [other]
        council = service.settings.council
        graph = subject_lineage(conn, service.keys, other, council=council)
        edges = {e["entry_id"] for e in lineage_json(graph)["edges"]}
        notify = notify_list(conn, survivor, council=council)
        report = access_report(conn, service.keys, survivor, council=council, council_name="Luton")
    assert edges == set(entries)
    assert lineage_json(graph)["subject"] == survivor
    assert {e for r in notify["recipients"] for e in r["entries"]} == set(entries)
    assert report.document["recipients"]
    assert len(report.graph.edges) == 2
    # A later disclosure naming the merged record's local id is about the survivor.
    later = append(service.ledger, share(child("B-9")), recorded_by="t").receipt.entry_id
    assert _scalar(service, "SELECT token FROM version_subject ORDER BY version_seq DESC") == (
        survivor
    )
    assert later
    assert service.verify().ok


def test_merging_records_with_different_nhs_numbers_is_refused(service: Service) -> None:
    append(service.ledger, share(child("A-1", nhs_number=NHS_NUMBER)), recorded_by="t")
    append(service.ledger, share(child("A-2", nhs_number=OTHER_NHS)), recorded_by="t")
    change = {
        "action": "subject.merge",
        "into": token_of(service, "local_id", "A-1"),
        "merged": [token_of(service, "local_id", "A-2")],
        "reason": "dup",
    }
    with pytest.raises(IdentifierConflict) as refused:
        record_change(service.ledger, change, by="investigator:dpo")
    assert refused.value.errors[0].field == "merged[0]"


def test_api_key_changes_are_ledger_entries(service: Service) -> None:
    apikeys.create(service.ledger, role="recorder", name="case system", by="admin:it")
    [key] = apikeys.list_keys(service.engine)
    assert apikeys.set_role(service.ledger, key["id"], "board", reason="moved", by="admin:it")
    assert apikeys.revoke(service.ledger, key["id"], reason="left", by="admin:it")
    assert not apikeys.revoke(service.ledger, key["id"], reason="again", by="admin:it")
    kinds = _scalar(service, "SELECT count(*) FROM ledger_entry WHERE kind = 'registry'")
    assert kinds == 3
    with pytest.raises(EntryRefused):
        apikeys.create(service.ledger, role="root", name="x")
    assert service.verify().ok


# -- tampering with the mutable tables, each named by verify ---------------------------


def tampered(service: Service, change: Callable[[Connection], None]) -> list[str]:
    assert service.verify().ok
    with service.engine.begin() as conn:
        guardrails.remove(conn)
        change(conn)
    report = service.verify()
    assert not report.ok
    return [p for p in report.problems if p.startswith("registry:")]


@pytest.fixture
def registered(service: Service) -> Service:
    append(service.ledger, share(child("A-1", nhs_number=NHS_NUMBER)), recorded_by="t")
    append(service.ledger, share(child("A-2", nhs_number=OTHER_NHS)), recorded_by="t")
    apikeys.create(service.ledger, role="recorder", name="case system")
    return service


def test_an_api_key_role_edited_in_the_table_is_named(registered: Service) -> None:
    key_id = apikeys.list_keys(registered.engine)[0]["id"]
    problems = tampered(registered, lambda c: c.execute(text("UPDATE api_key SET role = 'admin'")))
    assert problems == [
        f"registry: api_key row {key_id}: role is 'admin', the ledger records 'recorder'"
    ]


def test_an_api_key_inserted_in_the_table_is_named(registered: Service) -> None:
    def insert(conn: Connection) -> None:
        conn.execute(
            text(
                "INSERT INTO api_key (id, name, role, key_hash, created_at) "
                "VALUES (99, 'x', 'admin', :h, CURRENT_TIMESTAMP)"
            ),
            {"h": bytes(32)},
        )

    assert tampered(registered, insert) == [
        "registry: api_key row 99: not in the ledger (no recorded creation)"
    ]


def test_swapped_nhs_hashes_are_named(registered: Service) -> None:
    one, two = token_of(registered, "local_id", "A-1"), token_of(registered, "local_id", "A-2")

    def swap(conn: Connection) -> None:
        rows = dict(conn.execute(text("SELECT token, nhs_hmac FROM subject")).all())
        for token, other in ((one, two), (two, one)):
            conn.execute(
                text("UPDATE subject SET nhs_hmac = :h WHERE token = :t"),
                {"h": rows[other], "t": token},
            )

    problems = tampered(registered, swap)
    assert problems == [
        f"registry: subject row {token}: nhs_hmac does not match its identifiers"
        for token in sorted([one, two])
    ]
    assert {p.split(":")[1].strip() for p in problems} == {
        f"subject row {one}",
        f"subject row {two}",
    }


def test_a_deleted_subject_key_is_named(registered: Service) -> None:
    token = token_of(registered, "local_id", "A-1")
    problems = tampered(
        registered,
        lambda c: c.execute(text("DELETE FROM subject_key WHERE token = :t"), {"t": token}),
    )
    assert problems == [
        f"registry: subject_key row {token}: missing, and no erasure of it is recorded"
    ]


def test_a_flipped_legal_hold_is_named(registered: Service) -> None:
    token = token_of(registered, "local_id", "A-2")
    problems = tampered(
        registered,
        lambda c: c.execute(
            text("UPDATE subject SET legal_hold = :h WHERE token = :t"), {"h": True, "t": token}
        ),
    )
    assert problems == [
        f"registry: subject row {token}: legal_hold is True, the ledger records False"
    ]


def test_a_deleted_subject_row_is_named(registered: Service) -> None:
    token = token_of(registered, "local_id", "A-1")
    problems = tampered(
        registered,
        lambda c: c.execute(text("DELETE FROM subject WHERE token = :t"), {"t": token}),
    )
    assert f"registry: subject row {token}: missing, and no erasure of it is recorded" in problems


def test_a_registry_event_edited_in_the_ledger_is_caught(registered: Service) -> None:
    def edit(conn: Connection) -> None:
        conn.execute(
            text("UPDATE registry_event SET detail = '{}' WHERE action = 'api_key.create'")
        )

    problems = tampered(registered, edit)
    assert any(p.startswith("registry: registry_event row (") for p in problems)
    report = registered.verify()
    assert any("registry projection does not match" in p for p in report.problems)


def _scalar(service: Service, sql: str) -> Any:
    with service.engine.connect() as conn:
        return conn.execute(text(sql)).scalar()


def cli(service: Service, *args: str) -> tuple[int, str]:
    env = {
        "DISCLOSURE_DATABASE_URL": service.settings.database_url,
        "DISCLOSURE_KEY_DIR": str(service.settings.resolved_key_dir()),
    }
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.output


def test_the_subjects_and_keys_commands_record_their_changes(service: Service) -> None:
    append(service.ledger, share(child("A-1", nhs_number=NHS_NUMBER)), recorded_by="t")
    append(service.ledger, share(child("B-9")), recorded_by="t")
    code, output = cli(
        service, "subjects", "merge", "--into", "A-1", "--from", "B-9", "--reason", "same child"
    )
    assert code == 0 and "merged" in output, output
    assert token_of(service, "local_id", "B-9") == token_of(service, "local_id", "A-1")
    code, output = cli(
        service, "subjects", "set-identifier", "A-1", "--field", "upn", "--value",
        "B801200005001", "--reason", "from the school", "--by", "admin:dpo",
    )  # fmt: skip
    assert code == 0, output
    code, output = cli(service, "subjects", "set-identifier", "B-9", "--field", "upn",
                       "--reason", "merged: refused")  # fmt: skip
    assert code == 0, output  # B-9 leads to A-1: its UPN is retired
    assert token_of(service, "upn", "B801200005001") is None
    assert cli(service, "keys", "create", "--role", "board", "--name", "board")[0] == 0
    code, output = cli(service, "keys", "set-role", "1", "--role", "admin", "--reason", "x")
    assert code == 0, output
    assert apikeys.list_keys(service.engine)[0]["role"] == "admin"
    recorded = _scalar(service, "SELECT count(*) FROM ledger_entry WHERE kind = 'registry'")
    assert recorded == 5
    assert service.verify().ok
