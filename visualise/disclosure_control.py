"""Statistical disclosure control for published counts, as DfE and ONS publications do it.

A count from 1 to 4 could point at a family, so it is shown as "fewer than 5" (primary
suppression). Where a set of cells adds up to a total that is shown, hiding one cell alone
would not hide it — the total minus the others gives it back — so the next smallest cell is
withheld too (secondary suppression). A total beside parts that are not cells of a table
(a diagram's lines) is rounded to the nearest 10 when any part is small. Zero is shown: it
points at nobody.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

SMALLEST_SHOWN: Final = 5
FEWER: Final = "fewer than 5"
WITHHELD: Final = "withheld"
"""A count of 5 or more hidden so that a small count beside it cannot be worked out."""


def is_small(count: int) -> bool:
    """Whether a count must not be shown: from 1 to 4."""
    return 0 < count < SMALLEST_SHOWN


def shown(count: int) -> str:
    """A count as it may be published: "fewer than 5" for 1 to 4, else the number."""
    return FEWER if is_small(count) else f"{count:,}"


def withheld(counts: Sequence[int], *, adds_up: bool = True) -> set[int]:
    """Positions of the cells to hide: the small ones, and, when the cells add up to a shown
    total (`adds_up`) and exactly one is small, the smallest other non-zero cell too."""
    hidden = {i for i, count in enumerate(counts) if is_small(count)}
    if adds_up and len(hidden) == 1:
        others = sorted((c, i) for i, c in enumerate(counts) if i not in hidden and c > 0)
        hidden |= {others[0][1]} if others else set()
    return hidden


def cells(counts: Sequence[int], *, adds_up: bool = True) -> list[str]:
    """Each count as published: shown, "fewer than 5", or "withheld" (secondary)."""
    hidden = withheld(counts, adds_up=adds_up)
    return [
        (FEWER if is_small(count) else WITHHELD) if i in hidden else shown(count)
        for i, count in enumerate(counts)
    ]


def total(count: int, parts: Sequence[int]) -> str:
    """A total printed beside parts that are not suppressed as cells (a diagram's lines):
    rounded to the nearest 10 ("about 120") when any part is small, so that the total minus
    the parts shown cannot give a small one back."""
    if is_small(count):
        return FEWER
    if any(is_small(part) for part in parts):
        return f"about {round(count, -1):,}"
    return f"{count:,}"
