"""API keys as a running server checks them: a valid key is kept for a set time, by its hash,
so a key revoked from another process is refused once that time is up; a key that fails is
never kept."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import insert

from lineage.registry import apikeys
from lineage.registry.apikeys import Authenticator
from lineage.service import Service
from lineage.settings import Settings
from lineage.storage.database import write_transaction
from models.tables import ApiKey


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_key_revoked_elsewhere_is_refused_once_the_time_is_up(service: Service) -> None:
    key = apikeys.create(service.ledger, role="recorder", name="caseworker system")
    clock = Clock()
    authenticator = Authenticator(service.engine, 1.0, timer=clock)
    principal = authenticator(key)
    assert principal is not None and principal.role == "recorder"

    apikeys.revoke(service.ledger, principal.key_id)  # as `disclosure keys revoke` does
    clock.now += 0.9
    assert authenticator(key) == principal  # kept, not looked up again
    clock.now += 0.2
    assert authenticator(key) is None
    clock.now += 5
    assert authenticator(key) is None  # a refused key is not kept either


def test_what_is_kept_is_answered_without_a_look_up(service: Service) -> None:
    key = apikeys.create(service.ledger, role="investigator", name="DPO")
    clock = Clock()
    authenticator = Authenticator(service.engine, 1.0, timer=clock)
    assert authenticator.kept(key) is None  # nothing kept before the first look-up
    principal = authenticator(key)
    assert principal is not None and authenticator.kept(key) == principal
    assert authenticator.kept(apikeys.PREFIX + "k" * 43) is None
    clock.now += 1.1
    assert authenticator.kept(key) is None
    assert Authenticator(service.engine, 0).kept(key) is None  # keeps nothing


def test_a_key_that_fails_is_looked_up_again_at_once(service: Service) -> None:
    key = apikeys.PREFIX + "k" * 43
    authenticator = Authenticator(service.engine, 60.0, timer=Clock())
    assert authenticator(key) is None
    with write_transaction(service.engine) as conn:  # the key is issued after it first failed
        conn.execute(
            insert(ApiKey).values(
                name="late",
                role="board",
                key_hash=apikeys.key_hash(key),
                created_at=datetime.now(UTC),
            )
        )
    principal = authenticator(key)  # the same instant: nothing was kept from the failure
    assert principal is not None and principal.role == "board"


def test_with_no_time_set_every_request_looks_the_key_up(service: Service) -> None:
    key = apikeys.create(service.ledger, role="admin", name="DPO")
    authenticator = Authenticator(service.engine, 0)
    principal = authenticator(key)
    assert principal is not None
    apikeys.revoke(service.ledger, principal.key_id)
    assert authenticator(key) is None


def test_keys_checked_from_many_threads_get_their_own_principals(service: Service) -> None:
    keys = {
        role: apikeys.create(service.ledger, role=role, name=f"{role} system")
        for role in apikeys.ROLES
    }
    authenticator = Authenticator(service.engine, 60.0)
    seen: list[tuple[str, str | None]] = []
    start = threading.Barrier(len(keys) * 2)

    def check(role: str, key: str) -> None:
        start.wait()
        for _ in range(50):
            principal = authenticator(key)
            seen.append((role, principal.role if principal else None))

    threads = [threading.Thread(target=check, args=item) for item in list(keys.items()) * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == len(threads) * 50
    assert all(role == found for role, found in seen)


def test_requests_arriving_together_wait_for_one_look_up(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = apikeys.create(service.ledger, role="recorder", name="caseworker system")
    looked_up: list[bytes] = []
    find = apikeys._find

    def slow_find(engine: Any, digest: bytes) -> apikeys.Principal | None:
        looked_up.append(digest)
        time.sleep(0.2)  # long enough for every thread to arrive while it runs
        return find(engine, digest)

    monkeypatch.setattr(apikeys, "_find", slow_find)
    authenticator = Authenticator(service.engine, 60.0)
    start = threading.Barrier(8)
    found: list[apikeys.Principal | None] = []

    def request() -> None:
        start.wait()
        found.append(authenticator(key))

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 8 and all(p is not None and p.role == "recorder" for p in found)
    assert looked_up == [apikeys.key_hash(key)]


@pytest.mark.parametrize("seconds", [-1, 61])
def test_the_time_a_key_is_kept_is_bounded(seconds: float) -> None:
    with pytest.raises(ValidationError, match="api_key_cache_seconds"):
        Settings(api_key_cache_seconds=seconds)
