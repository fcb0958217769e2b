"""Group commit: concurrent appends share one ledger transaction.

Each append costs the ledger a transaction under its writers' lock (load the frontier, write
the entry, its subtrees and projections, commit) — a fixed cost that dominates a single
entry. One writer thread takes every request that arrived while the previous transaction
committed and appends them together with `Ledger.append_requests`, so under load the cost is
shared and no request waits on SQLite's busy-retry sleeps.

Each caller still gets exactly its own outcome: requests are validated in the caller's
thread first; if the ledger refuses some items of a group (an unknown partner, a reused id),
those are appended alone to get their precise error (`EntryRefused`, `Conflict`, `NotFound`)
and the rest are appended together. A group never mixes callers' `recorded_by`.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from itertools import groupby
from typing import Final

from lineage.ledger.store import Appended, BatchRefused, Ledger, Request

MAX_GROUP: Final = 256


@dataclass(frozen=True)
class _Pending:
    request: Request
    recorded_by: str
    outcome: Future[Appended] = field(default_factory=Future)


class GroupWriter:
    """Appends submitted requests in groups, in arrival order, on one thread."""

    def __init__(self, ledger: Ledger, *, max_group: int = MAX_GROUP) -> None:
        self.ledger = ledger
        self.max_group = max_group
        self._queue: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def submit(self, request: Request, recorded_by: str) -> Future[Appended]:
        """Queue a validated request; the future holds its `Appended` or its refusal."""
        self._ensure_started()
        pending = _Pending(request, recorded_by)
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
            results = self.ledger.append_requests([p.request for p in items], recorded_by)
        except BatchRefused as refused:
            self._split(items, recorded_by, {index for index, _ in refused.items})
        except Exception as error:  # noqa: BLE001 - handed to each waiting caller
            if len(items) == 1:
                items[0].outcome.set_exception(error)
            else:
                self._split(items, recorded_by, set(range(len(items))))
        else:
            for pending, result in zip(items, results, strict=True):
                pending.outcome.set_result(result)

    def _split(self, items: list[_Pending], recorded_by: str, alone: set[int]) -> None:
        """Append the rest together, then the `alone` items one by one for their own errors.

        The rest go first so that, of two requests racing with one entry id and different
        bodies, the earlier keeps the id and the later gets the 409.
        """
        rest = [p for i, p in enumerate(items) if i not in alone]
        if rest:
            self._append(rest, recorded_by)
        for index in sorted(alone):
            self._append([items[index]], recorded_by)

    async def append(self, request: Request, recorded_by: str) -> Appended:
        """Submit and wait without holding a worker thread."""
        return await asyncio.wrap_future(self.submit(request, recorded_by))
