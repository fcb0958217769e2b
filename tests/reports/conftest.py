"""Fixtures for the report tests: the hand-written family of `family`, on both backends,
and the API fixtures (`app`, `client`, `keys`, `as_role`) for the routes."""

from __future__ import annotations

import pytest

from lineage.service import Service
from tests.api.conftest import app, as_role, client, keys  # noqa: F401  (fixtures)
from tests.reports.family import Family, build_family


@pytest.fixture
def family(service: Service) -> Family:
    return build_family(service)
