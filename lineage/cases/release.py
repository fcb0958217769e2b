"""The release of a subject access response, recorded as what it is: a disclosure of the
subjects' data to the requester (purpose `subject_request`, UK GDPR Art 6(1)(c) — the
council is obliged to answer, Art 15), to a partner of type `data_subject`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def release_disclosure(
    step: Mapping[str, Any], subjects: Sequence[str], *, council: str
) -> dict[str, Any]:
    """The disclosure payload a `released` step records; `step["disclosure"]` overrides or
    adds any field (an Art 9 condition for health data, the subjects' roles)."""
    payload: dict[str, Any] = {
        "occurred_at": f"{step['on']}T12:00:00Z",
        "sender": council,
        "recipient": step["recipient"],
        "subjects": [{"token": token, "role": "child"} for token in subjects],
        "categories": list(step["categories"]),
        "purpose": "subject_request",
        "legal_power": "UK GDPR Article 15 (right of access)",
        "lawful_basis": "UKGDPR.6.1.c",
        "method": step["method"],
        "one_off": True,
        "decision": "shared",
    }
    payload.update(step.get("disclosure") or {})
    return payload
