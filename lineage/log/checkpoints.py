"""Signed checkpoints, written outside the database (C2SP tlog-checkpoint in a signed note).

A checkpoint is the note text `origin\\nsize\\nbase64(root)\\n` with two extension lines of
ours, a blank line, and signature lines `— name base64(key id || Ed25519 signature)`:

* `access-log ROWS base64(chain hash)` — the access log's tail when it was signed;
* `subtrees base64(hash) …` — the perfect subtrees the tree of that size decomposes into.
  They must fold to the signed root, so they are as trustworthy as the signature, and they let
  `verify` say where a rewritten ledger first departs from what was signed, even from a copy
  of the checkpoint a witness kept.

A checkpoint is read under the verifier keys the reader trusts (`lineage.log.trust`), never
under a key found beside it. Checkpoints written before the subtrees line carry them in a
`.subtrees.json` sidecar, still read.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from pathlib import Path

from lineage.log import merkle, note
from lineage.log.frontier import Frontier
from lineage.log.note import NoteError, Verifier
from lineage.log.trust import signer_for
from lineage.registry.keys import KeyRing

SIGNATURE_DASH = note.DASH
ACCESS_LOG_EXTENSION = "access-log"
SUBTREES_EXTENSION = "subtrees"
COSIGNATURES = ".cosignatures"
"""Suffix of the file beside a checkpoint holding the witnesses' cosignature lines."""


class CheckpointInvalid(ValueError):
    """A checkpoint that does not parse or is not signed by a trusted key."""


AccessLogTail = tuple[int, bytes]
"""(rows, chain hash of the last row) of the access log when a checkpoint was signed."""


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    subtrees: list[bytes]
    path: Path | None = None
    access_log: AccessLogTail | None = None
    source: str = ""
    """Where it came from, for messages: a file name, a witness, a file handed in."""
    text: str = field(default="", repr=False)
    """The signed note text (without signatures)."""


def note_body(
    origin: str,
    size: int,
    root: bytes,
    access_log: AccessLogTail | None = None,
    subtrees: list[bytes] | None = None,
) -> str:
    """The note text: origin, size, root, then our extension lines."""
    text = f"{origin}\n{size}\n{_b64(root)}\n"
    if access_log is not None:
        rows, last = access_log
        text += f"{ACCESS_LOG_EXTENSION} {rows} {_b64(last)}\n"
    if subtrees:
        text += f"{SUBTREES_EXTENSION} {' '.join(_b64(h) for h in subtrees)}\n"
    return text


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def sign(keys: KeyRing, origin: str, frontier: Frontier, access_log: AccessLogTail | None) -> str:
    """The whole signed note of the tree `frontier` describes."""
    subtrees = [h for _, h in frontier.stack]
    body = note_body(origin, frontier.size, frontier.root(), access_log, subtrees)
    return f"{body}\n{note.sign(body, keys.signer_name, keys.signing_key)}"


def read_note(text: str, trusted: list[Verifier], origin: str, source: str) -> Checkpoint:
    """A checkpoint of this log signed by a key trusted for its size; `CheckpointInvalid`
    (naming `source`) otherwise."""
    try:
        parsed = note.parse(text)
    except NoteError as error:
        raise CheckpointInvalid(f"{source}: {error}") from None
    lines = parsed.text.split("\n")[:-1]
    if len(lines) < 3 or not lines[1].isdigit():
        raise CheckpointInvalid(f"{source}: not a checkpoint (origin, size, root)")
    size = int(lines[1])
    if lines[0] != origin:
        raise CheckpointInvalid(f"{source}: origin {lines[0]!r} is not this log's ({origin!r})")
    if not any(note.signed_by(parsed, v) for v in signer_for(trusted, size)):
        raise CheckpointInvalid(f"{source}: not signed by a key trusted for size {size}")
    try:
        root = base64.b64decode(lines[2], validate=True)
        extensions = _extensions(lines[3:])
    except (binascii.Error, ValueError) as error:
        raise CheckpointInvalid(f"{source}: a malformed line: {error}") from None
    subtrees = extensions.get(SUBTREES_EXTENSION, [])
    if subtrees and not _folds(size, root, subtrees):
        raise CheckpointInvalid(f"{source}: its subtrees do not fold to its root")
    tail = extensions.get(ACCESS_LOG_EXTENSION)
    access = (int(tail[0]), tail[1]) if tail else None
    return Checkpoint(lines[0], size, root, subtrees, None, access, source, parsed.text)


def _extensions(lines: list[str]) -> dict[str, list[bytes]]:
    found: dict[str, list[bytes]] = {}
    for line in lines:
        name, _, rest = line.partition(" ")
        if name == ACCESS_LOG_EXTENSION:
            rows, _, last = rest.partition(" ")
            if not rows.isdigit():
                raise ValueError(f"{ACCESS_LOG_EXTENSION} {rest!r}")
            found[name] = [rows.encode(), base64.b64decode(last, validate=True)]
        elif name == SUBTREES_EXTENSION:
            found[name] = [base64.b64decode(h, validate=True) for h in rest.split(" ")]
    return found


def access_log_tail(text: str) -> AccessLogTail | None:
    """The access log's tail from a (verified) note's extension line, if it has one."""
    for line in text.partition("\n\n")[0].split("\n")[3:]:
        parts = line.split(" ")
        if len(parts) == 3 and parts[0] == ACCESS_LOG_EXTENSION and parts[1].isdigit():
            return int(parts[1]), base64.b64decode(parts[2])
    return None


def _folds(size: int, root: bytes, hashes: list[bytes]) -> bool:
    levels = [level for level, _ in merkle.perfect_subtrees(0, size)]
    if len(levels) != len(hashes):
        return False
    return Frontier(size, list(zip(levels, hashes, strict=True))).root() == root


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
    path.write_text(sign(keys, origin, frontier, access_log), encoding="utf-8")
    path.with_suffix(COSIGNATURES).unlink(missing_ok=True)  # they were of the note replaced
    return path


def read_all(
    folder: Path, trusted: list[Verifier], origin: str
) -> tuple[list[Checkpoint], list[str]]:
    """Every checkpoint on file, smallest first, and the problems with those that fail, each
    naming its file."""
    found, problems = [], []
    for path in sorted(folder.glob("*.checkpoint")) if folder.exists() else []:
        try:
            found.append(read_file(path, trusted, origin))
        except CheckpointInvalid as error:
            problems.append(f"checkpoint {error}")
    return sorted(found, key=lambda c: c.size), problems


def newest(
    folder: Path, trusted: list[Verifier], origin: str
) -> tuple[Checkpoint | None, list[str]]:
    """The newest checkpoint on file that verifies, and the problems with any newer ones,
    reading files from the largest tree size down and stopping at the first that verifies
    (files are named by tree size). For a page that shows the newest: checkpoints pile up
    at one every few seconds while entries arrive, and `verify` reads them all."""
    problems: list[str] = []
    paths = sorted(folder.glob("*.checkpoint"), key=lambda p: (len(p.name), p.name), reverse=True)
    for path in paths:  # none if the folder does not exist yet
        try:
            return read_file(path, trusted, origin), problems
        except CheckpointInvalid as error:
            problems.append(f"checkpoint {error}")
    return None, problems


def read_file(path: Path, trusted: list[Verifier], origin: str) -> Checkpoint:
    """One checkpoint file (with its sidecar, for one written before the subtrees line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CheckpointInvalid(f"{path.name}: cannot be read: {error}") from None
    checkpoint = read_note(text, trusted, origin, path.name)
    subtrees = checkpoint.subtrees or sidecar(path, checkpoint.size, checkpoint.root)
    return Checkpoint(
        checkpoint.origin,
        checkpoint.size,
        checkpoint.root,
        subtrees,
        path,
        checkpoint.access_log,
        path.name,
        checkpoint.text,
    )


def sidecar(path: Path, size: int, root: bytes) -> list[bytes]:
    """The subtree hashes in the `.subtrees.json` beside a checkpoint, if there is one; they
    must fold to its signed root. `CheckpointInvalid` names a sidecar that is malformed."""
    side = path.with_suffix(".subtrees.json")
    if not side.exists():
        return []
    try:
        hashes = [bytes.fromhex(h) for h in json.loads(side.read_text())["subtrees"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise CheckpointInvalid(f"{side.name}: not a list of subtree hashes ({error!r})") from None
    if not _folds(size, root, hashes):
        raise CheckpointInvalid(f"{side.name}: its subtrees do not fold to the signed root")
    return hashes
