"""The log and its witnesses: submission with a k-of-n quorum, a witness down then back, and
`verify --witness` catching a rewrite after every local checkpoint and the key were replaced.
Real SQLite and PostgreSQL, real witnesses over HTTP on 127.0.0.1."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, text

from lineage.cli import main
from lineage.ledger.canonical import canonical_bytes, parse_body
from lineage.log import note
from lineage.log.checkpoints import COSIGNATURES
from lineage.log.merkle import leaf_hash
from lineage.log.schedule import CheckpointSchedule
from lineage.registry import keys
from lineage.service import Service, open_service
from tests.appending import append, append_batch
from tests.factories import disclosure_payload
from tests.lineage.test_tamper import _recompute_tree, tamper
from tests.lineage.witnesses import free_port, new_witness, witness_serving


def with_witnesses(
    service: Service, witnesses: list[tuple[str, str]], quorum: int | None
) -> Service:
    spec = ",".join(f"{url} {vkey}" for url, vkey in witnesses)
    settings = service.settings.model_copy(update={"witnesses": spec, "witness_quorum": quorum})
    return open_service(settings)


def log_of(service: Service) -> dict[str, list[note.Verifier]]:
    own = note.Verifier(service.keys.signer_name, note.ED25519, service.keys.public_key)
    return {service.settings.origin(): [own]}


@pytest.fixture
def witness_dirs(tmp_path: Path) -> list[tuple[Path, str]]:
    found = []
    for n in (1, 2):
        folder = tmp_path / f"witness{n}"
        found.append((folder, new_witness(folder, f"witness.example.org/w{n}")))
    return found


@pytest.fixture
def running(service: Service, witness_dirs: list[tuple[Path, str]]) -> Iterator[str]:
    """The first witness, serving this log."""
    with witness_serving(witness_dirs[0][0], log_of(service)) as url:
        yield url


def test_cosignatures_are_kept_beside_the_checkpoint(
    service: Service, running: str, witness_dirs: list[tuple[Path, str]]
) -> None:
    vkey = witness_dirs[0][1]
    log = with_witnesses(service, [(running, vkey)], None)
    try:
        append_batch(log.ledger, [disclosure_payload() for _ in range(3)], recorded_by="t")
        first = log.checkpoint()
        append_batch(log.ledger, [disclosure_payload() for _ in range(4)], recorded_by="t")
        second = log.checkpoint()  # from size 3 to 7: a consistency proof the witness checks
        assert log.last_outcome is not None and log.last_outcome.cosigned == [
            "witness.example.org/w1"
        ]
        for path in (first, second):
            combined = path.read_text() + path.with_suffix(COSIGNATURES).read_text()
            assert note.cosigned_at(note.parse(combined), note.parse_vkey(vkey)) is not None
        assert log.witness_status().witnessed == 7 and log.witness_status().behind == 0
        anchor = log.anchor()  # what the board pack prints for the minutes
        assert anchor is not None and anchor["size"] == 7
        assert anchor["root"] == log.ledger.head()[1].hex()
        assert anchor["witnessed_by"] == ["witness.example.org/w1"]
    finally:
        log.engine.dispose()


def test_k_of_n(service: Service, running: str, witness_dirs: list[tuple[Path, str]]) -> None:
    down = f"http://127.0.0.1:{free_port()}"
    pair = [(running, witness_dirs[0][1]), (down, witness_dirs[1][1])]
    append_batch(service.ledger, [disclosure_payload() for _ in range(2)], recorded_by="t")
    one = with_witnesses(service, pair, 1)
    two = with_witnesses(service, pair, None)
    try:
        one.checkpoint()
        assert one.last_outcome is not None and len(one.last_outcome.failed) == 1
        assert one.witness_status().witnessed == 2
        assert two.witnessing.quorum == 2
        assert two.witness_status().witnessed is None and two.witness_status().behind == 2
    finally:
        one.engine.dispose()
        two.engine.dispose()


def test_a_witness_down_then_back(service: Service, witness_dirs: list[tuple[Path, str]]) -> None:
    folder, vkey = witness_dirs[0]
    port = free_port()
    log = with_witnesses(service, [(f"http://127.0.0.1:{port}", vkey)], None)
    schedule = CheckpointSchedule(log, interval_seconds=3600)
    try:
        append_batch(log.ledger, [disclosure_payload() for _ in range(2)], recorded_by="t")
        assert schedule.tick() is not None  # written though the witness is down
        assert log.last_outcome is not None and log.last_outcome.failed
        append(log.ledger, disclosure_payload(), recorded_by="t")  # appends never wait
        assert schedule.tick() is not None
        assert log.witness_status().witnessed is None and log.witness_status().behind == 3
        with witness_serving(folder, log_of(service), port=port):
            assert schedule.tick() is None  # nothing new: the newest is submitted again
            assert log.witness_status().witnessed == 3 and log.witness_status().behind == 0
            append(log.ledger, disclosure_payload(), recorded_by="t")
            schedule.tick()
            assert log.witness_status().witnessed == 4
    finally:
        log.engine.dispose()


def cli(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def env_of(service: Service) -> dict[str, str]:
    settings = service.settings
    return {
        "DISCLOSURE_DATABASE_URL": settings.database_url,
        "DISCLOSURE_KEY_DIR": str(settings.resolved_key_dir()),
        "DISCLOSURE_CHECKPOINT_DIR": str(settings.resolved_checkpoint_dir()),
    }


def _rewrite_entry(service: Service, seq: int) -> None:
    """An insider's rewrite: one body changed, every hash and subtree recomputed."""
    with service.engine.connect() as conn:
        body = parse_body(
            bytes(
                conn.execute(
                    text("SELECT body FROM ledger_entry WHERE seq = :s"), {"s": seq}
                ).scalar_one()
            )
        )
    body["disclosure"]["recipient"] = "elft"

    def rewrite(conn: Connection) -> None:
        data = canonical_bytes(body)
        conn.execute(
            text("UPDATE ledger_entry SET body = :b, leaf_hash = :h WHERE seq = :s"),
            {"b": data, "h": leaf_hash(data), "s": seq},
        )
        conn.execute(text("UPDATE entry_version SET recipient = 'elft' WHERE seq = :s"), {"s": seq})
        _recompute_tree(conn)

    tamper(service, rewrite)


def _replace_signing_key(service: Service) -> Service:
    """Swap in a key of the insider's own and re-sign: a new .pem and .pub, a fresh start."""
    key_dir = service.settings.resolved_key_dir()
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    (key_dir / keys.SIGNING_FILE).write_bytes(pem)
    forged = open_service(service.settings)
    (key_dir / keys.VERIFIER_FILE).write_text(forged.keys.verifier_key() + "\n")
    return forged


def test_a_rewrite_with_every_local_checkpoint_and_the_key_replaced(
    service: Service, running: str, witness_dirs: list[tuple[Path, str]]
) -> None:
    vkey = witness_dirs[0][1]
    original = service.keys.verifier_key()
    log = with_witnesses(service, [(running, vkey)], None)
    try:
        append_batch(log.ledger, [disclosure_payload() for _ in range(5)], recorded_by="t")
        log.checkpoint()
        append_batch(log.ledger, [disclosure_payload() for _ in range(7)], recorded_by="t")
        log.checkpoint()  # size 12 = leaves 0-7 and 8-11, witnessed within seconds
    finally:
        log.engine.dispose()
    _rewrite_entry(service, 10)
    folder = service.settings.resolved_checkpoint_dir()
    for path in folder.iterdir():
        path.unlink()
    forged = _replace_signing_key(service)
    try:
        forged.checkpoint()  # the insider re-signs the rewritten ledger with their key
    finally:
        forged.engine.dispose()
    env = env_of(service)
    plain = cli(env, "verify", "--trusted-key", original)
    assert plain.exit_code == 1  # the re-signed checkpoint is not under the trusted key
    assert "not signed by a key trusted" in plain.output
    with_witness = cli(env, "verify", "--trusted-key", original, "--witness", f"{running} {vkey}")
    assert with_witness.exit_code == 1, with_witness.output
    # the witness's copy of the signed subtrees pins it to leaves 8 to 11
    assert "first position that disagrees: 8" in with_witness.output
    assert f"witness {running}" in with_witness.output
    for path in folder.iterdir():
        path.unlink()  # or the insider deletes every checkpoint: only the witness remains
    alone = cli(env, "verify", "--trusted-key", original, "--witness", running)
    assert alone.exit_code == 1 and "first position that disagrees: 8" in alone.output


def test_verify_against_a_checkpoint_obtained_otherwise(service: Service, tmp_path: Path) -> None:
    append_batch(service.ledger, [disclosure_payload() for _ in range(6)], recorded_by="t")
    kept = tmp_path / "minutes.checkpoint"
    kept.write_text(service.checkpoint().read_text())
    env = env_of(service)
    vkey = service.keys.verifier_key()
    assert cli(env, "verify", "--trusted-key", vkey, "--checkpoint", str(kept)).exit_code == 0
    _rewrite_entry(service, 5)
    for path in service.settings.resolved_checkpoint_dir().iterdir():
        path.unlink()
    result = cli(env, "verify", "--trusted-key", vkey, "--checkpoint", str(kept))
    assert result.exit_code == 1 and "first position that disagrees: 4" in result.output
    assert str(kept) in result.output


def test_the_log_names_a_witness_with_a_bad_key(service: Service) -> None:
    with pytest.raises(note.NoteError):
        with_witnesses(service, [("http://127.0.0.1:1", "not-a-key")], None)
    assert os.path.exists(service.settings.resolved_key_dir())


def test_a_malformed_witness_setting_is_a_clear_error(service: Service) -> None:
    env = {**env_of(service), "DISCLOSURE_WITNESSES": "http://127.0.0.1:1 not-a-key"}
    for command in ("checkpoint", "init"):
        result = CliRunner().invoke(main, [command], env=env)
        assert result.exit_code == 1 and "DISCLOSURE_WITNESSES" in result.output, command
        assert not isinstance(result.exception, note.NoteError)
