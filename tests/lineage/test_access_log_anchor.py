"""Checkpoints anchor the access log's tail, so cutting its newest rows is detected."""

from __future__ import annotations

from sqlalchemy import text

from lineage.log.checkpoints import access_log_tail
from lineage.registry import access_log
from lineage.service import Service
from lineage.storage import guardrails


def read(n: int) -> access_log.SubjectRead:
    return access_log.SubjectRead(
        principal="investigator:DPO",
        endpoint="/v1/subjects/lookup",
        tokens=[f"sub_{n:024d}"],
        returned={"status": 200},
    )


def test_the_checkpoint_signs_the_access_logs_tail(service: Service) -> None:
    for n in range(3):
        access_log.record(service.engine, read(n))
    path = service.checkpoint()
    tail = access_log_tail(path.read_text())
    assert tail is not None and tail[0] == 3
    assert service.verify().ok


def test_cutting_the_tail_after_a_checkpoint_is_detected(service: Service) -> None:
    for n in range(4):
        access_log.record(service.engine, read(n))
    service.checkpoint()
    with service.engine.begin() as conn:
        guardrails.remove(conn)
        conn.execute(text("DELETE FROM access_log WHERE seq >= 2"))
    report = service.verify()
    assert not report.ok
    assert any("covered 4 rows" in p for p in report.problems)


def test_rows_added_after_a_checkpoint_are_fine(service: Service) -> None:
    access_log.record(service.engine, read(0))
    service.checkpoint()
    access_log.record(service.engine, read(1))
    assert service.verify().ok
