"""A witness's own state: its key and, per log, the latest checkpoint it cosigned.

In one folder: `witness.pem` (its Ed25519 key, readable by its owner only), `witness.pub`
(its verifier key, cosignature type 0x04) and `witness.db`, a SQLite file of its own.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lineage.log import note

KEY_FILE = "witness.pem"
VERIFIER_FILE = "witness.pub"
DATABASE_FILE = "witness.db"
SCHEMA = """
CREATE TABLE IF NOT EXISTS cosigned (
    origin TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    root BLOB NOT NULL,
    note TEXT NOT NULL,
    cosignature TEXT NOT NULL
)
"""


class WitnessStateMissing(RuntimeError):
    """The folder holds no witness (`disclosure witness init`)."""


@dataclass(frozen=True)
class Cosigned:
    """The latest checkpoint a witness cosigned for one log, and its cosignature line."""

    origin: str
    size: int
    root: bytes
    note: str
    cosignature: str


def init(folder: Path, name: str) -> str:
    """Create a witness in `folder` (once); returns its verifier key."""
    if (folder / VERIFIER_FILE).exists():
        return (folder / VERIFIER_FILE).read_text(encoding="utf-8").strip()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = Ed25519PrivateKey.generate()
    vkey = note.Verifier(name, note.COSIGNATURE_V1, key.public_key()).vkey()
    note.parse_vkey(vkey)  # a name the format cannot carry fails here, before any file exists
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(folder / KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    with sqlite3.connect(folder / DATABASE_FILE) as conn:
        conn.execute(SCHEMA)
    (folder / VERIFIER_FILE).write_text(vkey + "\n", encoding="utf-8")
    return vkey


class Transaction:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def latest(self, origin: str) -> Cosigned | None:
        row = self.conn.execute(
            "SELECT origin, size, root, note, cosignature FROM cosigned WHERE origin = ?",
            (origin,),
        ).fetchone()
        return Cosigned(row[0], row[1], bytes(row[2]), row[3], row[4]) if row else None

    def store(self, cosigned: Cosigned) -> None:
        self.conn.execute(
            "INSERT INTO cosigned (origin, size, root, note, cosignature) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (origin) DO UPDATE SET size = excluded.size, root = excluded.root, "
            "note = excluded.note, cosignature = excluded.cosignature",
            (cosigned.origin, cosigned.size, cosigned.root, cosigned.note, cosigned.cosignature),
        )


class WitnessState:
    """A witness's key and its SQLite state; each transaction holds the write lock."""

    def __init__(self, folder: Path) -> None:
        try:
            pem = (folder / KEY_FILE).read_bytes()
            vkey = (folder / VERIFIER_FILE).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise WitnessStateMissing(
                f"no witness in {folder}: run `disclosure witness init`"
            ) from None
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise WitnessStateMissing(f"{folder / KEY_FILE} is not an Ed25519 key")
        self.key = key
        self.verifier = note.parse_vkey(vkey)
        self.name = self.verifier.name
        self.path = folder / DATABASE_FILE
        self._lock = threading.Lock()

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Read and write under SQLite's write lock (and this process's), committed on exit."""
        with self._lock:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield Transaction(conn)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            finally:
                conn.close()
