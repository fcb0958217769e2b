"""Wiring for one ledger: engine, keys and store from `Settings` — built, never global."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from lineage.ledger.receipts import stored_frontier
from lineage.ledger.store import Ledger
from lineage.log import checkpoints
from lineage.log.verify import Progress, Report, verify
from lineage.registry import access_log, keys
from lineage.registry import partners as registries
from lineage.registry.access_log import verify_access_log
from lineage.registry.holds import hold_problems
from lineage.registry.keys import KeyRing
from lineage.settings import Settings
from lineage.storage import schema
from lineage.storage.database import make_engine, write_transaction


@dataclass
class Service:
    """Everything a CLI command or an HTTP request needs, for one database."""

    settings: Settings
    engine: Engine
    keys: KeyRing
    ledger: Ledger

    def checkpoint(self) -> Path:
        """Sign the current tree head and write it beside the database."""
        with self.engine.connect() as conn:
            size, _ = self.ledger.head()
            frontier = stored_frontier(conn, size)
            reads = access_log.tail(conn)
        folder = self.settings.resolved_checkpoint_dir()
        return checkpoints.write(folder, self.keys, self.settings.origin(), frontier, reads)

    def verify(self, progress: Progress | None = None, *, workers: int | None = None) -> Report:
        """Verify the ledger, its checkpoints, the hash-chained access log and the registry's
        legal-hold flags against the hold entries (`workers`: see `lineage.log.verify.verify`)."""
        found, problems = checkpoints.read_all(
            self.settings.resolved_checkpoint_dir(), self.keys, self.settings.origin()
        )
        report = verify(self.engine, found, progress=progress, problems=problems, workers=workers)
        with self.engine.connect() as conn:
            anchors = [c.access_log for c in found if c.access_log is not None]
            for broken in verify_access_log(conn) + access_log.check_anchors(conn, anchors):
                report.fail(None, f"access log: {broken.problem}")
            for problem in hold_problems(conn):
                report.fail(None, f"legal hold: {problem}")
        return report


def signer_name(settings: Settings) -> str:
    return settings.origin()


def initialise(settings: Settings) -> Service:
    """Create (or upgrade) the schema, the keys and the council's own partner record."""
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
                at=datetime.now(UTC),
            )
    return Service(settings, engine, ring, Ledger(engine, ring, settings))


def open_service(settings: Settings) -> Service:
    """Open an initialised ledger; `KeysMissing` if `disclosure init` has not been run."""
    engine = make_engine(settings.database_url, pool_size=settings.pool_size)
    ring = keys.load(settings.resolved_key_dir(), signer_name(settings))
    if not schema.is_initialised(engine):
        raise keys.KeysMissing(f"no ledger at {settings.database_url}: run `disclosure init`")
    return Service(settings, engine, ring, Ledger(engine, ring, settings))
