"""Over real HTTP: 16 clients appending at once lose nothing, duplicate nothing, and verify.

Retried requests (the same entry id, the same body) make one entry, even when the retries
race each other.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from fastapi import FastAPI

from tests.api.conftest import bearer
from tests.api.live import serving
from tests.factories import disclosure_payload

CLIENTS = 16
PER_CLIENT = 15


def _append_all(base: str, key: str, payloads: list[dict[str, Any]]) -> list[tuple[int, Any]]:
    """Post each payload, then post it again as a client retrying after a lost answer."""
    answers = []
    with httpx.Client(base_url=base, headers=bearer(key), timeout=60) as client:
        for payload in payloads:
            for _attempt in range(2):
                response = client.post("/v1/disclosures", json=payload)
                answers.append((response.status_code, response.json()))
    return answers


def test_concurrent_appends_are_contiguous_unique_and_verify(
    app: FastAPI, keys: dict[str, str]
) -> None:
    own = [[disclosure_payload() for _ in range(PER_CLIENT)] for _ in range(CLIENTS)]
    contested = [disclosure_payload() for _ in range(4)]  # every client sends these too
    work = [mine + contested for mine in own]
    with serving(app) as base, ThreadPoolExecutor(CLIENTS) as pool:
        before = httpx.get(f"{base}/v1/ledger/head", headers=bearer(keys["recorder"])).json()
        first = before["tree_size"]  # the API keys' own `registry` entries come first
        results = list(pool.map(lambda p: _append_all(base, keys["recorder"], p), work))
        answers = [a for per_client in results for a in per_client]
        head = httpx.get(f"{base}/v1/ledger/head", headers=bearer(keys["recorder"])).json()
        report = httpx.post(
            f"{base}/v1/ledger/verify", headers=bearer(keys["admin"]), timeout=60
        ).json()
    assert Counter(status for status, _ in answers).keys() <= {200, 201}
    created = [receipt for status, receipt in answers if status == 201]
    distinct = CLIENTS * PER_CLIENT + len(contested)
    assert sorted(r["seq"] for r in created) == list(range(first, first + distinct))
    assert len({r["entry_id"] for r in created}) == distinct
    by_entry: dict[str, set[int]] = {}
    for _, receipt in answers:
        by_entry.setdefault(receipt["entry_id"], set()).add(receipt["seq"])
    assert all(len(seqs) == 1 for seqs in by_entry.values())
    assert head["tree_size"] == first + distinct
    assert report["ok"], report["problems"]
