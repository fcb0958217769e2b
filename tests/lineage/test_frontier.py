"""The frontier agrees with the list-based Merkle functions at every size."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from lineage.log import merkle
from lineage.log.frontier import EMPTY_ROOT, Frontier, decomposition


def leaves(n: int) -> list[bytes]:
    return [merkle.leaf_hash(hashlib.sha256(str(i).encode()).digest()) for i in range(n)]


def test_empty_frontier_has_the_empty_root() -> None:
    assert Frontier().root() == EMPTY_ROOT == merkle.root_hash([])


def test_decomposition_follows_binary_digits() -> None:
    assert list(decomposition(13)) == [(3, 0), (2, 2), (0, 12)]
    assert list(decomposition(0)) == []


def test_every_prefix_root_and_completed_node_matches() -> None:
    hashes = leaves(70)
    frontier = Frontier()
    stored: dict[tuple[int, int], bytes] = {(0, i): h for i, h in enumerate(hashes)}
    for i, leaf in enumerate(hashes):
        completed = frontier.append(leaf)
        assert [(lv, ix) for lv, ix, _ in completed] == merkle.completed_subtrees(i)
        for level, idx, digest in completed:
            span = hashes[idx << level : (idx + 1) << level]
            assert digest == merkle.root_hash(span)
            stored[(level, idx)] = digest
        assert frontier.root() == merkle.root_hash(hashes[: i + 1])
        reloaded = Frontier.load(lambda lv, ix: stored[(lv, ix)], i + 1)
        assert reloaded.stack == frontier.stack


@given(st.integers(min_value=1, max_value=300))
def test_loaded_frontier_continues_identically(size: int) -> None:
    hashes = leaves(size + 5)
    full = Frontier()
    for leaf in hashes[:size]:
        full.append(leaf)
    resumed = Frontier(full.size, list(full.stack))
    for leaf in hashes[size:]:
        assert resumed.append(leaf) == full.append(leaf)
    assert resumed.root() == merkle.root_hash(hashes)
