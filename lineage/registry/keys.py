"""The ledger's keys, kept as files outside the database (`DISCLOSURE_KEY_DIR`).

* `hmac.key` — keys the registry's look-up hashes of identifiers;
* `registry.key` — AES-256 key that wraps subjects' sealing keys and encrypts identifiers;
* `checkpoint-signing.pem` / `.pub` — Ed25519 key that signs checkpoints (signed-note format);
  the `.pub` is the one-line verifier key an auditor keeps apart from the server;
* `checkpoint-signing.retired` — the verifier keys rotated out, each `VKEY until-size N`
  (a trusted-keys file: checkpoints of at most N entries were signed by it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from lineage.log import note

HMAC_FILE = "hmac.key"
REGISTRY_FILE = "registry.key"
SIGNING_FILE = "checkpoint-signing.pem"
VERIFIER_FILE = "checkpoint-signing.pub"
RETIRED_FILE = "checkpoint-signing.retired"


class KeysMissing(RuntimeError):
    """The key folder has not been initialised (`disclosure init`)."""


@dataclass(frozen=True)
class KeyRing:
    hmac_key: bytes
    registry_key: bytes
    signing_key: Ed25519PrivateKey
    signer_name: str

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.signing_key.public_key()

    def verifier_key(self) -> str:
        """The signed-note verifier key: `name+hash+base64(0x01 || public key)`."""
        return note_verifier_key(self.signer_name, self.public_key)


def note_key_hash(name: str, public_key: Ed25519PublicKey) -> bytes:
    """Four-byte key id of the signed-note format: SHA-256(name || "\\n" || 0x01 || key)[:4]."""
    return note.key_id(name, note.ED25519, note.raw_public(public_key))


def note_verifier_key(name: str, public_key: Ed25519PublicKey) -> str:
    return note.Verifier(name, note.ED25519, public_key).vkey()


def _write_secret(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def create(key_dir: Path, signer_name: str) -> KeyRing:
    """Create the keys once; an existing key folder is left as it is and loaded."""
    if (key_dir / REGISTRY_FILE).exists():
        ring = load(key_dir, signer_name)
        if not (key_dir / VERIFIER_FILE).exists():  # a folder made before the .pub was written
            (key_dir / VERIFIER_FILE).write_text(ring.verifier_key() + "\n")
        return ring
    key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    signing = Ed25519PrivateKey.generate()
    _write_secret(key_dir / HMAC_FILE, os.urandom(32))
    _write_secret(key_dir / REGISTRY_FILE, os.urandom(32))
    _write_secret(key_dir / SIGNING_FILE, _pem(signing))
    ring = load(key_dir, signer_name)
    (key_dir / VERIFIER_FILE).write_text(ring.verifier_key() + "\n")
    return ring


def _pem(signing: Ed25519PrivateKey) -> bytes:
    return signing.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def rotate_signing(key_dir: Path, signer_name: str, until_size: int) -> KeyRing:
    """Replace the checkpoint-signing key, keeping the old verifier key in the retired file as
    trusted for checkpoints of at most `until_size` entries (the old private key is removed).
    Sign a checkpoint of `until_size` with the old key first, so the handover is on record."""
    old = load(key_dir, signer_name)
    with (key_dir / RETIRED_FILE).open("a", encoding="utf-8") as retired:
        retired.write(f"{old.verifier_key()} until-size {until_size}\n")
    fresh = key_dir / (SIGNING_FILE + ".new")
    fresh.unlink(missing_ok=True)
    _write_secret(fresh, _pem(Ed25519PrivateKey.generate()))
    os.replace(fresh, key_dir / SIGNING_FILE)
    ring = load(key_dir, signer_name)
    (key_dir / VERIFIER_FILE).write_text(ring.verifier_key() + "\n")
    return ring


class RegistrySecret(Protocol):
    """What re-deriving the registry needs: its look-up and registry keys, never the
    checkpoint-signing key."""

    @property
    def hmac_key(self) -> bytes: ...

    @property
    def registry_key(self) -> bytes: ...


@dataclass(frozen=True)
class RegistryKeys:
    hmac_key: bytes
    registry_key: bytes


def load_registry_keys(key_dir: Path) -> RegistryKeys | None:
    """The registry's keys alone, if this machine holds them (the operator's own verify)."""
    paths = (key_dir / HMAC_FILE, key_dir / REGISTRY_FILE)
    if not all(path.exists() for path in paths):
        return None
    return RegistryKeys(*(path.read_bytes() for path in paths))


def load(key_dir: Path, signer_name: str) -> KeyRing:
    """Read the keys; `KeysMissing` names the folder when `init` has not been run."""
    try:
        pem = (key_dir / SIGNING_FILE).read_bytes()
        hmac_key = (key_dir / HMAC_FILE).read_bytes()
        registry_key = (key_dir / REGISTRY_FILE).read_bytes()
    except FileNotFoundError as missing:
        raise KeysMissing(f"no keys in {key_dir}: run `disclosure init`") from missing
    signing = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(signing, Ed25519PrivateKey):
        raise KeysMissing(f"{key_dir / SIGNING_FILE} is not an Ed25519 key")
    return KeyRing(hmac_key, registry_key, signing, signer_name)
