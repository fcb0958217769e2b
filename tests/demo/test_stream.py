"""The generated stream, without a database: valid payloads, ledger order, parents first,
and memory that does not grow with the council."""

from __future__ import annotations

import itertools
import random
import tracemalloc
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from lineage.demo.agreements import agreement_records
from lineage.demo.generator import Council
from lineage.demo.partners import partner_records
from lineage.demo.timeline import LATE_RECORD_RATE, NEXT_DAYS_RATE, Desk, Recording
from models.validation import (
    validate_breach,
    validate_correction,
    validate_disclosure,
    validate_notification,
)
from models.vocabulary import PARTNER_TYPES

VALIDATORS: dict[str, Callable[[Mapping[str, Any]], object]] = {
    "disclosure": validate_disclosure,
    "correction": validate_correction,
    "breach": validate_breach,
    "notification": validate_notification,
}


@pytest.fixture(scope="module")
def stream() -> list[Recording]:
    return list(Council(children=2000, years=1, seed=12))


def test_a_sample_of_payloads_validates_directly(stream: list[Recording]) -> None:
    sample = stream[::7] + [r for r in stream if r.kind != "disclosure"]
    for recording in sample:
        VALIDATORS[recording.kind](recording.payload)
    assert {r.kind for r in sample} >= {"disclosure", "correction", "breach"}


def test_recordings_come_in_ledger_order_with_parents_first(stream: list[Recording]) -> None:
    assert all(a.recorded_at <= b.recorded_at for a, b in itertools.pairwise(stream))
    seen: dict[str, Recording] = {}
    for recording in stream:
        parent = recording.target or recording.payload.get("derived_from")
        if parent is not None:
            assert parent in seen, "a correction or onward share came before its parent"
            assert seen[parent].payload["recipient"] == recording.payload.get(
                "sender", seen[parent].payload["recipient"]
            )
        seen[recording.payload["entry_id"]] = recording


def test_entry_ids_are_unique_and_real_identifiers_never_appear(stream: list[Recording]) -> None:
    ids = [r.payload["entry_id"] for r in stream]
    assert len(set(ids)) == len(ids)
    subjects = [s for r in stream for s in r.payload.get("subjects", [])]
    assert all(s["nhs_number"].startswith("999") for s in subjects if "nhs_number" in s)
    assert all(s["upn"][1:4] == "999" for s in subjects if "upn" in s)


def test_recording_delays_follow_the_documented_rates() -> None:
    desk = Desk(random.Random(4))
    occurred = datetime(2025, 6, 2, 11, 0, tzinfo=UTC)
    delays = [desk.recorded_at(occurred) - occurred for _ in range(20_000)]
    late = sum(1 for d in delays if d > timedelta(days=30)) / len(delays)
    next_days = sum(1 for d in delays if timedelta(days=1) <= d <= timedelta(days=6)) / len(delays)
    assert 0.5 * LATE_RECORD_RATE < late < 1.5 * LATE_RECORD_RATE
    assert 0.8 * NEXT_DAYS_RATE < next_days < 1.2 * NEXT_DAYS_RATE
    assert all(d >= timedelta(0) for d in delays)


def test_partners_cover_every_type_the_notice_implies_and_agreements_name_partners() -> None:
    partners = partner_records()
    types = {p["type"] for p in partners}
    assert types >= set(PARTNER_TYPES) - {"local_authority"}  # the council registers itself
    assert "local_authority" in types  # neighbouring councils
    codes = {p["code"] for p in partners} | {"luton-council"}
    for agreement in agreement_records("luton-council"):
        assert set(agreement["parties"]) <= codes, agreement["id"]
    assert any(p["name"] == "Bedfordshire Police" for p in partners)


def test_memory_does_not_grow_with_the_council() -> None:
    """1 April (a quarter's claims and a month's extract in one night: 17,000 entries for a
    million children) streamed in memory that stops growing with the council's size."""
    smaller, larger = (_peak_of_a_night(children) for children in (300_000, 1_000_000))
    assert larger < 1.5 * smaller
    assert larger < 40_000_000


def _peak_of_a_night(children: int) -> int:
    council = Council(children=children, years=1, seed=2)
    tracemalloc.start()
    try:
        for _ in itertools.takewhile(lambda r: r.recorded_at.day < 2, council):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
