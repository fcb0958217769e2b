"""The DPO's web console, served at `/` by the API's own application (the API stays at /v1).

Server-rendered HTML (Jinja2), no script; its one stylesheet is served from this package.
`install` adds the session middleware, the pages and the sign-in routes to an app.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable
from typing import Final

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from api.console import pages, signin
from api.console.render import refusal
from api.console.session import Forbidden, NotSignedIn
from lineage.service import Service

SECURITY_HEADERS: Final = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
    "style-src 'self'; script-src 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def session_secret(service: Service) -> str:
    """The session cookie's signing key: derived from the ledger's HMAC key, never stored."""
    return hmac.new(service.keys.hmac_key, b"console-session", hashlib.sha256).hexdigest()


def install(app: FastAPI, service: Service) -> None:
    """Serve the console from `app`."""
    settings = service.settings
    app.state.console_oauth = signin.oauth_for(settings)
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(service),
        session_cookie="console_session",
        max_age=int(settings.console_session_minutes * 60),
        same_site="lax",
        https_only=settings.console_secure_cookies,
    )
    app.mount("/static", StaticFiles(packages=[("api.console", "static")]), name="static")
    app.include_router(signin.router)
    for router in pages.ROUTERS:
        app.include_router(router)
    app.add_exception_handler(NotSignedIn, _to_sign_in)  # type: ignore[arg-type]
    app.add_exception_handler(Forbidden, _forbidden)  # type: ignore[arg-type]

    @app.middleware("http")
    async def headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        if not request.url.path.startswith("/v1"):
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
        return response


async def _to_sign_in(request: Request, _: NotSignedIn) -> Response:
    return RedirectResponse("/sign-in", status_code=303)


async def _forbidden(request: Request, refused: Forbidden) -> Response:
    return refusal(request, 403, refused.message)
