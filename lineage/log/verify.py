"""Verification: recompute everything the ledger claims from the stored bytes.

Checks, position by position: `seq` has no gap and matches the body, every leaf hash is
SHA-256(0x00 || body), every stored subtree is what the leaves make, the projections are what
the bodies derive, the log head is the root of all leaves, and every signed checkpoint on file
is a prefix of this log (consistency). Reports the first position that disagrees.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import Connection, Engine, func, select, text
from sqlmodel import col

from lineage.ledger.canonical import parse_body
from lineage.ledger.projection import TABLES, Projection, project
from lineage.log import merkle
from lineage.log.checkpoints import Checkpoint
from lineage.log.frontier import Frontier
from lineage.log.report import Report as Report  # where callers found it before
from lineage.storage.bulk import as_stored
from lineage.storage.database import make_engine
from models.tables import (
    LedgerEntry,
    LogHead,
    MerkleNode,
)

CHUNK = 5000
PARALLEL_FROM = 100_000
"""From this many entries, bodies are checked in worker processes (one per core)."""
Progress = Callable[[int], None]
Problem = tuple[int, str]


@dataclass
class Examined:
    """One chunk's entries checked on their own: each (seq, stored leaf hash, leaf hash of the
    body) in seq order, and what disagreed — leaf hashes, envelopes, projection rows."""

    leaves: list[tuple[int, bytes, bytes]]
    problems: list[Problem]


def examine(conn: Connection, rows: Sequence[Any]) -> Examined:
    """Check a chunk's bodies against their leaf hashes, envelopes and projection rows: the
    per-entry work, which needs nothing from any other chunk."""
    leaves: list[tuple[int, bytes, bytes]] = []
    problems: list[Problem] = []
    expected = Projection()
    for seq, entry_id, kind, body, stored_leaf in rows:
        data = bytes(body)
        leaf = merkle.leaf_hash(data)
        leaves.append((seq, bytes(stored_leaf), leaf))
        if leaves[-1][1] != leaf:
            problems.append((seq, f"seq {seq}: leaf hash does not match the body"))
        try:
            parsed = parse_body(data)
        except ValueError:
            problems.append((seq, f"seq {seq}: the body is not canonical JSON"))
            continue
        problems += _envelope_problems(seq, entry_id, kind, parsed)
        try:
            expected.extend(project(seq, parsed))
        except (KeyError, TypeError, ValueError, AttributeError):
            problems.append((seq, f"seq {seq}: the body is not a ledger entry of its kind"))
    if rows:
        problems += _projection_problems(conn, rows[0][0], rows[-1][0], expected)
    return Examined(leaves, problems)


def _envelope_problems(seq: int, entry_id: str, kind: str, body: dict[str, Any]) -> list[Problem]:
    problems = []
    if body.get("seq") != seq:
        problems.append((seq, f"seq {seq}: the body says seq {body.get('seq')}"))
    if body.get("entry_id") != entry_id or body.get("kind") != kind:
        problems.append((seq, f"seq {seq}: entry id or kind differ from the body"))
    return problems


def _projection_problems(
    conn: Connection, low: int, high: int, expected: Projection
) -> list[Problem]:
    """Stored projection rows against those derived from the bodies, as raw tuples."""
    problems = []
    for name, table, seq_column in TABLES:
        columns = [c.name for c in table.columns]
        query = (
            f"SELECT {', '.join(columns)} FROM {table.name} "
            f"WHERE {seq_column} BETWEEN {int(low)} AND {int(high)}"
        )
        stored = set(_raw_rows(conn, query))  # the drivers return tuples
        wanted = set(as_stored(conn, table, columns, getattr(expected, name)))
        position = columns.index(seq_column)
        for row in stored ^ wanted:
            seq = row[position]
            problems.append((seq, f"seq {seq}: the {name} projection does not match the body"))
    return problems


def _raw_rows(conn: Connection, query: str) -> list[Any]:
    """Rows as the driver returns them: Row objects cost more than the query."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(query)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def examine_range(conn: Connection, first: int, last: int) -> Examined:
    """Examine the entries with seq from `first` to `last`."""
    rows = _raw_rows(
        conn,
        f"SELECT seq, entry_id, kind, body, leaf_hash FROM {LedgerEntry.__tablename__} "
        f"WHERE seq BETWEEN {int(first)} AND {int(last)} ORDER BY seq",
    )
    return examine(conn, rows)


class Verifier:
    """One pass over the ledger in `seq` order, in chunks of bounded size.

    Each chunk's bodies are examined on their own — here, or for a large ledger in worker
    processes, several chunks at once — and this pass then follows the leaves in order:
    positions without gaps, the tree recomputed from the bodies, the stored subtrees and the
    signed checkpoints.
    """

    def __init__(
        self,
        conn: Connection,
        checkpoints: list[Checkpoint],
        progress: Progress | None = None,
        *,
        workers: int = 0,
        start: Frontier | None = None,
    ) -> None:
        self.conn = conn
        self.report = Report()
        # from leaves recomputed from the bodies: the truth (or, from `start`, a tree verified
        # before, whose entries are not examined again)
        self.frontier = Frontier(start.size, list(start.stack)) if start else Frontier()
        self.stored = Frontier(self.frontier.size, list(self.frontier.stack))
        self.checkpoints: dict[int, list[Checkpoint]] = {}
        for checkpoint in checkpoints:
            self.checkpoints.setdefault(checkpoint.size, []).append(checkpoint)
        self.agreed = self.frontier.size
        """The largest size at which the ledger is known to agree with a signed tree."""
        self.progress = progress
        self.workers = workers

    def run(self) -> Report:
        self._check_checkpoint()  # a checkpoint of the empty tree
        for examined in self._examined():
            self._check_chunk(examined)
            if self.progress:
                self.progress(len(examined.leaves))
        self._check_head()
        self._check_leftovers()
        self.report.tree_size = self.frontier.size
        self.report.root = self.frontier.root()
        self.report.edge = self.frontier
        self.report.settle()
        return self.report

    def _examined(self) -> Iterator[Examined]:
        if self.workers < 1:
            for first, last in self._chunk_bounds():
                yield examine_range(self.conn, first, last)
            return
        url = self.conn.engine.url.render_as_string(hide_password=False)
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_open_worker, initargs=(url,)
        ) as pool:
            waiting: deque[Future[Examined]] = deque()
            for first, last in self._chunk_bounds():
                waiting.append(pool.submit(_examine_range, first, last))
                if len(waiting) > 2 * self.workers:  # bounds what waits in memory
                    yield waiting.popleft().result()
            while waiting:
                yield waiting.popleft().result()

    def _chunk_bounds(self) -> Iterator[tuple[int, int]]:
        """(first seq, last seq) of each chunk of `CHUNK` stored entries, read from the key
        alone: the database skips over the chunk rather than returning it."""
        table, after = LedgerEntry.__tablename__, self.frontier.size - 1
        while True:
            last = self.conn.execute(
                text(f"SELECT seq FROM {table} WHERE seq > :after ORDER BY seq LIMIT 1 OFFSET :n"),
                {"after": after, "n": CHUNK - 1},
            ).scalar()
            if last is None:  # fewer than a chunk left
                last = self.conn.execute(
                    text(f"SELECT max(seq) FROM {table} WHERE seq > :after"), {"after": after}
                ).scalar()
                if last is None:
                    return
            yield after + 1, last
            after = last

    def _check_chunk(self, examined: Examined) -> None:
        stored = self._stored_nodes(self.frontier.size, self.frontier.size + len(examined.leaves))
        check = partial(self._check_node, stored)
        for seq, stored_leaf, leaf in examined.leaves:
            position = self.frontier.size
            if seq != position:
                self.report.fail(position, f"seq {position} is missing (next stored: {seq})")
            self.frontier.append(leaf)
            self.stored.append(stored_leaf, check)
            self._check_checkpoint()
        for level, idx in stored:
            self.report.fail(idx << level, f"unexpected stored subtree ({level}, {idx})")
        for seq, problem in examined.problems:
            self.report.fail(seq, problem)

    def _stored_nodes(self, first: int, end: int) -> dict[tuple[int, int], bytes]:
        """The stored subtrees completed by the leaves at positions [first, end)."""
        rows = _raw_rows(
            self.conn,
            f"SELECT level, idx, hash FROM {MerkleNode.__tablename__} "
            f"WHERE last_seq >= {int(first)} AND last_seq < {int(end)}",
        )
        return {(lv, ix): bytes(h) for lv, ix, h in rows}

    def _check_node(
        self, stored: dict[tuple[int, int], bytes], level: int, idx: int, built: bytes
    ) -> bytes | None:
        """Compare a subtree built from the stored children with the stored one, and carry the
        stored one on: a mismatch thus names the lowest subtree that disagrees."""
        kept = stored.pop((level, idx), None)
        if kept != built:
            state = "missing" if kept is None else "does not match its children"
            self.report.fail(
                idx << level,
                f"stored subtree at level {level}, index {idx} "
                f"(leaves from {idx << level}) {state}",
            )
        return kept

    def _check_checkpoint(self) -> None:
        root = self.frontier.root()
        for checkpoint in self.checkpoints.get(self.frontier.size, []):
            self.report.checkpoints_checked += 1
            if root == checkpoint.root:
                self.agreed = max(self.agreed, checkpoint.size)
                continue
            first, last = _first_divergence(checkpoint, self.frontier, self.agreed)
            self.report.fail_within(
                first,
                last,
                f"the ledger's first {checkpoint.size} entries differ from the signed "
                f"checkpoint at size {checkpoint.size} ({checkpoint.source or 'on file'}): "
                f"it departs within positions {first} to {last}",
            )

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
        for checkpoint in (c for same in self.checkpoints.values() for c in same):
            if checkpoint.size > size:
                self.report.fail(
                    size,
                    f"a signed checkpoint ({checkpoint.source or 'on file'}) covers "
                    f"{checkpoint.size} entries but the ledger holds {size}: entries were removed",
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


def _first_divergence(checkpoint: Checkpoint, frontier: Frontier, agreed: int) -> tuple[int, int]:
    """The positions (first, last) within which the ledger first departs from a signed tree:
    the first signed subtree that differs, no earlier than a size known to agree."""
    first, last = agreed, checkpoint.size - 1
    positions = merkle.perfect_subtrees(0, checkpoint.size)
    for (level, idx), signed, (_, ours) in zip(
        positions, checkpoint.subtrees, frontier.stack, strict=False
    ):
        if signed != ours:
            first, last = max(first, idx << level), min(last, ((idx + 1) << level) - 1)
            break
    return first, last


_worker_engine: Engine | None = None


def _open_worker(database_url: str) -> None:
    global _worker_engine
    _worker_engine = make_engine(database_url)


def _examine_range(first: int, last: int) -> Examined:
    """In a worker: examine the entries with seq from `first` to `last`."""
    assert _worker_engine is not None
    with _worker_engine.connect() as conn:
        return examine_range(conn, first, last)


def verify(
    engine: Engine,
    checkpoints: list[Checkpoint],
    *,
    progress: Progress | None = None,
    problems: list[str] | None = None,
    workers: int | None = None,
    start: Frontier | None = None,
) -> Report:
    """Verify the whole ledger against itself and the checkpoints on file.

    `workers`: processes examining bodies (0: none, here); by default one per core from
    `PARALLEL_FROM` entries on a database other processes can open, else none.
    `start`: a tree verified before; only the entries after it are examined (see
    `lineage.log.incremental`).
    """
    with engine.connect() as conn:
        if workers is None:
            workers = _default_workers(conn, start.size if start else 0)
        report = Verifier(conn, checkpoints, progress, workers=workers, start=start).run()
    for problem in problems or []:
        report.fail(None, problem)
    return report


def _default_workers(conn: Connection, verified: int) -> int:
    """Worker processes when the entries to examine (those after `verified`) are enough to
    repay starting them."""
    if conn.engine.url.database in (None, "", ":memory:"):
        return 0
    size = conn.execute(select(col(LogHead.tree_size))).scalar() or 0
    return (os.cpu_count() or 1) if size - verified >= PARALLEL_FROM else 0
