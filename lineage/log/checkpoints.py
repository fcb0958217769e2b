"""Signed checkpoints, written outside the database (the signed-note format of transparency logs).

A checkpoint is the note text `origin\\nsize\\nbase64(root)\\n`, a blank line, and one signature
line `— name base64(key id || Ed25519 signature)`. Beside each, a sidecar lists the hashes of
the perfect subtrees the tree of that size decomposes into; they must fold to the signed root,
so they are as trustworthy as the signature and let `verify` say where a rewritten ledger
first departs from what was signed.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from lineage.log.frontier import Frontier
from lineage.registry.keys import KeyRing, note_key_hash

SIGNATURE_DASH = "\u2014"


class CheckpointInvalid(ValueError):
    """A checkpoint file that does not parse or whose signature does not verify."""


AccessLogTail = tuple[int, bytes]
"""(rows, chain hash of the last row) of the access log when a checkpoint was signed."""

ACCESS_LOG_EXTENSION = "access-log"


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    subtrees: list[bytes]
    path: Path | None = None
    access_log: AccessLogTail | None = None


def note_body(origin: str, size: int, root: bytes, access_log: AccessLogTail | None = None) -> str:
    """The note text; the access log's tail, when given, is an extension line after the root."""
    text = f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n"
    if access_log is not None:
        rows, last = access_log
        text += f"{ACCESS_LOG_EXTENSION} {rows} {base64.b64encode(last).decode()}\n"
    return text


def sign(
    keys: KeyRing, origin: str, size: int, root: bytes, access_log: AccessLogTail | None = None
) -> str:
    """The whole signed note."""
    body = note_body(origin, size, root, access_log)
    signature = keys.signing_key.sign(body.encode())
    key_id = note_key_hash(keys.signer_name, keys.public_key)
    encoded = base64.b64encode(key_id + signature).decode()
    return f"{body}\n{SIGNATURE_DASH} {keys.signer_name} {encoded}\n"


def parse(text: str, *, name: str, public_key: Ed25519PublicKey) -> tuple[str, int, bytes]:
    """(origin, size, root) of a note signed by `name`; `CheckpointInvalid` otherwise.
    Extension lines are covered by the signature; `access_log_tail` reads the one we write."""
    body, sep, signatures = text.partition("\n\n")
    lines = body.split("\n")
    if not sep or len(lines) < 3 or not lines[1].isdigit():
        raise CheckpointInvalid("not a checkpoint note")
    key_id = note_key_hash(name, public_key)
    for line in signatures.splitlines():
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != SIGNATURE_DASH or parts[1] != name:
            continue
        raw = base64.b64decode(parts[2])
        if raw[:4] != key_id:
            continue
        try:
            public_key.verify(raw[4:], (body + "\n").encode())
        except InvalidSignature:
            raise CheckpointInvalid("the signature does not verify") from None
        return lines[0], int(lines[1]), base64.b64decode(lines[2])
    raise CheckpointInvalid(f"no signature by {name}")


def access_log_tail(text: str) -> AccessLogTail | None:
    """The access log's tail from a (verified) note's extension line, if it has one."""
    for line in text.partition("\n\n")[0].split("\n")[3:]:
        parts = line.split(" ")
        if len(parts) == 3 and parts[0] == ACCESS_LOG_EXTENSION and parts[1].isdigit():
            return int(parts[1]), base64.b64decode(parts[2])
    return None


def write(
    folder: Path,
    keys: KeyRing,
    origin: str,
    frontier: Frontier,
    access_log: AccessLogTail | None = None,
) -> Path:
    """Write the checkpoint of the tree `frontier` describes; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{frontier.size:012d}.checkpoint"
    note = sign(keys, origin, frontier.size, frontier.root(), access_log)
    path.write_text(note, encoding="utf-8")
    sidecar = {"size": frontier.size, "subtrees": [h.hex() for _, h in frontier.stack]}
    path.with_suffix(".subtrees.json").write_text(json.dumps(sidecar) + "\n", encoding="utf-8")
    return path


def read_all(folder: Path, keys: KeyRing, origin: str) -> tuple[list[Checkpoint], list[str]]:
    """Every checkpoint on file, smallest first, and the problems with those that fail."""
    found, problems = [], []
    for path in sorted(folder.glob("*.checkpoint")) if folder.exists() else []:
        try:
            found.append(_read(path, keys, origin))
        except (CheckpointInvalid, ValueError, OSError) as error:
            problems.append(f"checkpoint {path.name}: {error}")
    return sorted(found, key=lambda c: c.size), problems


def _read(path: Path, keys: KeyRing, origin: str) -> Checkpoint:
    text = path.read_text(encoding="utf-8")
    note_origin, size, root = parse(text, name=keys.signer_name, public_key=keys.public_key)
    if note_origin != origin:
        raise CheckpointInvalid(f"origin {note_origin!r} is not this log's ({origin!r})")
    subtrees = _sidecar(path, size, root)
    return Checkpoint(note_origin, size, root, subtrees, path, access_log_tail(text))


def _sidecar(path: Path, size: int, root: bytes) -> list[bytes]:
    """The subtree hashes beside a checkpoint, kept only if they fold to its signed root."""
    sidecar = path.with_suffix(".subtrees.json")
    if not sidecar.exists():
        return []
    hashes = [bytes.fromhex(h) for h in json.loads(sidecar.read_text())["subtrees"]]
    levels = [lv for lv in range(size.bit_length() - 1, -1, -1) if size >> lv & 1]
    if len(levels) != len(hashes):
        return []
    folded = Frontier(size, list(zip(levels, hashes, strict=True))).root()
    return hashes if folded == root else []
