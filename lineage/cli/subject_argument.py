"""How a command names the subject it is about: SUBJECT as a token, or one identifier to
look it up. Shared by the investigation and report commands; it needs nothing from
`lineage.cli`, so either may import it at the top.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from lineage.investigate import IDENTIFIER_KINDS, lookup_subject, subject_known
from lineage.service import Service

F = TypeVar("F", bound=Callable[..., Any])


def subject_options(command: F) -> F:
    """SUBJECT as a token, or `--local-id`, `--nhs-number` or `--upn` to look it up."""
    for kind in reversed(IDENTIFIER_KINDS):
        flag = "--" + kind.replace("_", "-")
        command = click.option(flag, kind, help=f"Find the subject by {flag[2:]}.")(command)
    return click.argument("subject", required=False)(command)


def resolve_subject(service: Service, token: str | None, identifiers: dict[str, str | None]) -> str:
    """The token the command is about: given, or looked up by exactly one identifier."""
    given = {kind: value for kind, value in identifiers.items() if value}
    if (token is None) == (len(given) != 1):
        raise click.UsageError("give SUBJECT or exactly one of --local-id, --nhs-number, --upn")
    with service.engine.connect() as conn:
        if token is None:
            [(kind, value)] = given.items()
            token = lookup_subject(conn, service.keys, kind, str(value))
            if token is None:
                raise click.ClickException(f"no subject with that {kind.replace('_', ' ')}")
        elif not subject_known(conn, service.keys, token):
            raise click.ClickException(f"no subject {token}")
    return token
