"""A disclosure's versions are found through indexes, not by reading `entry_version` whole.

`entry_version` has no index on `entry_id`; a look-up by it read the table backwards until it
met the entry, so each onward share or correction appended, and each disclosure read, cost
time in proportion to the ledger. These tests read the query plan each look-up gets.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from lineage.ledger.context import AppendContext
from lineage.ledger.effective import history
from lineage.service import Service
from lineage.storage.database import read_connection
from tests.lineage.helpers import plan, sent_statements

ENTRY_ID = "3f2b8c1e-0000-4000-8000-000000000001"


def statements(conn: Connection, action: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The statements on `entry_version` that `action` sends, with their parameters."""
    sent = sent_statements(conn, action)
    return [(sql, parameters) for sql, parameters in sent if "entry_version" in sql]


def assert_indexed(conn: Connection, sent: list[tuple[str, Any]]) -> None:
    assert sent, "no statement on entry_version was sent"
    for sql, parameters in sent:
        text = plan(conn, sql, parameters)
        assert "ix_entry_version_target" in text, text
        assert not re.search(r"SCAN entry_version\b|Seq Scan on entry_version", text), text
        assert not re.search(r"Filter: .*entry_id", text), text


def test_the_latest_version_is_looked_up_by_index(service: Service) -> None:
    with read_connection(service.engine) as conn:
        context = AppendContext(
            conn, service.keys, service.settings, datetime.now(UTC), "recorder:test"
        )
        sent = statements(conn, lambda: context.version(ENTRY_ID))
        assert_indexed(conn, sent)


def test_a_disclosures_history_is_read_by_index(service: Service) -> None:
    with read_connection(service.engine) as conn:
        sent = statements(conn, lambda: history(conn, ENTRY_ID))
        assert_indexed(conn, sent)
