"""IN-lists on the write path have one length, so each query is prepared and cached once."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lineage.database import key_chunks


@given(st.lists(st.integers(), max_size=40), st.integers(min_value=1, max_value=9))
def test_chunks_have_one_length_and_hold_every_key_in_order(keys: list[int], size: int) -> None:
    chunks = list(key_chunks(keys, size))
    assert all(len(chunk) == size for chunk in chunks)
    assert len(chunks) == -(-len(keys) // size)
    flat = [k for chunk in chunks for k in chunk]
    assert flat[: len(keys)] == keys
    assert set(flat) == set(keys)


def test_the_last_chunk_is_padded_with_its_final_key() -> None:
    assert list(key_chunks(["a", "b", "c"], 2)) == [["a", "b"], ["c", "c"]]
    assert list(key_chunks([], 2)) == []
