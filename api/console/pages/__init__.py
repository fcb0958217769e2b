"""The console's pages, one module each; `ROUTERS` is what `api.console.install` adds."""

from __future__ import annotations

from fastapi import APIRouter

from api.console.pages import (
    casework,
    decide,
    exceptions,
    explorer,
    home,
    oversight,
    partners,
    people,
    retention,
)

ROUTERS: list[APIRouter] = [
    home.router,
    decide.router,
    casework.router,
    people.router,
    explorer.router,
    partners.router,
    exceptions.router,
    oversight.router,
    retention.router,
]
