"""The right edge of the Merkle tree: the perfect subtrees a tree of size n decomposes into.

Appending a leaf touches only this frontier, so a writer never re-reads the tree: it learns
which interior nodes became complete (to store them) and can fold the current root
(RFC 6962 §2.1: the tree of size n is the perfect subtrees of n's binary digits, left to right,
`merkle.perfect_subtrees(0, n)`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lineage.log.merkle import EMPTY_ROOT, SubtreeReader, node_hash, perfect_subtrees

NodeVisitor = Callable[[int, int, bytes], bytes | None]
"""``visit(level, index, hash)`` for each perfect subtree an append completes, bottom-up (a
node's children are visited before it). It may return a hash to carry on in place of the one
computed (a stored value under check, so a mismatch stays local to the lowest subtree that
disagrees with its children), or None to keep the computed one."""


@dataclass
class Frontier:
    """The perfect subtrees of the tree so far, as (level, hash), largest first."""

    size: int = 0
    stack: list[tuple[int, bytes]] = field(default_factory=list)

    @classmethod
    def load(cls, reader: SubtreeReader, size: int) -> Frontier:
        """Read the O(log n) subtrees of an existing tree."""
        positions = perfect_subtrees(0, size)
        return cls(size, [(level, reader(level, idx)) for level, idx in positions])

    def append(self, leaf: bytes, visit: NodeVisitor | None = None) -> None:
        """Add a leaf hash, passing each perfect subtree it completes (level >= 1) to `visit`.

        A store writes the visited nodes; a verifier compares them with the stored ones.
        """
        self.stack.append((0, leaf))
        self.size += 1
        while len(self.stack) > 1 and self.stack[-1][0] == self.stack[-2][0]:
            level, right = self.stack.pop()
            _, left = self.stack.pop()
            level += 1
            node = node_hash(left, right)
            if visit is not None:
                kept = visit(level, (self.size >> level) - 1, node)
                if kept is not None:
                    node = kept
            self.stack.append((level, node))

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
        positions = perfect_subtrees(0, self.size)
        return {pos: h for pos, (_, h) in zip(positions, self.stack, strict=True)}
