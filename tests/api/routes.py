"""The app's routes, each with the permission its guard demands and a well-formed request.

The role matrix and the board's redaction check are generated from these and from
`api.permissions.GRANTS`; a route added without a guard, or a guard without its permission
in the table, fails them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from api.deps import Guard, guard_of
from api.permissions import Permission
from tests.factories import (
    agreement_payload,
    breach_payload,
    correction_payload,
    disclosure_payload,
    notification_payload,
    partner_payload,
)


@dataclass(frozen=True)
class Seeded:
    """What the ledger holds before the matrix runs."""

    entry_id: str
    token: str


@dataclass(frozen=True)
class Call:
    method: str
    url: str
    params: dict[str, Any] = field(default_factory=dict)
    json: Any = None


def _guards(dependant: Any) -> Iterator[Guard]:
    for dependency in dependant.dependencies:
        found = guard_of(dependency.call)
        if found is not None:
            yield found
        yield from _guards(dependency)


def guarded_routes(app: FastAPI) -> list[tuple[str, str, Permission]]:
    """(method, path, permission) for every `/v1` route; each must have exactly one guard."""
    found = []
    for route in iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute) or not route.path.startswith("/v1"):
            continue
        guards = {g.permission for g in _guards(route.dependant)}
        assert len(guards) == 1, f"{route.path} needs exactly one guard, has {guards}"
        found += [(method, route.path, *guards) for method in sorted(route.methods or ())]
    return found


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


DECISION: dict[str, Any] = {
    "occurred_at": "2026-03-02T10:15:00Z",
    "recipient": "beds-police",
    "categories": ["identity"],
    "purpose": "child_protection",
    "lawful_basis": "UKGDPR.6.1.e",
}


SAMPLES: dict[tuple[str, str], Callable[[Seeded], Call]] = {
    ("POST", "/v1/disclosures"): lambda s: Call(
        "POST", "/v1/disclosures", json=disclosure_payload()
    ),
    ("POST", "/v1/disclosures/batch"): lambda s: Call(
        "POST", "/v1/disclosures/batch", json={"disclosures": [disclosure_payload()]}
    ),
    ("GET", "/v1/disclosures"): lambda s: Call("GET", "/v1/disclosures", {"subject": s.token}),
    ("GET", "/v1/disclosures/count"): lambda s: Call(
        "GET", "/v1/disclosures/count", {"subject": s.token}
    ),
    ("GET", "/v1/disclosures/{entry_id}"): lambda s: Call("GET", f"/v1/disclosures/{s.entry_id}"),
    ("POST", "/v1/disclosures/{entry_id}/corrections"): lambda s: Call(
        "POST", f"/v1/disclosures/{s.entry_id}/corrections", json=correction_payload()
    ),
    ("GET", "/v1/subjects/lookup"): lambda s: Call(
        "GET", "/v1/subjects/lookup", {"local_id": "LL-100234"}
    ),
    ("POST", "/v1/partners"): lambda s: Call(
        "POST", "/v1/partners", json=partner_payload(code=_unique("partner"))
    ),
    ("GET", "/v1/partners"): lambda s: Call("GET", "/v1/partners"),
    ("GET", "/v1/partners/{code}"): lambda s: Call("GET", "/v1/partners/beds-police"),
    ("PUT", "/v1/partners/{code}"): lambda s: Call(
        "PUT", "/v1/partners/beds-police", json=partner_payload()
    ),
    ("POST", "/v1/partners/{code}/retire"): lambda s: Call("POST", "/v1/partners/dfe/retire"),
    ("POST", "/v1/agreements"): lambda s: Call(
        "POST", "/v1/agreements", json=agreement_payload(id=_unique("ISA"))
    ),
    ("GET", "/v1/agreements"): lambda s: Call("GET", "/v1/agreements"),
    ("GET", "/v1/agreements/{agreement_id}"): lambda s: Call(
        "GET", "/v1/agreements/ISA-2024-POLICE"
    ),
    ("PUT", "/v1/agreements/{agreement_id}"): lambda s: Call(
        "PUT", "/v1/agreements/ISA-2024-POLICE", json=agreement_payload()
    ),
    ("POST", "/v1/agreements/{agreement_id}/retire"): lambda s: Call(
        "POST", "/v1/agreements/ISA-2023-HEALTH/retire"
    ),
    ("GET", "/v1/ledger/head"): lambda s: Call("GET", "/v1/ledger/head"),
    ("GET", "/v1/ledger/checkpoint"): lambda s: Call("GET", "/v1/ledger/checkpoint"),
    ("GET", "/v1/ledger/proofs/inclusion"): lambda s: Call(
        "GET", "/v1/ledger/proofs/inclusion", {"seq": 0, "tree_size": 1}
    ),
    ("GET", "/v1/ledger/proofs/consistency"): lambda s: Call(
        "GET", "/v1/ledger/proofs/consistency", {"first": 1, "second": 1}
    ),
    ("POST", "/v1/ledger/verify"): lambda s: Call("POST", "/v1/ledger/verify"),
    ("GET", "/v1/audit/access"): lambda s: Call("GET", "/v1/audit/access"),
    ("POST", "/v1/breaches"): lambda s: Call(
        "POST", "/v1/breaches", json=breach_payload([s.entry_id])
    ),
    ("POST", "/v1/notifications"): lambda s: Call(
        "POST",
        "/v1/notifications",
        json=notification_payload([s.entry_id], subject={"token": s.token}),
    ),
    ("GET", "/v1/subjects/{token}/lineage"): lambda s: Call(
        "GET", f"/v1/subjects/{s.token}/lineage", {"family": True}
    ),
    ("GET", "/v1/subjects/{token}/notify-list"): lambda s: Call(
        "GET", f"/v1/subjects/{s.token}/notify-list", {"category": "health"}
    ),
    ("GET", "/v1/partners/{code}/exposure"): lambda s: Call(
        "GET", "/v1/partners/beds-police/exposure", {"from": "2026-03-01", "to": "2026-03-31"}
    ),
    ("GET", "/v1/transfers"): lambda s: Call("GET", "/v1/transfers", {"country": "IE"}),
    ("GET", "/v1/exceptions"): lambda s: Call("GET", "/v1/exceptions", {"kind": "late_record"}),
    ("GET", "/v1/subjects/{token}/access-report"): lambda s: Call(
        "GET", f"/v1/subjects/{s.token}/access-report", {"format": "html"}
    ),
    ("GET", "/v1/reports/flows"): lambda s: Call(
        "GET", "/v1/reports/flows", {"from": "2026-03-01", "to": "2026-03-31", "format": "svg"}
    ),
    ("GET", "/v1/reports/board"): lambda s: Call(
        "GET", "/v1/reports/board", {"from": "2026-03-01", "to": "2026-03-31"}
    ),
    ("POST", "/v1/decisions"): lambda s: Call("POST", "/v1/decisions", json=DECISION),
    ("GET", "/v1/breaches"): lambda s: Call("GET", "/v1/breaches", {"subject": s.token}),
    ("GET", "/v1/cases/due"): lambda s: Call("GET", "/v1/cases/due", {"within_days": 30}),
    ("GET", "/v1/access-requests"): lambda s: Call("GET", "/v1/access-requests"),
    ("POST", "/v1/access-requests"): lambda s: Call(
        "POST",
        "/v1/access-requests",
        json={
            "requester": "Ms A",
            "requester_type": "data_subject",
            "subjects": [{"token": s.token}],
            "received": "2026-06-10",
            "channel": "email",
        },
    ),
    ("GET", "/v1/complaints"): lambda s: Call("GET", "/v1/complaints", {"status": "open"}),
    ("POST", "/v1/complaints"): lambda s: Call(
        "POST",
        "/v1/complaints",
        json={
            "complainant": "Mr B",
            "channel": "letter",
            "received": "2026-07-02",
            "summary": "Why was it shared?",
            "entries": [s.entry_id],
        },
    ),
    ("GET", "/v1/art19-worklists"): lambda s: Call("GET", "/v1/art19-worklists"),
    ("POST", "/v1/art19-worklists"): lambda s: Call(
        "POST", "/v1/art19-worklists", json={"subject": {"token": s.token}}
    ),
}
"""A request each route answers with 2xx for a role allowed to make it."""


def sample(method: str, path: str, seeded: Seeded) -> Call | None:
    """The well-formed request for a route, or None for a route without one yet."""
    make = SAMPLES.get((method, path))
    return None if make is None else make(seeded)


def placeholder(method: str, path: str) -> Call:
    """A request to a route without a sample: path parameters filled with a dummy value."""
    url = path
    while "{" in url:
        start, end = url.index("{"), url.index("}")
        url = url[:start] + "sub_unknown" + url[end + 1 :]
    return Call(method, url)
