"""Free text on its way out: opened for a reader allowed to see it, withheld otherwise, and
after an erasure "erased on DATE under GROUND" where the text was — never the ciphertext,
and never a claim that it was opened.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, select
from sqlmodel import col

from lineage.ledger.canonical import parse_body
from lineage.ledger.sealing import holders_of, needs_all, unseal
from lineage.registry.keys import KeyRing
from lineage.registry.subjects import SubjectRegistry
from lineage.storage.database import key_chunks
from models.coded_text import CODED_FIELDS, coded_text
from models.tables import EntryLink, LedgerEntry

TextState = Literal["opened", "withheld", "erased"]


@dataclass(frozen=True)
class ErasureNote:
    """When and on what ground a subject's keys were destroyed."""

    on: str
    ground: str

    def __str__(self) -> str:
        return f"erased on {self.on} under {self.ground}"


def erasures_of(conn: Connection, tokens: Iterable[str]) -> dict[str, ErasureNote]:
    """The erasure entry of each of these subjects that has one."""
    found: dict[str, ErasureNote] = {}
    for chunk in key_chunks(sorted(set(tokens))):
        query = (
            select(col(EntryLink.token), col(LedgerEntry.body))
            .join(LedgerEntry, col(LedgerEntry.seq) == col(EntryLink.seq))
            .where(col(EntryLink.relation) == "erased", col(EntryLink.token).in_(chunk))
        )
        for token, body in conn.execute(query):
            entry = parse_body(bytes(body))
            found[str(token)] = ErasureNote(entry["recorded_at"][:10], entry["ground"])
    return found


class TextOpener:
    """Opens the sealed and coded fields of entries about `tokens` for one reader.

    `state` is what the answer says of its free text: `erased` once any text could not be
    opened because a subject it concerns was erased, else `opened` or `withheld`.
    """

    def __init__(
        self, conn: Connection, keys: KeyRing, tokens: list[str], *, allowed: bool
    ) -> None:
        self.allowed = allowed
        self.keys = SubjectRegistry(conn, keys).sealing_keys(tokens) if allowed else {}
        self.erasures = erasures_of(conn, tokens)
        self.erased = False

    @property
    def state(self) -> TextState:
        if self.erased:
            return "erased"
        return "opened" if self.allowed else "withheld"

    def open(self, sealed: Any, *, entry_id: str) -> str | None:
        """The text; a note of the erasure that destroyed it; or None (withheld, or none)."""
        if not isinstance(sealed, Mapping):
            return None
        note = self._erasure(sealed)
        if note is not None:
            self.erased = True
            return str(note)
        if not self.allowed:
            return None
        return unseal(sealed, entry_id=entry_id, holder_keys=self.keys)

    def field(self, name: str, stored: Any, *, entry_id: str) -> Any:
        """A disclosure field as a reader sees it: coded fields as their labels, with the
        sealed addition opened (or noted erased, or left out when withheld)."""
        if name not in CODED_FIELDS or not isinstance(stored, Mapping):
            return self.open(stored, entry_id=entry_id) if isinstance(stored, Mapping) else stored
        addition = self.open(stored.get("text"), entry_id=entry_id)
        return coded_text(stored.get("codes", []), CODED_FIELDS[name], addition) or None

    def fields(self, state: Mapping[str, Any], *, entry_id: str) -> dict[str, Any]:
        """Every field of a stored disclosure state (or a correction's changes), readable."""
        return {k: self.field(k, v, entry_id=entry_id) for k, v in state.items()}

    def _erasure(self, sealed: Mapping[str, Any]) -> ErasureNote | None:
        return erasure_note(sealed, self.erasures)


def erasure_note(
    sealed: Mapping[str, Any], erasures: Mapping[str, ErasureNote]
) -> ErasureNote | None:
    """The erasure that made `sealed` unreadable, if one did (the latest, if several)."""
    holders = holders_of(sealed)
    erased = [erasures[h] for h in holders if h in erasures]
    if not erased or (len(erased) < len(holders) and not needs_all(sealed)):
        return None
    return max(erased, key=lambda note: note.on)


def open_free_text(
    conn: Connection, keys: KeyRing, sealed: Any, *, entry_id: str, tokens: list[str]
) -> str | None:
    """One sealed text opened with its subjects' keys, for a reader allowed it; a note of
    the erasure that destroyed it, once a subject it concerns was erased."""
    return TextOpener(conn, keys, tokens, allowed=True).open(sealed, entry_id=entry_id)
