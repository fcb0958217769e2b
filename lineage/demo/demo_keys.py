"""Demo API keys: one per role, created once and kept in a file beside the demo database.

They open a synthetic database only. The file is written with mode 0600; a later run reads
it back and prints the same keys, or makes new ones if the database no longer knows them
(it was deleted and generated again).
"""

from __future__ import annotations

import os
from pathlib import Path

from lineage.ledger.store import Ledger
from lineage.registry import apikeys

HEADER = (
    "# Demo API keys for the synthetic demo database only: never use them for real data.\n"
    "# role\tkey\n"
)


def read_keys(path: Path) -> dict[str, str]:
    """The keys in a demo key file by role; empty when there is no file."""
    if not path.exists():
        return {}
    keys = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            role, _, key = line.partition("\t")
            keys[role.strip()] = key.strip()
    return keys


def ensure_keys(ledger: Ledger, path: Path) -> dict[str, str]:
    """A working demo key for every role: those on file, or new ones (recorded in the
    ledger like any key) written to the file."""
    kept = read_keys(path)
    if set(kept) == set(apikeys.ROLES) and all(
        apikeys.authenticate(ledger.engine, key) is not None for key in kept.values()
    ):
        return kept
    made = {
        role: apikeys.create(ledger, role=role, name=f"demo {role}", by="system:demo")
        for role in apikeys.ROLES
    }
    _write_private(path, HEADER + "".join(f"{role}\t{key}\n" for role, key in made.items()))
    return made


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an older file keeps its mode through O_CREAT: set it anyway
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
