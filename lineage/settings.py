"""Settings, read from `DISCLOSURE_*` environment variables or handed in by a caller.

Nothing is read at import time: the CLI and the app factory build a `Settings` and pass it on,
so tests can hand in their own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

from lineage.storage.database import POOL_SIZE

DEFAULT_DATABASE_URL = "sqlite:///disclosure.db"


class Settings(BaseSettings):
    """Where the ledger lives, who runs it and where its keys and checkpoints go."""

    model_config = SettingsConfigDict(env_prefix="DISCLOSURE_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    council: str = "luton-council"
    council_name: str = "Luton Borough Council"
    log_origin: str = ""
    log_format: Literal["text", "json"] = "text"
    """How `disclosure serve` writes its log: escaped text lines, or one JSON object a line."""
    key_dir: Path | None = None
    checkpoint_dir: Path | None = None
    checkpoint_interval_seconds: float = 5
    """While the server runs, a checkpoint is signed at most this long after an append."""
    witnesses: str = ""
    """`URL VKEY[,URL VKEY…]`: the C2SP witnesses each new checkpoint is submitted to."""
    witness_quorum: int | None = Field(None, ge=0)
    """How many of the witnesses must cosign a checkpoint (default: all)."""
    late_record_days: int = 30
    retention_schedule: str = ""
    """The council's retention schedule as JSON, or the path of a JSON file: overrides of the
    default classes (`models.retention_schedule`). Empty: the defaults."""
    retention_interval_seconds: float = 86_400
    """How often the server runs retention (erasing subjects whose period has ended)."""
    max_request_bytes: int = 1_000_000
    max_batch_items: int = 1000
    pool_size: int = Field(POOL_SIZE, ge=1, le=1000)
    """Database connections kept open per process, as many again when busy."""
    api_key_cache_seconds: float = Field(1.0, ge=0, le=60)
    """How long a server keeps an API key it found valid before looking it up again: a key
    revoked from another process is refused within this time. 0 looks every key up."""

    def data_dir(self) -> Path:
        """The folder beside a SQLite file, or the working folder for a server database."""
        url = make_url(self.database_url)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            return Path(url.database).resolve().parent
        return Path.cwd()

    def resolved_key_dir(self) -> Path:
        return self.key_dir or self.data_dir() / "keys"

    def resolved_checkpoint_dir(self) -> Path:
        return self.checkpoint_dir or self.data_dir() / "checkpoints"

    def origin(self) -> str:
        """The checkpoint origin line: names this log and no other."""
        return self.log_origin or f"disclosure-ledger/{self.council}"
