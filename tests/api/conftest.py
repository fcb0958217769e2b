"""Fixtures for the HTTP API: the app over a fresh ledger, a client, a key for every role."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from starlette.exceptions import StarletteDeprecationWarning

from api.app import create_app
from lineage.registry import apikeys
from lineage.service import Service

with warnings.catch_warnings():
    # Starlette warns that its test client prefers `httpx2`; `httpx` is what is installed.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def app(service: Service) -> Iterator[FastAPI]:
    """The app over the `service` ledger (partners and agreements of the factories)."""
    app = create_app(service.settings)
    yield app
    app.state.service.engine.dispose()


@pytest.fixture
def keys(service: Service) -> dict[str, str]:
    """An active API key for every role."""
    return {
        role: apikeys.create(service.ledger, role=role, name=f"test {role}")
        for role in apikeys.ROLES
    }


@pytest.fixture
def revoked_key(service: Service) -> str:
    key = apikeys.create(service.ledger, role="admin", name="former admin")
    principal = apikeys.authenticate(service.engine, key)
    assert principal is not None
    apikeys.revoke(service.ledger, principal.key_id)
    return key


@pytest.fixture
def client(app: FastAPI) -> Iterator[Any]:
    with TestClient(app) as client:
        yield client


class Caller:
    """A client speaking as one role."""

    def __init__(self, client: Any, key: str) -> None:
        self.client = client
        self.headers = bearer(key)

    def request(self, method: str, url: str, **kw: Any) -> Any:
        headers = {**self.headers, **kw.pop("headers", {})}
        return self.client.request(method, url, headers=headers, **kw)

    def get(self, url: str, **kw: Any) -> Any:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw: Any) -> Any:
        return self.request("POST", url, **kw)

    def put(self, url: str, **kw: Any) -> Any:
        return self.request("PUT", url, **kw)


@pytest.fixture
def as_role(client: Any, keys: dict[str, str]) -> Any:
    """`as_role("recorder").post(...)`."""
    return lambda role: Caller(client, keys[role])
