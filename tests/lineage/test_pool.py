"""An engine keeps as many connections open as a server uses at once, rather than opening
and closing one (with its pragmas) for most requests under load."""

from __future__ import annotations

import random
import threading
import time

import pytest
from pydantic import ValidationError
from sqlalchemy import event, text

from lineage.service import Service, initialise
from lineage.settings import Settings
from lineage.storage.database import POOL_SIZE

THREADS = 16


def test_concurrent_requests_reuse_pooled_connections(service: Service) -> None:
    engine = service.engine
    engine.dispose()
    opened: list[object] = []
    event.listen(engine, "connect", lambda dbapi, record: opened.append(dbapi))
    start = threading.Barrier(THREADS)

    def requests(seed: int) -> None:
        pauses = random.Random(seed)
        start.wait()
        for _ in range(20):
            with engine.connect() as conn:
                conn.execute(text("SELECT 1")).scalar()
                time.sleep(0.002)  # held as a request holds it, so the requests overlap
            time.sleep(pauses.random() * 0.004)  # and how many overlap comes and goes

    threads = [threading.Thread(target=requests, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert THREADS <= POOL_SIZE
    assert 1 <= len(opened) <= THREADS, f"{len(opened)} connections opened for 320 requests"


def test_the_pool_size_is_a_setting(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    service = initialise(settings.model_copy(update={"pool_size": 3}))
    try:
        assert service.engine.pool.size() == 3  # type: ignore[attr-defined]
        assert service.engine.pool._max_overflow == 3  # type: ignore[attr-defined]
    finally:
        service.engine.dispose()
    monkeypatch.setenv("DISCLOSURE_POOL_SIZE", "7")
    assert Settings().pool_size == 7
    with pytest.raises(ValidationError, match="pool_size"):
        Settings(pool_size=0)
