"""The log's side of C2SP tlog-witness: submit checkpoints, fetch what a witness cosigned.

`DISCLOSURE_WITNESSES="URL VKEY[,URL VKEY…]"` names the witnesses (their verifier keys are
cosignature keys, type 0x04); `DISCLOSURE_WITNESS_QUORUM=K` how many must cosign (default: all).
A submission starts from the size the witness was last known to hold (zero at first): a
`409` answers the witness's size (`text/x.tlog.size`) and the log retries once with a
consistency proof from there (tlog-witness, "add-checkpoint").
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from lineage.log import note
from lineage.log.note import NoteError, Verifier

TIMEOUT_SECONDS = 5.0
ProofFor = Callable[[int, int], list[bytes]]
"""`proof_for(old_size, size)`: the consistency proof between two tree sizes (ValueError
unless 0 < old_size <= size)."""


class WitnessUnavailable(RuntimeError):
    """A witness that could not be reached or refused; the message says which and why."""


@dataclass(frozen=True)
class Witness:
    url: str
    verifier: Verifier

    @property
    def name(self) -> str:
        return self.verifier.name


def parse_witnesses(value: str) -> list[Witness]:
    """`URL VKEY[,URL VKEY…]` (the form of `DISCLOSURE_WITNESSES`); `NoteError` if malformed."""
    found = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        url, _, vkey = item.partition(" ")
        verifier = note.parse_vkey(vkey)
        if verifier.key_type != note.COSIGNATURE_V1 or not url.startswith(("http://", "https://")):
            raise NoteError(f"expected `URL VKEY` with a cosignature (0x04) key, not {item!r}")
        found.append(Witness(url.rstrip("/"), verifier))
    return found


def request_body(old_size: int, proof: list[bytes], signed_note: str) -> bytes:
    """The add-checkpoint body: `old N`, the proof lines, a blank line, the checkpoint."""
    lines = [f"old {old_size}", *(base64.b64encode(h).decode() for h in proof)]
    return ("\n".join(lines) + "\n\n" + signed_note).encode()


def submit(
    client: httpx.Client, witness: Witness, signed_note: str, proof_for: ProofFor, known: int
) -> tuple[str, int]:
    """Ask `witness` to cosign; returns (its cosignature line, the size it now holds).
    `known`: the size the witness was last known to hold. `WitnessUnavailable` otherwise."""
    old, size = known, _size(signed_note)
    for _ in range(2):
        try:
            proof = proof_for(old, size) if old else []
        except ValueError:
            raise WitnessUnavailable(f"{witness.url}: holds size {old}, beyond {size}") from None
        try:
            response = client.post(
                f"{witness.url}/add-checkpoint",
                content=request_body(old, proof, signed_note),
                timeout=TIMEOUT_SECONDS,
            )
        except httpx.HTTPError as error:
            raise WitnessUnavailable(f"{witness.url}: {error or type(error).__name__}") from None
        if response.status_code == 409 and response.text.strip().isdigit():
            old = int(response.text.strip())
            continue
        if response.status_code != 200:
            raise WitnessUnavailable(f"{witness.url}: {response.status_code} {response.text[:200]}")
        return _cosignature(witness, signed_note, response.text), size
    raise WitnessUnavailable(f"{witness.url}: holds size {old}, not consistent with this log")


def _size(signed_note: str) -> int:
    return int(signed_note.split("\n")[1])


def _cosignature(witness: Witness, signed_note: str, answer: str) -> str:
    """The witness's line from its answer, once it verifies on the note (others are ignored)."""
    parsed = note.parse(signed_note)
    for line in answer.splitlines():
        try:
            name, payload = note.signature_line(line)
        except NoteError:
            continue
        one = note.Note(parsed.text, [(name, payload)])
        if note.cosigned_at(one, witness.verifier) is not None:
            return line + "\n"
    raise WitnessUnavailable(f"{witness.url}: no valid cosignature by {witness.name}")


def fetch(client: httpx.Client, url: str, origin: str) -> str:
    """The newest checkpoint a witness cosigned for `origin`, with its signatures."""
    try:
        response = client.get(
            f"{url.rstrip('/')}/checkpoint", params={"origin": origin}, timeout=TIMEOUT_SECONDS
        )
    except httpx.HTTPError as error:
        raise WitnessUnavailable(f"{url}: {error or type(error).__name__}") from None
    if response.status_code != 200:
        raise WitnessUnavailable(f"{url}: {response.status_code} {response.text[:200]}")
    return response.text
