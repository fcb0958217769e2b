"""Signing in to the console: the council's OpenID Connect provider, or a one-time link.

With `DISCLOSURE_OIDC_ISSUER` set, `/sign-in/oidc` starts the authorization code flow with
PKCE (RFC 7636, S256) through Authlib, which checks the state, the nonce and the ID token's
signature, issuer and audience (OpenID Connect Core 1.0 §3.1.3.7). The person's role comes
from the configured claim (`DISCLOSURE_OIDC_ROLE_CLAIM`, from the ID token or userinfo)
through `DISCLOSURE_OIDC_ROLE_MAP`; a person in no mapped group is refused. Without a
provider, `disclosure console-link --role R` prints a link that signs in once.
"""

from __future__ import annotations

from typing import Any

from authlib.integrations.base_client.errors import OAuthError  # type: ignore[import-untyped]
from authlib.integrations.starlette_client import OAuth  # type: ignore[import-untyped]
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from api.console.render import page, refusal
from api.console.session import ConsoleUser, checked_form, sign_in, sign_out
from lineage.registry import signin_links
from lineage.registry.apikeys import ROLES
from lineage.settings import Settings

router = APIRouter(include_in_schema=False)
PROVIDER = "council"


def oauth_for(settings: Settings) -> OAuth | None:
    """The provider's client, or None when the console takes links only."""
    if not settings.oidc_issuer:
        return None
    oauth = OAuth()
    oauth.register(
        PROVIDER,
        server_metadata_url=settings.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        client_kwargs={"scope": settings.oidc_scopes, "code_challenge_method": "S256"},
    )
    return oauth


def role_of(claims: dict[str, Any], settings: Settings) -> str | None:
    """The first role (in `ROLES` order) any of the person's groups maps to."""
    given = claims.get(settings.oidc_role_claim)
    groups = {given} if isinstance(given, str) else set(given or [])
    mapping = settings.role_map()
    roles = {mapping[g] for g in groups if isinstance(g, str) and g in mapping}
    return next((role for role in ROLES if role in roles), None)


def display_name(claims: dict[str, Any]) -> str:
    for claim in ("preferred_username", "email", "sub"):
        if isinstance(claims.get(claim), str) and claims[claim]:
            return f"oidc:{claims[claim]}"
    return "oidc:unknown"


@router.get("/sign-in")
async def sign_in_page(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    return page(request, "sign_in.html", provider=bool(settings.oidc_issuer))


@router.get("/sign-in/oidc")
async def start(request: Request) -> Response:
    oauth: OAuth | None = request.app.state.console_oauth
    if oauth is None:
        return refusal(request, 404, "no sign-in provider is configured; ask for a link")
    client = oauth.create_client(PROVIDER)
    redirect = str(request.url_for("oidc_callback"))
    return await client.authorize_redirect(request, redirect)  # type: ignore[no-any-return]


@router.get("/sign-in/callback", name="oidc_callback")
async def callback(request: Request) -> Response:
    oauth: OAuth | None = request.app.state.console_oauth
    settings: Settings = request.app.state.settings
    if oauth is None:
        return refusal(request, 404, "no sign-in provider is configured")
    client = oauth.create_client(PROVIDER)
    try:
        token = await client.authorize_access_token(request)
        claims = dict(token.get("userinfo") or {})
        if settings.oidc_role_claim not in claims:
            claims.update(await client.userinfo(token=token))
    except OAuthError as failed:
        return refusal(request, 401, f"the sign-in did not complete: {failed.error}")
    role = role_of(claims, settings)
    if role is None:
        return refusal(request, 403, "your account is in no group that has a console role")
    sign_in(request, ConsoleUser(display_name(claims), role))
    return RedirectResponse("/", status_code=303)


@router.get("/sign-in/link")
async def link(request: Request, code: str = "") -> Response:
    settings: Settings = request.app.state.settings
    holder = signin_links.redeem(settings.resolved_signin_link_dir(), code)
    if holder is None or holder.role not in ROLES:
        return refusal(request, 401, "this sign-in link is unknown, used or expired")
    sign_in(request, ConsoleUser(holder.name, holder.role))
    return RedirectResponse("/", status_code=303)


@router.post("/sign-out")
async def leave(request: Request) -> Response:
    await checked_form(request)
    sign_out(request)
    return RedirectResponse("/sign-in", status_code=303)
