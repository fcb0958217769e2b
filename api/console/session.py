"""Who is signed in to the console, from the signed session cookie, and the CSRF check.

The session cookie is signed (itsdangerous, keyed from the ledger's own HMAC key), HttpOnly,
SameSite=Lax and Secure unless configured otherwise; it holds the user's name and role and a
random CSRF token. Every form carries the token and every POST is checked against it in
constant time (OWASP CSRF Prevention: synchronizer token pattern).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from fastapi import Request

from lineage.registry.apikeys import ROLES, Principal

CONSOLE_KEY_ID = 0
"""The `key_id` of a console principal: it signed in, it holds no API key."""


@dataclass(frozen=True)
class ConsoleUser:
    """A person signed in to the console with one role."""

    name: str
    role: str

    def principal(self) -> Principal:
        """The principal the access log and the ledger record (`role:name`)."""
        return Principal(CONSOLE_KEY_ID, self.name, self.role)


class NotSignedIn(Exception):
    """The request needs a signed-in user; the console answers with the sign-in page."""


class Forbidden(Exception):
    """The user's role may not do this (403), or a form failed its CSRF check."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def signed_in(request: Request) -> ConsoleUser | None:
    """The session's user, or None."""
    session: dict[str, Any] = request.scope.get("session") or {}
    user = session.get("user")
    if not isinstance(user, dict) or user.get("role") not in ROLES:
        return None
    return ConsoleUser(str(user.get("name")), str(user["role"]))


def sign_in(request: Request, user: ConsoleUser) -> None:
    """Start a fresh session for `user`, with a new CSRF token (no session fixation)."""
    request.session.clear()
    request.session["user"] = {"name": user.name, "role": user.role}
    request.session["csrf"] = secrets.token_urlsafe(32)


def sign_out(request: Request) -> None:
    request.session.clear()


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made if missing)."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


async def checked_form(request: Request) -> dict[str, str]:
    """The POSTed form's fields (first value of each); Forbidden unless its `csrf` matches."""
    body = (await request.body()).decode("utf-8", errors="replace")
    fields = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
    expected = request.session.get("csrf")
    given = fields.get("csrf", "")
    if not isinstance(expected, str) or not hmac.compare_digest(expected, given):
        raise Forbidden("the form was not sent from this console; reload the page and try again")
    return fields
