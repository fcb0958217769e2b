"""Sealing free text before it is hashed into the ledger (AES-256-GCM).

Each text gets its own data key; that key is wrapped once under each subject's key. The entry
id is bound in as associated data, so a sealed text cannot be moved to another entry. When all
the subjects' keys are destroyed (retention or erasure), the text can no longer be read, while
the sealed bytes — and so the hash chain — stay exactly as they were.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

Entropy = Callable[[int], bytes]
"""A source of random bytes; `os.urandom` except where a seeded demo needs repeatability."""

NONCE_BYTES = 12
ALGORITHM = "A256GCM"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _encrypt(key: bytes, plaintext: bytes, aad: bytes, entropy: Entropy) -> str:
    nonce = entropy(NONCE_BYTES)
    return _b64(nonce + AESGCM(key).encrypt(nonce, plaintext, aad))


def _decrypt(key: bytes, sealed: str, aad: bytes) -> bytes:
    raw = _unb64(sealed)
    return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad)


def seal(
    text: str,
    *,
    entry_id: str,
    holder_keys: Mapping[str, bytes],
    entropy: Entropy = os.urandom,
) -> dict[str, Any]:
    """Seal `text` so that any one of the holders' keys (by token) can open it."""
    data_key = entropy(32)
    aad = entry_id.encode()
    wrapped = {
        holder: _encrypt(key, data_key, aad + b"|" + holder.encode(), entropy)
        for holder, key in sorted(holder_keys.items())
    }
    return {
        "alg": ALGORITHM,
        "ct": _encrypt(data_key, text.encode(), aad, entropy),
        "keys": wrapped,
    }


def unseal(
    sealed: Mapping[str, Any], *, entry_id: str, holder_keys: Mapping[str, bytes]
) -> str | None:
    """The text, or None when no key that can open it is left."""
    aad = entry_id.encode()
    for holder, wrapped in sorted(sealed.get("keys", {}).items()):
        key = holder_keys.get(holder)
        if key is None:
            continue
        try:
            data_key = _decrypt(key, wrapped, aad + b"|" + holder.encode())
            return _decrypt(data_key, sealed["ct"], aad).decode()
        except InvalidTag:
            continue
    return None


def encrypt_blob(
    key: bytes, plaintext: bytes, *, context: bytes, entropy: Entropy = os.urandom
) -> bytes:
    """Encrypt registry data at rest (identifiers, wrapped keys) bound to a context."""
    nonce = entropy(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, context)


def decrypt_blob(key: bytes, blob: bytes, *, context: bytes) -> bytes:
    return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], context)


def holders_of(sealed: Mapping[str, Any]) -> list[str]:
    """The subjects (tokens) whose destroyed keys leave `sealed` unreadable: every holder
    once all of them are gone."""
    return sorted(sealed.get("keys", {}))
