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
    oidc_issuer: str = ""
    """The council's OpenID Connect provider; empty: the console takes one-time links only."""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_scopes: str = "openid profile email"
    oidc_role_claim: str = "groups"
    """The ID token or userinfo claim (a string or a list) that names the person's groups."""
    oidc_role_map: str = ""
    """`GROUP=ROLE[,GROUP=ROLE…]`, e.g. `dpo-group=investigator,sar=sar_officer`."""
    console_secure_cookies: bool = True
    """Send the console's session cookie only over HTTPS (browsers treat localhost as such)."""
    console_session_minutes: float = Field(480, gt=0, le=1440)
    signin_link_minutes: float = Field(15, gt=0, le=1440)
    """How long a one-time sign-in link (`disclosure console-link`) stays usable."""

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

    def resolved_signin_link_dir(self) -> Path:
        """Where one-time sign-in links wait, hashed, for the server to redeem them."""
        return self.resolved_key_dir() / "signin-links"

    def role_map(self) -> dict[str, str]:
        """`oidc_role_map` as {group: role}; ValueError for a pair without `=`."""
        pairs = [p.strip() for p in self.oidc_role_map.split(",") if p.strip()]
        if any("=" not in p for p in pairs):
            raise ValueError("DISCLOSURE_OIDC_ROLE_MAP pairs are GROUP=ROLE")
        return {g.strip(): r.strip() for g, r in (p.split("=", 1) for p in pairs)}

    def origin(self) -> str:
        """The checkpoint origin line: names this log and no other."""
        return self.log_origin or f"disclosure-ledger/{self.council}"
