"""Retention that runs itself, with the clock set forward: the right subjects erased, held
ones kept, a second run does nothing, and the ledger verifies."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient

from api.app import create_app
from lineage.cli import main
from lineage.ledger.retention import retention_report, run_retention, schedule_from
from lineage.ledger.retention_daily import RetentionSchedule
from lineage.registry import apikeys
from lineage.registry.subjects import SubjectRegistry
from lineage.service import Service
from lineage.settings import Settings
from tests.appending import append
from tests.factories import disclosure_payload, refusal_payload


def _token(service: Service, local_id: str) -> str:
    with service.engine.connect() as conn:
        token = SubjectRegistry(conn, service.keys).lookup("local_id", local_id)
    assert token is not None
    return token


def _cli(service: Service, *args: str, schedule: str = "") -> tuple[int, str]:
    env = {
        "DISCLOSURE_DATABASE_URL": service.settings.database_url,
        "DISCLOSURE_KEY_DIR": str(service.settings.resolved_key_dir()),
        "DISCLOSURE_RETENTION_SCHEDULE": schedule,
    }
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.output


def _record(service: Service) -> dict[str, str]:
    """A (six years, default), C (six years, held) and a child protection family (25)."""
    for local_id in ("LL-A", "LL-C"):
        subjects = [{"local_id": local_id, "role": "child"}]
        append(service.ledger, refusal_payload(subjects=subjects), recorded_by="t")
    append(service.ledger, disclosure_payload(), recorded_by="t")
    tokens = {name: _token(service, name) for name in ("LL-A", "LL-C", "LL-100234")}
    assert _cli(service, "legal-hold", tokens["LL-C"], "--ground", "litigation")[0] == 0
    return tokens


def test_a_run_with_the_clock_forward_erases_the_due_and_keeps_the_held(
    service: Service,
) -> None:
    tokens = _record(service)
    code, output = _cli(service, "retention", "run", "--as-of", "2033-01-01", "--dry-run")
    assert code == 0 and "would erase 1, held 1" in output, output
    assert service.ledger.head()[0] == 4  # a dry run appends nothing

    code, output = _cli(service, "retention", "run", "--as-of", "2033-01-01")
    assert code == 0 and f"erased {tokens['LL-A']}" in output, output
    assert f"kept {tokens['LL-C']}" in output
    with service.engine.connect() as conn:
        registry = SubjectRegistry(conn, service.keys)
        assert not registry.exists(tokens["LL-A"])
        assert registry.exists(tokens["LL-C"]) and registry.exists(tokens["LL-100234"])
        report = retention_report(
            conn, schedule_from(service.settings), as_of=date(2033, 1, 1), within_days=36500
        )
    assert [e["subject"] for e in report["erased"]] == [tokens["LL-A"]]
    assert report["erased"][0]["ground"] == "retention_ended"
    assert tokens["LL-100234"] in [d["subject"] for d in report["next"]]

    code, output = _cli(service, "retention", "run", "--as-of", "2033-01-01")
    assert code == 0 and "erased 0, held 1" in output, output
    assert service.ledger.head()[0] == 5
    assert service.verify().ok


def test_the_councils_schedule_decides_the_period(service: Service) -> None:
    tokens = _record(service)
    longer = json.dumps({"child_protection": {"years": 35, "basis": "last_entry"}})
    code, output = _cli(service, "retention", "run", "--as-of", "2055-01-01", schedule=longer)
    assert code == 0 and tokens["LL-100234"] not in output, output  # kept to 2061
    run = run_retention(service.ledger, schedule_from(service.settings), as_of=date(2055, 1, 1))
    assert tokens["LL-100234"] in [d.token for d in run.erased]  # the default: 25 years
    assert service.verify().ok


def test_the_server_runs_retention_on_its_own(service: Service) -> None:
    tokens = _record(service)
    daily = RetentionSchedule(service, 86_400, today=lambda: date(2033, 1, 1))
    assert [d.token for d in daily.tick().erased] == [tokens["LL-A"]]
    assert daily.tick().erased == []


def test_a_wrong_schedule_is_named(service: Service, tmp_path: Path) -> None:
    code, output = _cli(service, "retention", "run", schedule='{"default": {"years": 0}}')
    assert code == 1 and "years must be from 1 to 150" in output
    assert schedule_from(Settings(retention_schedule="")) is not None


def test_the_retention_report_over_http(service: Service) -> None:
    tokens = _record(service)
    run_retention(service.ledger, schedule_from(service.settings), as_of=date(2033, 1, 1))
    board = apikeys.create(service.ledger, role="board", name="board")
    investigator = apikeys.create(service.ledger, role="investigator", name="inv")
    app = create_app(service.settings)
    with TestClient(app) as client:
        url = "/v1/retention?as_of=2033-01-01"
        full = client.get(url, headers={"Authorization": f"Bearer {investigator}"}).json()
        counts = client.get(url, headers={"Authorization": f"Bearer {board}"}).json()
        wrong = client.get("/v1/retention?as_of=soon", headers={"Authorization": f"Bearer {board}"})
    app.state.service.engine.dispose()
    assert [e["subject"] for e in full["erased"]] == [tokens["LL-A"]]
    assert full["held"] == [tokens["LL-C"]]
    assert counts == {"as_of": "2033-01-01", "erased": 1, "due": 1, "next": 0, "held": 1}
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "as_of"
