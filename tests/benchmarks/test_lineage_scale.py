"""Subject lineage and partner exposure at scale, beside a raw indexed fetch of the same rows.

Run with `pytest -m benchmark tests/benchmarks/test_lineage_scale.py -s` (add `-k sqlite` or
`-k postgresql` for one backend). The size is `DISCLOSURE_BENCH_ENTRIES` entries (default
1,000,000) over a tenth as many subjects; a quick run: `DISCLOSURE_BENCH_ENTRIES=100000`.
Entries go in through the store's bulk path (`Ledger.append_requests`, no proofs), with
onward shares, transfers and corrections mixed in (the stream of `tests/benchmarks/shares.py`).

Figures are printed against the targets — in-process lineage within 5× the raw fetch, p95
through the API under 20 ms, a month's exposure of the busiest partner under 200 ms. The
test fails only if an answer is wrong or the server errs, not on speed.
"""

from __future__ import annotations

import os
import random
import socket
import statistics
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from functools import partial
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import Connection, Row, text

from api.app import create_app
from lineage.investigate import Period, lineage_json, partner_exposure, subject_lineage
from lineage.registry import apikeys
from lineage.registry.subjects import SubjectRegistry
from lineage.service import Service
from tests.benchmarks.shares import (
    BATCH,
    PARTNERS,
    START,
    EntryStream,
    append_entries,
    local_id,
    register_partners,
)
from tests.factories import COUNCIL

pytestmark = pytest.mark.benchmark

ENTRIES = int(os.environ.get("DISCLOSURE_BENCH_ENTRIES", "1000000"))
SUBJECTS = max(10, ENTRIES // 10)
MEASURED = 200
RAW_FETCH = text(
    "SELECT v.* FROM version_subject s JOIN entry_version v ON v.seq = s.version_seq "
    "WHERE s.token = :token"
)


def fill(service: Service) -> float:
    """Append `ENTRIES` entries; the seconds it took."""
    register_partners(service)
    stream = EntryStream(ENTRIES, service.ledger.head()[0], service.settings.council)
    began = time.perf_counter()
    for first in range(0, ENTRIES, BATCH):
        batch = [stream.entry(n) for n in range(first, min(ENTRIES, first + BATCH))]
        append_entries(service, batch)
    if service.engine.dialect.name == "postgresql":
        # What autovacuum does after a bulk load (since PostgreSQL 13 it vacuums after inserts
        # too): without statistics the planner guesses hash joins over whole tables and
        # spends ~0.5 s JIT-compiling each lineage query, and until the visibility map is set
        # a count reads the heap, not the index alone (550 ms against 95 ms for a partner).
        with service.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE")).close()
    return time.perf_counter() - began


def sample_tokens(service: Service) -> list[str]:
    with service.engine.connect() as conn:
        registry = SubjectRegistry(conn, service.keys)
        chosen = random.Random(11).sample(range(SUBJECTS), MEASURED * 2)
        found = [registry.lookup("local_id", local_id(n)) for n in chosen]
    return [t for t in found if t is not None][:MEASURED]


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    began = time.perf_counter()
    result = action()
    return (time.perf_counter() - began) * 1000, result


def summary(name: str, millis: list[float], target: str = "") -> str:
    cuts = statistics.quantiles(millis, n=20)
    return (f"{name:<34} median {statistics.median(millis):7.2f} ms   p95 {cuts[18]:7.2f} ms"
            f"   {target}")  # fmt: skip


def raw_fetch(conn: Connection, token: str) -> Sequence[Row[Any]]:
    return conn.execute(RAW_FETCH, {"token": token}).all()


def in_process(service: Service, conn: Connection, token: str) -> dict[str, Any]:
    graph = subject_lineage(conn, service.keys, token, council=COUNCIL)
    return lineage_json(graph)


def busiest_month_exposures(service: Service) -> tuple[list[float], list[float]]:
    """A month's exposure of the busiest partner for each of 24 months: (first reads, from
    a cold cache; the same reads again)."""
    months = [START + timedelta(days=60 * m) for m in range(24)]
    passes: list[list[float]] = [[], []]
    with service.engine.connect() as conn:
        for millis in passes:
            for month in months:
                period = Period(month, month + timedelta(days=30))
                millis.append(timed(partial(partner_exposure, conn, PARTNERS[0], period=period))[0])
    return passes[0], passes[1]


@contextmanager
def served(service: Service) -> Iterator[str]:
    """The API on a loopback port in a thread of this process."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    config = uvicorn.Config(create_app(service.settings), port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def measure_in_process(
    service: Service, tokens: list[str]
) -> tuple[list[float], list[float], list[int]]:
    """(raw fetch ms, lineage ms, edges) per subject; a first pass warms the caches."""
    raw, built, edges = [], [], []
    with service.engine.connect() as conn:
        for token in tokens * 2:
            raw_ms, rows = timed(partial(raw_fetch, conn, token))
            built_ms, answer = timed(partial(in_process, service, conn, token))
            # No entry is voided or loses a subject here: each row's entry is an edge.
            assert {r.entry_id for r in rows} <= {e["entry_id"] for e in answer["edges"]}
            raw.append(raw_ms)
            built.append(built_ms)
            edges.append(len(answer["edges"]))
    n = len(tokens)
    return raw[n:], built[n:], edges[n:]


def measure_api(service: Service, tokens: list[str]) -> list[float]:
    key = apikeys.create(service.ledger, role="investigator", name="bench")
    millis = []
    with served(service) as base, httpx.Client(base_url=base) as client:
        client.headers["Authorization"] = f"Bearer {key}"
        for token in tokens * 2:
            api_ms, response = timed(partial(client.get, f"/v1/subjects/{token}/lineage"))
            assert response.status_code == 200, response.text
            millis.append(api_ms)
    return millis[len(tokens) :]


def measure_and_report(service: Service, tokens: list[str]) -> None:
    """Lineage in process and over HTTP, and exposure, printed against their targets."""
    raw, built, edges = measure_in_process(service, tokens)
    through_api = measure_api(service, tokens)
    cold, exposure = busiest_month_exposures(service)
    ratio = statistics.median(built) / statistics.median(raw)
    print(f"{len(tokens)} subjects, {statistics.mean(edges):.1f} edges each on average")
    print(summary("raw indexed fetch of the rows", raw))
    print(summary("lineage in process (graph + JSON)", built, f"{ratio:.1f}x raw (target <= 5x)"))
    print(summary("lineage through the API (HTTP)", through_api, "(target p95 <= 20 ms)"))
    print(summary("exposure, busiest partner, a month", exposure, "(target <= 200 ms)"))
    print(summary("  first reads, cold cache", cold))


def test_lineage_and_exposure_at_scale(service: Service) -> None:
    print(f"\n{service.engine.dialect.name}: {ENTRIES:,} entries over {SUBJECTS:,} subjects")
    print(f"filled in {fill(service):.0f} s")
    measure_and_report(service, sample_tokens(service))
