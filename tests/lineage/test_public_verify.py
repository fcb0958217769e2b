"""`verify` and `verify-receipt` with public material only: trusted verifier keys handed in,
never a private key; clear errors naming the file; rotated keys; `--since-last`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy import Connection, text

from lineage.cli import main
from lineage.ledger import receipts
from lineage.log import checkpoints, note
from lineage.registry import keys
from lineage.service import Service, open_service
from tests.appending import append, append_batch
from tests.factories import disclosure_payload
from tests.lineage.test_tamper import tamper
from tests.lineage.test_witnessing import _rewrite_entry, env_of


def cli(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def _filled(service: Service, n: int = 6) -> str:
    append_batch(service.ledger, [disclosure_payload() for _ in range(n)], recorded_by="t")
    service.checkpoint()
    return service.keys.verifier_key()


def test_verify_never_opens_the_private_key(service: Service) -> None:
    vkey = _filled(service)
    key_dir = service.settings.resolved_key_dir()
    assert (key_dir / keys.VERIFIER_FILE).read_text().strip() == vkey
    (key_dir / keys.SIGNING_FILE).chmod(0)  # unreadable: opening it would fail
    (key_dir / keys.SIGNING_FILE).rename(key_dir / "elsewhere.pem")
    result = cli(env_of(service), "verify", "--trusted-key", vkey)
    assert result.exit_code == 0, result.output
    assert "checkpoints checked: 1" in result.output


def test_no_trusted_key_is_a_clear_error(service: Service) -> None:
    _filled(service)
    result = CliRunner().invoke(main, ["verify"], env=env_of(service))
    assert (
        result.exit_code != 0
        and result.exception is None
        or isinstance(result.exception, SystemExit)
    )
    assert "no trusted key" in result.output and "Traceback" not in result.output
    bad = CliRunner().invoke(main, ["verify", "--trusted-key", "x+y+z"], env=env_of(service))
    assert bad.exit_code != 0 and "--trusted-key" in bad.output


def test_a_checkpoint_under_another_key_fails(service: Service) -> None:
    _filled(service)
    other = _filled_elsewhere_key(service)
    result = cli(env_of(service), "verify", "--trusted-key", other)
    assert result.exit_code == 1
    assert "000000000006.checkpoint: not signed by a key trusted for size 6" in result.output


def _filled_elsewhere_key(service: Service) -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return keys.note_verifier_key(
        service.keys.signer_name, Ed25519PrivateKey.generate().public_key()
    )


def test_malformed_checkpoint_and_sidecar_files_are_named(service: Service) -> None:
    vkey = _filled(service)
    folder = service.settings.resolved_checkpoint_dir()
    size, root = service.ledger.head()  # a checkpoint of the form before the subtrees line
    body = checkpoints.note_body(service.settings.origin(), size, root)
    legacy = body + "\n" + note.sign(body, service.keys.signer_name, service.keys.signing_key)
    (folder / "000000000006.checkpoint").write_text(legacy)
    (folder / "000000000006.subtrees.json").write_text("{}")
    (folder / "000000000009.checkpoint").write_text("{}")
    result = cli(env_of(service), "verify", "--trusted-key", vkey)
    assert result.exit_code == 1
    assert "000000000006.subtrees.json: not a list of subtree hashes" in result.output
    assert "000000000009.checkpoint: not a signed note" in result.output
    assert "Traceback" not in result.output


def test_verify_receipt_needs_no_database(service: Service, tmp_path: Path) -> None:
    appended = append_batch(
        service.ledger, [disclosure_payload() for _ in range(5)], recorded_by="t"
    )
    vkey = service.keys.verifier_key()
    signed = service.checkpoint()  # size 5
    last = tmp_path / "last.json"
    last.write_text(json.dumps(appended[-1].receipt.as_json()))
    early = tmp_path / "early.json"
    early.write_text(json.dumps(appended[1].receipt.as_json()))  # tree of 2
    proof = tmp_path / "consistency.json"
    with service.engine.connect() as conn:
        proof.write_text(json.dumps(receipts.consistency(conn, 2, 5)))
    empty_env = {"DISCLOSURE_DATABASE_URL": f"sqlite:///{tmp_path / 'nothing-here.db'}"}
    args = ["--checkpoint", str(signed), "--trusted-key", vkey]
    ok = cli(empty_env, "verify-receipt", str(last), *args)
    assert ok.exit_code == 0, ok.output
    assert "verified: seq 4 is in the tree of 5 entries" in ok.output
    assert cli(empty_env, "verify-receipt", str(early), *args).exit_code == 1
    joined = cli(empty_env, "verify-receipt", str(early), *args, "--consistency", str(proof))
    assert joined.exit_code == 0, joined.output
    forged = json.loads(last.read_text())
    forged["leaf_hash"] = "00" * 32
    last.write_text(json.dumps(forged))
    refused = cli(empty_env, "verify-receipt", str(last), *args)
    assert refused.exit_code == 1 and "does not lead to the checkpoint's root" in refused.output
    last.write_text("{}")
    broken = CliRunner().invoke(main, ["verify-receipt", str(last), *args], env=empty_env)
    assert broken.exit_code == 1 and "not a receipt" in broken.output
    assert not (tmp_path / "nothing-here.db").exists()


def test_a_rotated_key_still_vouches_for_what_it_signed(service: Service) -> None:
    old_vkey = _filled(service, 4)
    old_ring = service.keys
    env = env_of(service)
    rotated = cli(env, "keys", "rotate-signing")
    assert rotated.exit_code == 0, rotated.output
    key_dir = service.settings.resolved_key_dir()
    new_vkey = (key_dir / keys.VERIFIER_FILE).read_text().strip()
    assert new_vkey != old_vkey and f"new verifier key: {new_vkey}" in rotated.output
    retired = key_dir / keys.RETIRED_FILE
    assert retired.read_text() == f"{old_vkey} until-size 4\n"
    renewed = open_service(service.settings)
    try:
        append_batch(renewed.ledger, [disclosure_payload() for _ in range(3)], recorded_by="t")
        renewed.checkpoint()
    finally:
        renewed.engine.dispose()
    both = cli(env, "verify", "--trusted-key", new_vkey, "--trusted-keys-file", str(retired))
    assert both.exit_code == 0, both.output
    assert "checkpoints checked: 2" in both.output
    only_new = cli(env, "verify", "--trusted-key", new_vkey)
    assert only_new.exit_code == 1 and "000000000004.checkpoint: not signed" in only_new.output
    # the retired key, were it stolen, cannot vouch for a later tree
    with service.engine.connect() as conn:
        frontier = receipts.stored_frontier(conn, 7)
    folder = service.settings.resolved_checkpoint_dir()
    stolen = folder / "000000000007.checkpoint"
    stolen.write_text(checkpoints.sign(old_ring, service.settings.origin(), frontier, None))
    refused = cli(env, "verify", "--trusted-key", new_vkey, "--trusted-keys-file", str(retired))
    assert refused.exit_code == 1
    assert "000000000007.checkpoint: not signed by a key trusted for size 7" in refused.output


def test_since_last_checks_the_new_entries_and_consistency(service: Service) -> None:
    vkey = _filled(service, 5)
    env = env_of(service)
    first = cli(env, "verify", "--trusted-key", vkey)
    assert first.exit_code == 0, first.output
    append_batch(service.ledger, [disclosure_payload() for _ in range(4)], recorded_by="t")
    quick = cli(env, "verify", "--trusted-key", vkey, "--since-last")
    assert quick.exit_code == 0, quick.output
    assert "entries: 9" in quick.output and "since size: 5" in quick.output
    append_batch(service.ledger, [disclosure_payload() for _ in range(2)], recorded_by="t")

    def edit_new(conn: Connection) -> None:
        conn.execute(text("UPDATE entry_version SET recipient = 'elft' WHERE seq = 10"))

    tamper(service, edit_new)
    caught = cli(env, "verify", "--trusted-key", vkey, "--since-last")
    assert caught.exit_code == 1 and "first position that disagrees: 10" in caught.output


def test_since_last_catches_an_older_rewrite_by_consistency(service: Service) -> None:
    vkey = _filled(service, 6)
    env = env_of(service)
    assert cli(env, "verify", "--trusted-key", vkey).exit_code == 0
    for path in service.settings.resolved_checkpoint_dir().glob("*.checkpoint"):
        path.unlink()
    _rewrite_entry(service, 2)
    append(service.ledger, disclosure_payload(), recorded_by="t")
    caught = cli(env, "verify", "--trusted-key", vkey, "--since-last")
    assert caught.exit_code == 1
    assert "not consistent with the tree verified at size 6" in caught.output


def test_since_last_before_any_full_verify_is_a_clear_error(service: Service) -> None:
    vkey = _filled(service)
    result = CliRunner().invoke(
        main, ["verify", "--trusted-key", vkey, "--since-last"], env=env_of(service)
    )
    assert result.exit_code == 1 and "no full verify has passed yet" in result.output
