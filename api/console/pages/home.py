"""The home page: find a person (for roles that may look subjects up) and the pages to go to."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.console.guards import SignedIn
from api.console.render import page
from api.permissions import Permission, allows

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, user: SignedIn) -> HTMLResponse:
    return page(request, "home.html", can_find=allows(user.role, Permission.LOOKUP_SUBJECT))
