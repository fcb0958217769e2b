"""Property-based tests from the app's own OpenAPI document: no 5xx, every answer as documented.

Each operation is exercised with a key of a role allowed to call it (from the permissions
table), with a fixed seed and a bounded number of examples, on SQLite and PostgreSQL. A
second suite puts hostile strings, depths, dates and numbers into every field of every body.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import checks

from api.permissions import roles_with
from tests.api.conftest import bearer
from tests.api.routes import guarded_routes
from tests.factories import (
    agreement_payload,
    breach_payload,
    correction_payload,
    disclosure_payload,
    notification_payload,
    partner_payload,
)

EXAMPLES = 25
HOSTILE_EXAMPLES = 150
JSON = {"content-type": "application/json"}
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


# Hostile values: the strings, depths, dates and numbers an attacker or a careless client
# sends. Each replaces one field of a valid body (or is added as a new one).
HOSTILE_TEXT = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()),
    max_size=40,
)
EDGE_DATES = st.sampled_from(
    [
        "9999-12-31T23:59:59-01:00",
        "0001-01-01T00:00:00+01:00",
        "2099-01-01T00:00:00Z",
        "2026-02-30T00:00:00Z",
        "2026-03-02",
        "2026-03-02T10:00:00",
        "1899-12-31T23:59:59Z",
    ]
)
DATES = st.one_of(
    EDGE_DATES,
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
DEPTHS = st.integers(min_value=20, max_value=3_000).map(lambda n: Deep(n))
HOSTILE = st.one_of(HOSTILE_TEXT, DATES, NUMBERS, DEPTHS, st.lists(HOSTILE_TEXT, max_size=3))
PLACEHOLDER = "\u2603 deep \u2603"


@dataclass(frozen=True)
class Deep:
    """Lists nested `depth` deep, written straight into the JSON text (no recursion here)."""

    depth: int


def _json_body(body: dict[str, Any], key: str, value: Any) -> bytes:
    if not isinstance(value, Deep):
        return json.dumps({**body, key: value}).encode()
    text = json.dumps({**body, key: PLACEHOLDER})
    nested = "[" * value.depth + '"x"' + "]" * value.depth
    return text.replace(json.dumps(PLACEHOLDER), nested).encode()


def _bodies(entry_id: str) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(role, method, url, a valid body) for every route that takes a JSON body."""
    return [
        ("recorder", "POST", "/v1/disclosures", disclosure_payload()),
        ("recorder", "POST", "/v1/disclosures/batch", {"disclosures": [disclosure_payload()]}),
        ("recorder", "POST", f"/v1/disclosures/{entry_id}/corrections", correction_payload()),
        ("investigator", "POST", "/v1/breaches", breach_payload([entry_id])),
        ("investigator", "POST", "/v1/notifications", notification_payload([entry_id])),
        ("admin", "POST", "/v1/partners", partner_payload(code="fuzz-partner")),
        ("admin", "POST", "/v1/agreements", agreement_payload(id="ISA-FUZZ")),
    ]


def _check_refusal(response: Any) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert {"type", "title", "status", "detail"} <= set(problem)
        if response.status_code == 422:
            assert problem["errors"], problem
            assert all(isinstance(e["field"], str) and e["message"] for e in problem["errors"])


def test_hostile_values_in_any_body_field_are_refused_cleanly(as_role: Any) -> None:
    """No 5xx; a refusal is problem+json naming its fields; a refusal stores nothing."""
    stored = as_role("recorder").post("/v1/disclosures", json=disclosure_payload()).json()
    reader = as_role("admin")
    routes = _bodies(stored["entry_id"])

    @given(route=st.sampled_from(routes), pick=st.integers(0, 30), value=HOSTILE)
    @settings(
        max_examples=HOSTILE_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(route: tuple[str, str, str, dict[str, Any]], pick: int, value: Any) -> None:
        role, method, url, body = route
        keys = [*body, "unexpected_field"]
        key = keys[pick % len(keys)]
        before = reader.get("/v1/ledger/head").json()["tree_size"]
        content = _json_body(body, key, value)
        response = as_role(role).request(method, url, content=content, headers=JSON)
        _check_refusal(response)
        if response.status_code >= 400:
            assert reader.get("/v1/ledger/head").json()["tree_size"] == before

    check()


READS = [
    ("investigator", "/v1/disclosures", ["subject", "recipient", "from", "to", "cursor"]),
    ("investigator", "/v1/subjects/lookup", ["local_id", "nhs_number", "upn"]),
    ("investigator", "/v1/transfers", ["from", "to", "cursor"]),
    ("admin", "/v1/audit/access", ["subject", "cursor"]),
]
PATHS = [
    ("investigator", "/v1/subjects/{}/lineage"),
    ("investigator", "/v1/partners/{}/exposure"),
    ("investigator", "/v1/disclosures/{}"),
    ("admin", "/v1/agreements/{}"),
]


def test_hostile_filters_and_path_segments_are_refused_cleanly(as_role: Any) -> None:
    """No 5xx for any text in a query parameter or a path segment, on either database."""

    @given(
        read=st.sampled_from(READS),
        path=st.sampled_from(PATHS),
        pick=st.integers(0, 10),
        value=st.one_of(HOSTILE_TEXT.filter(bool), EDGE_DATES),
    )
    @settings(
        max_examples=HOSTILE_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(
        read: tuple[str, str, list[str]], path: tuple[str, str], pick: int, value: str
    ) -> None:
        role, url, params = read
        _check_refusal(as_role(role).get(url, params={params[pick % len(params)]: value}))
        role, template = path
        segment = quote(value, safe="")
        _check_refusal(as_role(role).get(template.format(segment)))

    check()
