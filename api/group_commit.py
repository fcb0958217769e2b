"""Group commit: concurrent appends share one ledger transaction.

Each append costs the ledger a transaction under its writers' lock (load the frontier, write
the entry, its subtrees and projections, commit) — a fixed cost that dominates a single
entry. One writer thread takes every request that arrived while the previous transaction
committed and appends them together with `Ledger.append`, so under load the cost is shared
and no request waits on SQLite's busy-retry sleeps.

Each caller submits a unit (one request, or a batch that is all or nothing) and gets exactly
its own outcome: requests are validated in the caller's thread first; the ledger drops a
refused unit (an unknown partner, a reused id) with its precise error (`EntryRefused`,
`Conflict`, `NotFound`, `BatchRefused`) and appends the rest. No caller hears of its receipt
before the transaction commits. A group never mixes callers' `recorded_by`.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from itertools import groupby
from typing import Final

from lineage.ledger.store import Appended, Ledger, Request

MAX_GROUP: Final = 256


@dataclass(frozen=True)
class _Pending:
    requests: Sequence[Request]
    recorded_by: str
    outcome: Future[list[Appended]] = field(default_factory=Future)


class GroupWriter:
    """Appends submitted requests in groups, in arrival order, on one thread."""

    def __init__(self, ledger: Ledger, *, max_group: int = MAX_GROUP) -> None:
        self.ledger = ledger
        self.max_group = max_group
        self._queue: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def submit(self, requests: Sequence[Request], recorded_by: str) -> Future[list[Appended]]:
        """Queue a unit of validated requests; the future holds their `Appended` or the
        unit's refusal."""
        self._ensure_started()
        pending = _Pending(requests, recorded_by)
        self._queue.put(pending)
        return pending.outcome

    def stop(self) -> None:
        """Finish what is queued, then stop the thread."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None

    def _ensure_started(self) -> None:
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="ledger-writer", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            group, stopping = self._drain(first)
            for recorded_by, items in groupby(group, key=lambda p: p.recorded_by):
                self._append(list(items), recorded_by)
            if stopping:
                return

    def _drain(self, first: _Pending) -> tuple[list[_Pending], bool]:
        group = [first]
        while len(group) < self.max_group:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is None:
                return group, True
            group.append(item)
        return group, False

    def _append(self, items: list[_Pending], recorded_by: str) -> None:
        try:
            outcomes = self.ledger.append([p.requests for p in items], recorded_by=recorded_by)
        except Exception as error:  # noqa: BLE001 - handed to the waiting caller
            if len(items) == 1:
                items[0].outcome.set_exception(error)
            else:  # a fault, not a refusal: find whose by appending each alone
                for pending in items:
                    self._append([pending], recorded_by)
            return
        for pending, outcome in zip(items, outcomes, strict=True):
            if outcome.refusal is not None:
                pending.outcome.set_exception(outcome.refusal)
            else:
                pending.outcome.set_result(outcome.appended)

    async def append(self, requests: Sequence[Request], recorded_by: str) -> list[Appended]:
        """Submit a unit and wait, without holding a worker thread."""
        return await asyncio.wrap_future(self.submit(requests, recorded_by))
