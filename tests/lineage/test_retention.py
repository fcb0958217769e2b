"""A legal hold stops erasure; erasure destroys the subject's keys and the ledger verifies."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import text

from lineage.cli import main
from lineage.ledger.canonical import parse_body
from lineage.ledger.sealing import unseal
from lineage.registry.subjects import SubjectRegistry
from lineage.service import Service
from lineage.storage.database import write_transaction
from tests.appending import append
from tests.factories import disclosure_payload
from tests.lineage.helpers import scalar


def run(service: Service, tmp_path: Path, *args: str) -> tuple[int, str]:
    env = {
        "DISCLOSURE_DATABASE_URL": service.settings.database_url,
        "DISCLOSURE_KEY_DIR": str(service.settings.resolved_key_dir()),
        "DISCLOSURE_CHECKPOINT_DIR": str(tmp_path / "checkpoints"),
    }
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.output


def test_a_held_subject_is_not_erased_until_the_hold_is_released(
    service: Service, tmp_path: Path
) -> None:
    receipt = append(service.ledger, disclosure_payload(), recorded_by="t").receipt
    assert run(service, tmp_path, "legal-hold", "--local-id", "LL-100234")[0] == 0

    code, output = run(
        service, tmp_path, "erase", "--local-id", "LL-100234", "--ground", "erasure_upheld"
    )
    assert code == 1 and "legal hold" in output
    assert service.ledger.head()[0] == 2  # the disclosure and the hold; no erasure

    assert run(service, tmp_path, "legal-hold", "--local-id", "LL-100234", "--release")[0] == 0
    code, output = run(
        service, tmp_path, "erase", "--local-id", "LL-100234", "--ground", "erasure_upheld"
    )
    assert code == 0, output
    kinds = [scalar(service, f"SELECT kind FROM ledger_entry WHERE seq = {i}") for i in (1, 2, 3)]
    assert kinds == ["legal_hold", "legal_hold", "erasure"]

    state = parse_body(bytes(scalar(service, "SELECT body FROM ledger_entry WHERE seq = 0")))
    child = state["disclosure"]["subjects"][0]["token"]
    with service.engine.connect() as conn:
        registry = SubjectRegistry(conn, service.keys)
        assert registry.identifiers(child) is None
        keys = registry.sealing_keys([child])
    assert keys == {}
    # Not even the parent's key opens the reason now: it needed the child's too.
    with service.engine.connect() as conn:
        keys = SubjectRegistry(conn, service.keys).sealing_keys(
            [s["token"] for s in state["disclosure"]["subjects"]]
        )
    assert len(keys) == 1
    assert (
        unseal(state["disclosure"]["reason"], entry_id=receipt.entry_id, holder_keys=keys) is None
    )
    assert service.verify().ok


def test_holds_are_entries_and_verify_checks_the_registry_flag_against_them(
    service: Service, tmp_path: Path
) -> None:
    append(service.ledger, disclosure_payload(), recorded_by="t")
    note = "Solicitor's letter PLANTED-HOLD"
    code, output = run(
        service, tmp_path, "legal-hold", "--local-id", "LL-100234", "--ground", "litigation",
        "--note", note,
    )  # fmt: skip
    assert code == 0, output
    body = parse_body(bytes(scalar(service, "SELECT body FROM ledger_entry WHERE seq = 1")))
    assert (body["kind"], body["action"], body["ground"]) == ("legal_hold", "place", "litigation")
    assert b"PLANTED-HOLD" not in bytes(scalar(service, "SELECT body FROM ledger_entry"))
    assert run(service, tmp_path, "legal-hold", "--local-id", "LL-100234")[0] == 1  # held already
    assert service.verify().ok

    with write_transaction(service.engine) as conn:  # the cache no longer matches the ledger
        conn.execute(text("UPDATE subject SET legal_hold = false"))
    report = service.verify()
    assert not report.ok
    assert any("legal hold" in p and body["subject"] in p for p in report.problems)
