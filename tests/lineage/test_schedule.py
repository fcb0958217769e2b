"""Checkpoints on a schedule: written when the ledger grows, not when it stands still."""

from __future__ import annotations

import time

from lineage.log.schedule import CheckpointSchedule
from lineage.service import Service
from tests.appending import append
from tests.factories import disclosure_payload


def test_a_tick_writes_only_when_the_ledger_grew(service: Service) -> None:
    schedule = CheckpointSchedule(service, interval_seconds=3600)
    first = schedule.tick()
    assert first is not None and first.name == "000000000000.checkpoint"
    assert schedule.tick() is None
    append(service.ledger, disclosure_payload(), recorded_by="t")
    second = schedule.tick()
    assert second is not None and second.name == "000000000001.checkpoint"
    assert service.verify().checkpoints_checked == 2


def test_the_schedule_runs_on_its_own(service: Service) -> None:
    append(service.ledger, disclosure_payload(), recorded_by="t")
    schedule = CheckpointSchedule(service, interval_seconds=0.05)
    schedule.start()
    try:
        deadline = time.monotonic() + 10
        folder = service.settings.resolved_checkpoint_dir()
        while not list(folder.glob("*.checkpoint")) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        schedule.stop()
    assert [p.name for p in folder.glob("*.checkpoint")] == ["000000000001.checkpoint"]


def test_the_server_writes_checkpoints_while_it_runs(service: Service) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app

    append(service.ledger, disclosure_payload(), recorded_by="t")
    settings = service.settings.model_copy(update={"checkpoint_interval_seconds": 0.05})
    folder = settings.resolved_checkpoint_dir()
    with TestClient(create_app(settings)) as client:
        assert client.get("/health").status_code == 200
        deadline = time.monotonic() + 10
        while not list(folder.glob("*.checkpoint")) and time.monotonic() < deadline:
            time.sleep(0.05)
    assert [p.name for p in folder.glob("*.checkpoint")] == ["000000000001.checkpoint"]


def test_the_schedule_can_be_stopped_and_started_again(service: Service) -> None:
    schedule = CheckpointSchedule(service, interval_seconds=3600)
    for _ in range(2):
        schedule.start()
        schedule.stop()
    assert schedule.tick() is not None


def test_a_running_server_signs_within_five_seconds_by_default() -> None:
    from lineage.settings import Settings

    assert Settings(_env_file=None).checkpoint_interval_seconds <= 5


def test_reads_alone_are_anchored_by_the_next_tick(service: Service) -> None:
    from lineage.log.checkpoints import access_log_tail
    from lineage.registry import access_log
    from tests.lineage.test_access_log_anchor import read

    schedule = CheckpointSchedule(service, interval_seconds=3600)
    assert schedule.tick() is not None
    access_log.record(service.engine, read(0))  # a read, no append
    path = schedule.tick()
    assert path is not None and path.name == "000000000000.checkpoint"
    tail = access_log_tail(path.read_text())
    assert tail is not None and tail[0] == 1
    assert schedule.tick() is None
