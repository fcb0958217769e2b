"""The right edge of the Merkle tree: the perfect subtrees a tree of size n decomposes into.

Appending a leaf touches only this frontier, so a writer never re-reads the tree: it learns
which interior nodes became complete (to store them) and can fold the current root
(RFC 6962 §2.1: the tree of size n is the perfect subtrees of n's binary digits, left to right).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lineage.log.merkle import SubtreeReader, node_hash

EMPTY_ROOT = bytes.fromhex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")


def decomposition(size: int) -> Iterator[tuple[int, int]]:
    """(level, index) of the perfect subtrees of a tree of `size` leaves, left to right."""
    start = 0
    for level in range(size.bit_length() - 1, -1, -1):
        if size >> level & 1:
            yield level, start >> level
            start += 1 << level


@dataclass
class Frontier:
    """The perfect subtrees of the tree so far, as (level, hash), largest first."""

    size: int = 0
    stack: list[tuple[int, bytes]] = field(default_factory=list)

    @classmethod
    def load(cls, reader: SubtreeReader, size: int) -> Frontier:
        """Read the O(log n) subtrees of an existing tree."""
        return cls(size, [(level, reader(level, idx)) for level, idx in decomposition(size)])

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Add a leaf hash; returns the (level, index, hash) of every subtree it completed."""
        self.stack.append((0, leaf))
        self.size += 1
        completed = []
        while len(self.stack) > 1 and self.stack[-1][0] == self.stack[-2][0]:
            level, right = self.stack.pop()
            _, left = self.stack.pop()
            parent = node_hash(left, right)
            self.stack.append((level + 1, parent))
            completed.append((level + 1, (self.size >> (level + 1)) - 1, parent))
        return completed

    def append_over(
        self, leaf: bytes, stored: dict[tuple[int, int], bytes]
    ) -> list[tuple[int, int, bytes, bytes | None]]:
        """Add a leaf, building each completed subtree from the *stored* children.

        Returns (level, index, hash built from the stored children, stored hash or None)
        for each completed subtree, and carries the stored hash on. A mismatch is thus
        local: it names the lowest subtree whose stored value disagrees with its children.
        """
        self.stack.append((0, leaf))
        self.size += 1
        checked = []
        while len(self.stack) > 1 and self.stack[-1][0] == self.stack[-2][0]:
            level, right = self.stack.pop()
            _, left = self.stack.pop()
            idx = (self.size >> (level + 1)) - 1
            built = node_hash(left, right)
            kept = stored.pop((level + 1, idx), None)
            self.stack.append((level + 1, built if kept is None else kept))
            checked.append((level + 1, idx, built, kept))
        return checked

    def root(self) -> bytes:
        """MTH of the whole tree: fold the subtrees from the right."""
        if not self.stack:
            return EMPTY_ROOT
        acc = self.stack[-1][1]
        for _, subtree in reversed(self.stack[:-1]):
            acc = node_hash(subtree, acc)
        return acc

    def subtrees(self) -> dict[tuple[int, int], bytes]:
        """The frontier as (level, index) → hash, for answering proofs from memory."""
        positions = decomposition(self.size)
        return {pos: h for pos, (_, h) in zip(positions, self.stack, strict=True)}
