"""Building demo ledgers for the tests: a fresh database, the real writer, a small council."""

from __future__ import annotations

from pathlib import Path

from lineage.demo.generator import Council
from lineage.demo.writer import DemoWriter
from lineage.service import Service, initialise
from lineage.settings import Settings


def sqlite_settings(folder: Path) -> Settings:
    """Settings for a fresh SQLite ledger with its own keys, in its own folder."""
    folder.mkdir(parents=True, exist_ok=True)
    return Settings(
        database_url=f"sqlite:///{folder / 'ledger.db'}",
        key_dir=folder / "keys",
        checkpoint_dir=folder / "checkpoints",
    )


def build_demo(settings: Settings, *, children: int, seed: int, years: int = 1) -> Service:
    """Initialise the ledger the settings name and write a demo council into it."""
    service = initialise(settings)
    council = Council(children=children, years=years, seed=seed)
    writer = DemoWriter(service, seed=seed)
    writer.check_empty()
    writer.register(council.start)
    writer.write(council)
    return service
