"""Pages: Jinja2 templates from this package, autoescaped, with what every page shows.

Every page gets the signed-in user (or None), the session's CSRF token for its forms, and
the navigation the user's role may follow. A refusal is a page too, with its status.
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from api.console.session import ConsoleUser, csrf_token, signed_in
from api.permissions import Permission, allows

ENV: Final = Environment(
    loader=PackageLoader("api.console", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)

NAVIGATION: Final = (
    ("/", "Home", None),
    ("/decide", "May I share?", Permission.APPEND),
    ("/disclosures", "Disclosures", Permission.READ_ENTRIES),
    ("/exceptions", "Exceptions", Permission.EXCEPTIONS),
    ("/cases", "Casework", Permission.CASES_DUE),
    ("/partners", "Partners", Permission.READ_REGISTRY),
    ("/board", "Board", Permission.REPORTS),
    ("/retention", "Retention", Permission.REPORTS),
    ("/integrity", "Integrity", Permission.READ_LEDGER),
    ("/audit", "Audit", Permission.READ_ACCESS_LOG),
)


def navigation(user: ConsoleUser | None) -> list[tuple[str, str]]:
    """The links the user's role may follow."""
    if user is None:
        return []
    return [(href, label) for href, label, p in NAVIGATION if p is None or allows(user.role, p)]


def page(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """`template` rendered for this request's user."""
    user = signed_in(request)
    html = ENV.get_template(template).render(
        user=user,
        csrf=csrf_token(request) if user else "",
        nav=navigation(user),
        path=request.url.path,
        **context,
    )
    return HTMLResponse(html, status_code=status)


def refusal(request: Request, status: int, message: str) -> HTMLResponse:
    """An error page: what went wrong, in words, never a traceback."""
    return page(request, "refused.html", status=status, status_code=status, message=message)
