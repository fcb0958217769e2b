"""`disclosure decide FILE.json`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from lineage.cli.main import main
from lineage.service import Service
from tests.api.routes import DECISION


def _decide(service: Service, path: Path) -> tuple[int, str, str]:
    settings = service.settings
    env = {
        "DISCLOSURE_DATABASE_URL": settings.database_url,
        "DISCLOSURE_KEY_DIR": str(settings.resolved_key_dir()),
        "DISCLOSURE_CHECKPOINT_DIR": str(settings.resolved_checkpoint_dir()),
    }
    result = CliRunner().invoke(main, ["decide", str(path)], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_decide_prints_the_recorded_answer(service: Service, tmp_path: Path) -> None:
    path = tmp_path / "share.json"
    path.write_text(json.dumps(DECISION))
    code, out, _ = _decide(service, path)
    assert code == 0, out
    answer = json.loads(out)
    assert answer["outcome"] == "PERMIT"
    assert answer["receipt"]["entry_id"] == answer["decision_id"]


def test_decide_names_each_wrong_field(service: Service, tmp_path: Path) -> None:
    path = tmp_path / "share.json"
    path.write_text(json.dumps({**DECISION, "purpose": "gossip"}))
    code, _, errors = _decide(service, path)
    assert code == 1
    assert errors.startswith("purpose:")


def _run(service: Service, *args: str) -> tuple[int, str, str]:
    settings = service.settings
    env = {
        "DISCLOSURE_DATABASE_URL": settings.database_url,
        "DISCLOSURE_KEY_DIR": str(settings.resolved_key_dir()),
        "DISCLOSURE_CHECKPOINT_DIR": str(settings.resolved_checkpoint_dir()),
    }
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_agreements_export_and_import_as_odrl(service: Service, tmp_path: Path) -> None:
    code, out, _ = _run(service, "agreements", "export", "--format", "odrl")
    assert code == 0
    doc = json.loads(out)
    assert {p["type"] for p in doc["@graph"]} == {"Agreement"}
    path = tmp_path / "agreements.jsonld"
    path.write_text(out)
    code, out, _ = _run(service, "agreements", "import", str(path))
    assert code == 0 and "added" not in out and out.count("unchanged") == len(doc["@graph"])
    doc["@graph"][0]["title"] = "Renamed"
    path.write_text(json.dumps(doc))
    code, out, _ = _run(service, "agreements", "import", str(path))
    assert code == 0 and "version 2 added" in out
    doc["@graph"][0]["title"] = ""
    path.write_text(json.dumps(doc))
    code, _, errors = _run(service, "agreements", "import", str(path))
    assert code == 1 and errors.startswith("@graph[0].title:")
