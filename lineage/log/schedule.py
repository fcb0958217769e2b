"""Signed checkpoints on a schedule, while the server runs.

Every `interval` seconds (by default 5: `DISCLOSURE_CHECKPOINT_INTERVAL_SECONDS`), if the
ledger has grown since the last checkpoint, sign and write a new one and submit it to the
witnesses; if it has not, submit the newest again to any witness that was down. A checkpoint
that leaves the building within seconds of an append is the evidence that survives someone
rewriting the database, so the server keeps writing them without anyone having to ask.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from lineage.service import Service

log = logging.getLogger(__name__)


class CheckpointSchedule:
    """A daemon thread that writes a checkpoint whenever the tree has grown."""

    def __init__(self, service: Service, interval_seconds: float) -> None:
        self.service = service
        self.interval = interval_seconds
        self.last_size = -1
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start (or, after `stop`, restart) the schedule."""
        self.stop()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="checkpoints", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout=10)

    def tick(self) -> Path | None:
        """Write a checkpoint if the ledger grew since the last one; returns its path. If it
        did not, retry the witnesses that have not yet cosigned the newest."""
        size, _ = self.service.ledger.head()
        if size == self.last_size:
            self.service.retry()
            return None
        path = self.service.checkpoint()
        self.last_size = size
        log.info("checkpoint written at tree size %d", size)
        return path

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.tick()
            except Exception:  # keep the schedule alive; the next tick tries again
                log.exception("writing a scheduled checkpoint failed")
