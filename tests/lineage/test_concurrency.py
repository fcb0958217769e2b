"""Concurrent writers: `seq` stays contiguous, nothing is lost or duplicated."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from lineage.ledger.store import Ledger
from lineage.service import Service
from tests.appending import append
from tests.factories import disclosure_payload
from tests.lineage.helpers import rows

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
