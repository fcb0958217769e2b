"""Receipts and proofs answered from the stored perfect subtrees (O(log n) reads)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select, text
from sqlmodel import col

from lineage.log import merkle
from lineage.log.frontier import Frontier
from models.tables import LedgerEntry, MerkleNode


@dataclass(frozen=True)
class Receipt:
    """What an append returns: where the entry sits and the proof that it is in the tree."""

    entry_id: str
    seq: int
    leaf_hash: bytes
    tree_size: int
    root: bytes
    inclusion_proof: list[bytes]
    exceptions: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "entry_id": self.entry_id,
            "seq": self.seq,
            "leaf_hash": self.leaf_hash.hex(),
            "tree_size": self.tree_size,
            "root": self.root.hex(),
            "inclusion_proof": [h.hex() for h in self.inclusion_proof],
            "exceptions": list(self.exceptions),
        }


def stored_reader(
    conn: Connection, overlay: Mapping[tuple[int, int], bytes] | None = None
) -> Callable[[int, int], bytes]:
    """Reads perfect subtrees: leaves from `ledger_entry`, interior nodes from `merkle_node`."""
    cache: dict[tuple[int, int], bytes] = dict(overlay or {})

    def read(level: int, idx: int) -> bytes:
        if (level, idx) not in cache:
            cache[(level, idx)] = _read_stored(conn, level, idx)
        return cache[(level, idx)]

    return read


def needed_subtrees(
    *computations: Callable[[Callable[[int, int], bytes]], object],
) -> set[tuple[int, int]]:
    """The subtrees some proof computations read. Which subtrees a proof reads depends only
    on the indices and sizes, never on the hashes, so a dry run with blank hashes finds them."""
    seen: set[tuple[int, int]] = set()

    def record(level: int, idx: int) -> bytes:
        seen.add((level, idx))
        return bytes(32)

    for computation in computations:
        computation(record)
    return seen


def prefetched_reader(
    conn: Connection, *computations: Callable[[Callable[[int, int], bytes]], object]
) -> Callable[[int, int], bytes]:
    """A reader holding every subtree the computations need, read in two queries."""
    wanted = needed_subtrees(*computations)
    leaves = sorted(idx for level, idx in wanted if level == 0)
    nodes = sorted((level, idx) for level, idx in wanted if level > 0)
    found: dict[tuple[int, int], bytes] = {}
    if leaves:
        leaf_rows = conn.execute(
            select(col(LedgerEntry.seq), col(LedgerEntry.leaf_hash)).where(
                col(LedgerEntry.seq).in_(leaves)
            )
        )
        found.update({(0, int(seq)): bytes(h) for seq, h in leaf_rows})
    if nodes:
        # An OR of key lookups (SQLite scans the table for a row-value IN list), written as
        # text: building it as an expression cost more than running it.
        terms = " OR ".join(f"(level = :l{n} AND idx = :i{n})" for n in range(len(nodes)))
        params = {f"l{n}": lv for n, (lv, _) in enumerate(nodes)}
        params.update({f"i{n}": ix for n, (_, ix) in enumerate(nodes)})
        node_rows = conn.execute(
            text(f"SELECT level, idx, hash FROM {MerkleNode.__tablename__} WHERE {terms}"), params
        )
        found.update({(int(lv), int(ix)): bytes(h) for lv, ix, h in node_rows})
    return stored_reader(conn, found)


def stored_frontier(conn: Connection, size: int) -> Frontier:
    """The right edge of the stored tree of `size` leaves, read in two queries."""
    return Frontier.load(prefetched_reader(conn, lambda r: Frontier.load(r, size)), size)


def _read_stored(conn: Connection, level: int, idx: int) -> bytes:
    if level == 0:
        value = conn.execute(
            select(col(LedgerEntry.leaf_hash)).where(col(LedgerEntry.seq) == idx)
        ).scalar()
    else:
        value = conn.execute(
            select(col(MerkleNode.hash)).where(
                col(MerkleNode.level) == level, col(MerkleNode.idx) == idx
            )
        ).scalar()
    if value is None:
        raise LookupError(f"no stored subtree at level {level}, index {idx}")
    return bytes(value)


def receipt_at(
    read: Callable[[int, int], bytes], *, entry_id: str, seq: int, exceptions: list[str]
) -> Receipt:
    """The receipt of the entry at `seq`, against the tree as it stood just after it."""
    size = seq + 1
    return Receipt(
        entry_id=entry_id,
        seq=seq,
        leaf_hash=read(0, seq),
        tree_size=size,
        root=merkle.root_from_subtrees(read, size),
        inclusion_proof=merkle.inclusion_proof_from_subtrees(read, seq, size),
        exceptions=exceptions,
    )


def inclusion(conn: Connection, seq: int, tree_size: int) -> dict[str, Any]:
    """An inclusion proof for `seq` in the tree of `tree_size` (both already range-checked)."""
    read = prefetched_reader(
        conn,
        lambda r: merkle.root_from_subtrees(r, tree_size),
        lambda r: merkle.inclusion_proof_from_subtrees(r, seq, tree_size),
        lambda r: r(0, seq),
    )
    return {
        "seq": seq,
        "tree_size": tree_size,
        "leaf_hash": read(0, seq).hex(),
        "root": merkle.root_from_subtrees(read, tree_size).hex(),
        "proof": [h.hex() for h in merkle.inclusion_proof_from_subtrees(read, seq, tree_size)],
    }


def consistency(conn: Connection, first: int, second: int) -> dict[str, Any]:
    """A consistency proof between two tree sizes (1 <= first <= second <= size)."""
    read = prefetched_reader(
        conn,
        lambda r: merkle.root_from_subtrees(r, first),
        lambda r: merkle.root_from_subtrees(r, second),
        lambda r: merkle.consistency_proof_from_subtrees(r, first, second),
    )
    proof = merkle.consistency_proof_from_subtrees(read, first, second)
    return {
        "first": first,
        "second": second,
        "first_root": merkle.root_from_subtrees(read, first).hex(),
        "second_root": merkle.root_from_subtrees(read, second).hex(),
        "proof": [h.hex() for h in proof],
    }
