"""Retention on a schedule, while the server runs: once a day (`retention_interval_seconds`)
erase every subject whose retention period has ended and who is not held, as
`disclosure retention run` does — so the council forgets on time without anyone asking
(UK GDPR Art 5(1)(e)). The pattern is the checkpoint schedule's (`lineage.log.schedule`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime

from lineage.ledger.retention import RetentionRun, run_retention, schedule_from
from lineage.service import Service

log = logging.getLogger(__name__)


class RetentionSchedule:
    """A daemon thread running retention every `interval` seconds (the first after one)."""

    def __init__(
        self,
        service: Service,
        interval_seconds: float,
        today: Callable[[], date] = lambda: datetime.now(UTC).date(),
    ) -> None:
        self.service = service
        self.interval = interval_seconds
        self.today = today
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self.stop()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="retention", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout=60)

    def tick(self) -> RetentionRun:
        """Run retention once, as of today."""
        schedule = schedule_from(self.service.settings)
        run = run_retention(self.service.ledger, schedule, as_of=self.today())
        log.info("retention: erased %d, held %d", len(run.erased), len(run.held))
        return run

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.tick()
            except Exception:  # keep the schedule alive; tomorrow's run tries again
                log.exception("the scheduled retention run failed")
