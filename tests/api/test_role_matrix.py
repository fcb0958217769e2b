"""Every route × every role, no key and a revoked key, expected from the permissions table."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI

from api.permissions import GRANTS, SUBJECT_FREE, allows
from lineage.registry import apikeys
from tests.api.conftest import bearer
from tests.api.routes import SAMPLES, Call, Seeded, guarded_routes, placeholder, sample
from tests.factories import NHS_NUMBER, UPN, disclosure_payload

TOKEN_SHAPED = re.compile(r"sub_[a-z2-7]{6,}")
FREE_TEXT = ("Strategy discussion", "Keyed in error", "wrong team", "LL-100234", "FAM-77")


@pytest.fixture
def seeded(as_role: Any) -> Seeded:
    payload = disclosure_payload()
    assert as_role("recorder").post("/v1/disclosures", json=payload).status_code == 201
    found = as_role("investigator").get("/v1/subjects/lookup", params={"local_id": "LL-100234"})
    return Seeded(payload["entry_id"], found.json()["token"])


def _send(client: Any, call: Call, headers: dict[str, str]) -> Any:
    return client.request(
        call.method, call.url, params=call.params, json=call.json, headers=headers
    )


def _expected_for(role: str | None, allowed: bool) -> str:
    if role is None:
        return "401"
    return "2xx" if allowed else "403"


def _outcome(status: int) -> str:
    return "2xx" if 200 <= status < 300 else str(status)


def test_every_route_answers_every_role_as_the_table_says(
    app: FastAPI, client: Any, keys: dict[str, str], revoked_key: str, seeded: Seeded
) -> None:
    callers: dict[str, tuple[str | None, dict[str, str]]] = {
        "no key": (None, {}),
        "revoked key": (None, bearer(revoked_key)),
        "unknown key": (None, bearer("dl_not-a-key")),
        **{role: (role, bearer(key)) for role, key in keys.items()},
    }
    wrong = []
    routes = guarded_routes(app)
    for method, path, permission in routes:
        call = sample(method, path, seeded) or placeholder(method, path)
        for name, (role, headers) in callers.items():
            allowed = role is not None and allows(role, permission)
            response = _send(client, call, headers)
            expected = _expected_for(role, allowed)
            got = _outcome(response.status_code)
            if sample(method, path, seeded) is None and expected == "2xx":
                got = "2xx" if response.status_code not in (401, 403, 500) else got
            if got != expected:
                wrong.append(f"{method} {path} as {name}: {response.status_code}, not {expected}")
            if role is None and response.headers.get("www-authenticate") != "Bearer":
                wrong.append(f"{method} {path} as {name}: no WWW-Authenticate: Bearer")
    assert len(routes) >= len(SAMPLES)
    assert wrong == []


def test_the_board_never_receives_tokens_identifiers_or_free_text(
    app: FastAPI, client: Any, keys: dict[str, str], seeded: Seeded
) -> None:
    board = bearer(keys["board"])
    seen = 0
    for method, path, permission in guarded_routes(app):
        if not allows("board", permission):
            continue
        call = sample(method, path, seeded) or placeholder(method, path)
        text = _send(client, call, board).text
        seen += 1
        assert not TOKEN_SHAPED.search(text), f"{method} {path} showed the board a token"
        for secret in (*FREE_TEXT, NHS_NUMBER, UPN):
            assert secret not in text, f"{method} {path} showed the board {secret!r}"
    assert seen >= 3


def test_the_table_covers_every_role_and_keeps_the_board_to_aggregates() -> None:
    assert set(GRANTS) == set(apikeys.ROLES)
    assert GRANTS["board"] <= SUBJECT_FREE
    assert all(permissions for permissions in GRANTS.values())
