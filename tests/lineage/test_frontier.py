"""The frontier agrees with the RFC 6962 reference recursions at every size."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from lineage.log import merkle
from lineage.log.frontier import Frontier
from tests.lineage import merkle_reference as reference


def leaves(n: int) -> list[bytes]:
    return [merkle.leaf_hash(hashlib.sha256(str(i).encode()).digest()) for i in range(n)]


def appended(frontier: Frontier, leaf: bytes) -> list[tuple[int, int, bytes]]:
    """Append `leaf`; the (level, index, hash) of each subtree it completed, as visited."""
    completed: list[tuple[int, int, bytes]] = []
    frontier.append(leaf, lambda level, idx, node: completed.append((level, idx, node)))
    return completed


def test_empty_frontier_has_the_empty_root() -> None:
    assert Frontier().root() == merkle.EMPTY_ROOT == reference.root_hash([])


def test_decomposition_follows_binary_digits() -> None:
    assert merkle.perfect_subtrees(0, 13) == [(3, 0), (2, 2), (0, 12)]
    assert merkle.perfect_subtrees(0, 0) == []


def test_every_prefix_root_and_completed_node_matches() -> None:
    hashes = leaves(70)
    frontier = Frontier()
    stored: dict[tuple[int, int], bytes] = {(0, i): h for i, h in enumerate(hashes)}
    for i, leaf in enumerate(hashes):
        completed = appended(frontier, leaf)
        assert [(lv, ix) for lv, ix, _ in completed] == reference.completed_subtrees(i)
        for level, idx, digest in completed:
            span = hashes[idx << level : (idx + 1) << level]
            assert digest == reference.root_hash(span)
            stored[(level, idx)] = digest
        assert frontier.root() == reference.root_hash(hashes[: i + 1])
        reloaded = Frontier.load(lambda lv, ix: stored[(lv, ix)], i + 1)
        assert reloaded.stack == frontier.stack
        assert frontier.subtrees() == {
            pos: stored[pos] for pos in merkle.perfect_subtrees(0, i + 1)
        }


@given(st.integers(min_value=1, max_value=300))
def test_loaded_frontier_continues_identically(size: int) -> None:
    hashes = leaves(size + 5)
    full = Frontier()
    for leaf in hashes[:size]:
        full.append(leaf)
    resumed = Frontier(full.size, list(full.stack))
    for leaf in hashes[size:]:
        assert appended(resumed, leaf) == appended(full, leaf)
    assert resumed.root() == reference.root_hash(hashes)


def test_a_visitor_may_carry_another_hash_on() -> None:
    """What the visitor returns replaces the computed node, so its parent is built from it;
    None keeps the computed one."""
    hashes = leaves(4)
    swapped = b"\x55" * 32
    frontier = Frontier()
    seen: list[tuple[int, int, bytes]] = []

    def visit(level: int, idx: int, node: bytes) -> bytes | None:
        seen.append((level, idx, node))
        return swapped if (level, idx) == (1, 0) else None

    for leaf in hashes:
        frontier.append(leaf, visit)
    right = merkle.node_hash(hashes[2], hashes[3])
    assert seen == [
        (1, 0, merkle.node_hash(hashes[0], hashes[1])),
        (1, 1, right),
        (2, 0, merkle.node_hash(swapped, right)),
    ]
    assert frontier.root() == merkle.node_hash(swapped, right)
