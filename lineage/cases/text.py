"""Opening a case's sealed free text (reasons, summaries, names of requesters) for the
officer handling the case; None once the subjects' keys are destroyed (Art 17)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection

from lineage.ledger.free_text import office_keys
from lineage.ledger.opening import open_free_text
from lineage.ledger.sealing import unseal
from lineage.registry.keys import KeyRing

Opener = Callable[[Any, str, list[str]], str | None]
"""`open(sealed, entry_id, tokens)`: the text, or None."""


def case_opener(conn: Connection, keys: KeyRing) -> Opener:
    """An opener over `conn`: text sealed to subjects opens with their keys, text sealed to
    no subject with the office key."""

    def opened(sealed: Any, entry_id: str, tokens: list[str]) -> str | None:
        if not isinstance(sealed, dict):
            return None
        if tokens:
            return open_free_text(conn, keys, sealed, entry_id=entry_id, tokens=tokens)
        return unseal(sealed, entry_id=entry_id, holder_keys=office_keys(keys))

    return opened


def withheld(sealed: Any, entry_id: str, tokens: list[str]) -> str | None:
    """An opener that opens nothing (for callers not allowed the text)."""
    return None
