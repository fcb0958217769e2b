"""Every read of subject-level data leaves a trace: the read-path table, API and command line.

Generated from the app's own routes and the command line's own commands, so a read added
without a record (or without being classed as naming no subject) fails here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from fastapi import FastAPI

from api.permissions import GRANTS, OTHER_READS, SUBJECT_READS, allows
from lineage.cli import main
from lineage.service import Service
from tests.api.routes import Seeded, guarded_routes, sample
from tests.appending import append
from tests.factories import disclosure_payload
from tests.lineage.helpers import rows, scalar
from tests.lineage.test_cli import all_commands, cli_env

CLI_SUBJECT_READS = {
    "lineage": ["lineage", "--local-id", "LL-100234"],
    "notify-list": ["notify-list", "--local-id", "LL-100234"],
    "exposure": ["exposure", "beds-police"],
    "access-report": ["access-report", "--local-id", "LL-100234", "--out", "{out}"],
    "cases list": ["cases", "list", "breach"],
    "retention report": ["retention", "report"],
}
"""Each command that shows a subject's data, and a call of it that succeeds."""
CLI_OTHER = {
    "agreements", "agreements add", "agreements import", "agreements list", "checkpoint",
    "demo", "erase", "import", "init", "keys", "keys create", "keys list", "keys revoke",
    "legal-hold", "partners", "partners add", "partners import", "partners list", "serve",
    "verify", "board-report", "agreements export", "cases", "cases due", "cases open", "cases step",
    "console-link", "decide", "keys rotate-signing", "keys set-role", "retention",
    "retention run", "subjects", "subjects merge", "subjects set-identifier", "verify-receipt",
    "witness", "witness init", "witness serve",
}  # fmt: skip
"""Commands that show no subject's data (they write, or show organisations or aggregates)."""


ONE_CASE_READS = {
    "/v1/breaches/{case_id}",
    "/v1/access-requests/{case_id}",
    "/v1/complaints/{case_id}",
    "/v1/art19-worklists/{case_id}",
    "/v1/access-requests/{case_id}/letter",
    "/v1/access-requests/{case_id}/reviewer-pack",
    "/v1/access-requests/{case_id}/items/{entry_id}/free-text",
    "/v1/decisions/{decision_id}",
}
"""Reads of one case or decision, which need one recorded first: each records through
`api.cases.one_case`, the SAR documents' own record or the decision route (tests/cases,
tests/api/test_sar_documents.py, tests/api/test_decisions.py)."""
CLI_CASE_READS = {"cases show", "cases letter", "cases reviewer-pack"}
"""Commands that read one case's subjects (a case id is needed): each records its read."""


def log_size(service: Service) -> int:
    size: int = scalar(service, "SELECT count(*) FROM access_log")
    return size


@pytest.fixture
def seeded(as_role: Any) -> Seeded:
    payload = disclosure_payload()
    assert as_role("recorder").post("/v1/disclosures", json=payload).status_code == 201
    found = as_role("investigator").get("/v1/subjects/lookup", params={"local_id": "LL-100234"})
    return Seeded(payload["entry_id"], found.json()["token"])


def _get_routes(app: FastAPI) -> list[tuple[str, str, Any]]:
    return [(m, p, perm) for m, p, perm in guarded_routes(app) if m == "GET"]


def test_every_read_route_is_classed_as_a_subject_read_or_not(app: FastAPI) -> None:
    unclassed = [
        (path, perm.value)
        for _, path, perm in _get_routes(app)
        if perm not in SUBJECT_READS | OTHER_READS
    ]
    assert unclassed == []


def test_every_subject_read_route_records_each_answer_and_refusal(
    app: FastAPI, client: Any, keys: dict[str, str], seeded: Seeded, service: Service
) -> None:
    silent = []
    for method, path, permission in _get_routes(app):
        if permission not in SUBJECT_READS:
            continue
        call = sample(method, path, seeded)
        if call is None and path in ONE_CASE_READS:
            continue
        assert call is not None, f"{path} has no sample call"
        allowed = next(r for r in GRANTS if allows(r, permission))
        refused = next(r for r in GRANTS if not allows(r, permission))
        for role, status in ((allowed, 200), (refused, 403)):
            before = log_size(service)
            headers = {"Authorization": f"Bearer {keys[role]}"}
            response = client.get(call.url, params=call.params, headers=headers)
            assert response.status_code == status, (path, role, response.text)
            if log_size(service) == before:
                silent.append((path, status))
    assert silent == []


def test_a_listing_without_a_subject_records_every_subject_it_returned(
    as_role: Any, service: Service
) -> None:
    recorder = as_role("recorder")
    for local_id in ("LL-1", "LL-2"):
        subjects = [{"local_id": local_id, "role": "child"}]
        recorder.post("/v1/disclosures", json=disclosure_payload(subjects=subjects))
    before = log_size(service)
    listing = as_role("investigator").get("/v1/disclosures", params={"recipient": "beds-police"})
    tokens = {s["token"] for item in listing.json()["items"] for s in item["subjects"]}
    assert len(tokens) == 2
    recorded = rows(service, "SELECT token, body FROM access_log WHERE seq >= :s", s=before)
    assert {r[0] for r in recorded} == tokens
    body = json.loads(bytes(recorded[0][1]))
    assert body["returned"]["asked"]["recipient"] == [
        "beds-police"
    ]  # a list filter: every value asked


def test_a_refused_read_is_recorded_as_refused(
    as_role: Any, service: Service, seeded: Seeded
) -> None:
    before = log_size(service)
    response = as_role("board").get(f"/v1/subjects/{seeded.token}/lineage")
    assert response.status_code == 403
    recorded = rows(service, "SELECT token, body FROM access_log WHERE seq >= :s", s=before)
    assert [r[0] for r in recorded] == [seeded.token]
    assert json.loads(bytes(recorded[0][1]))["returned"] == {"status": 403, "refused": "lineage"}


def test_every_command_is_classed_as_a_subject_read_or_not() -> None:
    names = {name for name, _ in all_commands(main)}
    assert names == set(CLI_SUBJECT_READS) | CLI_OTHER | CLI_CASE_READS


@pytest.mark.parametrize("command", sorted(CLI_SUBJECT_READS))
def test_every_cli_subject_read_records_it(service: Service, tmp_path: Path, command: str) -> None:
    append(service.ledger, disclosure_payload(), recorded_by="t")
    args = [a.format(out=tmp_path / "report.html") for a in CLI_SUBJECT_READS[command]]
    before = log_size(service)
    env = cli_env(tmp_path, service.settings.database_url)
    result = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    recorded = rows(service, "SELECT principal, body FROM access_log WHERE seq >= :s", s=before)
    assert recorded, f"{command} recorded nothing"
    assert all(r[0].startswith("cli:") for r in recorded)
    assert json.loads(bytes(recorded[0][1]))["endpoint"] == f"CLI {command}"


def test_the_command_table_names_real_commands() -> None:
    commands = dict(all_commands(main))
    for name in CLI_SUBJECT_READS:
        assert isinstance(commands[name], click.Command)
