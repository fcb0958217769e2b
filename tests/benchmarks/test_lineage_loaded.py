"""Subject lineage and partner exposure at 10M entries, on projection rows loaded directly.

Run with `pytest -m benchmark tests/benchmarks/test_lineage_loaded.py -s` (`-k sqlite` or
`-k postgresql` for one backend). The size is `DISCLOSURE_BENCH_LINEAGE_ENTRIES` entries
(default 10,000,000) over a tenth as many subjects; a quick run:
`DISCLOSURE_BENCH_LINEAGE_ENTRIES=100000`.

Lineage and exposure read only the projection tables (`entry_version`, `version_subject`,
`version_category`) and the partner registry, never the ledger's bodies, while the import
runs at about 1,400 entries/s here: two hours a backend for 10M. So only the first 5,000
entries go in through the store's bulk path (`Ledger.append_requests`); the rest are written
straight into those three tables with the bulk insert (executemany on SQLite, COPY on
PostgreSQL), 100k entries at a time. `ledger_entry`, `merkle_node`, `entry_flag`, `entry_link`
and the log head hold the appended entries only: a ledger loaded this way does not verify,
and is not meant to. The subject registry holds the appended entries' subjects and the
subjects measured; every other subject has a token of the registry's form derived from its
number (a lineage reads the registry only for a family, and the API only to tell a subject
with no shares from an unknown token).

All entries come from the seeded stream `test_lineage_scale` appends
(`tests/benchmarks/shares.py`): zipf-like partners, one or two subjects a share, 3% onward
shares, 0.5% transfers abroad, 0.2% corrections, occurred_at spread over four years. The
appended part checks the loader: the rows it builds for those entries must equal the rows
the append path wrote, and the rows it loads must have the same columns and forms of value,
so a change to the projection fails this test instead of measuring something else.

Figures are printed as `test_lineage_scale` prints them, against the same targets. The test
fails only if an answer is wrong or the server errs, not on speed.
"""

from __future__ import annotations

import hashlib
import os
import random
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import Connection, Table, select

from lineage.registry.subjects import SubjectRegistry, new_token
from lineage.service import Service
from lineage.storage.bulk import insert_rows
from lineage.storage.database import refresh_statistics, write_transaction
from models.dates import utc
from models.retention import retention_class_for
from models.subject_input import SubjectIn
from models.tables import EntryVersion, VersionCategory, VersionSubject
from models.vocabulary import CATEGORIES as VOCABULARY
from tests.benchmarks.large import remove_database
from tests.benchmarks.shares import (
    ABROAD,
    BATCH,
    CORRECTED_TO,
    LAWFUL_BASIS,
    METHOD,
    PURPOSE,
    ROLE,
    START,
    Correction,
    Entry,
    EntryStream,
    Share,
    append_entries,
    local_id,
    register_partners,
)
from tests.benchmarks.test_lineage_scale import MEASURED, measure_and_report

pytestmark = pytest.mark.benchmark

ENTRIES = int(os.environ.get("DISCLOSURE_BENCH_LINEAGE_ENTRIES", "10000000"))
SUBJECTS = max(10, ENTRIES // 10)
APPENDED = min(ENTRIES, BATCH)
"""Entries appended through the ledger: one append batch, which holds about ten corrections
and twenty-five transfers, so every kind of row the loader writes is checked."""
LOAD_BATCH = 100_000
"""Entries per loading transaction: memory stays flat whatever the size."""
ENTRY_VERSION = cast(Table, EntryVersion.__table__)  # type: ignore[attr-defined]
VERSION_SUBJECT = cast(Table, VersionSubject.__table__)  # type: ignore[attr-defined]
VERSION_CATEGORY = cast(Table, VersionCategory.__table__)  # type: ignore[attr-defined]

Row = dict[str, Any]
Forms = dict[str, dict[str, set[str]]]


# -- the first entries, through the ledger --------------------------------------------------


def register_subjects(service: Service, subjects: set[int]) -> dict[int, str]:
    """Each subject's token from the registry, registering those it does not hold yet."""
    with write_transaction(service.engine) as conn:
        registry = SubjectRegistry(conn, service.keys, clock=lambda: START)
        named = {n: SubjectIn.model_validate({"local_id": local_id(n), "role": ROLE})
                 for n in sorted(subjects)}  # fmt: skip
        registry.prefetch(named.values())
        tokens = {n: registry.resolve(subject) for n, subject in named.items()}
        registry.flush()
    return tokens


# -- projection rows, built directly ---------------------------------------------------------


def derived_token(subject: int) -> str:
    """A token of the registry's form for a subject it does not hold, the same every time."""
    seed = local_id(subject).encode()
    return new_token(lambda size: hashlib.blake2b(seed, digest_size=size).digest())


@dataclass(frozen=True)
class SubjectTokens:
    registered: dict[int, str]

    def of(self, subject: int) -> str:
        token = self.registered.get(subject)
        return derived_token(subject) if token is None else token


@cache
def retention_class(categories: tuple[str, ...]) -> str:
    return retention_class_for(categories, PURPOSE)


@cache
def category_class(category: str) -> str:
    return VOCABULARY[category].cls


@dataclass
class Rows:
    versions: list[Row]
    subjects: list[Row]
    categories: list[Row]

    def by_table(self) -> list[tuple[Table, list[Row]]]:
        return [
            (ENTRY_VERSION, self.versions),
            (VERSION_SUBJECT, self.subjects),
            (VERSION_CATEGORY, self.categories),
        ]

    def count(self) -> int:
        return len(self.versions) + len(self.subjects) + len(self.categories)


def projection_rows(entries: Sequence[Entry], tokens: SubjectTokens) -> Rows:
    """The rows `lineage.ledger.projection` derives from these entries' bodies. A correction is a
    new version of the share it corrects: its own seq and recording, and the share's
    `target_seq`, entry id, kind and parent, with the corrected categories."""
    rows = Rows([], [], [])
    for entry in entries:
        if isinstance(entry, Correction):
            share = entry.target._replace(categories=CORRECTED_TO)
        else:
            share = entry
        seq = entry.seq
        rows.versions.append(
            {
                "seq": seq,
                "target_seq": share.seq,
                "entry_id": share.entry_id,
                "kind": share.kind,
                "recorded_at": entry.recorded_at,
                "occurred_at": share.occurred_at,
                "sender": share.sender,
                "recipient": share.recipient,
                "purpose": PURPOSE,
                "lawful_basis": LAWFUL_BASIS,
                "agreement": None,
                "method": METHOD,
                "decision": "shared",
                "cross_border": share.abroad,
                "destination_country": ABROAD["destination_country"] if share.abroad else None,
                "transfer_mechanism": ABROAD["transfer_mechanism"] if share.abroad else None,
                "derived_from_seq": share.parent_seq,
                "void": False,
                "retention_class": retention_class(share.categories),
            }
        )
        rows.subjects.extend(
            {"version_seq": seq, "token": tokens.of(p), "role": ROLE} for p in share.subjects
        )
        rows.categories.extend(
            {"version_seq": seq, "category": c, "category_class": category_class(c)}
            for c in share.categories
        )
    return rows


# -- the built rows against the append path's ----------------------------------------------


def in_key_order(table: Table, rows: list[Row]) -> list[Row]:
    key = [column.name for column in table.primary_key.columns]
    return sorted(rows, key=lambda row: tuple(row[name] for name in key))


def stored_rows(conn: Connection, table: Table) -> list[Row]:
    """The table's rows in key order, times in UTC (SQLite returns them without an offset)."""
    found = conn.execute(select(table).order_by(*table.primary_key.columns)).mappings()
    return [{k: utc(v) if isinstance(v, datetime) else v for k, v in row.items()} for row in found]


def value_form(value: Any) -> str:
    if isinstance(value, datetime):
        return f"datetime in {value.tzinfo}"
    return type(value).__name__


def value_forms(rows: list[Row]) -> dict[str, set[str]]:
    """Each column's forms of value (type, and time zone for times) across the rows."""
    forms: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for column, value in row.items():
            forms[column].add(value_form(value))
    return dict(forms)


def check_appended(service: Service, entries: Sequence[Entry], tokens: SubjectTokens) -> Forms:
    """Assert that the rows built for the appended entries are the rows the append path
    wrote for them; the forms of value it wrote, by table and column."""
    kinds = {"onward": 0, "abroad": 0, "correction": 0}
    for entry in entries:
        if isinstance(entry, Correction):
            kinds["correction"] += 1
        else:
            kinds["onward"] += entry.parent_id is not None
            kinds["abroad"] += entry.abroad
    assert all(kinds.values()), f"a kind of entry would go unchecked: {kinds}"
    built = projection_rows(entries, tokens)
    forms: Forms = {}
    with service.engine.connect() as conn:
        for table, rows in built.by_table():
            written = stored_rows(conn, table)
            assert len(rows) == len(written), table.name
            for mine, theirs in zip(in_key_order(table, rows), written, strict=True):
                assert mine == theirs, f"{table.name}: built {mine}, appended {theirs}"
            forms[table.name] = value_forms(written)
    return forms


def check_forms(rows: Rows, appended: Forms) -> None:
    """Assert that loaded rows have the appended rows' columns and forms of value."""
    for table, loaded in rows.by_table():
        forms, expected = value_forms(loaded), appended[table.name]
        assert forms.keys() == expected.keys(), f"{table.name}: columns {sorted(forms)}"
        for column, seen in forms.items():
            assert seen <= expected[column], f"{table.name}.{column}: {seen}"


# -- loading ---------------------------------------------------------------------------------


def load(service: Service, stream: EntryStream, tokens: SubjectTokens, appended: Forms) -> int:
    """Write the stream's entries after the appended ones as projection rows; how many rows."""
    written = 0
    for first in range(APPENDED, ENTRIES, LOAD_BATCH):
        entries = [stream.entry(n) for n in range(first, min(ENTRIES, first + LOAD_BATCH))]
        rows = projection_rows(entries, tokens)
        if first == APPENDED:  # every batch is built by the same code: one is checked
            check_forms(rows, appended)
        with write_transaction(service.engine) as conn:
            for table, table_rows in rows.by_table():
                insert_rows(conn, table, table_rows)
        written += rows.count()
    return written


@pytest.fixture
def loaded_service(service: Service, tmp_path: Path) -> Iterator[Service]:
    """The ledger to load; a SQLite file (several GB at 10M) is removed afterwards."""
    yield service
    remove_database(service, tmp_path)


def fill(service: Service) -> list[str]:
    """Append the first entries, load the rest directly; the tokens of the subjects to
    measure. (A function of its own, so that the stream and its recent shares are gone
    before anything is timed: every full garbage collection walks what is still alive.)"""
    register_partners(service)
    stream = EntryStream(ENTRIES, service.ledger.head()[0], service.settings.council)
    appended = [stream.entry(n) for n in range(APPENDED)]
    began = time.perf_counter()
    append_entries(service, appended)
    seconds = time.perf_counter() - began
    print(f"appended {APPENDED:,} entries through the ledger in {seconds:.1f} s")

    measured = random.Random(11).sample(range(SUBJECTS), MEASURED)
    named = {p for entry in appended if isinstance(entry, Share) for p in entry.subjects}
    tokens = SubjectTokens(register_subjects(service, named | set(measured)))
    forms = check_appended(service, appended, tokens)

    began = time.perf_counter()
    rows = load(service, stream, tokens, forms)
    seconds = time.perf_counter() - began
    rate = (ENTRIES - APPENDED) / seconds if seconds else 0.0
    print(
        f"loaded {rows:,} projection rows for {ENTRIES - APPENDED:,} entries in "
        f"{seconds:,.0f} s ({rate:,.0f} entries/s)"
    )
    began = time.perf_counter()
    # What the import runs after a bulk load; on PostgreSQL the ANALYZE autovacuum would
    # run, without which the planner guesses hash joins over whole tables.
    refresh_statistics(service.engine)
    print(f"statistics refreshed in {time.perf_counter() - began:.1f} s")
    return [tokens.of(n) for n in measured]


def test_lineage_and_exposure_loaded(loaded_service: Service) -> None:
    service = loaded_service
    print(
        f"\n{service.engine.dialect.name}: {ENTRIES:,} entries over {SUBJECTS:,} subjects, "
        f"the first {APPENDED:,} appended through the ledger; the projection rows of the "
        f"other {ENTRIES - APPENDED:,} are loaded directly, not through the import"
    )
    measure_and_report(service, fill(service))
