"""Bulk import, verify, proofs and memory, each beside a reference measured in the same run.

Run with `pytest -m benchmark tests/benchmarks/test_import_verify.py -s` (`-k sqlite` or
`-k postgresql` for one backend). Size: `DISCLOSURE_BENCH_ENTRIES` (default 100,000) demo
disclosures. Figures are printed against the targets of the performance issue; the tests fail
only if an answer is wrong, never on speed.

* import: `disclosure import` (validation, sealing, hashing, projections, stored subtrees)
  beside a minimal raw pipeline over the same file — parse, canonicalise, SHA-256, insert
  entry and projection rows with `sqlite3.executemany` / psycopg `COPY`, one transaction;
* verify: the full `verify` beside SHA-256 alone over the same body bytes;
* proofs: inclusion and consistency proofs at the final size (mean and worst of 200 each);
* memory: the import's peak RSS (a separate process).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from lineage.ledger.receipts import consistency, inclusion
from lineage.registry.partners import put_agreement, put_partner
from lineage.service import Service, initialise
from lineage.settings import Settings
from lineage.storage.database import write_transaction
from tests.benchmarks.demo_data import demo_jsonl, registry_records

pytestmark = pytest.mark.benchmark

ENTRIES = int(os.environ.get("DISCLOSURE_BENCH_ENTRIES", "100000"))


def line(figure: str, value: str, reference: str, target: str) -> None:
    print(f"| {figure} | {value} | {reference} | {target} |")


def register_demo_partners(service: Service) -> None:
    partners, agreements = registry_records(service.settings.council)
    now = datetime.now(UTC)
    with write_transaction(service.engine) as conn:
        for partner in partners:
            put_partner(conn, partner, by="bench", at=now)
        for agreement in agreements:
            put_agreement(conn, agreement, by="bench", at=now)


def cli_env(service: Service) -> dict[str, str]:
    settings = service.settings
    return {
        **os.environ,
        "DISCLOSURE_DATABASE_URL": settings.database_url,
        "DISCLOSURE_KEY_DIR": str(settings.resolved_key_dir()),
        "DISCLOSURE_CHECKPOINT_DIR": str(settings.resolved_checkpoint_dir()),
    }


MEASURE_CHILD = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(code)\n"
)
"""Runs a command and prints its peak RSS alone: the test's own children would blur it."""


def timed_import(service: Service, source: Path) -> tuple[float, int]:
    """Seconds and peak RSS (KiB) of `disclosure import` in its own process."""
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            MEASURE_CHILD,
            sys.executable,
            "-m",
            "lineage",
            "import",
            str(source),
        ],  # the default batch size
        env=cli_env(service),
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stderr[-2000:]
    return seconds, int(done.stdout.strip().splitlines()[-1])


RAW_BATCH = 50_000
"""Lines parsed before their rows are written: the reference's memory stays flat at 10M."""

Rows = tuple[list[tuple[object, ...]], ...]


def raw_pipeline(url: str, source: Path) -> float:
    """The reference: the least work that stores the same entries and projection rows, in one
    transaction."""
    started = time.perf_counter()
    write = _raw_sqlite if url.startswith("sqlite") else _raw_postgres
    write(url, _raw_batches(source))
    return time.perf_counter() - started


def _raw_batches(source: Path) -> Iterator[Rows]:
    """Entry, version, subject and category rows, `RAW_BATCH` lines at a time."""
    with source.open(encoding="utf-8") as handle:
        seq = 0
        while True:
            entries: list[tuple[object, ...]] = []
            versions: list[tuple[object, ...]] = []
            subjects: list[tuple[object, ...]] = []
            categories: list[tuple[object, ...]] = []
            for raw in islice(handle, RAW_BATCH):
                record = json.loads(raw)
                body = json.dumps(
                    record, sort_keys=True, separators=(",", ":"), ensure_ascii=False
                ).encode()
                leaf = hashlib.sha256(b"\x00" + body).digest()
                entries.append((seq, record.get("entry_id") or str(seq), "disclosure", body, leaf))
                versions.append(
                    (seq, record["recipient"], record["purpose"], record["occurred_at"])
                )
                subjects += [
                    (seq, s.get("local_id") or s.get("token"), s["role"])
                    for s in record.get("subjects") or []
                ]
                categories += [(seq, c) for c in record["categories"]]
                seq += 1
            if not entries:
                return
            yield entries, versions, subjects, categories


RAW_TABLES = ("raw_entry", "raw_version", "raw_subject", "raw_category")
RAW_SCHEMA = [
    "CREATE TABLE raw_entry (seq BIGINT PRIMARY KEY, entry_id VARCHAR(36) UNIQUE, kind TEXT,"
    " body BYTEA, leaf_hash BYTEA)",
    "CREATE TABLE raw_version (seq BIGINT PRIMARY KEY, recipient TEXT, purpose TEXT,"
    " occurred_at TEXT)",
    "CREATE TABLE raw_subject (seq BIGINT, token TEXT, role TEXT, PRIMARY KEY (seq, token))",
    "CREATE TABLE raw_category (seq BIGINT, category TEXT, PRIMARY KEY (seq, category))",
]


def _raw_sqlite(url: str, batches: Iterator[Rows]) -> None:
    import sqlite3

    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        for statement in RAW_SCHEMA:
            conn.execute(statement.replace("BYTEA", "BLOB"))
        with conn:
            for rows in batches:
                for table, data in zip(RAW_TABLES, rows, strict=True):
                    if not data:
                        continue
                    marks = ", ".join("?" for _ in data[0])
                    conn.executemany(f"INSERT OR IGNORE INTO {table} VALUES ({marks})", data)
    finally:
        conn.close()


def _raw_postgres(url: str, batches: Iterator[Rows]) -> None:
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        for statement in RAW_SCHEMA:
            conn.execute(statement)
        for rows in batches:
            for table, data in zip(RAW_TABLES, rows, strict=True):
                with conn.cursor().copy(f"COPY {table} FROM STDIN") as copy:
                    for row in {r[:2]: r for r in data}.values():
                        copy.write_row(row)


@pytest.fixture
def bench_service(settings: Settings) -> Iterator[Service]:
    service = initialise(settings)
    register_demo_partners(service)
    yield service
    service.engine.dispose()


def test_import_verify_proofs_and_memory(bench_service: Service) -> None:
    source = demo_jsonl(ENTRIES)
    backend = bench_service.engine.dialect.name
    reference = raw_pipeline(bench_service.settings.database_url, source)
    seconds, peak_kib = timed_import(bench_service, source)
    size, _ = bench_service.ledger.head()
    assert size == ENTRIES

    print(f"\n{backend}, {ENTRIES:,} demo entries")
    print("| figure | measured | reference in the same run | target |\n|---|---|---|---|")
    ours, raw = ENTRIES / seconds, ENTRIES / reference
    line(
        f"bulk import ({backend})",
        f"{ours:,.0f} entries/s",
        f"raw pipeline {raw:,.0f}/s (ratio {ours / raw:.2f})",
        "≥ 0.5× the reference",
    )
    line(f"peak RSS importing ({backend})", f"{peak_kib / 1024:,.0f} MB", "—", "≤ 512 MB")
    _verify_figures(bench_service, backend)
    _proof_figures(bench_service, backend, size)


def _verify_figures(service: Service, backend: str) -> None:
    started = time.perf_counter()
    with service.engine.connect() as conn:
        bodies = conn.execution_options(yield_per=10_000)  # streamed, not held: 10M bodies
        for (body,) in bodies.execute(text("SELECT body FROM ledger_entry ORDER BY seq")):
            hashlib.sha256(b"\x00" + bytes(body)).digest()
    sha_only = time.perf_counter() - started
    cores = os.cpu_count() or 1
    for workers, how in ((cores, f"{cores} worker processes"), (0, "one process")):
        started = time.perf_counter()
        report = service.verify(workers=workers)
        seconds = time.perf_counter() - started
        assert report.ok, report.problems[:5]
        line(
            f"full verify, {how} ({backend})",
            f"{report.tree_size / seconds:,.0f} entries/s",
            f"SHA-256 alone {report.tree_size / sha_only:,.0f}/s",
            "≥ 100,000 entries/s",
        )


def _proof_figures(service: Service, backend: str, size: int) -> None:
    rng = random.Random(5)
    timings: dict[str, list[float]] = {"inclusion": [], "consistency": []}
    with service.engine.connect() as conn:
        for _ in range(200):
            seq, first = rng.randrange(size), rng.randrange(1, size + 1)
            started = time.perf_counter()
            inclusion(conn, seq, size)
            timings["inclusion"].append(time.perf_counter() - started)
            started = time.perf_counter()
            consistency(conn, first, size)
            timings["consistency"].append(time.perf_counter() - started)
    for name, values in timings.items():
        mean, worst = sum(values) / len(values) * 1000, max(values) * 1000
        line(
            f"{name} proof at {size:,} ({backend})",
            f"mean {mean:.2f} ms, worst {worst:.2f} ms",
            "—",
            "≤ 5 ms each",
        )
