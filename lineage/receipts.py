"""Receipts and proofs answered from the stored perfect subtrees (O(log n) reads)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from lineage import merkle
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


def _read_stored(conn: Connection, level: int, idx: int) -> bytes:
    if level == 0:
        value = conn.execute(select(LedgerEntry.leaf_hash).where(LedgerEntry.seq == idx)).scalar()
    else:
        value = conn.execute(
            select(MerkleNode.hash).where(MerkleNode.level == level, MerkleNode.idx == idx)
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
    read = stored_reader(conn)
    return {
        "seq": seq,
        "tree_size": tree_size,
        "leaf_hash": read(0, seq).hex(),
        "root": merkle.root_from_subtrees(read, tree_size).hex(),
        "proof": [h.hex() for h in merkle.inclusion_proof_from_subtrees(read, seq, tree_size)],
    }


def consistency(conn: Connection, first: int, second: int) -> dict[str, Any]:
    """A consistency proof between two tree sizes (1 <= first <= second <= size)."""
    read = stored_reader(conn)
    proof = merkle.consistency_proof_from_subtrees(read, first, second)
    return {
        "first": first,
        "second": second,
        "first_root": merkle.root_from_subtrees(read, first).hex(),
        "second_root": merkle.root_from_subtrees(read, second).hex(),
        "proof": [h.hex() for h in proof],
    }
