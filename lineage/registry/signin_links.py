"""One-time sign-in links for the console when no OpenID Connect provider is configured.

A link carries a random secret; only its SHA-256 is kept, as the name of a small file in the
link folder holding the role, the name to record and the expiry. Redeeming deletes the file
first, so a link works once even when two requests race (only one deletion succeeds), and
an expired link is refused. The command line issues links; the server redeems them.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path


@dataclass(frozen=True)
class LinkHolder:
    """Who a redeemed link signs in: a role and the name the access log records."""

    role: str
    name: str


def _path(folder: Path, secret: str) -> Path:
    return folder / hashlib.sha256(secret.encode()).hexdigest()


def issue(folder: Path, *, role: str, name: str, minutes: float) -> str:
    """A new link secret for `role`, usable once within `minutes`; only its hash is stored."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    secret = secrets.token_urlsafe(32)
    expires = datetime.now(UTC) + timedelta(minutes=minutes)
    record = {"role": role, "name": name, "expires": expires.isoformat()}
    descriptor = os.open(_path(folder, secret), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as out:
        json.dump(record, out)
    return secret


def redeem(folder: Path, secret: str) -> LinkHolder | None:
    """The holder of a live link, which is used up; None if unknown, used or expired."""
    if not secret or len(secret) > 100:
        return None
    path = _path(folder, secret)
    try:
        record = json.loads(path.read_text())
        path.unlink()  # the one redemption: a racing second request finds nothing to unlink
    except (OSError, ValueError):
        return None
    if datetime.fromisoformat(record["expires"]) < datetime.now(UTC):
        return None
    return LinkHolder(str(record["role"]), str(record["name"]))


def sweep(folder: Path) -> int:
    """Delete expired links; how many went."""
    gone = 0
    for path in folder.glob("*") if folder.is_dir() else []:
        try:
            expires = datetime.fromisoformat(json.loads(path.read_text())["expires"])
            if expires < datetime.now(UTC):
                path.unlink()
                gone += 1
        except (OSError, ValueError, KeyError):
            continue
    return gone
