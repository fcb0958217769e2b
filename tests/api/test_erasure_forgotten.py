"""After a subject's erasure nothing written about them can be read anywhere: not in any API
or CLI answer, export or report, and not in the raw bytes of the database files (SQLite's
file and write-ahead log; PostgreSQL's table files after vacuum) — while `verify` passes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner
from sqlalchemy import text

from lineage.cli import main
from lineage.service import Service
from lineage.storage.database import is_sqlite
from tests.factories import (
    breach_payload,
    disclosure_payload,
    notification_payload,
    onward_payload,
    transfer_payload,
)
from tests.lineage.helpers import rows

PLANT = "ZQXPLANTEDQZX"  # long enough that random key or ciphertext bytes never hold it


def planted(field: str) -> str:
    return f"Jane {PLANT}-{field.upper()} Doe NHS 9434765919"


def _record_everything(as_role: Any) -> dict[str, str]:
    caller, investigator = as_role("recorder"), as_role("investigator")
    texts = {f: planted(f) for f in ("legal_power", "decision_maker", "reason")}
    answer = caller.post("/v1/disclosures", json=disclosure_payload(**texts))
    assert answer.status_code == 201, answer.text
    first = answer.json()["entry_id"]
    transfer = transfer_payload(transfer_instrument=planted("instrument"), **texts)
    abroad = caller.post("/v1/disclosures", json=transfer).json()["entry_id"]
    onward = onward_payload(first, **{k: planted("onward_" + k) for k in texts})
    caller.post("/v1/disclosures", json=onward).raise_for_status()
    change = {"reason": planted("changed_reason"), "decision_maker": planted("changed_dm")}
    correction = {"changes": change, "reason": planted("correction_reason")}
    caller.post(f"/v1/disclosures/{first}/corrections", json=correction).raise_for_status()
    breach = breach_payload([first], nature=planted("nature"))
    investigator.post("/v1/breaches", json=breach).raise_for_status()
    notice = notification_payload([first], reason=planted("notified"))
    investigator.post("/v1/notifications", json=notice).raise_for_status()
    return {"first": first, "abroad": abroad}


def _answers(reader: Any, ids: dict[str, str], tokens: list[str]) -> str:
    urls = [f"/v1/disclosures/{i}" for i in ids.values()]
    urls += ["/v1/disclosures?include_void=true", "/v1/transfers", "/v1/exceptions"]
    urls += ["/v1/reports/board?from=2026-01-01&to=2026-12-31"]
    for token in tokens:
        base = f"/v1/subjects/{token}"
        urls += [f"{base}/lineage", f"{base}/notify-list", f"{base}/access-report"]
        urls += [f"{base}/access-report?format=html", f"{base}/lineage?format=dot"]
    answers = [reader.get(url) for url in urls]
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
    return "\n".join(a.text for a in answers)


def _cli(service: Service, tmp_path: Path, token: str) -> str:
    env = {
        "DISCLOSURE_DATABASE_URL": service.settings.database_url,
        "DISCLOSURE_KEY_DIR": str(service.settings.resolved_key_dir()),
        "DISCLOSURE_CHECKPOINT_DIR": str(tmp_path / "checkpoints"),
    }
    out = tmp_path / "out"
    commands = [
        ["lineage", token, "--format", "text"],
        ["notify-list", token, "--format", "text"],
        ["access-report", token, "--out", str(out / "access.html")],
        ["board-report", "--from", "2026-01-01", "--to", "2026-12-31", "--out", str(out)],
        ["verify"],
    ]
    printed = [CliRunner().invoke(main, c, env=env).output for c in commands]
    files = [p.read_text() for p in out.rglob("*") if p.is_file()]
    return "\n".join(printed + files)


def _raw_database(service: Service) -> bytes:
    """The bytes of every file holding the database's tables."""
    url = service.settings.database_url
    if is_sqlite(service.engine):
        db = Path(url.removeprefix("sqlite:///"))
        files = [db, Path(f"{db}-wal"), Path(f"{db}-shm")]
        return b"".join(p.read_bytes() for p in files if p.exists())
    with service.engine.connect() as conn:
        paths = conn.execute(
            text(
                "SELECT pg_relation_filepath(c.oid) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 't', 'i') "
                "AND pg_relation_filepath(c.oid) IS NOT NULL"
            )
        ).scalars()
        chunks = [conn.execute(text("SELECT pg_read_binary_file(:p)"), {"p": p}) for p in paths]
        return b"".join(bytes(c.scalar() or b"") for c in chunks)


def test_nothing_about_an_erased_subject_can_be_read_anywhere(
    service: Service, as_role: Any, tmp_path: Path
) -> None:
    reader = as_role("investigator")
    ids = _record_everything(as_role)
    detail = reader.get(f"/v1/disclosures/{ids['first']}").json()
    child, parent = (s["token"] for s in detail["effective"]["subjects"])
    assert PLANT in _answers(reader, ids, [parent])  # readable before the erasure
    wrapped = bytes(
        rows(service, f"SELECT wrapped_key FROM subject_key WHERE token = '{child}'")[0][0]
    )
    assert wrapped in _raw_database(service) or not is_sqlite(service.engine)

    erased = CliRunner().invoke(
        main,
        ["erase", child, "--ground", "erasure_upheld"],
        env={
            "DISCLOSURE_DATABASE_URL": service.settings.database_url,
            "DISCLOSURE_KEY_DIR": str(service.settings.resolved_key_dir()),
        },
    )
    assert erased.exit_code == 0, erased.output

    answers = _answers(reader, ids, [parent]) + _cli(service, tmp_path, parent)
    assert PLANT not in answers
    assert "erased on " in answers and '"free_text":"opened"' not in answers
    report = reader.get(f"/v1/subjects/{parent}/access-report").text
    assert "free text was erased on " in report  # the reviewer is told, not asked to read it
    raw = _raw_database(service)
    assert PLANT.encode() not in raw
    assert wrapped not in raw
    assert service.verify().ok
