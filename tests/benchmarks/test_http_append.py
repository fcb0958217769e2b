"""HTTP append throughput and latency: 16 clients on loopback, beside a no-op route.

Run with `pytest -m benchmark tests/benchmarks -s`; figures are printed, and the test fails
only if appends are lost or the server errs, not on speed (the target — 1,000 appends/s
with p99 under 50 ms — is reported against).
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from lineage.registry import apikeys
from lineage.service import Service
from tests.factories import disclosure_payload

CLIENTS = 16
PER_CLIENT = 100
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    name: str
    count: int
    seconds: float
    latencies: list[float]

    def line(self) -> str:
        cuts = statistics.quantiles(self.latencies, n=100)
        return (
            f"{self.name:<22} {self.count / self.seconds:8.0f} req/s   "
            f"p50 {cuts[49] * 1000:6.1f} ms   p99 {cuts[98] * 1000:6.1f} ms"
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _server(service: Service, extra: dict[str, str] | None = None) -> Iterator[str]:
    settings = service.settings
    env = {
        **os.environ,
        "DISCLOSURE_DATABASE_URL": settings.database_url,
        "DISCLOSURE_KEY_DIR": str(settings.resolved_key_dir()),
        "DISCLOSURE_CHECKPOINT_DIR": str(settings.resolved_checkpoint_dir()),
        **(extra or {}),
    }
    port = _free_port()
    command = [sys.executable, "-m", "tests.benchmarks.http_server", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base)
        yield base
    finally:
        process.terminate()
        process.wait(10)


def _wait_for(base: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/health").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("the benchmark server did not start")


def _measure(name: str, base: str, key: str, body: Callable[[], Any], url: str) -> Run:
    def client(_: int) -> list[float]:
        latencies = []
        headers = {"Authorization": f"Bearer {key}"}
        with httpx.Client(base_url=base, headers=headers, timeout=120) as http:
            for _ in range(PER_CLIENT):
                payload = body()
                started = time.perf_counter()
                response = http.post(url, json=payload)
                latencies.append(time.perf_counter() - started)
                assert response.status_code in (200, 201), response.text
        return latencies

    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(client, range(CLIENTS)))
    elapsed = time.perf_counter() - started
    return Run(name, CLIENTS * PER_CLIENT, elapsed, [t for r in results for t in r])


@pytest.mark.benchmark
def test_http_append_throughput(service: Service, database_url: str) -> None:
    key = apikeys.create(service.ledger, role="recorder", name="benchmark")
    backend = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    with _server(service) as base:
        _measure("warm-up", base, key, disclosure_payload, "/v1/disclosures")
        noop = _measure("no-op route", base, key, dict, "/noop")
        append = _measure(f"append ({backend})", base, key, disclosure_payload, "/v1/disclosures")
        size = httpx.get(base + "/health").json()["tree_size"]
    print(f"\n{CLIENTS} clients x {PER_CLIENT} requests on loopback")
    print(noop.line())
    print(append.line())
    assert size == 2 * CLIENTS * PER_CLIENT
