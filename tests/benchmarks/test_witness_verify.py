"""Witnesses and incremental verify, each beside a reference measured in the same run.

Run with `pytest -m benchmark tests/benchmarks/test_witness_verify.py -s` (`-k sqlite` or
`-k postgresql` for one backend). The tests fail only if an answer is wrong, never on speed.

* HTTP appends with the server signing a checkpoint every 5 seconds and submitting it to one
  witness (a real one, over HTTP on loopback), beside the same server with no witness
  (target: ≥ 0.9× its throughput);
* `verify --since-last` of `DISCLOSURE_BENCH_NEW` (default 10,000) entries appended to a
  ledger of `DISCLOSURE_BENCH_ENTRIES` (default 100,000; the issue's figure is 1M), beside a
  full verify of a ledger of the new entries alone (target: ≤ 2× its time).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import httpx
import pytest

from lineage.log import incremental
from lineage.registry import apikeys
from lineage.service import Service, initialise
from lineage.settings import Settings
from lineage.verification import verify_ledger
from tests.benchmarks.demo_data import demo_jsonl
from tests.benchmarks.test_http_append import CLIENTS, PER_CLIENT, _measure, _server
from tests.benchmarks.test_import_verify import ENTRIES, line, register_demo_partners, timed_import
from tests.conftest import PG_ADMIN, create_pg_database, drop_pg_database
from tests.factories import disclosure_payload
from tests.lineage.test_witnessing import log_of
from tests.lineage.witnesses import new_witness, witness_serving

pytestmark = pytest.mark.benchmark

NEW = int(os.environ.get("DISCLOSURE_BENCH_NEW", "10000"))


def test_http_appends_with_a_witness(service: Service, tmp_path: Path) -> None:
    key = apikeys.create(service.ledger, role="recorder", name="benchmark")
    backend = service.engine.dialect.name
    every_five = {"DISCLOSURE_CHECKPOINT_INTERVAL_SECONDS": "5"}
    vkey = new_witness(tmp_path / "witness", "witness.example.org/bench")
    with _server(service, every_five) as base:
        _measure("warm-up", base, key, disclosure_payload, "/v1/disclosures")
        alone = _measure(
            f"append, no witness ({backend})", base, key, disclosure_payload, "/v1/disclosures"
        )
    with witness_serving(tmp_path / "witness", log_of(service)) as url:
        witnessed = {**every_five, "DISCLOSURE_WITNESSES": f"{url} {vkey}"}
        with _server(service, witnessed) as base:
            seen = _measure(
                f"append, one witness ({backend})", base, key, disclosure_payload, "/v1/disclosures"
            )
            size = httpx.get(base + "/health").json()["tree_size"]
            time.sleep(6)  # one more tick: the last appends are signed and witnessed
        served = httpx.get(f"{url}/checkpoint", params={"origin": service.settings.origin()})
    assert size == 3 * CLIENTS * PER_CLIENT
    assert served.status_code == 200 and served.text.split("\n")[1] == str(size)
    ratio = (seen.count / seen.seconds) / (alone.count / alone.seconds)
    print(f"\n{CLIENTS} clients x {PER_CLIENT} requests, checkpoints every 5 s")
    print(alone.line())
    print(seen.line())
    print(f"with a witness / without: {ratio:.2f} (target ≥ 0.9)")


@pytest.fixture
def reference_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A second, empty database on the same backend, for the ledger of new entries alone."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'alone.db'}"
        return
    url = create_pg_database(PG_ADMIN)
    try:
        yield url
    finally:
        drop_pg_database(PG_ADMIN, url)


def _lines(source: Path, start: int, count: int, into: Path) -> Path:
    with source.open(encoding="utf-8") as lines:
        into.write_text("".join(islice(lines, start, start + count)), encoding="utf-8")
    return into


def _ledger(settings: Settings) -> Service:
    service = initialise(settings)
    register_demo_partners(service)
    return service


def test_incremental_verify(settings: Settings, reference_url: str, tmp_path: Path) -> None:
    source = demo_jsonl(ENTRIES + NEW)
    big = _ledger(settings)
    alone = _ledger(
        Settings(
            database_url=reference_url, key_dir=tmp_path / "k2", checkpoint_dir=tmp_path / "c2"
        )
    )
    try:
        timed_import(big, _lines(source, 0, ENTRIES, tmp_path / "first.jsonl"))
        full = verify_ledger(big.engine, big.settings, big.trusted())
        assert full.ok, full.problems[:5]
        state = tmp_path / incremental.STATE_FILE
        incremental.save(state, big.settings.origin(), full)
        timed_import(big, _lines(source, ENTRIES, NEW, tmp_path / "new.jsonl"))
        started = time.perf_counter()
        since = incremental.load(state, big.settings.origin())
        report = verify_ledger(big.engine, big.settings, big.trusted(), start=since.frontier)
        incremental.check_consistency(big.engine, since, report)
        quick = time.perf_counter() - started
        assert report.ok and report.tree_size == ENTRIES + NEW, report.problems[:5]
        timed_import(alone, demo_jsonl(NEW))
        started = time.perf_counter()
        reference = verify_ledger(alone.engine, alone.settings, alone.trusted())
        whole = time.perf_counter() - started
        assert reference.ok and reference.tree_size == NEW
    finally:
        big.engine.dispose()
        alone.engine.dispose()
    backend = big.engine.dialect.name
    line(
        f"verify --since-last, {NEW:,} new on {ENTRIES:,} ({backend})",
        f"{quick:.2f} s",
        f"{NEW:,} entries alone {whole:.2f} s (ratio {quick / whole:.2f})",
        "≤ 2×",
    )
