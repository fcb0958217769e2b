"""Fixtures for the console: an app over a seeded ledger and a signed-in client per role."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from lineage.registry import signin_links
from lineage.service import Service
from lineage.settings import Settings

Client = Callable[[str], TestClient]


@pytest.fixture
def console_app(service: Service) -> Iterator[FastAPI]:
    settings = service.settings.model_copy(update={"checkpoint_interval_seconds": 0})
    app = create_app(settings)
    yield app
    app.state.service.engine.dispose()


def link_for(settings: Settings, role: str, name: str = "tester") -> str:
    """A one-time sign-in link's path."""
    code = signin_links.issue(settings.resolved_signin_link_dir(), role=role, name=name, minutes=5)
    return f"/sign-in/link?code={code}"


@pytest.fixture
def signed_in(console_app: FastAPI) -> Client:
    """`signed_in(role)`: a client with a console session for `role`."""

    def make(role: str) -> TestClient:
        client = TestClient(console_app, base_url="https://testserver")
        answer = client.get(link_for(console_app.state.settings, role, f"{role}-tester"))
        assert answer.status_code == 200, answer.text
        return client

    return make
