"""After an erasure: the deleted keys gone from the database files, not only from its tables.

A deleted row lingers in the files until its space is reused: in SQLite's free space and
write-ahead log, in PostgreSQL's dead tuples. Crypto-shredding is only as good as the
destruction of the key, so after every erasure (UK GDPR Art 17, Art 5(1)(e)):

* SQLite: `secure_delete` (set on every connection, `lineage.storage.database`) has already
  overwritten the deleted cells with zeros; the write-ahead log is checkpointed into the
  file and truncated, so no frame holding the old pages is left in `-wal`.
* PostgreSQL: `VACUUM FULL` rewrites the key and registry tables into new files and removes
  the old ones, dead tuples and all — once no transaction that could still see the deleted
  rows is running, else it copies them into the new files as "recently dead".
"""

from __future__ import annotations

import time

from sqlalchemy import Engine, text

from lineage.storage.database import is_sqlite

SCRUBBED_TABLES = ("subject_key", "subject")
"""The tables an erasure deletes rows from: the subjects' keys and identifiers."""

CHECKPOINT_TRIES = 50


class ScrubIncomplete(RuntimeError):
    """A reader kept the write-ahead log from being emptied; run the erasure's scrub again."""


def scrub_erased(engine: Engine) -> None:
    """Remove what deleted key and registry rows left in the database files."""
    if is_sqlite(engine):
        _truncate_wal(engine)
    else:
        _vacuum_full(engine)


def _truncate_wal(engine: Engine) -> None:
    """Checkpoint the whole log into the file and truncate it; retry while a reader is busy."""
    for _ in range(CHECKPOINT_TRIES):
        with engine.connect() as conn:
            busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()[0]
        if not busy:
            return
        time.sleep(0.1)
    raise ScrubIncomplete("the write-ahead log could not be truncated: a reader held it")


_NEXT_XID = "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint"
_OLDER_READERS = """
SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint < :next
    OR EXISTS (
        SELECT 1 FROM pg_stat_activity
        WHERE pid <> pg_backend_pid() AND backend_xmin IS NOT NULL
          AND age(backend_xmin) > age((:next % 4294967296)::text::xid))
"""


def _vacuum_full(engine: Engine) -> None:
    """Rewrite the tables once no transaction that could still see the deleted rows is
    running (in any database: the server keeps a row another's snapshot may need), so that
    `VACUUM FULL` drops them rather than copying them as recently dead."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        after = int(conn.exec_driver_sql(_NEXT_XID).scalar_one())
        for _ in range(CHECKPOINT_TRIES * 6):
            if not conn.execute(text(_OLDER_READERS), {"next": after}).scalar_one():
                break
            time.sleep(0.1)
        else:
            raise ScrubIncomplete("a long transaction kept the erased keys' rows alive")
        for table in SCRUBBED_TABLES:
            conn.exec_driver_sql(f"VACUUM FULL {table}")
