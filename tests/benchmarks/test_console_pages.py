"""Each console page's server time beside the same question asked of the API, in the same run.

Run with `pytest -m benchmark tests/benchmarks/test_console_pages.py -s -k sqlite` (or
`-k postgresql`). The size is `DISCLOSURE_BENCH_ENTRIES` (default 1,000,000; a quick run:
20000), filled as in `test_lineage_scale`. Targets, printed beside the figures: a page within
1.5x its API question, p95 at most 300 ms. The test fails only if a page or a call does not
answer as it should (200, or 303 for a look-up that found one person).

Each page stands beside the API call that answers its question with the same engine call:

* find a person: `GET /v1/subjects/lookup` by the same local id;
* the person's page (lineage, timeline, notify list, identifiers): the lineage as SVG;
* the explorer (a page of one recipient's disclosures and how many there are in all): the
  listing and `/v1/disclosures/count` for the same filter, as the page shows both;
* the explorer's CSV and XLSX exports (a month of one recipient): the API's own export;
* a partner's page (counts by month of the year, onward shares, exposure in the year): the
  partner's exposure for the same year, the page's heaviest part;
* the exceptions queue: `/v1/exceptions` (a page and the total); integrity: the tree head;
  the board page (a quarter, previewed with its diagram): `/v1/reports/board`; the audit
  page: `/v1/audit/access` for the same subject.

Each pair is asked once, unmeasured, to warm the caches, and then page and API are measured
in turn, sample by sample, so neither reads what the other has just brought into memory.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest

from lineage.registry import apikeys, signin_links
from lineage.registry.subjects import SubjectRegistry
from lineage.service import Service
from tests.benchmarks.shares import PARTNERS, local_id
from tests.benchmarks.test_lineage_scale import ENTRIES, SUBJECTS, fill, served

pytestmark = pytest.mark.benchmark
SAMPLES = 40
HEAVY = 10
"""Samples for the pages that read a year or a month of a busy partner."""
BOARD = 5
"""Samples for the board page, which aggregates a quarter: seconds a sample at 1M."""


@dataclass(frozen=True)
class Pair:
    """A page and the API calls (summed) that answer its question, for sample `i`."""

    name: str
    page: Callable[[int], str]
    api: Callable[[int], list[str]]
    samples: int = SAMPLES
    page_status: int = 200


def people(service: Service, n: int) -> list[tuple[str, str]]:
    """(local id, token) of `n` subjects drawn at random."""
    chosen = random.Random(11).sample(range(SUBJECTS), n * 2)
    with service.engine.connect() as conn:
        registry = SubjectRegistry(conn, service.keys)
        found = [(local_id(s), registry.lookup("local_id", local_id(s))) for s in chosen]
    return [(lid, token) for lid, token in found if token is not None][:n]


def pairs(chosen: list[tuple[str, str]]) -> list[Pair]:
    def token(i: int) -> str:
        return chosen[i % len(chosen)][1]

    def lid(i: int) -> str:
        return chosen[i % len(chosen)][0]

    def partner(i: int) -> str:
        return PARTNERS[i % 8]

    year = "year=2025"
    month = "from=2025-01-01&to=2025-01-31"
    quarter = "from=2025-01-01&to=2025-03-31"
    return [
        Pair(
            "find a person",
            lambda i: f"/people?by=local_id&value={lid(i)}",
            lambda i: [f"/v1/subjects/lookup?local_id={lid(i)}"],
            page_status=303,
        ),
        Pair(
            "person page",
            lambda i: f"/people/{token(i)}",
            lambda i: [f"/v1/subjects/{token(i)}/lineage?format=svg"],
        ),
        Pair(
            "explorer (recipient)",
            lambda i: f"/disclosures?recipient={partner(i)}",
            lambda i: [
                f"/v1/disclosures?recipient={partner(i)}&limit=50",
                f"/v1/disclosures/count?recipient={partner(i)}",
            ],
        ),
        *(export(fmt, partner, month) for fmt in ("csv", "xlsx")),
        Pair(
            "partner page (a year)",
            lambda i: f"/partners/{partner(i)}?{year}",
            lambda i: [f"/v1/partners/{partner(i)}/exposure?from=2025-01-01&to=2025-12-31"],
            samples=HEAVY,
        ),
        Pair("exceptions queue", lambda i: "/exceptions", lambda i: ["/v1/exceptions?limit=50"]),
        Pair("integrity", lambda i: "/integrity", lambda i: ["/v1/ledger/head"]),
        Pair(
            "board page (a quarter)",
            lambda i: f"/board?{quarter}",
            lambda i: [f"/v1/reports/board?{quarter}"],
            samples=BOARD,
        ),
        Pair(
            "audit page",
            lambda i: f"/audit?token={token(i)}",
            lambda i: [f"/v1/audit/access?token={token(i)}&limit=500"],
        ),
    ]


def export(fmt: str, partner: Callable[[int], str], month: str) -> Pair:
    """A month of one recipient as a file, from the explorer and from the API."""
    asked = f"recipient={{}}&{month}&format={fmt}"
    return Pair(
        f"export {fmt.upper()} (a month)",
        lambda i: "/disclosures?" + asked.format(partner(i)),
        lambda i: ["/v1/disclosures?" + asked.format(partner(i))],
        samples=HEAVY,
    )


def millis(client: httpx.Client, path: str, status: int = 200) -> float:
    began = time.perf_counter()
    answer = client.get(path)
    elapsed = (time.perf_counter() - began) * 1000
    assert answer.status_code == status, (path, answer.status_code, answer.text[:300])
    return elapsed


def measure(pair: Pair, console: httpx.Client, api: httpx.Client) -> tuple[list[float], ...]:
    """(page ms, API ms) per sample, after one unmeasured pass of both."""
    page, answer = [], []
    for measured in (False, True):
        for i in range(pair.samples):
            shown = millis(console, pair.page(i), pair.page_status)
            asked = sum(millis(api, path) for path in pair.api(i))
            if measured:
                page.append(shown)
                answer.append(asked)
    return page, answer


def line(name: str, page: list[float], api: list[float]) -> str:
    def p95(m: list[float]) -> float:
        return statistics.quantiles(m, n=20)[18]

    ratio = statistics.median(page) / statistics.median(api)
    met = "yes" if ratio <= 1.5 and p95(page) <= 300 else "no"
    return (
        f"{name:<24} page median {statistics.median(page):7.1f} ms p95 {p95(page):7.1f} ms | "
        f"API median {statistics.median(api):7.1f} ms p95 {p95(api):7.1f} ms | "
        f"{ratio:4.2f}x  met: {met}"
    )


def test_console_pages_beside_the_api(service: Service) -> None:
    fill(service)
    service.settings.console_secure_cookies = False  # plain HTTP on loopback, no browser
    chosen = people(service, SAMPLES)
    key = apikeys.create(service.ledger, role="investigator", name="bench")
    link = signin_links.issue(
        service.settings.resolved_signin_link_dir(), role="investigator", name="bench", minutes=5
    )
    bearer = {"Authorization": f"Bearer {key}"}
    with (
        served(service) as url,
        httpx.Client(base_url=url, timeout=120) as console,
        httpx.Client(base_url=url, timeout=120, headers=bearer) as api,
    ):
        assert console.get(f"/sign-in/link?code={link}").status_code == 303
        print(f"\nconsole beside API, {service.engine.dialect.name}, {ENTRIES:,} entries")
        print("target: page median <= 1.5x the API's, page p95 <= 300 ms")
        for pair in pairs(chosen):
            print(line(pair.name, *measure(pair, console, api)), flush=True)
