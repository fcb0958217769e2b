"""Merkle tree hashing, proofs and their verification exactly as in RFC 6962 §2.1 (restated in
RFC 9162 §2.1).

Leaf hash ``SHA-256(0x00 || data)``, interior hash ``SHA-256(0x01 || left || right)``, empty
tree ``SHA-256("")``; a list of n > 1 leaves splits at k, the largest power of two below n.

Roots and proofs (``*_from_subtrees``) read stored hashes of perfect subtrees through a
``SubtreeReader`` and need only O(log n) reads, so a database answers without loading the log;
the stored subtrees are the ones `lineage.log.frontier.Frontier.append` reports as it grows the
tree.  The tests check every result against the RFC's recursions written literally.

The verifiers follow RFC 9162 §2.1.3.2 and §2.1.4.2, need nothing but the proof, and return
False, never raise, on malformed input.  Every hash they accept must be ``bytes`` of exactly
``HASH_SIZE`` bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "SubtreeReader",
    "consistency_proof_from_subtrees",
    "inclusion_proof_from_subtrees",
    "leaf_hash",
    "node_hash",
    "perfect_subtrees",
    "range_hash",
    "root_from_subtrees",
    "verify_consistency",
    "verify_inclusion",
]

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

SubtreeReader = Callable[[int, int], bytes]
"""``reader(level, index)``: hash of the perfect subtree over leaves
``[index * 2**level, (index + 1) * 2**level)``; level 0 is a leaf hash."""


def leaf_hash(data: bytes) -> bytes:
    """MTH({d0}) = SHA-256(0x00 || d0), RFC 6962 §2.1."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || MTH(left) || MTH(right)), RFC 6962 §2.1."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly less than ``n`` (n >= 2), RFC 6962 §2.1."""
    return 1 << ((n - 1).bit_length() - 1)


def _bit_floor(n: int) -> int:
    """The largest power of two less than or equal to ``n`` (n >= 1)."""
    return 1 << (n.bit_length() - 1)


# --- The tree from O(log n) stored perfect subtrees --------------------------------------------


def perfect_subtrees(start: int, end: int) -> list[tuple[int, int]]:
    """The fewest perfect subtrees (level, index) covering leaves [start, end), left to right.

    For a range that arises in the RFC 6962 §2.1 recursion the sizes strictly decrease and
    spell the binary representation of ``end - start``; ``perfect_subtrees(0, n)`` is thus the
    decomposition of the whole tree of size n (its right edge, the frontier).
    """
    if not 0 <= start <= end:
        raise ValueError(f"bad leaf range [{start}, {end})")
    found = []
    while start < end:
        size = _bit_floor(end - start)
        if start:
            size = min(size, start & -start)
        level = size.bit_length() - 1
        found.append((level, start >> level))
        start += size
    return found


def range_hash(reader: SubtreeReader, start: int, end: int) -> bytes:
    """MTH(D[start:end]) (RFC 6962 §2.1) from ``popcount(end - start)`` subtree reads.

    The range must be one the RFC recursion produces: ``start`` a multiple of the largest
    power of two <= ``end - start`` (ValueError otherwise).  Its tree is the perfect subtrees
    of decreasing size, each the left child of the fold of the ones after it.
    """
    if start < 0 or end - start < 1 or start % _bit_floor(end - start):
        raise ValueError(f"[{start}, {end}) is not a subtree of an RFC 6962 tree")
    hashes = [reader(level, index) for level, index in perfect_subtrees(start, end)]
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


def root_from_subtrees(reader: SubtreeReader, tree_size: int) -> bytes:
    """MTH(D[tree_size]) (RFC 6962 §2.1) of the first ``tree_size`` leaves, from stored subtrees."""
    if tree_size < 0:
        raise ValueError(f"negative tree size {tree_size}")
    return EMPTY_ROOT if tree_size == 0 else range_hash(reader, 0, tree_size)


def inclusion_proof_from_subtrees(reader: SubtreeReader, index: int, tree_size: int) -> list[bytes]:
    """PATH(index, D[tree_size]) (RFC 6962 §2.1.1) from stored subtrees, top-down.

    ValueError unless 0 <= index < tree_size.
    """
    if not 0 <= index < tree_size:
        raise ValueError(f"leaf index {index} outside a tree of size {tree_size}")
    path, lo, hi = [], 0, tree_size
    while hi - lo > 1:
        mid = lo + _split(hi - lo)
        if index < mid:
            path.append(range_hash(reader, mid, hi))
            hi = mid
        else:
            path.append(range_hash(reader, lo, mid))
            lo = mid
    return path[::-1]


def consistency_proof_from_subtrees(
    reader: SubtreeReader, old_size: int, new_size: int
) -> list[bytes]:
    """PROOF(old_size, D[new_size]) (RFC 6962 §2.1.2) from stored subtrees, top-down.

    ValueError unless 0 < old_size <= new_size.
    """
    if not 0 < old_size <= new_size:
        raise ValueError(f"old size {old_size} not in 1..{new_size}")
    proof, lo, hi, complete = [], 0, new_size, True
    while old_size != hi:
        mid = lo + _split(hi - lo)
        if old_size <= mid:
            proof.append(range_hash(reader, mid, hi))
            hi = mid
        else:
            proof.append(range_hash(reader, lo, mid))
            lo, complete = mid, False
    if not complete:
        proof.append(range_hash(reader, lo, hi))
    return proof[::-1]


# --- Verification: RFC 9162 §2.1.3.2 and §2.1.4.2 ---------------------------------------------


def _is_size(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_hash(value: object) -> bool:
    return isinstance(value, bytes) and len(value) == HASH_SIZE


def _is_path(proof: object) -> bool:
    return isinstance(proof, Sequence) and all(_is_hash(p) for p in proof)


def verify_inclusion(
    leaf_hash: bytes, index: int, tree_size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether ``proof`` shows ``leaf_hash`` at ``index`` of the tree with ``root``.

    RFC 9162 §2.1.3.2, step by step; False on any malformed input.
    """
    if not (_is_size(index) and _is_size(tree_size) and index < tree_size):
        return False
    if not (_is_hash(leaf_hash) and _is_hash(root) and _is_path(proof)):
        return False
    fn, sn, r = index, tree_size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether ``proof`` shows the tree (old_size, old_root) is a prefix of (new_size, new_root).

    RFC 9162 §2.1.4.2 for 0 < old_size < new_size.  Equal sizes need an empty proof and equal
    roots.  An empty old tree is a prefix of every tree, so old_size 0 is accepted with an empty
    proof provided old_root is the empty-tree hash (``EMPTY_ROOT``); new_root is then only
    checked to be a hash (or, if new_size is 0 too, to equal old_root).  False, never an
    exception, on any malformed input.
    """
    if not (_is_size(old_size) and _is_size(new_size) and old_size <= new_size):
        return False
    if not (_is_hash(old_root) and _is_hash(new_root) and _is_path(proof)):
        return False
    if old_size == 0 and old_root != EMPTY_ROOT:
        return False
    if old_size == new_size or old_size == 0:
        return len(proof) == 0 and (old_size < new_size or old_root == new_root)
    return _consistency_roots(old_size, new_size, old_root, list(proof)) == (old_root, new_root)


def _consistency_roots(
    first: int, second: int, first_hash: bytes, path: list[bytes]
) -> tuple[bytes, bytes] | None:
    """Steps 1-7 of RFC 9162 §2.1.4.2: the (first, second) roots ``path`` implies, or None."""
    if not path:
        return None
    if first & (first - 1) == 0:
        path = [first_hash, *path]
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return (fr, sr) if sn == 0 else None
