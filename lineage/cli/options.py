"""What every command shares: `--db`, the settings and the ledger it works on, the error console."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click
from rich.console import Console

from lineage.log.note import NoteError
from lineage.registry.keys import KeysMissing
from lineage.service import Service, initialise, open_service
from lineage.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])
err = Console(stderr=True)


def db_option(command: F) -> F:
    """`--db URL` on every command; otherwise `DISCLOSURE_DATABASE_URL` or the default."""
    return click.option(
        "--db",
        "database_url",
        envvar="DISCLOSURE_DATABASE_URL",
        help="Database URL (default: sqlite:///disclosure.db).",
    )(command)


def settings_for(database_url: str | None) -> Settings:
    return Settings(database_url=database_url) if database_url else Settings()


def initialised(database_url: str | None) -> Service:
    """`initialise` for a command: a malformed `DISCLOSURE_WITNESSES` is a clear error."""
    try:
        return initialise(settings_for(database_url))
    except NoteError as error:
        raise click.ClickException(f"DISCLOSURE_WITNESSES: {error}") from None


def service_for(database_url: str | None) -> Service:
    """The ledger a command works on; its connections close when the command ends."""
    try:
        service = open_service(settings_for(database_url))
    except KeysMissing as missing:
        raise click.ClickException(str(missing)) from None
    except NoteError as error:
        raise click.ClickException(f"DISCLOSURE_WITNESSES: {error}") from None
    click.get_current_context().call_on_close(service.engine.dispose)
    return service
