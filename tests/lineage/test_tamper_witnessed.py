"""Tampering behind replaced evidence: after the insider's change, every local checkpoint file
and the signing key are replaced (the ledger re-signed under a key of the insider's own), and
`verify --trusted-key ORIGINAL --witness URL` still fails naming the right position or row.
Real SQLite and PostgreSQL, a real witness over HTTP on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from lineage.ledger.canonical import canonical_bytes, parse_body
from lineage.log.merkle import leaf_hash
from lineage.registry import access_log
from lineage.service import Service, open_service
from lineage.settings import Settings
from tests.appending import append_batch
from tests.conftest import PG_ADMIN, drop_pg_database
from tests.factories import disclosure_payload
from tests.lineage.test_access_log_anchor import read
from tests.lineage.test_tamper import _copy_database, _recompute_tree, entry_rows, reinsert, tamper
from tests.lineage.test_witnessing import (
    _replace_signing_key,
    _rewrite_entry,
    cli,
    env_of,
    log_of,
    with_witnesses,
)
from tests.lineage.witnesses import new_witness, witness_serving

SIZE = 12  # leaves 0-7 and 8-11: the signed subtrees


@pytest.fixture
def witnessed(service: Service, tmp_path: Path) -> Iterator[tuple[Service, str]]:
    """The ledger with 12 entries and 4 access-log rows, witnessed; yields (ledger, witness)."""
    vkey = new_witness(tmp_path / "witness", "witness.example.org/w1")
    with witness_serving(tmp_path / "witness", log_of(service)) as url:
        log = with_witnesses(service, [(url, vkey)], None)
        try:
            append_batch(log.ledger, [disclosure_payload() for _ in range(SIZE)], recorded_by="t")
            for n in range(4):
                access_log.record(log.engine, read(n))
            log.checkpoint()
            assert log.witness_status().witnessed == SIZE
        finally:
            log.engine.dispose()
        yield service, f"{url} {vkey}"


def _replace_evidence(service: Service) -> None:
    for path in service.settings.resolved_checkpoint_dir().iterdir():
        path.unlink()
    forged = _replace_signing_key(service)
    try:
        forged.checkpoint()
    finally:
        forged.engine.dispose()


def _edit_body(conn: Connection) -> None:
    body = bytes(conn.execute(text("SELECT body FROM ledger_entry WHERE seq = 5")).scalar())
    conn.execute(
        text("UPDATE ledger_entry SET body = :b WHERE seq = 5"),
        {"b": body.replace(b"beds-police", b"beds-pol1ce")},
    )


def _swap(conn: Connection) -> None:
    entries = entry_rows(conn)
    entries[2]["seq"], entries[3]["seq"] = 3, 2
    reinsert(conn, entries)


def _truncate_and_refill(conn: Connection) -> None:
    """Entry 9 removed, the rest renumbered in their bodies too, every hash recomputed."""
    entries = entry_rows(conn)
    kept = entries[:9] + entries[10:]
    for seq, entry in enumerate(kept):
        body = parse_body(bytes(entry["body"]))  # type: ignore[arg-type]
        body["seq"] = entry["seq"] = seq
        entry["body"] = canonical_bytes(body)
        entry["leaf_hash"] = leaf_hash(entry["body"])  # type: ignore[arg-type]
    if conn.dialect.name == "postgresql":
        conn.execute(text("TRUNCATE ledger_entry"))
    reinsert(conn, kept)
    _recompute_tree(conn)


def _rechain_access_log(conn: Connection) -> None:
    """Row 1's reader changed and every chain hash after it recomputed."""
    rows = conn.execute(text("SELECT seq, body FROM access_log ORDER BY seq")).all()
    previous = access_log.GENESIS
    for seq, stored in rows:
        body = bytes(stored)
        if seq == 1:
            parsed = parse_body(body)
            parsed["principal"] = "investigator:someone-else"
            body = canonical_bytes(parsed)
            conn.execute(
                text("UPDATE access_log SET principal = :p WHERE seq = 1"),
                {"p": "investigator:someone-else"},
            )
        previous = access_log.chain(previous, body)
        conn.execute(
            text("UPDATE access_log SET body = :b, chain_hash = :h WHERE seq = :s"),
            {"b": body, "h": previous, "s": seq},
        )


TAMPERING: dict[str, tuple[Callable[[Service], None], str]] = {
    "rewrite, every hash recomputed": (
        lambda s: _rewrite_entry(s, 10),
        "first position that disagrees: 8",  # the signed subtree of leaves 8 to 11
    ),
    "body edited": (lambda s: tamper(s, _edit_body), "first position that disagrees: 5"),
    "row deleted": (
        lambda s: tamper(s, lambda c: c.execute(text("DELETE FROM ledger_entry WHERE seq = 4"))),
        "first position that disagrees: 4",
    ),
    "rows swapped": (lambda s: tamper(s, _swap), "first position that disagrees: 2"),
    "truncated and refilled": (
        lambda s: tamper(s, _truncate_and_refill),
        "first position that disagrees: 9",
    ),
    "projection edited": (
        lambda s: tamper(
            s, lambda c: c.execute(text("UPDATE entry_version SET recipient = 'x' WHERE seq = 7"))
        ),
        "first position that disagrees: 7",
    ),
    "access log edited and re-chained": (
        lambda s: tamper(s, _rechain_access_log),
        "access log: row 3: a signed checkpoint covered 4 rows",
    ),
}


@pytest.mark.parametrize("kind", sorted(TAMPERING))
def test_found_through_the_witness(witnessed: tuple[Service, str], kind: str) -> None:
    service, witness = witnessed
    original = service.keys.verifier_key()
    change, expected = TAMPERING[kind]
    change(service)
    _replace_evidence(service)
    result = cli(env_of(service), "verify", "--trusted-key", original, "--witness", witness)
    assert result.exit_code == 1, result.output
    assert expected in result.output, result.output


def test_a_rollback_is_found_through_the_witness(service: Service, tmp_path: Path) -> None:
    vkey = new_witness(tmp_path / "witness", "witness.example.org/w1")
    append_batch(service.ledger, [disclosure_payload() for _ in range(5)], recorded_by="t")
    older = _copy_database(service, tmp_path)
    original = service.keys.verifier_key()
    with witness_serving(tmp_path / "witness", log_of(service)) as url:
        log = with_witnesses(service, [(url, vkey)], None)
        try:
            append_batch(log.ledger, [disclosure_payload() for _ in range(4)], recorded_by="t")
            log.checkpoint()
        finally:
            log.engine.dispose()
        restored = open_service(
            Settings(**{**service.settings.model_dump(), "database_url": older})
        )
        try:
            _replace_evidence(restored)
            result = cli(env_of(restored), "verify", "--trusted-key", original, "--witness", url)
        finally:
            restored.engine.dispose()
            if older.startswith("postgresql"):
                drop_pg_database(PG_ADMIN, older)
    assert result.exit_code == 1
    assert "first position that disagrees: 5" in result.output
    assert "entries were removed" in result.output
