"""Tampering, each found by `verify` at the right position; guard-rails refusing changes.

To tamper, a test drops the guard-rails first — as someone with the owner's rights could.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from lineage.ledger.canonical import canonical_bytes, parse_body
from lineage.log import verify as verification
from lineage.log.merkle import leaf_hash
from lineage.service import Service, initialise, open_service
from lineage.settings import Settings
from lineage.storage import guardrails
from tests.appending import append_batch
from tests.conftest import PG_ADMIN, create_pg_database, drop_pg_database
from tests.factories import disclosure_payload

SIZE = 12


@pytest.fixture(params=["in-process", "in-workers"])
def examining(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Verify here, or with bodies examined by worker processes in chunks of five entries."""
    if request.param == "in-workers":
        monkeypatch.setattr(verification, "PARALLEL_FROM", 0)
        monkeypatch.setattr(verification, "CHUNK", 5)


@pytest.fixture
def filled(service: Service) -> Service:
    append_batch(service.ledger, [disclosure_payload() for _ in range(SIZE)], recorded_by="t")
    assert service.verify().ok
    return service


def tamper(service: Service, change: Callable[[Connection], object]) -> None:
    with service.engine.begin() as conn:
        guardrails.remove(conn)
        change(conn)


def entry_rows(conn: Connection) -> list[dict[str, object]]:
    result = conn.execute(text("SELECT * FROM ledger_entry ORDER BY seq"))
    return [dict(r._mapping) for r in result]


def reinsert(conn: Connection, entries: list[dict[str, object]]) -> None:
    conn.execute(text("DELETE FROM ledger_entry"))
    columns = ", ".join(entries[0])
    values = ", ".join(f":{c}" for c in entries[0])
    conn.execute(text(f"INSERT INTO ledger_entry ({columns}) VALUES ({values})"), entries)


def assert_first_bad(service: Service, seq: int) -> None:
    report = service.verify()
    assert not report.ok
    assert report.first_bad_seq == seq, report.problems


@pytest.mark.usefixtures("examining")
def test_edited_body_bytes(filled: Service) -> None:
    def edit(conn: Connection) -> None:
        body = conn.execute(text("SELECT body FROM ledger_entry WHERE seq = 5")).scalar_one()
        forged = bytes(body).replace(b"beds-police", b"beds-pol1ce")
        conn.execute(text("UPDATE ledger_entry SET body = :b WHERE seq = 5"), {"b": forged})

    tamper(filled, edit)
    assert_first_bad(filled, 5)


def test_edited_body_with_recomputed_leaf_hash(filled: Service) -> None:
    def edit(conn: Connection) -> None:
        body = parse_body(
            bytes(conn.execute(text("SELECT body FROM ledger_entry WHERE seq = 9")).scalar_one())
        )
        body["disclosure"]["purpose"] = "safeguarding"
        data = canonical_bytes(body)
        conn.execute(
            text("UPDATE ledger_entry SET body = :b, leaf_hash = :h WHERE seq = 9"),
            {"b": data, "h": leaf_hash(data)},
        )
        conn.execute(text("UPDATE entry_version SET purpose = 'safeguarding' WHERE seq = 9"))

    tamper(filled, edit)
    report = filled.verify()
    assert not report.ok
    assert report.first_bad_seq is not None and report.first_bad_seq <= 9
    assert any("subtree" in p for p in report.problems)


@pytest.mark.usefixtures("examining")
@pytest.mark.parametrize(
    ("forged", "problem"),
    [
        (b"[1,2]", "the body is not canonical JSON"),
        (b'{"entry_id":"x","kind":"disclosure","seq":7}', "not a ledger entry of its kind"),
        (b'{"disclosure":[],"kind":"disclosure","seq":7}', "not a ledger entry of its kind"),
    ],
)
def test_body_replaced_by_json_that_is_not_an_entry(
    filled: Service, forged: bytes, problem: str
) -> None:
    """Reported at its position, not a crash part-way through the ledger."""

    def edit(conn: Connection) -> None:
        conn.execute(text("UPDATE ledger_entry SET body = :b WHERE seq = 7"), {"b": forged})

    tamper(filled, edit)
    report = filled.verify()
    assert not report.ok
    assert report.first_bad_seq == 7
    assert any(problem in p for p in report.problems), report.problems


@pytest.mark.usefixtures("examining")
def test_edited_projection_column(filled: Service) -> None:
    tamper(
        filled,
        lambda c: c.execute(text("UPDATE entry_version SET recipient = 'elft' WHERE seq = 7")),
    )
    assert_first_bad(filled, 7)


def test_edited_subject_projection(filled: Service) -> None:
    tamper(
        filled,
        lambda c: c.execute(
            text(
                "UPDATE version_subject SET token = 'sub_someoneelse' WHERE version_seq = 3 "
                "AND role = 'child'"
            )
        ),
    )
    assert_first_bad(filled, 3)


@pytest.mark.usefixtures("examining")
def test_deleted_row(filled: Service) -> None:
    tamper(filled, lambda c: c.execute(text("DELETE FROM ledger_entry WHERE seq = 4")))
    assert_first_bad(filled, 4)


@pytest.mark.usefixtures("examining")
def test_forged_row_inserted_in_the_middle(filled: Service) -> None:
    def forge(conn: Connection) -> None:
        entries = entry_rows(conn)
        forged = dict(entries[6])
        body = parse_body(bytes(forged["body"]))  # type: ignore[call-overload]
        body["entry_id"] = forged["entry_id"] = "00000000-0000-4000-8000-000000000000"
        forged["body"] = canonical_bytes(body)
        forged["leaf_hash"] = leaf_hash(forged["body"])  # type: ignore[arg-type]
        shifted = [{**e, "seq": e["seq"] + 1} for e in entries[6:]]  # type: ignore[operator]
        reinsert(conn, [*entries[:6], forged, *shifted])

    tamper(filled, forge)
    assert_first_bad(filled, 6)


@pytest.mark.usefixtures("examining")
def test_two_rows_swapped(filled: Service) -> None:
    def swap(conn: Connection) -> None:
        entries = entry_rows(conn)
        entries[2]["seq"], entries[3]["seq"] = 3, 2
        reinsert(conn, entries)

    tamper(filled, swap)
    assert_first_bad(filled, 2)


@pytest.mark.usefixtures("examining")
def test_truncated_and_refilled_without_one_entry(filled: Service) -> None:
    """Someone removes an embarrassing disclosure and renumbers the rest."""

    def refill(conn: Connection) -> None:
        entries = entry_rows(conn)
        if conn.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE ledger_entry"))
        renumbered = [{**e, "seq": i} for i, e in enumerate(entries[:8] + entries[9:])]
        reinsert(conn, renumbered)

    tamper(filled, refill)
    assert_first_bad(filled, 8)


@pytest.mark.usefixtures("examining")
def test_truncated_and_refilled_is_caught_by_the_checkpoint(filled: Service) -> None:
    """Even a rewrite that recomputes every hash and subtree departs from the signed head."""
    filled.checkpoint()
    forged = parse_body(bytes(_body_at(filled, 10)))
    forged["disclosure"]["recipient"] = "elft"

    def rewrite(conn: Connection) -> None:
        data = canonical_bytes(forged)
        conn.execute(
            text("UPDATE ledger_entry SET body = :b, leaf_hash = :h WHERE seq = 10"),
            {"b": data, "h": leaf_hash(data)},
        )
        conn.execute(text("UPDATE entry_version SET recipient = 'elft' WHERE seq = 10"))
        _recompute_tree(conn)

    tamper(filled, rewrite)
    report = filled.verify()
    assert not report.ok
    assert any("signed checkpoint" in p for p in report.problems)
    # the signed subtrees pin it to the last perfect subtree, leaves 8 to 11
    assert report.first_bad_seq == 8


def _body_at(service: Service, seq: int) -> bytes:
    with service.engine.connect() as conn:
        body = conn.execute(text("SELECT body FROM ledger_entry WHERE seq = :s"), {"s": seq})
        return bytes(body.scalar_one())


def _recompute_tree(conn: Connection) -> None:
    from lineage.log.frontier import Frontier

    frontier = Frontier()
    conn.execute(text("DELETE FROM merkle_node"))

    def store(level: int, idx: int, digest: bytes) -> None:
        conn.execute(
            text("INSERT INTO merkle_node (level, idx, last_seq, hash) VALUES (:l, :i, :s, :h)"),
            {"l": level, "i": idx, "s": ((idx + 1) << level) - 1, "h": digest},
        )

    for (leaf,) in conn.execute(text("SELECT leaf_hash FROM ledger_entry ORDER BY seq")).all():
        frontier.append(bytes(leaf), store)
    conn.execute(
        text("UPDATE log_head SET tree_size = :n, root = :r"),
        {"n": frontier.size, "r": frontier.root()},
    )


def test_restored_from_an_older_copy_after_a_checkpoint(service: Service, tmp_path: Path) -> None:
    append_batch(service.ledger, [disclosure_payload() for _ in range(5)], recorded_by="t")
    older = _copy_database(service, tmp_path)
    append_batch(service.ledger, [disclosure_payload() for _ in range(4)], recorded_by="t")
    service.checkpoint()
    restored = open_service(Settings(**{**service.settings.model_dump(), "database_url": older}))
    try:
        report = restored.verify()
        assert not report.ok
        assert report.first_bad_seq == 5
        assert any("entries were removed" in p for p in report.problems)
    finally:
        restored.engine.dispose()
        if older.startswith("postgresql"):
            drop_pg_database(PG_ADMIN, older)


def _copy_database(service: Service, tmp_path: Path) -> str:
    url = service.settings.database_url
    if url.startswith("sqlite"):
        with service.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
        shutil.copy(url.removeprefix("sqlite:///"), tmp_path / "older.db")
        return f"sqlite:///{tmp_path / 'older.db'}"
    service.engine.dispose()
    base, name = url.rsplit("/", 1)
    admin = base.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}_older" TEMPLATE "{name}"')
    return f"{base}/{name}_older"


@pytest.mark.usefixtures("examining")
def test_verify_passes_on_an_untouched_ledger_with_checkpoints(filled: Service) -> None:
    filled.checkpoint()
    append_batch(filled.ledger, [disclosure_payload() for _ in range(3)], recorded_by="t")
    filled.checkpoint()
    report = filled.verify()
    assert report.ok, report.problems
    assert report.checkpoints_checked == 2


GUARDED = [
    "UPDATE ledger_entry SET kind = 'x' WHERE seq = 0",
    "DELETE FROM ledger_entry WHERE seq = 0",
    "UPDATE entry_version SET recipient = 'x'",
    "DELETE FROM version_subject",
    "DELETE FROM merkle_node",
    "INSERT INTO ledger_entry (seq, entry_id, kind, recorded_at, recorded_by, body, leaf_hash,"
    " request_digest) SELECT seq, entry_id, 'forged', recorded_at, recorded_by, body, leaf_hash,"
    " request_digest FROM ledger_entry WHERE seq = 0 ON CONFLICT (seq) DO UPDATE SET kind = 'x'",
]


@pytest.mark.parametrize("statement", GUARDED)
def test_guardrails_refuse_changes(filled: Service, statement: str) -> None:
    with pytest.raises(DBAPIError, match="append-only"), filled.engine.begin() as conn:
        conn.execute(text(statement))
    assert filled.verify().ok


def test_guardrails_refuse_insert_or_replace_and_truncate(filled: Service) -> None:
    if filled.engine.dialect.name == "sqlite":
        statement = (
            "INSERT OR REPLACE INTO ledger_entry SELECT seq, entry_id, 'forged', "
            "recorded_at, recorded_by, body, leaf_hash, request_digest "
            "FROM ledger_entry WHERE seq = 0"
        )
    else:
        statement = "TRUNCATE ledger_entry"
    with pytest.raises(DBAPIError, match="append-only"), filled.engine.begin() as conn:
        conn.execute(text(statement))
    assert filled.verify().ok


def test_the_application_role_may_only_select_and_insert(pg_admin_url: str, tmp_path: Path) -> None:
    """PostgreSQL's second guard-rail: the application's own login may not change a row."""
    url = create_pg_database(pg_admin_url)
    service = initialise(Settings(database_url=url, key_dir=tmp_path / "keys"))
    role = f"app_{url.rsplit('_', 1)[1]}"
    try:
        with service.engine.begin() as conn:
            guardrails.grant_application_role(conn, role)
            guardrails.remove(conn)  # so that only the missing privilege can refuse
        as_role = url.replace("postgresql+psycopg://postgres@", f"postgresql://{role}@")
        with psycopg.connect(as_role, autocommit=True) as conn:
            assert conn.execute("SELECT count(*) FROM ledger_entry").fetchone() == (0,)
            conn.execute("UPDATE log_head SET tree_size = tree_size")  # the lock row moves
            for statement in (
                "UPDATE ledger_entry SET kind = 'x'",
                "DELETE FROM entry_version",
                "TRUNCATE merkle_node",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(statement)
    finally:
        service.engine.dispose()
        drop_pg_database(pg_admin_url, url)
        with psycopg.connect(pg_admin_url, autocommit=True) as conn:
            conn.execute(f"DROP ROLE IF EXISTS {role}")
