"""Sealing free text before it is hashed into the ledger (AES-256-GCM).

Each text gets its own data key, split into one share per subject it concerns (n-of-n: the
key is the XOR of every share); each share is wrapped under its subject's key. The entry id
is bound in as associated data, so a sealed text cannot be moved to another entry. Opening
needs every subject's key, so destroying ANY one of them — one subject's erasure or end of
retention — leaves the text unreadable to everyone, whichever co-subject's key is tried,
while the sealed bytes, and so the hash chain, stay exactly as they were (see
docs/erasure.md for what this costs a co-subject, and why it is the right trade).

Text sealed before this scheme carries `keys` (each holder's key alone opened it); it is
still read, and it stays readable through any co-subject's key that remains.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

Entropy = Callable[[int], bytes]
"""A source of random bytes; `os.urandom` except where a seeded demo needs repeatability."""

NONCE_BYTES = 12
ALGORITHM = "A256GCM"
ALL_SUBJECTS = "A256GCM+XOR-SHARES"
"""The `alg` of text that needs every subject's key to open."""
DESTROYED = ""
"""The share of a subject already erased when the text was sealed: not kept at all."""


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


def _xor(left: bytes, right: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(left, right, strict=True))


def seal(
    text: str,
    *,
    entry_id: str,
    holder_keys: Mapping[str, bytes],
    holders: Sequence[str] | None = None,
    entropy: Entropy = os.urandom,
) -> dict[str, Any]:
    """Seal `text` so that it opens only with the keys of ALL `holders` (tokens).

    `holders` defaults to those `holder_keys` names; a holder without a key (already
    erased) gets no share, and the text is born unreadable.
    """
    names = sorted(set(holder_keys if holders is None else holders))
    aad = entry_id.encode()
    shares = {name: entropy(32) for name in names}
    data_key = bytes(32)
    for share in shares.values():
        data_key = _xor(data_key, share)
    wrapped = {
        name: _encrypt(holder_keys[name], share, aad + b"|" + name.encode(), entropy)
        if name in holder_keys
        else DESTROYED
        for name, share in shares.items()
    }
    return {
        "alg": ALL_SUBJECTS,
        "ct": _encrypt(data_key, text.encode(), aad, entropy),
        "shares": wrapped,
    }


def unseal(
    sealed: Mapping[str, Any], *, entry_id: str, holder_keys: Mapping[str, bytes]
) -> str | None:
    """The text, or None when a key it needs is gone."""
    if "shares" not in sealed:
        return _unseal_any(sealed, entry_id=entry_id, holder_keys=holder_keys)
    aad = entry_id.encode()
    data_key = bytes(32)
    try:
        for holder, wrapped in sorted(sealed["shares"].items()):
            key = holder_keys.get(holder)
            if key is None or wrapped == DESTROYED:
                return None
            data_key = _xor(data_key, _decrypt(key, wrapped, aad + b"|" + holder.encode()))
        return _decrypt(data_key, sealed["ct"], aad).decode()
    except (InvalidTag, ValueError):
        return None


def _unseal_any(
    sealed: Mapping[str, Any], *, entry_id: str, holder_keys: Mapping[str, bytes]
) -> str | None:
    """Text sealed before the all-subjects scheme: any one holder's key opens it."""
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
    """The subjects (tokens) whose keys `sealed` needs."""
    return sorted(sealed.get("shares", sealed.get("keys", {})))


def needs_all(sealed: Mapping[str, Any]) -> bool:
    """Whether destroying any one holder's key leaves `sealed` unreadable (else: all)."""
    return "shares" in sealed
