"""IN-lists take few lengths, so each query is prepared and cached a few times."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Connection

from lineage.investigate.exceptions import flags_of
from lineage.investigate.fetch import partners, subject_shares
from lineage.investigate.notify import notifications
from lineage.investigate.transfers import transfer_instruments
from lineage.ledger.listing import _attached
from lineage.reports.access import entry_details
from lineage.service import Service
from lineage.storage.database import key_chunks
from tests.lineage.helpers import sent_statements


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


READERS: dict[str, Callable[[Connection, list[int]], object]] = {
    "exception flags": flags_of,
    "transfer instruments": transfer_instruments,
    "notifications": lambda conn, seqs: notifications(conn, "tok", seqs),
    "access report details": entry_details,
    "listing": _attached,
    "subject shares": lambda conn, seqs: subject_shares(conn, [f"t{s}" for s in seqs], as_of=None),
    "partners": lambda conn, seqs: partners(conn, [f"p{s}" for s in seqs]),
}


@pytest.mark.parametrize("reader", READERS)
def test_read_paths_ask_for_few_distinct_statements(service: Service, reader: str) -> None:
    """A server reads with lists of every length; without padding each length is a statement
    of its own, prepared and cached per pooled connection."""
    read = READERS[reader]
    with service.engine.connect() as conn:
        first = sent_statements(conn, lambda: read(conn, [0]))
        longer = sent_statements(conn, lambda: [read(conn, list(range(n))) for n in range(2, 41)])
    per_call = len({sql for sql, _ in first})
    statements = {sql for sql, _ in first + longer}
    assert per_call >= 1
    assert len(statements) <= per_call * 7, len(statements)  # lists of 1, 2, 4, … 64 keys
