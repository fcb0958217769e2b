"""Wiring for one ledger: engine, keys and store from `Settings` — built, never global."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from lineage.ledger.receipts import stored_frontier, stored_reader
from lineage.ledger.store import Ledger
from lineage.log import checkpoints, merkle, trust
from lineage.log.checkpoints import Checkpoint
from lineage.log.note import ED25519, Verifier
from lineage.log.report import Report
from lineage.log.verify import Progress
from lineage.log.witness_client import parse_witnesses
from lineage.log.witnessing import Outcome, Status, Witnessing
from lineage.registry import access_log, keys
from lineage.registry import partners as registries
from lineage.registry.keys import KeyRing
from lineage.settings import Settings
from lineage.storage import schema
from lineage.storage.database import make_engine, write_transaction
from lineage.verification import verify_ledger
from models.dates import utc_now


@dataclass
class Service:
    """Everything a CLI command or an HTTP request needs, for one database."""

    settings: Settings
    engine: Engine
    keys: KeyRing
    ledger: Ledger
    witnessing: Witnessing = field(default_factory=lambda: Witnessing([]))
    last_outcome: Outcome | None = None
    """What the last submission to the witnesses achieved."""

    def checkpoint(self) -> Path:
        """Sign the current tree head, write it beside the database and submit it to the
        witnesses (see `last_outcome`); a witness that is down is tried again by `retry`."""
        with self.engine.connect() as conn:
            size, _ = self.ledger.head()
            frontier = stored_frontier(conn, size)
            reads = access_log.tail(conn)
        folder = self.settings.resolved_checkpoint_dir()
        path = checkpoints.write(folder, self.keys, self.settings.origin(), frontier, reads)
        self.witness(path)
        return path

    def witness(self, path: Path) -> Outcome | None:
        """Submit the checkpoint at `path` to the witnesses not yet cosigning it."""
        if not self.witnessing.witnesses:
            return None
        self.last_outcome = self.witnessing.submit(path, self.consistency_proof)
        return self.last_outcome

    def retry(self) -> Outcome | None:
        """Submit the newest checkpoint again if fewer than the quorum have cosigned it."""
        folder = self.settings.resolved_checkpoint_dir()
        paths = sorted(folder.glob("*.checkpoint")) if folder.exists() else []
        if not paths or self.witnessing.witnessed(paths[-1]):
            return None
        return self.witness(paths[-1])

    def anchor(self) -> dict[str, Any] | None:
        """The newest witnessed checkpoint, for the board pack (`Witnessing.anchor`)."""
        return self.witnessing.anchor(self.settings.resolved_checkpoint_dir())

    def witness_status(self) -> Status:
        return self.witnessing.status(self.settings.resolved_checkpoint_dir())

    def consistency_proof(self, old_size: int, size: int) -> list[bytes]:
        """RFC 6962 §2.1.2 proof from `old_size` to `size`, from stored subtrees."""
        with self.engine.connect() as conn:
            return merkle.consistency_proof_from_subtrees(stored_reader(conn), old_size, size)

    def trusted(self) -> list[Verifier]:
        """The server's own verifier key and the keys it retired (for its own checks; an
        auditor passes the keys they hold instead)."""
        own = [Verifier(self.keys.signer_name, ED25519, self.keys.public_key)]
        retired = self.settings.resolved_key_dir() / keys.RETIRED_FILE
        return own + (trust.read_file(retired) if retired.exists() else [])

    def verify(
        self,
        progress: Progress | None = None,
        *,
        workers: int | None = None,
        trusted: list[Verifier] | None = None,
        outside: list[Checkpoint] | None = None,
    ) -> Report:
        """Verify the ledger, its checkpoints, the hash-chained access log, and the API keys
        and subject registry re-derived from the ledger (`workers`: see
        `lineage.log.verify.verify`)."""
        return verify_ledger(
            self.engine,
            self.settings,
            self.trusted() if trusted is None else trusted,
            outside,
            progress=progress,
            workers=workers,
            registry=self.keys,
        )


def signer_name(settings: Settings) -> str:
    return settings.origin()


def initialise(settings: Settings) -> Service:
    """Create (or upgrade) the schema, the keys and the council's own partner record."""
    witnesses = witnessing(settings)
    engine = make_engine(settings.database_url, pool_size=settings.pool_size)
    schema.upgrade(engine)
    ring = keys.create(settings.resolved_key_dir(), signer_name(settings))
    with write_transaction(engine) as conn:
        if registries.current_partner(conn, settings.council) is None:
            registries.put_partner(
                conn,
                {
                    "code": settings.council,
                    "name": settings.council_name,
                    "type": "local_authority",
                    "role": "controller",
                    "country": "GB",
                },
                by="system:init",
                at=utc_now(),
            )
    return Service(settings, engine, ring, Ledger(engine, ring, settings), witnesses)


def witnessing(settings: Settings) -> Witnessing:
    """The witnesses `DISCLOSURE_WITNESSES` names (`NoteError` if malformed)."""
    return Witnessing(parse_witnesses(settings.witnesses), settings.witness_quorum)


def open_engine(settings: Settings) -> Engine:
    """An engine on an initialised ledger, without its keys: for verifying with public material
    only. `KeysMissing` if there is no ledger there."""
    engine = make_engine(settings.database_url, pool_size=settings.pool_size)
    if not schema.is_initialised(engine):
        engine.dispose()
        raise keys.KeysMissing(f"no ledger at {settings.database_url}: run `disclosure init`")
    return engine


def open_service(settings: Settings) -> Service:
    """Open an initialised ledger; `KeysMissing` if `disclosure init` has not been run,
    `NoteError` if `DISCLOSURE_WITNESSES` is malformed."""
    witnesses = witnessing(settings)
    ring = keys.load(settings.resolved_key_dir(), signer_name(settings))
    engine = open_engine(settings)
    return Service(settings, engine, ring, Ledger(engine, ring, settings), witnesses)
