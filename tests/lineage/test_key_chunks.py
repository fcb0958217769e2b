"""IN-lists on the write path take few lengths, so each query is prepared and cached a few times."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lineage.database import key_chunks


@given(st.lists(st.integers(), max_size=40), st.integers(min_value=1, max_value=9))
def test_chunks_take_few_lengths_and_hold_every_key_in_order(keys: list[int], size: int) -> None:
    chunks = list(key_chunks(keys, size))
    assert all(len(chunk) == size for chunk in chunks[:-1])
    lengths = {size} | {1 << n for n in range(size.bit_length())}
    assert all(len(chunk) in lengths and len(chunk) <= size for chunk in chunks)
    assert len(chunks) == -(-len(keys) // size)
    flat = [k for chunk in chunks for k in chunk]
    assert flat[: len(keys)] == keys
    assert set(flat) == set(keys)


def test_the_last_chunk_is_padded_with_its_final_key_to_a_power_of_two() -> None:
    assert list(key_chunks(["a", "b", "c"], 2)) == [["a", "b"], ["c"]]
    assert list(key_chunks(["a", "b", "c", "d", "e"], 4)) == [["a", "b", "c", "d"], ["e"]]
    assert list(key_chunks(list("abcdef"), 4)) == [list("abcd"), ["e", "f"]]
    assert list(key_chunks(list("abcdefg"), 16)) == [list("abcdefgg")]
    assert list(key_chunks(["a", "b", "c"], 8)) == [["a", "b", "c", "c"]]
    assert list(key_chunks(["a"], 512)) == [["a"]]
    assert list(key_chunks([], 2)) == []
