"""What the benchmarks that load millions of rows share."""

from __future__ import annotations

from pathlib import Path

from lineage.service import Service


def remove_database(service: Service, folder: Path) -> None:
    """Close the ledger and delete its SQLite file, if it has one in `folder`: at 10M entries
    it holds gigabytes, and pytest keeps the last three runs' temporary folders."""
    service.engine.dispose()
    for leftover in folder.glob("ledger.db*"):
        leftover.unlink()
