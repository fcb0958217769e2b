"""The ledger's keys, kept as files outside the database (`DISCLOSURE_KEY_DIR`).

* `hmac.key` — keys the registry's look-up hashes of identifiers;
* `registry.key` — AES-256 key that wraps subjects' sealing keys and encrypts identifiers;
* `checkpoint-signing.pem` / `.pub` — Ed25519 key that signs checkpoints (signed-note format).
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

HMAC_FILE = "hmac.key"
REGISTRY_FILE = "registry.key"
SIGNING_FILE = "checkpoint-signing.pem"
VERIFIER_FILE = "checkpoint-signing.pub"


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
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(name.encode() + b"\n\x01" + raw).digest()[:4]


def note_verifier_key(name: str, public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    key_hash = note_key_hash(name, public_key).hex()
    encoded = base64.b64encode(b"\x01" + raw).decode()
    return f"{name}+{key_hash}+{encoded}"


def _write_secret(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def create(key_dir: Path, signer_name: str) -> KeyRing:
    """Create the keys once; an existing key folder is left as it is and loaded."""
    if (key_dir / REGISTRY_FILE).exists():
        return load(key_dir, signer_name)
    key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    signing = Ed25519PrivateKey.generate()
    _write_secret(key_dir / HMAC_FILE, os.urandom(32))
    _write_secret(key_dir / REGISTRY_FILE, os.urandom(32))
    pem = signing.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _write_secret(key_dir / SIGNING_FILE, pem)
    ring = load(key_dir, signer_name)
    (key_dir / VERIFIER_FILE).write_text(ring.verifier_key() + "\n")
    return ring


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
