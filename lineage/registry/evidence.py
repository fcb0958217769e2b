"""What the ledger records of a registry row: a fingerprint under the subject's own key.

A subject's registry row (its token, its identifiers and whom it was merged into) is
fingerprinted with HMAC-SHA256 under the subject's sealing key, and the fingerprint goes
into the ledger with every change to the row. `verify` opens the row's display copy,
recomputes the fingerprint and the keyed look-up hashes from it, and compares (a swapped
NHS-number hash, an edited display copy, a re-pointed merge all differ). Keyed by the
subject's own key, the fingerprint says nothing once that key is destroyed on erasure: it
cannot be tested against a guessed NHS number, unlike a bare HMAC of the identifier would
be (UK GDPR Art 17).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from lineage.ledger.canonical import canonical_bytes


def row_fingerprint(
    subject_key: bytes, token: str, identifiers: Mapping[str, Any], merged_into: str | None
) -> str:
    """The fingerprint of a registry row: its token, its identifiers in clear (from which
    the row's keyed look-up hashes follow) and whom it was merged into, as hex. It depends
    on nothing but the subject's own key, so the same records give the same ledger on any
    machine."""
    fields = {"token": token, "identifiers": dict(identifiers), "merged_into": merged_into}
    message = b"registry-row:" + canonical_bytes(fields)
    return hmac.new(subject_key, message, hashlib.sha256).hexdigest()


def subject_event(action: str, token: str, fingerprint: str, **extra: Any) -> dict[str, Any]:
    """One change to a subject's row as an entry's `registry` member records it."""
    return {"action": action, "target": token, "fingerprint": fingerprint, **extra}
