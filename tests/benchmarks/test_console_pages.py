"""Each console page's server time beside the same query through the API, in the same run.

Run with `pytest -m benchmark tests/benchmarks/test_console_pages.py -s -k sqlite`. The size
is `DISCLOSURE_BENCH_ENTRIES` (default 1,000,000; a quick run: 20000), filled as in
`test_lineage_scale`. Targets, printed beside the figures: a page within 1.5x its API query,
p95 at most 300 ms. The test fails only if a page or a query does not answer 200.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import httpx
import pytest

from lineage.registry import apikeys, signin_links
from lineage.service import Service
from tests.benchmarks.shares import PARTNERS
from tests.benchmarks.test_lineage_scale import ENTRIES, fill, sample_tokens, served

pytestmark = pytest.mark.benchmark
SAMPLES = 40


def timings(client: httpx.Client, paths: list[str]) -> list[float]:
    """Milliseconds per request, each answered 200."""
    millis = []
    for path in paths:
        began = time.perf_counter()
        answer = client.get(path)
        millis.append((time.perf_counter() - began) * 1000)
        assert answer.status_code == 200, (path, answer.text[:300])
    return millis


def line(name: str, page: list[float], api: list[float]) -> str:
    def p95(m: list[float]) -> float:
        return statistics.quantiles(m, n=20)[18]

    ratio = statistics.median(page) / statistics.median(api)
    return (
        f"{name:<22} page median {statistics.median(page):7.1f} ms p95 {p95(page):7.1f} ms | "
        f"API median {statistics.median(api):7.1f} ms p95 {p95(api):7.1f} ms | "
        f"{ratio:4.2f}x (target <= 1.5x, p95 <= 300 ms)"
    )


def test_console_pages_beside_the_api(service: Service) -> None:
    fill(service)
    service.settings.console_secure_cookies = False  # plain HTTP on loopback, no browser
    tokens = sample_tokens(service)[:SAMPLES]
    key = apikeys.create(service.ledger, role="investigator", name="bench")
    link = signin_links.issue(
        service.settings.resolved_signin_link_dir(), role="investigator", name="bench", minutes=5
    )
    pairs: dict[str, Callable[[int], tuple[str, str]]] = {
        "person page": lambda i: (
            f"/people/{tokens[i]}",
            f"/v1/subjects/{tokens[i]}/lineage?format=svg",
        ),
        "explorer (recipient)": lambda i: (
            f"/disclosures?recipient={PARTNERS[i % 8]}",
            f"/v1/disclosures?recipient={PARTNERS[i % 8]}&limit=50",
        ),
        "exceptions queue": lambda i: ("/exceptions", "/v1/exceptions?limit=50"),
    }
    bearer = {"Authorization": f"Bearer {key}"}
    with (
        served(service) as url,
        httpx.Client(base_url=url, timeout=60) as console,
        httpx.Client(base_url=url, timeout=60, headers=bearer) as api,
    ):
        assert console.get(f"/sign-in/link?code={link}").status_code == 303
        print(f"\nconsole beside API, {service.engine.dialect.name}, {ENTRIES:,} entries")
        for name, paths in pairs.items():
            chosen = [paths(i % len(tokens)) for i in range(SAMPLES)]
            page = timings(console, [p for p, _ in chosen])
            answer = timings(api, [a for _, a in chosen])
            print(line(name, page, answer))
