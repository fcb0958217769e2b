"""The API's documentation pages, Swagger UI at `/docs` and ReDoc at `/redoc`, served offline.

FastAPI's own pages load their scripts and styles from a CDN, which a council network may
block: the page is then blank. Here the assets come from the `fastapi-offline` package's
static folder, served by the app itself under `/docs/assets`, so the pages need nothing but
this server.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Final

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS: Final = "/docs/assets"
ASSET_FILES: Final = ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js")


def asset_folder() -> Path:
    """The folder of the packaged Swagger UI and ReDoc files."""
    return Path(str(files("fastapi_offline") / "static"))


def install(app: FastAPI) -> None:
    """Serve `/docs`, `/redoc` and their assets (create the app with docs_url=None)."""
    app.mount(ASSETS, StaticFiles(directory=asset_folder()), name="docs-assets")
    title = f"{app.title} API"
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=title,
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon.png",
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi_url,
            title=title,
            redoc_js_url=f"{ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS}/favicon.png",
            with_google_fonts=False,
        )
