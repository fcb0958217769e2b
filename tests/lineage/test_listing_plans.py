"""The console's everyday questions are answered through indexes, not by reading tables whole.

At a million entries two questions read whole tables: which records were merged into a
subject (asked by every lineage, notify list and person page) scanned the subject registry,
and a page of one recipient's disclosures sorted every share that recipient ever received.
These tests read the query plan each question gets.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection

from lineage.ledger.listing import DisclosureFilter, count_disclosures, list_disclosures
from lineage.registry.identity import merged_from
from lineage.service import Service
from lineage.storage.database import is_sqlite, read_connection
from models.period import Period
from tests.lineage.helpers import plan, sent_statements


def plans_of(conn: Connection, table: str, action: Any) -> list[str]:
    sent = [(s, p) for s, p in sent_statements(conn, action) if f"FROM {table}" in s]
    assert sent, f"no statement read {table}"
    return [plan(conn, sql, parameters) for sql, parameters in sent]


def test_merged_records_are_found_by_index(service: Service) -> None:
    with read_connection(service.engine) as conn:
        for text in plans_of(conn, "subject", lambda: merged_from(conn, "sub_x")):
            assert "ix_subject_merged_into" in text, text
            assert not re.search(r"SCAN subject\b|Seq Scan on subject", text), text


def test_a_page_for_one_recipient_is_read_in_order_and_not_sorted(service: Service) -> None:
    asked = DisclosureFilter(recipient="beds-police")
    with read_connection(service.engine) as conn:
        first, *_ = plans_of(conn, "entry_version", lambda: list_disclosures(conn, asked))
        assert "ix_entry_version_recipient_listing" in first, first
        if is_sqlite(conn):  # PostgreSQL sorts an empty table's one estimated row instead
            assert "TEMP B-TREE FOR ORDER BY" not in first, first


def test_a_count_for_one_recipient_reads_the_index_alone(service: Service) -> None:
    asked = DisclosureFilter(recipient="beds-police")
    with read_connection(service.engine) as conn:
        for text in plans_of(conn, "entry_version", lambda: count_disclosures(conn, asked)):
            assert "ix_entry_version_recipient_listing" in text, text
            assert not re.search(r"SCAN entry_version\b|Seq Scan on entry_version", text), text


def test_a_page_for_one_recipient_in_a_month_reads_the_month(service: Service) -> None:
    month = Period.parse_days("2026-03-01", "2026-03-31")
    asked = DisclosureFilter(recipient="beds-police", occurred=month)
    with read_connection(service.engine) as conn:
        first, *_ = plans_of(conn, "entry_version", lambda: list_disclosures(conn, asked))
        assert not re.search(r"SCAN entry_version\b|Seq Scan on entry_version", first), first
        if is_sqlite(conn):  # not every share the partner ever received, in order
            assert "ix_entry_version_recipient (recipient=? AND occurred_at>?" in first, first
