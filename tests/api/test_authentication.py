"""A running server keeps a valid API key for the time its settings give, then looks it up
again: a key revoked from another process is refused within that time."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from api.app import create_app
from lineage.registry import apikeys
from lineage.service import Service
from tests.api.conftest import TestClient, bearer


@pytest.fixture
def keeping_client(service: Service, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A client of an app that keeps a valid key for `request.param` seconds."""
    settings = service.settings.model_copy(update={"api_key_cache_seconds": request.param})
    app = create_app(settings)
    try:
        with TestClient(app) as client:
            yield client
    finally:
        app.state.service.engine.dispose()


def _revoke(service: Service, key: str) -> None:
    principal = apikeys.authenticate(service.engine, key)
    assert principal is not None
    apikeys.revoke(service.ledger, principal.key_id)


@pytest.mark.parametrize(
    ("keeping_client", "pause", "status"),
    [(30.0, 0.0, 200), (0.3, 0.35, 401), (0.0, 0.0, 401)],
    ids=["kept within the time", "refused once the time is up", "no time set: refused at once"],
    indirect=["keeping_client"],
)
def test_a_key_revoked_while_the_server_runs(
    service: Service, keeping_client: Any, pause: float, status: int
) -> None:
    key = apikeys.create(service.ledger, role="board", name="board secretary")
    assert keeping_client.get("/v1/partners", headers=bearer(key)).status_code == 200
    _revoke(service, key)
    time.sleep(pause)
    response = keeping_client.get("/v1/partners", headers=bearer(key))
    assert response.status_code == status
    if status == 401:
        assert response.json()["detail"] == "the API key is unknown or revoked"
