"""The console's command: a one-time sign-in link, for a demo or a ledger without a provider."""

from __future__ import annotations

import click

from lineage.cli.options import db_option, service_for
from lineage.registry import apikeys, signin_links


@click.command("console-link")
@click.option("--role", required=True, type=click.Choice(apikeys.ROLES))
@click.option("--name", default=None, help="Who signs in, as the access log records it.")
@click.option(
    "--base-url", default="http://127.0.0.1:8000", show_default=True, help="The console's URL."
)
@db_option
def console_link(role: str, name: str | None, base_url: str, database_url: str | None) -> None:
    """Print a sign-in link to the web console for ROLE: it works once, and only for
    DISCLOSURE_SIGNIN_LINK_MINUTES (15 by default). Only its hash is kept.

    Example: disclosure console-link --role investigator
    """
    settings = service_for(database_url).settings
    secret = signin_links.issue(
        settings.resolved_signin_link_dir(),
        role=role,
        name=name or f"link-{role}",
        minutes=settings.signin_link_minutes,
    )
    click.echo(f"{base_url.rstrip('/')}/sign-in/link?code={secret}")
