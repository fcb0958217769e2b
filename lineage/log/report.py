"""What a verify found: whether all agrees, the size and root it recomputed, and the first
position that departs, with every problem named."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lineage.log.frontier import Frontier


@dataclass
class Report:
    ok: bool = True
    tree_size: int = 0
    root: bytes = b""
    first_bad_seq: int | None = None
    problems: list[str] = field(default_factory=list)
    checkpoints_checked: int = 0
    edge: Frontier | None = None
    """The right edge of the tree recomputed from the bodies (for `--since-last`)."""
    positions: list[int] = field(default_factory=list, repr=False)
    ranges: list[tuple[int, int]] = field(default_factory=list, repr=False)

    def fail(self, seq: int | None, problem: str) -> None:
        self.ok = False
        self.problems.append(problem)
        if seq is not None:
            self.positions.append(seq)
            if self.first_bad_seq is None or seq < self.first_bad_seq:
                self.first_bad_seq = seq

    def fail_within(self, first: int, last: int, problem: str) -> None:
        """A departure known only to lie in positions `first` to `last` (a signed root that
        differs); `settle` names `first` unless another problem pins a position in the range."""
        self.ok = False
        self.problems.append(problem)
        self.ranges.append((first, last))

    def settle(self) -> None:
        """Name the first position of each range no other problem pinned down."""
        unpinned = [
            first
            for first, last in self.ranges
            if not any(first <= seq <= last for seq in self.positions)
        ]
        for first in unpinned:
            self.positions.append(first)
            if self.first_bad_seq is None or first < self.first_bad_seq:
                self.first_bad_seq = first

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "tree_size": self.tree_size,
            "root": self.root.hex(),
            "first_bad_seq": self.first_bad_seq,
            "problems": self.problems[:100],
            "checkpoints_checked": self.checkpoints_checked,
        }
