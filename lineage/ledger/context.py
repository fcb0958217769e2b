"""What a body builder may consult while the writers' lock is held.

It answers from the entries already pending in this transaction first, then from the database,
so an entry can derive from, correct or be notified about one appended earlier in the same
batch.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlmodel import col

from lineage.ledger.canonical import parse_body
from lineage.ledger.effective import versions_of
from lineage.ledger.sealing import Entropy
from lineage.registry import partners as registries
from lineage.registry.keys import KeyRing
from lineage.registry.subjects import SubjectRegistry
from lineage.settings import Settings
from lineage.storage.database import key_chunks
from models.tables import EntryLink, EntryVersion, LedgerEntry, PartnerVersion


@dataclass(frozen=True)
class Version:
    """The effective state of a disclosure (or onward disclosure) as a builder needs it."""

    seq: int
    entry_id: str
    kind: str
    disclosure: dict[str, Any]
    void: bool

    @property
    def tokens(self) -> list[str]:
        return [s["token"] for s in self.disclosure["subjects"]]

    @classmethod
    def from_body(cls, seq: int, body: dict[str, Any]) -> Version:
        if body["kind"] == "correction":
            return cls(
                body["corrects_seq"],
                body["corrects"],
                body["target_kind"],
                body["disclosure"],
                bool(body.get("void")),
            )
        return cls(seq, body["entry_id"], body["kind"], body["disclosure"], False)


@dataclass
class AppendContext:
    conn: Connection
    keys: KeyRing
    settings: Settings
    recorded_at: datetime
    recorded_by: str
    entropy: Entropy = os.urandom
    registry: SubjectRegistry = field(init=False)
    pending_versions: dict[str, Version] = field(default_factory=dict)
    pending_entries: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    pending_cases: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    """Case openings (and breaches) appended earlier in this transaction: id → (seq, body)."""
    pending_closes: set[int] = field(default_factory=set)
    _checked_ids: set[str] = field(default_factory=set)
    pending_decisions: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    pending_resolutions: dict[int, str] = field(default_factory=dict)
    _partners: set[str] | None = None
    _partner_types: dict[str, str | None] = field(default_factory=dict)
    _agreements: dict[str, dict[str, Any]] | None = None

    def __post_init__(self) -> None:
        self.registry = SubjectRegistry(
            self.conn, self.keys, self.entropy, lambda: self.recorded_at
        )

    def prefetch(self, requests: Iterable[Any]) -> None:
        """Read at once what a batch will ask for: its subjects and the ids it reuses."""
        entries = [r.entry for r in requests]
        self.registry.prefetch(s for e in entries for s in (getattr(e, "subjects", None) or []))
        ids = sorted({str(e.entry_id) for e in entries if getattr(e, "entry_id", None)})
        for chunk in key_chunks(ids):
            rows = self.conn.execute(
                select(
                    col(LedgerEntry.entry_id), col(LedgerEntry.seq), col(LedgerEntry.request_digest)
                ).where(col(LedgerEntry.entry_id).in_(chunk))
            )
            for entry_id, seq, digest in rows:
                self.pending_entries[entry_id] = (int(seq), bytes(digest))
        self._checked_ids.update(ids)

    def version(self, entry_id: str) -> Version | None:
        """The effective version of a disclosure by its entry id, or None."""
        if entry_id in self.pending_versions:
            return self.pending_versions[entry_id]
        row = self.conn.execute(
            select(col(EntryVersion.seq))
            .where(versions_of(entry_id))
            .order_by(col(EntryVersion.seq).desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        body = self.conn.execute(
            select(col(LedgerEntry.body)).where(col(LedgerEntry.seq) == row[0])
        ).scalar()
        assert body is not None
        return Version.from_body(row[0], parse_body(bytes(body)))

    def existing_entry(self, entry_id: str) -> tuple[int, bytes] | None:
        """(seq, request digest) of an entry id already used, pending or stored."""
        if entry_id in self.pending_entries:
            return self.pending_entries[entry_id]
        if entry_id in self._checked_ids:
            return None
        row = self.conn.execute(
            select(col(LedgerEntry.seq), col(LedgerEntry.request_digest)).where(
                col(LedgerEntry.entry_id) == entry_id
            )
        ).first()
        return None if row is None else (int(row[0]), bytes(row[1]))

    def partner_exists(self, code: str) -> bool:
        """Whether the registry knows the partner; the registry is read once per transaction
        (it is small, and a partner once registered is never deleted)."""
        if self._partners is None:
            rows = self.conn.execute(select(col(PartnerVersion.code)).distinct())
            self._partners = {str(r[0]) for r in rows}
        return code in self._partners

    def agreement(self, agreement_id: str) -> dict[str, Any] | None:
        """The current version of an agreement (read together with all the others once)."""
        if self._agreements is None:
            self._agreements = {a["id"]: a for a in registries.list_agreements(self.conn)}
        return self._agreements.get(agreement_id)

    def partner_type(self, code: str) -> str | None:
        """A partner's type in its current version, or None if it is not registered."""
        if code not in self._partner_types:
            row = self.conn.execute(
                select(col(PartnerVersion.type))
                .where(col(PartnerVersion.code) == code)
                .order_by(col(PartnerVersion.version).desc())
                .limit(1)
            ).first()
            self._partner_types[code] = None if row is None else str(row[0])
        return self._partner_types[code]

    def decision(self, entry_id: str) -> tuple[int, dict[str, Any]] | None:
        """(seq, body) of a decision entry by its id, pending or stored, or None."""
        if entry_id in self.pending_decisions:
            return self.pending_decisions[entry_id]
        row = self.conn.execute(
            select(col(LedgerEntry.seq), col(LedgerEntry.body)).where(
                col(LedgerEntry.entry_id) == entry_id, col(LedgerEntry.kind) == "decision"
            )
        ).first()
        return None if row is None else (int(row[0]), parse_body(bytes(row[1])))

    def resolution(self, decision_seq: int) -> str | None:
        """The outcome a decision was resolved to (PERMIT or DENY), or None if unresolved."""
        if decision_seq in self.pending_resolutions:
            return self.pending_resolutions[decision_seq]
        link = col(EntryLink.target_seq) == decision_seq, col(EntryLink.relation) == "resolves"
        seq = self.conn.execute(select(col(EntryLink.seq)).where(*link)).scalar()
        if seq is None:
            return None
        body = self.conn.execute(
            select(col(LedgerEntry.body)).where(col(LedgerEntry.seq) == seq)
        ).scalar()
        assert body is not None
        return str(parse_body(bytes(body))["outcome"])

    def case_opening(self, entry_id: str) -> tuple[int, dict[str, Any]] | None:
        """(seq, body) of the entry that opened case `entry_id` (a `breach` entry or a `case`
        entry with step `opened`), pending or stored; None if there is no such entry."""
        if entry_id in self.pending_cases:
            return self.pending_cases[entry_id]
        row = self.conn.execute(
            select(col(LedgerEntry.seq), col(LedgerEntry.body)).where(
                col(LedgerEntry.entry_id) == entry_id,
                col(LedgerEntry.kind).in_(("breach", "case")),
            )
        ).first()
        if row is None:
            return None
        body = parse_body(bytes(row[1]))
        if body["kind"] == "case" and body["step"] != "opened":
            return None
        return int(row[0]), body

    def case_closed(self, case_seq: int) -> bool:
        """Whether a `closed` step of the case opened at `case_seq` exists, pending or stored."""
        if case_seq in self.pending_closes:
            return True
        row = self.conn.execute(
            select(col(EntryLink.seq)).where(
                col(EntryLink.target_seq) == case_seq, col(EntryLink.relation) == "case_closed"
            )
        ).first()
        return row is not None
