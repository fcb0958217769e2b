"""A C2SP tlog-witness: the protocol, without HTTP (see `api.witness_app` for that).

`add_checkpoint` takes the body of a `POST /add-checkpoint` — `old N`, the consistency proof
lines (base64, at most 63), a blank line, a signed checkpoint — and, against the latest
checkpoint the witness cosigned for that origin, either answers its cosignature/v1 line or
refuses with the status tlog-witness prescribes:

* 400 a malformed body, or an old size above the checkpoint's;
* 404 an origin the witness was not configured with;
* 403 no signature by a key it trusts for that origin;
* 409 (`text/x.tlog.size`, its size) an old size that is not the size it holds, or the same
  size with another root (a fork);
* 422 a consistency proof that does not verify (RFC 6962 §2.1.2, RFC 9162 §2.1.4.2).

The check and the update of the stored size happen in one transaction, so two racing
requests cannot roll the witness back (tlog-witness, "add-checkpoint").
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from lineage.log import merkle, note
from lineage.log.note import NoteError, Verifier
from lineage.log.witness_state import Cosigned, WitnessState

MAX_PROOF_LINES = 63


class Refusal(Exception):
    """A request the witness will not cosign: the HTTP status, why, and for a 409 its size."""

    def __init__(self, status: int, message: str, size: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.size = size


@dataclass(frozen=True)
class Submission:
    old_size: int
    proof: list[bytes]
    signed: str
    """The checkpoint as submitted, with its signatures."""
    origin: str
    size: int
    root: bytes
    parsed: note.Note


def parse_request(body: bytes) -> Submission:
    """The parts of an add-checkpoint body; `Refusal(400)` says what is malformed."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal(400, "the body is not UTF-8") from None
    head, sep, signed = text.partition("\n\n")
    lines = head.split("\n")
    if not sep or not lines[0].startswith("old "):
        raise Refusal(400, "expected `old N`, proof lines, a blank line and a checkpoint")
    old = lines[0].removeprefix("old ")
    if not old.isdigit() or (old != "0" and old.startswith("0")):
        raise Refusal(400, f"the old size {old!r} is not a decimal without leading zeroes")
    if len(lines) - 1 > MAX_PROOF_LINES:
        raise Refusal(400, f"more than {MAX_PROOF_LINES} consistency proof lines")
    try:
        proof = [base64.b64decode(line, validate=True) for line in lines[1:]]
        parsed = note.parse(signed)
    except (binascii.Error, NoteError) as error:
        raise Refusal(400, f"malformed: {error}") from None
    origin, size, root = _checkpoint(parsed.text)
    return Submission(int(old), proof, signed, origin, size, root, parsed)


def _checkpoint(text: str) -> tuple[str, int, bytes]:
    lines = text.split("\n")[:-1]
    if len(lines) < 3 or not lines[0] or not lines[1].isdigit():
        raise Refusal(400, "the note is not a checkpoint (origin, size, root hash)")
    if lines[1] != "0" and lines[1].startswith("0"):
        raise Refusal(400, "the checkpoint's size has leading zeroes")
    try:
        root = base64.b64decode(lines[2], validate=True)
    except binascii.Error:
        root = b""
    if len(root) != merkle.HASH_SIZE:
        raise Refusal(400, "the checkpoint's root is not a base64 SHA-256 hash")
    return lines[0], int(lines[1]), root


def check(submission: Submission, logs: dict[str, list[Verifier]], latest: Cosigned | None) -> None:
    """Refuse the submission unless the witness may cosign it, given what it holds."""
    if submission.origin not in logs:
        raise Refusal(404, f"unknown log {submission.origin!r}")
    if not any(note.signed_by(submission.parsed, v) for v in logs[submission.origin]):
        raise Refusal(403, "no signature by a key this witness trusts for the log")
    if submission.old_size > submission.size:
        raise Refusal(400, f"old size {submission.old_size} is above the checkpoint's size")
    held = latest.size if latest else 0
    if submission.old_size != held:
        raise Refusal(409, f"this witness holds size {held}", size=held)
    if submission.old_size == 0:
        if submission.proof:
            raise Refusal(422, "the proof must be empty from size 0")
        return
    assert latest is not None
    if submission.size == latest.size and submission.root != latest.root:
        raise Refusal(409, "the same size with another root: a fork", size=held)
    if not merkle.verify_consistency(
        latest.size, submission.size, latest.root, submission.root, submission.proof
    ):
        raise Refusal(422, "the consistency proof does not verify")


class Witness:
    """A witness over its state folder, for the logs (origin → trusted keys) it serves."""

    def __init__(self, state: WitnessState, logs: dict[str, list[Verifier]]) -> None:
        self.state = state
        self.logs = logs

    def add_checkpoint(self, body: bytes, now: int) -> str:
        """The cosignature line(s) for a valid submission; `Refusal` otherwise."""
        submission = parse_request(body)
        with self.state.transaction() as txn:
            check(submission, self.logs, txn.latest(submission.origin))
            line = note.cosign(submission.parsed.text, self.state.name, self.state.key, now)
            signed = submission.signed
            txn.store(Cosigned(submission.origin, submission.size, submission.root, signed, line))
        return line

    def latest_note(self, origin: str) -> str | None:
        """The newest checkpoint cosigned for `origin`: the log's note, this witness's line
        added to its signatures."""
        with self.state.transaction() as txn:
            latest = txn.latest(origin)
        if latest is None:
            return None
        return latest.note.rstrip("\n") + "\n" + latest.cosignature


def parse_log(spec: str) -> tuple[str, Verifier]:
    """`ORIGIN VKEY` (the `--log` option); `NoteError` if malformed."""
    origin, _, vkey = spec.strip().partition(" ")
    verifier = note.parse_vkey(vkey.strip())
    if not origin or verifier.key_type != note.ED25519:
        raise NoteError(f"expected `ORIGIN VKEY` with the log's note key, not {spec!r}")
    return origin, verifier
