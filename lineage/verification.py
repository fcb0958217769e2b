"""Verify a ledger with public material only: trusted verifier keys, the checkpoints on file
and any outside checkpoints (from witnesses or handed in). Never reads a private key.
"""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlalchemy import Engine, select
from sqlmodel import col

from lineage.log import checkpoints, note
from lineage.log.checkpoints import Checkpoint, CheckpointInvalid
from lineage.log.frontier import Frontier
from lineage.log.note import NoteError, Verifier, parse_vkey
from lineage.log.report import Report
from lineage.log.verify import Progress, verify
from lineage.log.witness_client import WitnessUnavailable, fetch
from lineage.registry import access_log
from lineage.registry.access_log import verify_access_log
from lineage.registry.holds import hold_problems
from lineage.registry.keys import RegistrySecret
from lineage.registry.registry_verify import registry_problems
from lineage.settings import Settings
from models.tables import LogHead


def tree_size(engine: Engine) -> int:
    """The ledger's size as its head says."""
    with engine.connect() as conn:
        return int(conn.execute(select(col(LogHead.tree_size))).scalar() or 0)


def verify_ledger(
    engine: Engine,
    settings: Settings,
    trusted: list[Verifier],
    outside: list[Checkpoint] | None = None,
    *,
    problems: list[str] | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    start: Frontier | None = None,
    registry: RegistrySecret | None = None,
) -> Report:
    """The ledger, the checkpoints on file (signed by a trusted key) and `outside` ones, the
    hash-chained access log against the anchors those checkpoints sign, and — given the
    registry's key — the API keys and subject registry re-derived from the ledger."""
    found, unreadable = checkpoints.read_all(
        settings.resolved_checkpoint_dir(), trusted, settings.origin()
    )
    found += outside or []
    report = verify(
        engine,
        found,
        progress=progress,
        problems=[*(problems or []), *unreadable],
        workers=workers,
        start=start,
    )
    with engine.connect() as conn:
        anchors = [c.access_log for c in found if c.access_log is not None]
        for broken in verify_access_log(conn) + access_log.check_anchors(conn, anchors):
            report.fail(None, f"access log: {broken.problem}")
        for problem in hold_problems(conn):
            report.fail(None, f"legal hold: {problem}")
        for problem in registry_problems(conn, registry) if registry is not None else []:
            report.fail(None, f"registry: {problem}")
    return report


def checkpoint_file(path: Path, trusted: list[Verifier], origin: str) -> Checkpoint:
    """A checkpoint handed in as a file; `CheckpointInvalid` names the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CheckpointInvalid(f"{path}: cannot be read: {error}") from None
    return checkpoints.read_note(text, trusted, origin, str(path))


def witness_checkpoint(spec: str, trusted: list[Verifier], origin: str) -> Checkpoint:
    """The newest checkpoint the witness at `spec` (`URL` or `URL VKEY`) cosigned for this log,
    signed by a trusted log key and, given the witness's key, cosigned by it."""
    url, _, vkey = spec.strip().partition(" ")
    try:
        with httpx.Client() as client:
            text = fetch(client, url, origin)
    except WitnessUnavailable as error:
        raise CheckpointInvalid(f"witness {error}") from None
    checkpoint = checkpoints.read_note(text, trusted, origin, f"witness {url}")
    if vkey:
        try:
            cosigner = parse_vkey(vkey)
            cosigned = note.cosigned_at(note.parse(text), cosigner) is not None
        except NoteError as error:
            raise CheckpointInvalid(f"witness {url}: {error}") from None
        if not cosigned:
            raise CheckpointInvalid(f"witness {url}: no valid cosignature by {cosigner.name}")
    return checkpoint
