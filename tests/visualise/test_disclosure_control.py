"""Statistical disclosure control: no count from 1 to 4 is published, nor can one be
worked out from a total."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from visualise.disclosure_control import FEWER, WITHHELD, cells, shown, total


def test_small_counts_are_fewer_than_5() -> None:
    assert [shown(n) for n in (0, 1, 4, 5, 1234)] == ["0", FEWER, FEWER, "5", "1,234"]


def test_a_lone_small_cell_takes_the_next_smallest_with_it() -> None:
    assert cells([412, 3, 18, 0]) == ["412", FEWER, WITHHELD, "0"]
    assert cells([412, 3, 2]) == ["412", FEWER, FEWER]
    assert cells([412, 3, 18], adds_up=False) == ["412", FEWER, "18"]


def test_a_diagram_total_beside_a_small_line_is_rounded() -> None:
    assert total(416, [412, 4]) == "about 420"
    assert total(417, [412, 5]) == "417"


@given(st.lists(st.integers(0, 40), min_size=1, max_size=8))
def test_no_small_count_can_be_differenced_back(counts: list[int]) -> None:
    published = cells(counts)
    hidden = [c for c, text in zip(counts, published, strict=True) if not text[:1].isdigit()]
    assert all(text == shown(c) for c, text in zip(counts, published, strict=True)
               if text[:1].isdigit())  # fmt: skip
    assert all(not 0 < c < 5 for c, text in zip(counts, published, strict=True)
               if text[:1].isdigit())  # fmt: skip
    # The total minus the published cells is the sum of the hidden ones: never one small
    # count, unless it is the whole total, itself published as "fewer than 5".
    assert len(hidden) != 1 or sum(counts) < 5
