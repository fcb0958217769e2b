"""Short forms of `Ledger.append` for tests: validate, append one unit, raise its refusal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lineage.ledger.store import Appended, Ledger, Request


def append(ledger: Ledger, payload: Mapping[str, Any], *, recorded_by: str) -> Appended:
    """One disclosure (or onward disclosure)."""
    return record(ledger, "disclosure", payload, recorded_by=recorded_by)


def append_batch(
    ledger: Ledger, payloads: Sequence[Mapping[str, Any]], *, recorded_by: str
) -> list[Appended]:
    """Many disclosures as one all-or-nothing unit; `BatchRefused` stores nothing."""
    requests = Request.validated_all("disclosure", payloads)
    return ledger.append([requests], recorded_by=recorded_by)[0].get()


def correct(
    ledger: Ledger, entry_id: str, payload: Mapping[str, Any], *, recorded_by: str
) -> Appended:
    """A correction of `entry_id`."""
    request = Request.validated("correction", payload, target=entry_id)
    return ledger.append([[request]], recorded_by=recorded_by)[0].get()[0]


def record(ledger: Ledger, kind: str, payload: Mapping[str, Any], *, recorded_by: str) -> Appended:
    """One entry of `kind` (disclosure, breach, notification, erasure)."""
    request = Request.validated(kind, payload)
    return ledger.append([[request]], recorded_by=recorded_by)[0].get()[0]
