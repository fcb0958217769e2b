"""Verification: recompute everything the ledger claims from the stored bytes.

Checks, position by position: `seq` has no gap and matches the body, every leaf hash is
SHA-256(0x00 || body), every stored subtree is what the leaves make, the projections are what
the bodies derive, the log head is the root of all leaves, and every signed checkpoint on file
is a prefix of this log (consistency). Reports the first position that disagrees.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlmodel import col

from lineage import merkle
from lineage.bulk import as_stored
from lineage.canonical import parse_body
from lineage.checkpoints import Checkpoint
from lineage.frontier import Frontier, decomposition
from lineage.projection import TABLES, Projection, project
from models.tables import (
    LedgerEntry,
    LogHead,
    MerkleNode,
)

CHUNK = 5000
Progress = Callable[[int], None]


@dataclass
class Report:
    ok: bool = True
    tree_size: int = 0
    root: bytes = b""
    first_bad_seq: int | None = None
    problems: list[str] = field(default_factory=list)
    checkpoints_checked: int = 0

    def fail(self, seq: int | None, problem: str) -> None:
        self.ok = False
        self.problems.append(problem)
        if seq is not None and (self.first_bad_seq is None or seq < self.first_bad_seq):
            self.first_bad_seq = seq

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "tree_size": self.tree_size,
            "root": self.root.hex(),
            "first_bad_seq": self.first_bad_seq,
            "problems": self.problems[:100],
            "checkpoints_checked": self.checkpoints_checked,
        }


class Verifier:
    """One pass over the ledger in `seq` order, in chunks of bounded size."""

    def __init__(
        self, conn: Connection, checkpoints: list[Checkpoint], progress: Progress | None = None
    ) -> None:
        self.conn = conn
        self.report = Report()
        self.frontier = Frontier()  # from leaves recomputed from the bodies: the truth
        self.stored = Frontier()  # from the stored leaf hashes: checks the stored subtrees
        self.checkpoints = {c.size: c for c in checkpoints}
        self.progress = progress

    def run(self) -> Report:
        self._check_checkpoint()  # a checkpoint of the empty tree
        for chunk in self._chunks():
            self._check_chunk(chunk)
            if self.progress:
                self.progress(len(chunk))
        self._check_head()
        self._check_leftovers()
        self.report.tree_size = self.frontier.size
        self.report.root = self.frontier.root()
        return self.report

    def _chunks(self) -> Iterator[Sequence[Any]]:
        after = -1
        while True:
            rows = self.conn.execute(
                select(
                    col(LedgerEntry.seq),
                    col(LedgerEntry.entry_id),
                    col(LedgerEntry.kind),
                    col(LedgerEntry.body),
                    col(LedgerEntry.leaf_hash),
                )
                .where(col(LedgerEntry.seq) > after)
                .order_by(col(LedgerEntry.seq))
                .limit(CHUNK)
            ).all()
            if not rows:
                return
            yield rows
            after = rows[-1][0]

    def _check_chunk(self, rows: Sequence[Any]) -> None:
        stored = self._stored_nodes(self.frontier.size, self.frontier.size + len(rows))
        expected = Projection()
        for seq, entry_id, kind, body, stored_leaf in rows:
            position = self.frontier.size
            if seq != position:
                self.report.fail(position, f"seq {position} is missing (next stored: {seq})")
            data = bytes(body)
            leaf = merkle.leaf_hash(data)
            if bytes(stored_leaf) != leaf:
                self.report.fail(position, f"seq {position}: leaf hash does not match the body")
            parsed = self._parse(position, data)
            if parsed is not None:
                self._check_envelope(position, seq, entry_id, kind, parsed)
                expected.extend(project(seq, parsed))
            self.frontier.append(leaf)
            self._check_nodes(self.stored.append_over(bytes(stored_leaf), stored))
            self._check_checkpoint()
        for level, idx in stored:
            self.report.fail(idx << level, f"unexpected stored subtree ({level}, {idx})")
        self._check_projections(rows[0][0], rows[-1][0], expected)

    def _stored_nodes(self, first: int, end: int) -> dict[tuple[int, int], bytes]:
        """The stored subtrees completed by the leaves at positions [first, end)."""
        rows = self.conn.execute(
            select(col(MerkleNode.level), col(MerkleNode.idx), col(MerkleNode.hash)).where(
                col(MerkleNode.last_seq) >= first, col(MerkleNode.last_seq) < end
            )
        ).all()
        return {(lv, ix): bytes(h) for lv, ix, h in rows}

    def _check_nodes(self, checked: list[tuple[int, int, bytes, bytes | None]]) -> None:
        for level, idx, built, kept in checked:
            if kept != built:
                state = "missing" if kept is None else "does not match its children"
                self.report.fail(
                    idx << level,
                    f"stored subtree at level {level}, index {idx} "
                    f"(leaves from {idx << level}) {state}",
                )

    def _parse(self, position: int, data: bytes) -> dict[str, Any] | None:
        try:
            return parse_body(data)
        except ValueError:
            self.report.fail(position, f"seq {position}: the body is not canonical JSON")
            return None

    def _check_envelope(
        self, position: int, seq: int, entry_id: str, kind: str, body: dict[str, Any]
    ) -> None:
        if body.get("seq") != position:
            self.report.fail(position, f"seq {position}: the body says seq {body.get('seq')}")
        if body.get("entry_id") != entry_id or body.get("kind") != kind:
            self.report.fail(position, f"seq {position}: entry id or kind differ from the body")

    def _check_checkpoint(self) -> None:
        checkpoint = self.checkpoints.get(self.frontier.size)
        if checkpoint is None:
            return
        self.report.checkpoints_checked += 1
        if self.frontier.root() != checkpoint.root:
            seq = _first_divergence(checkpoint, self.frontier)
            self.report.fail(
                seq,
                f"the ledger's first {checkpoint.size} entries differ from "
                f"the signed checkpoint at size {checkpoint.size}",
            )

    def _check_projections(self, low: int, high: int, expected: Projection) -> None:
        """Compare stored projection rows with those derived from the bodies, as raw tuples."""
        for name, table, seq_column in TABLES:
            columns = [c.name for c in table.columns]
            query = (
                f"SELECT {', '.join(columns)} FROM {table.name} "
                f"WHERE {seq_column} BETWEEN {int(low)} AND {int(high)}"
            )
            stored = set(map(tuple, self._raw_rows(query)))
            wanted = set(as_stored(self.conn, table, columns, getattr(expected, name)))
            position = columns.index(seq_column)
            for row in stored ^ wanted:
                seq = row[position]
                self.report.fail(seq, f"seq {seq}: the {name} projection does not match the body")

    def _raw_rows(self, query: str) -> list[Any]:
        """Rows as the driver returns them: Row objects cost more than the query."""
        cursor = self.conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(query)
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def _check_head(self) -> None:
        size, root = self.conn.execute(select(col(LogHead.tree_size), col(LogHead.root))).one()
        if size != self.stored.size or bytes(root) != self.stored.root():
            self.report.fail(
                min(size, self.stored.size),
                f"the log head (size {size}) does not match the entries "
                f"(size {self.frontier.size})",
            )

    def _check_leftovers(self) -> None:
        size = self.frontier.size
        for checkpoint in self.checkpoints.values():
            if checkpoint.size > size:
                self.report.fail(
                    size,
                    f"a signed checkpoint covers {checkpoint.size} entries "
                    f"but the ledger holds {size}: entries were removed",
                )
        nodes = self.conn.execute(
            select(func.count()).select_from(MerkleNode).where(col(MerkleNode.last_seq) >= size)
        ).scalar()
        if nodes:
            self.report.fail(size, f"{nodes} stored subtrees lie beyond the last entry")
        for name, table, seq_column in TABLES:
            extra = self.conn.execute(
                select(func.count()).select_from(table).where(table.c[seq_column] >= size)
            ).scalar()
            if extra:
                self.report.fail(size, f"{extra} {name} projection rows lie beyond the last entry")


def _first_divergence(checkpoint: Checkpoint, frontier: Frontier) -> int:
    """Where the ledger first departs from a signed tree, to the precision the sidecar allows."""
    if not checkpoint.subtrees:
        return 0
    positions = list(decomposition(checkpoint.size))
    for (level, idx), signed, (_, ours) in zip(
        positions, checkpoint.subtrees, frontier.stack, strict=False
    ):
        if signed != ours:
            return idx << level
    return 0


def verify(
    engine: Engine,
    checkpoints: list[Checkpoint],
    *,
    progress: Progress | None = None,
    problems: list[str] | None = None,
) -> Report:
    """Verify the whole ledger against itself and the checkpoints on file."""
    with engine.connect() as conn:
        report = Verifier(conn, checkpoints, progress).run()
    for problem in problems or []:
        report.fail(None, problem)
    return report
