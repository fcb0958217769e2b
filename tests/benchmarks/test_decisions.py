"""Decisions per second and p95, in process and over HTTP, with the demo's agreements.

Run with `pytest -m benchmark tests/benchmarks/test_decisions.py -s`; figures are printed
beside the no-op route in the same run. The test fails only if a decision is lost or the
server errs, not on speed (the target, p95 at most 20 ms over HTTP, is reported against).
"""

from __future__ import annotations

import itertools
import statistics
import time
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from lineage.demo.agreements import agreement_records
from lineage.demo.partners import partner_records
from lineage.ledger.decisions import record_decision
from lineage.registry import apikeys
from lineage.registry.partners import put_agreement, put_partner
from lineage.service import Service
from lineage.storage.database import write_transaction
from tests.benchmarks.test_http_append import CLIENTS, PER_CLIENT, Run, _measure, _server

IN_PROCESS = 500
SHARE: dict[str, Any] = {
    "occurred_at": "2026-03-02T10:15:00Z",
    "subjects": [{"local_id": "LL-100234", "role": "child"}],
    "lawful_basis": "UKGDPR.6.1.e",
}
PROPOSALS: list[dict[str, Any]] = [
    {**SHARE, "recipient": "cgl", "agreement": "ISA-2021-CGL", "categories": ["identity"],
     "purpose": "health_wellbeing"},  # PERMIT inside the agreement
    {**SHARE, "recipient": "beds-police", "categories": ["identity", "domestic_abuse"],
     "purpose": "child_protection"},  # PERMIT under the s16LA duty
    {**SHARE, "recipient": "social-finance", "categories": ["identity"],
     "purpose": "service_planning"},  # REVIEW: no agreement
    {**SHARE, "recipient": "cgl", "agreement": "ISA-2021-CGL",
     "categories": ["identity", "health"], "purpose": "health_wellbeing"},  # DENY: no Art 9
]  # fmt: skip


def _seed(service: Service) -> None:
    now = datetime.now(UTC)
    with write_transaction(service.engine) as conn:
        for partner in partner_records():
            put_partner(conn, partner, by="benchmark", at=now)
        for agreement in agreement_records(service.settings.council):
            put_agreement(conn, agreement, by="benchmark", at=now)


def _p95(run: Run) -> str:
    cuts = statistics.quantiles(run.latencies, n=100)
    return f"{run.line()}   p95 {cuts[94] * 1000:6.1f} ms"


def _in_process(service: Service) -> Run:
    latencies, proposals = [], itertools.cycle(PROPOSALS)
    started = time.perf_counter()
    for _ in range(IN_PROCESS):
        payload = next(proposals)
        began = time.perf_counter()
        record_decision(service.ledger, payload, "benchmark")
        latencies.append(time.perf_counter() - began)
    return Run("decide (in process)", IN_PROCESS, time.perf_counter() - started, latencies)


@pytest.mark.benchmark
def test_decision_throughput(service: Service, database_url: str) -> None:
    _seed(service)
    backend = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    local = _in_process(service)
    key = apikeys.create(service.ledger, role="recorder", name="benchmark")
    proposals = itertools.cycle(PROPOSALS)
    with _server(service) as base:
        _measure("warm-up", base, key, lambda: next(proposals), "/v1/decisions")
        noop = _measure("no-op route", base, key, dict, "/noop")
        http = _measure(f"decide ({backend})", base, key, lambda: next(proposals), "/v1/decisions")
        size = httpx.get(base + "/health").json()["tree_size"]
    print(f"\n{IN_PROCESS} decisions in process; {CLIENTS} clients x {PER_CLIENT} over HTTP")
    for run in (local, noop, http):
        print(_p95(run))
    assert size == IN_PROCESS + 2 * CLIENTS * PER_CLIENT
