"""What the ledger records of a registry row: a fingerprint under the subject's own key.

A subject's registry row (its token, the keyed hashes of its identifiers, the encrypted
display copy and whom it was merged into) is fingerprinted with HMAC-SHA256 under the
subject's sealing key, and the fingerprint goes into the ledger with every change to the
row. `verify` recomputes it from the row and compares (a swapped NHS-number hash, an edited
token, a re-pointed merge all differ). Keyed by the subject's own key, the fingerprint says
nothing once that key is destroyed on erasure: it cannot be tested against a guessed
NHS number, unlike a bare HMAC of the identifier would be (UK GDPR Art 17).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from lineage.ledger.canonical import canonical_bytes

ROW_COLUMNS = ("local_id_hmac", "nhs_hmac", "upn_hmac", "family_hmac")
"""The keyed look-up hashes a fingerprint covers, with the token, display copy and merge."""


def _column(row: Any, name: str) -> Any:
    return row.get(name) if isinstance(row, Mapping) else getattr(row, name)


def _hex(value: Any) -> str | None:
    return None if value is None else bytes(value).hex()


def row_fingerprint(subject_key: bytes, token: str, row: Any) -> str:
    """The fingerprint of a registry row (a mapping or a database row), as hex."""
    fields: dict[str, Any] = {c: _hex(_column(row, c)) for c in ROW_COLUMNS}
    fields["token"] = token
    fields["identifiers"] = hashlib.sha256(bytes(_column(row, "identifiers"))).hexdigest()
    fields["merged_into"] = _column(row, "merged_into")
    message = b"registry-row:" + canonical_bytes(fields)
    return hmac.new(subject_key, message, hashlib.sha256).hexdigest()


def subject_event(action: str, token: str, fingerprint: str, **extra: Any) -> dict[str, Any]:
    """One change to a subject's row as an entry's `registry` member records it."""
    return {"action": action, "target": token, "fingerprint": fingerprint, **extra}
