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

from lineage.log.witnessing import Outcome
from lineage.registry import access_log
from lineage.service import Service

log = logging.getLogger(__name__)


class CheckpointSchedule:
    """A daemon thread that writes a checkpoint whenever the tree has grown."""

    def __init__(self, service: Service, interval_seconds: float) -> None:
        self.service = service
        self.interval = interval_seconds
        self.last_size = -1
        self.last_reads = -1
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
        """Write a checkpoint if the ledger or the access log grew since the last one (the
        checkpoint anchors both); returns its path. If neither did, retry the witnesses that
        have not yet cosigned the newest."""
        size, _ = self.service.ledger.head()
        with self.service.engine.connect() as conn:
            reads, _ = access_log.tail(conn)
        if (size, reads) == (self.last_size, self.last_reads):
            self._report(self.service.retry())
            return None
        path = self.service.checkpoint()
        self.last_size, self.last_reads = size, reads
        log.info("checkpoint written at tree size %d", size)
        self._report(self.service.last_outcome)
        return path

    def _report(self, outcome: Outcome | None) -> None:
        if outcome is not None and outcome.failed:
            behind = self.service.witness_status().behind
            log.warning("the newest witnessed checkpoint is %d entries behind", behind)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.tick()
            except Exception:  # keep the schedule alive; the next tick tries again
                log.exception("writing a scheduled checkpoint failed")
