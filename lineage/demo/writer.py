"""Writing a synthetic council into a ledger through the store's own append paths.

Partners and agreements go in through the registries, each validated. Every entry goes
through `Ledger.append` with the real validators and flag rules and no proofs: disclosures
and onward shares as one all-or-nothing unit per batch (one `recorded_at`, one recorder);
corrections, notifications and breaches one per transaction. The store is given
a clock that reads the recording's time and random bytes from the seed, so the same seed
builds the same ledger, byte for byte, on any machine and either database.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from lineage.demo.agreements import agreement_records
from lineage.demo.partners import partner_records
from lineage.demo.timeline import Recording
from lineage.ledger.store import Ledger, Request
from lineage.registry.partners import put_agreement, put_partner
from lineage.service import Service
from lineage.storage.database import write_transaction

BATCH_SIZE = 2000
REGISTERED_BY = "demo"


class LedgerNotEmpty(RuntimeError):
    """The demo writes only into an empty ledger: it must never mix with real entries."""


@dataclass
class Written:
    """What a run appended."""

    entries: int = 0
    transactions: int = 0


class DemoWriter:
    """Appends a stream of recordings to one ledger, in batches, with a controlled clock."""

    def __init__(self, service: Service, *, seed: int, batch_size: int = BATCH_SIZE) -> None:
        self.service = service
        self.batch_size = batch_size
        self.now = datetime.combine(date(2000, 1, 1), time(), UTC)
        self.ledger = Ledger(
            service.engine,
            service.keys,
            service.settings,
            clock=lambda: self.now,
            entropy=random.Random(f"{seed}/entropy").randbytes,
        )
        self.written = Written()

    def check_empty(self) -> None:
        size, _ = self.ledger.head()
        if size:
            raise LedgerNotEmpty(f"the ledger already holds {size} entries")

    def register(self, on: date) -> None:
        """Put every partner and agreement (a repeat adds nothing), dated `on`."""
        at = datetime.combine(on, time(), UTC)
        council = self.service.settings.council
        with write_transaction(self.service.engine) as conn:
            for partner in partner_records():
                put_partner(conn, partner, by=REGISTERED_BY, at=at)
            for agreement in agreement_records(council):
                put_agreement(conn, agreement, by=REGISTERED_BY, at=at)

    def write(
        self, recordings: Iterable[Recording], advance: Callable[[int], None] | None = None
    ) -> Written:
        """Append every recording in order; `advance(n)` after each transaction."""
        batch: list[Recording] = []
        for recording in recordings:
            if batch and not _same_batch(batch[0], recording, len(batch), self.batch_size):
                self._append(batch, advance)
                batch = []
            if recording.kind == "disclosure":
                batch.append(recording)
            else:
                self._append_one(recording, advance)
        if batch:
            self._append(batch, advance)
        return self.written

    def _append(self, batch: list[Recording], advance: Callable[[int], None] | None) -> None:
        self.now = batch[0].recorded_at
        requests = Request.validated_all("disclosure", [r.payload for r in batch])
        self._write(requests, batch[0].recorded_by)
        self._count(len(batch), advance)

    def _append_one(self, recording: Recording, advance: Callable[[int], None] | None) -> None:
        self.now = recording.recorded_at
        request = Request.validated(recording.kind, recording.payload, target=recording.target)
        self._write([request], recording.recorded_by)
        self._count(1, advance)

    def _write(self, requests: list[Request], recorded_by: str) -> None:
        """Append one unit; a refusal is a fault in the demo's data and is raised."""
        self.ledger.append([requests], recorded_by=recorded_by, proofs=False)[0].get()

    def _count(self, entries: int, advance: Callable[[int], None] | None) -> None:
        self.written.entries += entries
        self.written.transactions += 1
        if advance is not None:
            advance(entries)


def _same_batch(first: Recording, next_: Recording, size: int, limit: int) -> bool:
    """Whether `next_` joins the batch `first` opened (one clock reading, one recorder)."""
    return (
        next_.kind == "disclosure"
        and size < limit
        and (next_.recorded_at, next_.recorded_by) == (first.recorded_at, first.recorded_by)
    )
