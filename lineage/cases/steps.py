"""Turning what a caller sends into the requests a case step appends — the one place both
the HTTP API and the command line build them.

`opened` steps (and a breach, which opens a breach case) carry no `case`; later steps name
it. A subject access `released` step brings the disclosure to the requester with it, in the
same all-or-nothing unit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lineage.cases import records
from lineage.cases.release import release_disclosure
from lineage.ledger.requests import BatchRefused, Request
from lineage.service import Service
from lineage.storage.database import read_connection
from models.errors import EntryRefused, FieldError


def step_payload(kind: str, case_id: str | None, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The body with the case it belongs to (the caller's path or argument says which)."""
    found = {**payload, "case_kind": kind}
    if case_id is None:
        found["step"] = "opened"
        found.pop("case", None)
    else:
        found["case"] = case_id
    return found


def step_unit(
    service: Service, kind: str, case_id: str | None, payload: Mapping[str, Any]
) -> list[Request]:
    """The validated requests of one step (`EntryRefused` naming each wrong field; the
    release disclosure's under `disclosure.`). A breach opens with a `breach` entry."""
    if kind == "breach" and case_id is None:
        return [Request.validated("breach", payload)]
    step = Request.validated("case", step_payload(kind, case_id, payload))
    if kind != "access_request" or step.entry.step != "released":
        return [step]
    return [step, _release(service, str(case_id), step.raw)]


def _release(service: Service, case_id: str, step: Mapping[str, Any]) -> Request:
    with read_connection(service.engine) as conn:
        record = records.case(conn, "access_request", case_id)
    if record is None:
        raise EntryRefused([FieldError("case", f"no access request {case_id}")])
    council = service.settings.council
    payload = release_disclosure(step, record.opening["subjects"], council=council)
    try:
        return Request.validated("disclosure", payload)
    except EntryRefused as refused:
        raise EntryRefused([under("disclosure", e) for e in refused.errors]) from None


def under(prefix: str, error: FieldError) -> FieldError:
    return FieldError(f"{prefix}.{error.field}" if error.field else prefix, error.message)


def unit_errors(batch: BatchRefused) -> list[FieldError]:
    """A refused step unit's errors: the step's as they are, the release's under
    `disclosure.`."""
    return [
        error if index == 0 else under("disclosure", error)
        for index, errors in batch.items
        for error in errors
    ]
