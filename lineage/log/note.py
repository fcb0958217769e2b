"""Signed notes, verifier keys and cosignatures, exactly as C2SP specifies them.

* signed-note (c2sp.org/signed-note): a note is its text (ending in a newline), a blank line
  and signature lines `— <name> base64(key id || signature)`; a verifier key ("vkey") is
  `<name>+<hex key id>+base64(<type byte> || public key)`, the key id being
  SHA-256(name || "\\n" || type || public key)[:4]. Type 0x01 is an Ed25519 note signature.
* tlog-cosignature (c2sp.org/tlog-cosignature): type 0x04, an Ed25519 signature over
  `cosignature/v1\\ntime <unix seconds>\\n<note text>`, the line's payload being
  key id || 8-byte big-endian timestamp || signature.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

DASH = "\u2014"
ED25519 = 0x01
COSIGNATURE_V1 = 0x04


class NoteError(ValueError):
    """Text that is not a well-formed note, signature line or verifier key."""


@dataclass(frozen=True)
class Verifier:
    """A public key trusted to sign notes (or cosign them) under a name.

    `until_size`: a retired log key is trusted only for checkpoints of at most this many
    entries, the size when it was rotated out; None for a key still in use.
    """

    name: str
    key_type: int
    public_key: Ed25519PublicKey
    until_size: int | None = None

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.key_type, raw_public(self.public_key))

    def vkey(self) -> str:
        encoded = base64.b64encode(bytes([self.key_type]) + raw_public(self.public_key))
        return f"{self.name}+{self.key_id.hex()}+{encoded.decode()}"


@dataclass(frozen=True)
class Note:
    """A note's text (with its final newline) and its signature lines as (name, payload)."""

    text: str
    signatures: list[tuple[str, bytes]]


def raw_public(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(name: str, key_type: int, raw: bytes) -> bytes:
    """SHA-256(name || "\\n" || type || public key)[:4]."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([key_type]) + raw).digest()[:4]


def _valid_name(name: str) -> bool:
    return bool(name) and "+" not in name and not any(c.isspace() for c in name)


def parse_vkey(text: str, *, until_size: int | None = None) -> Verifier:
    """A verifier key from `name+hash+base64key`; `NoteError` says what is wrong with it."""
    name, _, rest = text.strip().partition("+")
    hex_id, _, encoded = rest.partition("+")
    try:
        raw = base64.b64decode(encoded, validate=True)
        claimed = bytes.fromhex(hex_id)
    except (binascii.Error, ValueError):
        raise NoteError(f"not a verifier key (name+hash+base64 key): {text.strip()!r}") from None
    if not _valid_name(name) or len(raw) != 33 or raw[0] not in (ED25519, COSIGNATURE_V1):
        raise NoteError(f"not an Ed25519 verifier key: {text.strip()!r}")
    if key_id(name, raw[0], raw[1:]) != claimed:
        raise NoteError(f"the key hash does not match the key: {text.strip()!r}")
    return Verifier(name, raw[0], Ed25519PublicKey.from_public_bytes(raw[1:]), until_size)


def parse(text: str) -> Note:
    """Split a note into its text and signature lines; `NoteError` if it is not one."""
    body, sep, rest = text.partition("\n\n")
    if not sep or not rest.endswith("\n"):
        raise NoteError("not a signed note (text, a blank line, signature lines)")
    return Note(body + "\n", [signature_line(line) for line in rest[:-1].split("\n")])


def signature_line(line: str) -> tuple[str, bytes]:
    """(name, payload) of one `— name base64` line."""
    parts = line.split(" ")
    if len(parts) != 3 or parts[0] != DASH or not _valid_name(parts[1]):
        raise NoteError(f"not a signature line: {line[:80]!r}")
    try:
        payload = base64.b64decode(parts[2], validate=True)
    except binascii.Error:
        raise NoteError(f"a signature line that is not base64: {line[:80]!r}") from None
    if len(payload) < 5:
        raise NoteError(f"a signature line too short to hold a signature: {line[:80]!r}")
    return parts[1], payload


def format_line(name: str, payload: bytes) -> str:
    return f"{DASH} {name} {base64.b64encode(payload).decode()}\n"


def sign(text: str, name: str, private: Ed25519PrivateKey) -> str:
    """The signature line of an Ed25519 note signature (type 0x01) over `text`."""
    kid = key_id(name, ED25519, raw_public(private.public_key()))
    return format_line(name, kid + private.sign(text.encode()))


def signed_by(note: Note, verifier: Verifier) -> bool:
    """Whether the note carries a valid Ed25519 note signature by `verifier`."""
    for name, payload in note.signatures:
        if name == verifier.name and payload[:4] == verifier.key_id:
            try:
                verifier.public_key.verify(payload[4:], note.text.encode())
                return True
            except InvalidSignature:
                return False
    return False


def cosignature_message(text: str, timestamp: int) -> bytes:
    return f"cosignature/v1\ntime {timestamp}\n{text}".encode()


def cosign(text: str, name: str, private: Ed25519PrivateKey, timestamp: int) -> str:
    """A cosignature/v1 line over the note text at `timestamp` (POSIX seconds)."""
    kid = key_id(name, COSIGNATURE_V1, raw_public(private.public_key()))
    signature = private.sign(cosignature_message(text, timestamp))
    return format_line(name, kid + timestamp.to_bytes(8, "big") + signature)


def cosigned_at(note: Note, verifier: Verifier) -> int | None:
    """The timestamp of a valid cosignature/v1 by `verifier` on the note, or None."""
    for name, payload in note.signatures:
        if name != verifier.name or payload[:4] != verifier.key_id or len(payload) != 76:
            continue
        timestamp = int.from_bytes(payload[4:12], "big")
        try:
            verifier.public_key.verify(payload[12:], cosignature_message(note.text, timestamp))
            return timestamp
        except InvalidSignature:
            continue
    return None
