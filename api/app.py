"""The app factory: everything is built from the `Settings` handed in, nothing at import."""

from __future__ import annotations

from fastapi import FastAPI

from lineage.service import open_service
from lineage.settings import Settings


def create_app(settings: Settings) -> FastAPI:
    """A FastAPI app over the ledger the settings name (which must be initialised)."""
    service = open_service(settings)
    app = FastAPI(
        title="Disclosure Ledger",
        version="0.1.0",
        description="A tamper-evident record of every share of a child's or family's data.",
    )
    app.state.service = service

    @app.get("/health", tags=["service"], summary="Liveness and the ledger's size")
    def health() -> dict[str, object]:
        size, _ = service.ledger.head()
        return {"status": "ok", "tree_size": size}

    return app
