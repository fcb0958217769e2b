"""Free text on its way into a body: sealed, or coded with any free addition sealed.

Nothing a person typed reaches a body in clear (UK GDPR Art 5(1)(f)): `reason`, `nature` and
notes are sealed to the subjects they concern; `legal_power`, `decision_maker` and
`transfer_instrument` become codes from a controlled list (`models.coded_text`) with what is
left over sealed. The body's hash so covers ciphertext and codes only.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from lineage.ledger.sealing import seal
from lineage.registry.keys import RegistrySecret
from models.coded_text import CODED_FIELDS, split_coded

if TYPE_CHECKING:
    from lineage.ledger.context import AppendContext

SEALED_FIELDS: Final = frozenset({"reason", *CODED_FIELDS})
"""The disclosure fields a body never holds in clear."""


def office_key(ctx: AppendContext) -> dict[str, bytes]:
    """Seals text that concerns no subject (a breach linked to no entry)."""
    return office_keys(ctx.keys)


def office_keys(keys: RegistrySecret) -> dict[str, bytes]:
    """The office's sealing key, as a holder map for `seal` and `unseal`."""
    key = hmac.new(keys.registry_key, b"office-sealing-key", hashlib.sha256).digest()
    return {"office": key}


def sealed(ctx: AppendContext, text: str | None, entry_id: str, tokens: list[str]) -> Any:
    """`text` sealed so that only its subjects' keys open it (None stays None)."""
    if text is None:
        return None
    if not tokens:
        return seal(text, entry_id=entry_id, holder_keys=office_key(ctx), entropy=ctx.entropy)
    holders = ctx.registry.sealing_keys(tokens)
    return seal(text, entry_id=entry_id, holder_keys=holders, holders=tokens, entropy=ctx.entropy)


def coded(
    ctx: AppendContext, field: str, text: str, entry_id: str, tokens: list[str]
) -> dict[str, Any]:
    """`{"codes": [...], "text": sealed}`: the listed parts as codes, the rest sealed."""
    codes, rest = split_coded(text, CODED_FIELDS[field])
    stored: dict[str, Any] = {"codes": codes}
    if rest is not None:
        stored["text"] = sealed(ctx, rest, entry_id, tokens)
    return stored


def seal_fields(
    ctx: AppendContext, given: Mapping[str, Any], entry_id: str, tokens: list[str]
) -> dict[str, Any]:
    """The stored form of each free-text disclosure field `given` carries."""
    out: dict[str, Any] = {}
    for field in sorted(SEALED_FIELDS):
        value = given.get(field)
        if value is None:
            continue
        if field in CODED_FIELDS:
            out[field] = coded(ctx, field, value, entry_id, tokens)
        else:
            out[field] = sealed(ctx, value, entry_id, tokens)
    return out
