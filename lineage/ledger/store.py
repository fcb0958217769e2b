"""The ledger store: the one append path, idempotent on entry id, and its receipts.

Every writer calls `Ledger.append` with units of validated `Request`s. Under the writers'
lock one transaction assigns `seq` (never a database sequence), builds each body, serialises
it canonically, hashes it into the Merkle log, stores the entry, its projections and the
subtrees it completed, and moves the log head. A unit is all or nothing; a refused unit is
dropped and the others appended again without it (the one "drop refused, append the rest"
loop, shared by group commit and the importer).
"""

from __future__ import annotations

import hmac
import logging
import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, select, update
from sqlmodel import col

from lineage.ledger import bodies as builders
from lineage.ledger import decision_bodies
from lineage.ledger.canonical import canonical_bytes
from lineage.ledger.case_bodies import case_body
from lineage.ledger.context import AppendContext
from lineage.ledger.projection import Projection, project
from lineage.ledger.receipts import (
    Receipt,
    prefetched_reader,
    receipt_at,
    stored_frontier,
    stored_reader,
)
from lineage.ledger.registry_bodies import registry_body
from lineage.ledger.requests import (
    Appended,
    BatchRefused,
    Conflict,
    NotFound,
    Outcome,
    Refusal,
    Request,
    unit_refusal,
)
from lineage.ledger.sealing import Entropy
from lineage.log import merkle
from lineage.log.frontier import Frontier
from lineage.registry.keys import KeyRing
from lineage.settings import Settings
from lineage.storage.bulk import insert_rows
from lineage.storage.database import read_connection, write_transaction
from lineage.storage.scrub import ScrubIncomplete, scrub_erased
from models.dates import utc_now
from models.tables import (
    EntryFlag,
    LedgerEntry,
    LogHead,
    MerkleNode,
)
from models.validation import EntryRefused

__all__ = [
    "Appended",
    "BatchRefused",
    "Conflict",
    "Ledger",
    "NotFound",
    "Outcome",
    "Request",
]

Clock = Callable[[], datetime]
log = logging.getLogger(__name__)


class _Refused(Exception):
    """Requests of one transaction refused by the ledger: (position, refusal) pairs."""

    def __init__(self, items: list[tuple[int, Refusal]]) -> None:
        super().__init__(f"{len(items)} refused")
        self.items = items


@dataclass
class _Batch:
    """Rows gathered under the lock, inserted together at the end."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    nodes: list[dict[str, Any]] = field(default_factory=list)
    projection: Projection = field(default_factory=Projection)
    overlay: dict[tuple[int, int], bytes] = field(default_factory=dict)
    outcomes: list[tuple[str, int, list[str], bool]] = field(default_factory=list)

    def add_node(self, level: int, idx: int, node: bytes) -> None:
        """Keep a subtree the frontier completed: a `merkle_node` row, and for the receipts."""
        self.nodes.append(
            {"level": level, "idx": idx, "hash": node, "last_seq": ((idx + 1) << level) - 1}
        )
        self.overlay[(level, idx)] = node


class Ledger:
    """The append-only, tamper-evident ledger over one database."""

    def __init__(
        self,
        engine: Engine,
        keys: KeyRing,
        settings: Settings,
        *,
        clock: Clock = utc_now,
        entropy: Entropy = os.urandom,
    ) -> None:
        self.engine = engine
        self.keys = keys
        self.settings = settings
        self.clock = clock
        self.entropy = entropy
        self._last_frontier: Frontier | None = None

    # -- the one way in -----------------------------------------------------------------

    def append(
        self, units: Sequence[Sequence[Request]], *, recorded_by: str, proofs: bool = True
    ) -> list[Outcome]:
        """Append units of requests in one transaction; each unit is all or nothing.

        Every writer comes here: HTTP (one request or a batch, grouped by `GroupWriter`),
        the importer, the demo, corrections, incidents and erasures. A refused unit is
        dropped and the rest appended again without it, so each unit gets the outcome it
        would have met appended alone after the units before it. Nothing is visible, and
        no outcome returned, before the transaction commits. `proofs=False` leaves the
        inclusion proofs out of the receipts (bulk writers). After an erasure, what the
        deleted keys left in the database files is scrubbed (`lineage.storage.scrub`).
        """
        outcomes: dict[int, Outcome] = {}
        live = list(range(len(units)))
        while live:
            flat = [(u, i) for u in live for i in range(len(units[u]))]
            try:
                appended = self._transaction([units[u][i] for u, i in flat], recorded_by, proofs)
            except _Refused as refused:
                self._drop(units, flat, refused.items, outcomes)
                live = [u for u in live if u not in outcomes]
                continue
            for (u, _), one in zip(flat, appended, strict=True):
                outcomes.setdefault(u, Outcome([])).appended.append(one)
            break
        if any(r.kind == "erasure" for u in live for r in units[u]):
            self._scrub()
        return [outcomes.get(u, Outcome([])) for u in range(len(units))]

    def _scrub(self) -> None:
        """The destroyed keys gone from the database files too. The erasure has committed
        whatever happens here; if a reader holds the files, the next erasure scrubs again."""
        try:
            scrub_erased(self.engine)
        except ScrubIncomplete:
            log.warning("erased keys not yet scrubbed from the database files; will retry")

    @staticmethod
    def _drop(
        units: Sequence[Sequence[Request]],
        flat: list[tuple[int, int]],
        refused: list[tuple[int, Refusal]],
        outcomes: dict[int, Outcome],
    ) -> None:
        """Give each unit with a refused request its refusal."""
        by_unit: dict[int, list[tuple[int, Refusal]]] = {}
        for position, error in refused:
            unit, index = flat[position]
            by_unit.setdefault(unit, []).append((index, error))
        for unit, errors in by_unit.items():
            outcomes[unit] = Outcome([], unit_refusal(len(units[unit]), errors))

    def head(self) -> tuple[int, bytes]:
        with read_connection(self.engine) as conn:
            row = conn.execute(select(col(LogHead.tree_size), col(LogHead.root))).one()
        return int(row[0]), bytes(row[1])

    def receipt(self, entry_id: str) -> Receipt:
        with read_connection(self.engine) as conn:
            row = conn.execute(
                select(col(LedgerEntry.seq)).where(col(LedgerEntry.entry_id) == entry_id)
            ).first()
            if row is None:
                raise NotFound(f"no entry {entry_id}")
            return self._stored_receipt(conn, entry_id, int(row[0]))

    # -- one transaction ---------------------------------------------------------------

    def _transaction(
        self, requests: list[Request], recorded_by: str, proofs: bool
    ) -> list[Appended]:
        """Append `requests` all together, or raise `_Refused` naming each refused one."""
        with write_transaction(self.engine) as conn:
            size, root = self._lock_head(conn)
            frontier = self._frontier(conn, size, root)
            ctx = AppendContext(
                conn, self.keys, self.settings, self.clock(), recorded_by, self.entropy
            )
            batch = _Batch(overlay=frontier.subtrees())
            ctx.prefetch(requests)
            refused: list[tuple[int, Refusal]] = []
            for i, request in enumerate(requests):
                try:
                    self._add(ctx, frontier, batch, request)
                except (EntryRefused, Conflict, NotFound) as error:
                    refused.append((i, error))
            if refused:
                conn.rollback()
                raise _Refused(refused)
            ctx.registry.flush()
            self._store(conn, batch, frontier)
            self._last_frontier = frontier  # used only if the head still matches next time
            return self._receipts(conn, batch, proofs)

    def _frontier(self, conn: Connection, size: int, root: bytes) -> Frontier:
        """The tree's right edge: kept from this ledger's last append when the head still
        matches it (no other writer came between), otherwise read in two queries."""
        kept = self._last_frontier
        if kept is not None and kept.size == size and kept.root() == root:
            return Frontier(kept.size, list(kept.stack))
        return stored_frontier(conn, size)

    def _lock_head(self, conn: Connection) -> tuple[int, bytes]:
        query = select(col(LogHead.tree_size), col(LogHead.root)).where(col(LogHead.id) == 1)
        if conn.dialect.name == "postgresql":
            query = query.with_for_update()
        row = conn.execute(query).one()
        return int(row[0]), bytes(row[1])

    def _add(self, ctx: AppendContext, frontier: Frontier, batch: _Batch, request: Request) -> None:
        entry_id = request.entry_id or str(uuid.UUID(bytes=ctx.entropy(16), version=4))
        digest = self._digest(request, entry_id)
        existing = ctx.existing_entry(entry_id)
        if existing is not None:
            if not hmac.compare_digest(existing[1], digest):
                raise Conflict(
                    f"entry id {entry_id} was already used for a different entry", entry_id
                )
            batch.outcomes.append((entry_id, existing[0], [], False))
            return
        seq = frontier.size
        ctx.registry.take_events()  # none left over from a request refused before this one
        body = self._build(ctx, request, seq=seq, entry_id=entry_id)
        events = ctx.registry.take_events()
        if events:  # the registry changes this entry made, as evidence (`registry_event`)
            body["registry"] = events
        data = canonical_bytes(body)
        leaf = merkle.leaf_hash(data)
        batch.entries.append(
            {
                "seq": seq,
                "entry_id": entry_id,
                "kind": body["kind"],
                "recorded_at": ctx.recorded_at,
                "recorded_by": ctx.recorded_by,
                "body": data,
                "leaf_hash": leaf,
                "request_digest": digest,
            }
        )
        batch.overlay[(0, seq)] = leaf
        frontier.append(leaf, batch.add_node)
        batch.projection.extend(project(seq, body))
        ctx.pending_entries[entry_id] = (seq, digest)
        flags = sorted({f["kind"] for f in body.get("exceptions", [])})
        batch.outcomes.append((entry_id, seq, flags, True))

    def _build(
        self, ctx: AppendContext, request: Request, *, seq: int, entry_id: str
    ) -> dict[str, Any]:
        if request.kind == "disclosure":
            return builders.disclosure_body(ctx, request.entry, seq=seq, entry_id=entry_id)
        if request.kind in ("correction", "resolution"):
            assert request.target is not None
            targeted = {
                "correction": builders.correction_body,
                "resolution": decision_bodies.resolution_body,
            }[request.kind]
            try:
                return targeted(ctx, request.entry, request.target, seq=seq, entry_id=entry_id)
            except LookupError as missing:
                raise NotFound(str(missing)) from None
        build = {
            "decision": decision_bodies.decision_body,
            "breach": builders.breach_body,
            "notification": builders.notification_body,
            "erasure": builders.erasure_body,
            "registry": registry_body,
            "legal_hold": builders.legal_hold_body,
            "case": case_body,
            "review": builders.review_body,
        }[request.kind]
        return build(ctx, request.entry, seq=seq, entry_id=entry_id)

    def _digest(self, request: Request, entry_id: str) -> bytes:
        """Keyed fingerprint of what the client sent, to recognise an exact repeat."""
        raw = {**request.raw, "entry_id": entry_id}
        fingerprint: dict[str, Any] = {"kind": request.kind, "raw": raw}
        if request.target is not None:  # a None member is dropped anyway, but only slowly
            fingerprint["target"] = request.target
        return hmac.digest(self.keys.hmac_key, canonical_bytes(fingerprint), "sha256")

    def _store(self, conn: Connection, batch: _Batch, frontier: Frontier) -> None:
        ledger = [(LedgerEntry, batch.entries), (MerkleNode, batch.nodes)]
        for model, rows in ledger:
            insert_rows(conn, model.__table__, rows)  # type: ignore[attr-defined]
        for table, rows in batch.projection.by_table():
            insert_rows(conn, table, rows)
        if batch.entries:
            conn.execute(
                update(LogHead)
                .where(col(LogHead.id) == 1)
                .values(tree_size=frontier.size, root=frontier.root())
            )

    def _receipts(self, conn: Connection, batch: _Batch, proofs: bool) -> list[Appended]:
        read = stored_reader(conn, batch.overlay)
        out = []
        for entry_id, seq, flags, created in batch.outcomes:
            if not created:
                out.append(Appended(self._stored_receipt(conn, entry_id, seq), False))
            elif proofs:
                out.append(
                    Appended(receipt_at(read, entry_id=entry_id, seq=seq, exceptions=flags), True)
                )
            else:
                out.append(
                    Appended(Receipt(entry_id, seq, read(0, seq), seq + 1, b"", [], flags), True)
                )
        return out

    def _stored_receipt(self, conn: Connection, entry_id: str, seq: int) -> Receipt:
        flags = (
            conn.execute(
                select(col(EntryFlag.kind))
                .where(col(EntryFlag.seq) == seq)
                .order_by(col(EntryFlag.kind))
            )
            .scalars()
            .all()
        )
        read = prefetched_reader(
            conn, lambda r: receipt_at(r, entry_id=entry_id, seq=seq, exceptions=[])
        )
        return receipt_at(read, entry_id=entry_id, seq=seq, exceptions=list(flags))
