"""The newest checkpoint that verifies, found without reading every checkpoint on file."""

from __future__ import annotations

from pathlib import Path

from lineage.log import checkpoints
from lineage.service import Service
from tests.appending import append
from tests.factories import disclosure_payload


def three_checkpoints(service: Service) -> list[Path]:
    paths = []
    for _ in range(3):
        append(service.ledger, disclosure_payload(), recorded_by="t")
        paths.append(service.checkpoint())
    return paths


def newest(service: Service) -> tuple[checkpoints.Checkpoint | None, list[str]]:
    folder = service.settings.resolved_checkpoint_dir()
    return checkpoints.newest(folder, service.trusted(), service.settings.origin())


def test_the_newest_is_the_largest_tree(service: Service) -> None:
    paths = three_checkpoints(service)
    found, problems = newest(service)
    assert found is not None and found.size == 3 and problems == []
    assert found.path == paths[-1]


def test_a_newest_that_fails_is_reported_and_the_one_before_shown(service: Service) -> None:
    oldest, middle, latest = three_checkpoints(service)
    latest.write_text(latest.read_text().replace("3\n", "4\n", 1))  # the signature breaks
    oldest.write_text("not a checkpoint")  # older than the newest good one: not read here
    found, problems = newest(service)
    assert found is not None and found.path == middle
    assert len(problems) == 1 and latest.name in problems[0]


def test_none_on_file(service: Service) -> None:
    assert newest(service) == (None, [])
