"""The RFC 6962 §2.1 Merkle recursions written literally: the reference the product is checked
against (as transparency-dev/merkle keeps its own in `testonly`), never used by the product.

Each function takes every leaf HASH of the tree and recurses on the split at k, the largest
power of two strictly below n; the product (`lineage.log.merkle`, `lineage.log.frontier`)
computes the same bytes from O(log n) stored perfect subtrees.
"""

from __future__ import annotations

from collections.abc import Sequence

from lineage.log.merkle import EMPTY_ROOT, node_hash


def split(n: int) -> int:
    """k, the largest power of two strictly less than ``n`` (n >= 2), RFC 6962 §2.1."""
    return 1 << ((n - 1).bit_length() - 1)


def root_hash(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH(D[n]) from the n leaf HASHES (not leaf data), RFC 6962 §2.1."""
    n = len(leaf_hashes)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return leaf_hashes[0]
    k = split(n)
    return node_hash(root_hash(leaf_hashes[:k]), root_hash(leaf_hashes[k:]))


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int) -> list[bytes]:
    """PATH(index, D[n]), RFC 6962 §2.1.1; ValueError unless 0 <= index < n."""
    n = len(leaf_hashes)
    if not 0 <= index < n:
        raise ValueError(f"leaf index {index} outside a tree of size {n}")
    if n == 1:
        return []
    k = split(n)
    if index < k:
        return [*inclusion_proof(leaf_hashes[:k], index), root_hash(leaf_hashes[k:])]
    return [*inclusion_proof(leaf_hashes[k:], index - k), root_hash(leaf_hashes[:k])]


def consistency_proof(leaf_hashes: Sequence[bytes], old_size: int) -> list[bytes]:
    """PROOF(old_size, D[n]) for the new tree D[n], RFC 6962 §2.1.2.

    ValueError unless 0 < old_size <= n; equal sizes give the empty proof.
    """
    n = len(leaf_hashes)
    if not 0 < old_size <= n:
        raise ValueError(f"old size {old_size} not in 1..{n}")
    return subproof(leaf_hashes, old_size, True)


def subproof(leaves: Sequence[bytes], m: int, complete: bool) -> list[bytes]:
    """SUBPROOF(m, D[n], b), RFC 6962 §2.1.2; ``complete`` is the flag b."""
    n = len(leaves)
    if m == n:
        return [] if complete else [root_hash(leaves)]
    k = split(n)
    if m <= k:
        return [*subproof(leaves[:k], m, complete), root_hash(leaves[k:])]
    return [*subproof(leaves[k:], m - k, False), root_hash(leaves[:k])]


def completed_subtrees(index: int) -> list[tuple[int, int]]:
    """(level, index) of each perfect subtree of level >= 1 completed by appending leaf ``index``:
    those whose size 2**level divides ``index + 1``, bottom-up (children before parents)."""
    if index < 0:
        raise ValueError(f"negative leaf index {index}")
    size, level, found = index + 1, 1, []
    while size % (1 << level) == 0:
        found.append((level, (size >> level) - 1))
        level += 1
    return found
