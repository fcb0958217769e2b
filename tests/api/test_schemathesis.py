"""Property-based tests from the app's own OpenAPI document: no 5xx, every answer as documented.

Each operation is exercised with a key of a role allowed to call it (from the permissions
table), with a fixed seed and a bounded number of examples, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from api.permissions import roles_with
from tests.api.conftest import bearer
from tests.api.routes import guarded_routes
from tests.factories import disclosure_payload

EXAMPLES = 25
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


def _exercise(operation: Any, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


def test_every_operation_answers_as_its_schema_says(
    app: FastAPI, keys: dict[str, str], as_role: Any
) -> None:
    as_role("recorder").post("/v1/disclosures", json=disclosure_payload())
    permission = {(m, p): perm for m, p, perm in guarded_routes(app)}
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    exercised = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        needed = permission.get((operation.method.upper(), operation.path))
        role = "admin" if needed is None else roles_with(needed)[0]  # None: unguarded /health
        _exercise(operation, bearer(keys[role]))
        exercised += needed is not None
    assert exercised == len(permission)
