"""Concurrent writers: `seq` stays contiguous, nothing is lost or duplicated."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lineage.ledger.store import Ledger
from lineage.service import Service
from tests.appending import append
from tests.factories import disclosure_payload
from tests.lineage.helpers import rows
from tests.lineage.test_cli import cli_env

WRITERS = 8
APPENDS = 250


def test_eight_writers_append_two_thousand_entries(service: Service) -> None:
    def writer(n: int) -> list[tuple[str, int]]:
        # Each writer has its own Ledger over the shared engine, as separate requests would.
        ledger = Ledger(service.engine, service.keys, service.settings)
        return [
            (r.receipt.entry_id, r.receipt.seq)
            for r in (
                append(ledger, disclosure_payload(), recorded_by=f"writer-{n}")
                for _ in range(APPENDS)
            )
        ]

    with ThreadPoolExecutor(WRITERS) as pool:
        results = [r for batch in pool.map(writer, range(WRITERS)) for r in batch]

    seqs = sorted(seq for _, seq in results)
    assert seqs == list(range(WRITERS * APPENDS))
    stored = rows(service, "SELECT entry_id, seq FROM ledger_entry ORDER BY seq")
    assert sorted((str(e), s) for e, s in stored) == sorted(results)
    report = service.verify()
    assert report.ok, report.problems
    assert report.tree_size == WRITERS * APPENDS


IMPORTERS = 6
OWN_LINES = 150
SHARED_LINES = 50


def _line(i: int) -> str:
    minute, second = divmod(i, 60)
    payload = disclosure_payload(
        entry_id=None,
        occurred_at=f"2026-03-02T{10 + minute // 60:02d}:{minute % 60:02d}:{second:02d}Z",
    )
    return json.dumps(payload) + "\n"


def test_six_import_processes_at_once_all_finish_and_store_each_line_once(
    service: Service, tmp_path: Path
) -> None:
    """Each file holds its own lines and lines every file shares; every process exits 0."""
    shared = [_line(i) for i in range(SHARED_LINES)]
    files = []
    for n in range(IMPORTERS):
        own = [_line(SHARED_LINES + n * OWN_LINES + i) for i in range(OWN_LINES)]
        path = tmp_path / f"in-{n}.jsonl"
        path.write_text("".join(own[:75] + shared + own[75:]))
        files.append(path)
    env = {**os.environ, **cli_env(tmp_path, service.settings.database_url)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "lineage", "import", str(path), "--batch-size", "25"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in files
    ]
    outcomes = [(*p.communicate(timeout=300), p.returncode) for p in processes]
    assert [code for _, _, code in outcomes] == [0] * IMPORTERS, outcomes
    assert "Traceback" not in "".join(err for _, err, _ in outcomes)
    expected = SHARED_LINES + IMPORTERS * OWN_LINES
    distinct = rows(service, "SELECT count(DISTINCT entry_id), count(*) FROM ledger_entry")
    assert tuple(distinct[0]) == (expected, expected)
    report = service.verify()
    assert report.ok and report.tree_size == expected, report.problems
