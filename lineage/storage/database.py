"""Engines for SQLite (the embedded default) and PostgreSQL (production), and write transactions.

Writers are serialised: on SQLite a write transaction opens with `BEGIN IMMEDIATE`; on
PostgreSQL it locks the one `log_head` row with `SELECT ... FOR UPDATE` (see
`lineage.ledger.store`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000
POOL_SIZE = 20
"""Connections an engine keeps open by default (`DISCLOSURE_POOL_SIZE`), as many again in
overflow: as many as requests a server serves at once (anyio's 40 threads). Without this the
pool kept 5 and opened and closed one, with its pragmas, for most requests under load."""
STATISTICS_ATTEMPTS = 3
KEY_CHUNK = 512
"""Keys per `IN (...)` list, at the most."""

Key = TypeVar("Key")


def make_engine(database_url: str, *, pool_size: int = POOL_SIZE, **kwargs: Any) -> Engine:
    """An engine with the pragmas and transaction handling this ledger relies on; it keeps
    `pool_size` connections open and opens as many again when busy (not for an in-memory
    SQLite database, which has one)."""
    url = make_url(database_url)
    if url.database not in (None, "", ":memory:"):
        kwargs.setdefault("pool_size", pool_size)
        kwargs.setdefault("max_overflow", pool_size)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(database_url, **kwargs)
    if url.get_backend_name() == "postgresql" and url.get_driver_name() in ("", "psycopg2"):
        url = url.set(drivername="postgresql+psycopg")
    # The ledger's queries are short and indexed: JIT compilation only adds latency to them.
    kwargs.setdefault("connect_args", {"options": "-c jit=off"})
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_engine(database_url: str, **kwargs: Any) -> Engine:
    connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    engine = create_engine(database_url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself, so writes can ask for IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Without this, INSERT OR REPLACE deletes rows without firing the DELETE guard.
        cursor.execute("PRAGMA recursive_triggers=ON")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten with zeros, not left in free space: an erased
        # subject's key must not stay in the file (see lineage.storage.scrub).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def refresh_statistics(engine: Engine, *, attempts: int = STATISTICS_ATTEMPTS) -> bool:
    """After a bulk load: let the query planner see the new tables' sizes.

    Advisory, so it never fails a command whose work is done: it waits its turn among the
    writers (on SQLite `BEGIN IMMEDIATE`, so the busy timeout applies: a deferred
    transaction that must then write is refused at once while another writes), tries again
    when the database is busy (PostgreSQL's concurrent ANALYZE may collide too), and after
    `attempts` tries leaves the statistics for the next time. True if they were refreshed.
    """
    statement = "PRAGMA optimize" if is_sqlite(engine) else "ANALYZE"
    for attempt in range(1, attempts + 1):
        try:
            with write_transaction(engine) as conn:
                conn.exec_driver_sql(statement)
            return True
        except DBAPIError as busy:
            log.info("statistics not refreshed (try %d of %d): %s", attempt, attempts, busy.orig)
            time.sleep(0.1 * attempt)
    return False


def is_sqlite(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for reads that ends its transaction with COMMIT, not ROLLBACK.

    A read changes nothing, so the two end it alike, except on PostgreSQL: psycopg discards
    the statements it has prepared on a connection at every ROLLBACK, and SQLAlchemy rolls
    back what a closed connection left open. Each request then planned its queries afresh,
    1.5 to 3 ms for a lineage's. If the reader fails, the transaction is rolled back."""
    with engine.connect() as conn:
        yield conn
        conn.commit()


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that holds the writers' lock from its first statement on SQLite."""
    with engine.connect() as conn:
        if is_sqlite(engine):
            conn = conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            yield conn


def key_chunks(keys: Sequence[Key], size: int = KEY_CHUNK) -> Iterator[list[Key]]:
    """`keys` in lists for an `IN (...)` clause: `size` at a time, the last padded with its
    final key to a power of two. The lists then take few lengths, so SQLite prepares and caches
    few statements: a statement cached per distinct list length held about 200 KB each, and
    made a long import's memory grow with every batch. A single append still asks for a short
    list, not a padded full one."""
    for start in range(0, len(keys), size):
        chunk = list(keys[start : start + size])
        padded = min(size, 1 << (len(chunk) - 1).bit_length())
        yield chunk + [chunk[-1]] * (padded - len(chunk))
