"""Each new checkpoint goes to the witnesses; their cosignatures are kept beside it.

A witness that is down never holds anything up: the checkpoint is written first, the
submission fails quickly (a few seconds at most) and is tried again on the schedule's next
tick (`retry`), and `status` says how far behind the newest witnessed checkpoint is.
"""

from __future__ import annotations

import base64
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from lineage.log import note
from lineage.log.checkpoints import COSIGNATURES
from lineage.log.note import NoteError
from lineage.log.witness_client import ProofFor, Witness, WitnessUnavailable, submit

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What one round of submissions achieved for the checkpoint of `size`."""

    size: int
    cosigned: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Status:
    newest: int
    """Size of the newest checkpoint on file (-1: none)."""
    witnessed: int | None
    """Size of the newest checkpoint a quorum of witnesses cosigned, if any."""

    @property
    def behind(self) -> int:
        """Entries signed but not yet witnessed by a quorum."""
        return self.newest - (self.witnessed or 0) if self.newest >= 0 else 0


class Witnessing:
    """The witnesses a log submits to and how many of them must cosign."""

    def __init__(self, witnesses: list[Witness], quorum: int | None = None) -> None:
        self.witnesses = witnesses
        self.quorum = len(witnesses) if quorum is None else min(quorum, len(witnesses))
        self.known: dict[str, int] = {}
        self._lock = threading.Lock()

    def submit(self, path: Path, proof_for: ProofFor) -> Outcome:
        """Ask every witness that has not yet cosigned the checkpoint at `path`; keep the
        cosignatures in the `.cosignatures` file beside it."""
        signed = path.read_text(encoding="utf-8")
        outcome = Outcome(int(signed.split("\n")[1]))
        with self._lock, httpx.Client() as client:
            have = self.cosigners(path)
            for witness in self.witnesses:
                if witness.name in have:
                    outcome.cosigned.append(witness.name)
                    continue
                try:
                    line, size = submit(client, witness, signed, proof_for, self._known(witness))
                except WitnessUnavailable as error:
                    outcome.failed.append(str(error))
                    log.warning("witness unavailable: %s", error)
                    continue
                self.known[witness.url] = size
                with path.with_suffix(COSIGNATURES).open("a", encoding="utf-8") as kept:
                    kept.write(line)
                outcome.cosigned.append(witness.name)
        return outcome

    def _known(self, witness: Witness) -> int:
        return self.known.get(witness.url, 0)

    def cosigners(self, path: Path) -> set[str]:
        """Names of the configured witnesses whose valid cosignature is kept beside `path`."""
        kept = path.with_suffix(COSIGNATURES)
        if not kept.exists():
            return set()
        try:
            parsed = note.parse(
                path.read_text(encoding="utf-8").rstrip("\n")
                + "\n"
                + kept.read_text(encoding="utf-8")
            )
        except (OSError, NoteError):
            return set()
        return {w.name for w in self.witnesses if note.cosigned_at(parsed, w.verifier) is not None}

    def witnessed(self, path: Path) -> bool:
        return len(self.cosigners(path)) >= self.quorum

    def anchor(self, folder: Path) -> dict[str, Any] | None:
        """The newest checkpoint a quorum cosigned (with no witnesses configured, the newest
        on file), for a board's minutes: size, root, who cosigned, its file."""
        paths = sorted(folder.glob("*.checkpoint")) if folder.exists() else []
        for path in reversed(paths):
            cosigners = self.cosigners(path)
            if len(cosigners) >= self.quorum:
                lines = path.read_text(encoding="utf-8").split("\n")
                return {
                    "size": int(lines[1]),
                    "root": base64.b64decode(lines[2]).hex(),
                    "witnessed_by": sorted(cosigners),
                    "checkpoint": path.name,
                }
        return None

    def status(self, folder: Path) -> Status:
        """The newest checkpoint on file and the newest one a quorum cosigned."""
        paths = sorted(folder.glob("*.checkpoint")) if folder.exists() else []
        newest = int(paths[-1].stem) if paths else -1
        for path in reversed(paths):
            if self.witnessed(path):
                return Status(newest, int(path.stem))
        return Status(newest, None)
