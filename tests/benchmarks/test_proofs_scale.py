"""Inclusion and consistency proofs at 100k, 1M and 10M entries, checked as they are timed.

Run with `pytest -m benchmark tests/benchmarks/test_proofs_scale.py -s` (`-k sqlite` or
`-k postgresql` for one backend). A proof reads only leaf hashes and stored subtrees, so the
tree of `DISCLOSURE_BENCH_PROOF_ENTRIES` leaves (default 10,000,000) is written straight into
`ledger_entry` and `merkle_node` through the bulk insert, with placeholder bodies the size of
real ones: loading 10M entries through the import would take hours on this machine. The
stored subtrees come from the same `Frontier` the append path uses, and every proof timed is
checked against roots computed while loading (RFC 9162 verification): a wrong answer fails.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import Engine, Table

from lineage.ledger.receipts import consistency, inclusion
from lineage.log import merkle
from lineage.log.frontier import Frontier
from lineage.service import Service
from lineage.storage.bulk import insert_rows
from lineage.storage.database import write_transaction
from models.tables import LedgerEntry, MerkleNode
from tests.benchmarks.large import remove_database

pytestmark = pytest.mark.benchmark

ENTRIES = int(os.environ.get("DISCLOSURE_BENCH_PROOF_ENTRIES", "10000000"))
SIZES = [size for size in (100_000, 1_000_000, 10_000_000) if size <= ENTRIES] or [ENTRIES]
BATCH = 100_000
PROOFS = 200
RECORDED_AT = datetime(2026, 1, 1, tzinfo=UTC)


BODY_BYTES = 1240
"""About the mean size of a demo entry's body, so the entry table is as large as a real one
and a leaf's look-up reads as many pages."""


def body(seq: int) -> bytes:
    head = b'{"seq":%d,"pad":"' % seq
    return head + b"x" * (BODY_BYTES - len(head) - 2) + b'"}'


def load_tree(engine: Engine, size: int, roots_at: set[int]) -> dict[int, bytes]:
    """Write `size` leaves and their stored subtrees; the roots at the sizes in `roots_at`."""
    frontier, roots = Frontier(), {}
    entries = cast(Table, LedgerEntry.__table__)  # type: ignore[attr-defined]
    nodes = cast(Table, MerkleNode.__table__)  # type: ignore[attr-defined]
    node_rows: list[dict[str, Any]] = []

    def keep(level: int, idx: int, digest: bytes) -> None:
        last = ((idx + 1) << level) - 1
        node_rows.append({"level": level, "idx": idx, "last_seq": last, "hash": digest})

    for start in range(0, size, BATCH):
        entry_rows: list[dict[str, Any]] = []
        node_rows.clear()
        for seq in range(start, min(start + BATCH, size)):
            leaf = merkle.leaf_hash(body(seq))
            entry_rows.append(
                {
                    "seq": seq,
                    "entry_id": f"bench-{seq:012d}",
                    "kind": "disclosure",
                    "recorded_at": RECORDED_AT,
                    "recorded_by": "bench",
                    "body": body(seq),
                    "leaf_hash": leaf,
                    "request_digest": leaf,
                }
            )
            frontier.append(leaf, keep)
            if frontier.size in roots_at:
                roots[frontier.size] = frontier.root()
        with write_transaction(engine) as conn:
            insert_rows(conn, entries, entry_rows)
            insert_rows(conn, nodes, node_rows)
    return roots


@pytest.fixture
def tree_service(bare_service: Service, tmp_path: Path) -> Iterator[Service]:
    """The ledger to load; a SQLite file (about 15 GB at 10M) is removed afterwards."""
    yield bare_service
    remove_database(bare_service, tmp_path)


def test_proofs_at_scale(tree_service: Service) -> None:
    rng = random.Random(7)
    firsts = {size: sorted(rng.randrange(1, size) for _ in range(PROOFS)) for size in SIZES}
    wanted = set(SIZES).union(*firsts.values())
    backend = tree_service.engine.dialect.name
    started = time.perf_counter()
    roots = load_tree(tree_service.engine, ENTRIES, wanted)
    loaded = time.perf_counter() - started
    print(f"\n{backend}: {ENTRIES:,} leaves and their subtrees loaded in {loaded:,.0f} s")
    print("| figure | measured | target |\n|---|---|---|")
    with tree_service.engine.connect() as conn:
        for size in SIZES:
            timings: dict[str, list[float]] = {"inclusion": [], "consistency": []}
            for first in firsts[size]:
                seq = rng.randrange(size)
                began = time.perf_counter()
                answer = inclusion(conn, seq, size)
                timings["inclusion"].append(time.perf_counter() - began)
                proof = [bytes.fromhex(h) for h in answer["proof"]]
                leaf = merkle.leaf_hash(body(seq))
                assert merkle.verify_inclusion(leaf, seq, size, proof, roots[size]), seq

                began = time.perf_counter()
                answer = consistency(conn, first, size)
                timings["consistency"].append(time.perf_counter() - began)
                proof = [bytes.fromhex(h) for h in answer["proof"]]
                assert merkle.verify_consistency(first, size, roots[first], roots[size], proof)
            for name, values in timings.items():
                values.sort()
                mean = sum(values) / len(values) * 1000
                p99 = values[int(len(values) * 0.99) - 1] * 1000
                print(
                    f"| {name} proof in a tree of {size:,} ({backend}) "
                    f"| mean {mean:.2f} ms, p99 {p99:.2f} ms | ≤ 5 ms each |"
                )
