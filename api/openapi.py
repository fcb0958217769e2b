"""The OpenAPI document: request bodies the ledger validates itself, and their schemas.

Appending routes hand the client's JSON to the ledger unparsed (the store validates it once
and fingerprints exactly what was sent, for idempotency), so FastAPI cannot see their body
models. `json_body` documents such a body; `install` adds those models (and the problem
shape) to the document's components.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

REF = "#/components/schemas/{model}"


def json_body(
    model: type[BaseModel],
    *,
    example: Mapping[str, Any] | None = None,
    description: str = "",
) -> dict[str, Any]:
    """`openapi_extra` for a route reading a JSON object it validates as `model`."""
    content: dict[str, Any] = {"schema": {"$ref": REF.format(model=model.__name__)}}
    if example is not None:
        content["example"] = dict(example)
    body = {"required": True, "content": {"application/json": content}}
    if description:
        body["description"] = description
    return {"requestBody": body}


def add_model(components: dict[str, Any], model: type[BaseModel]) -> None:
    """Add `model` (validation form) and the models it refers to, keeping existing ones."""
    schema = model.model_json_schema(ref_template=REF, mode="validation")
    for name, definition in schema.pop("$defs", {}).items():
        components.setdefault(name, definition)
    components.setdefault(model.__name__, schema)


def install(app: FastAPI, models: Iterable[type[BaseModel]]) -> None:
    """Build the document once, on first request, with `models` among its components."""
    extra = list(models)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
                tags=app.openapi_tags,
            )
            components = document.setdefault("components", {}).setdefault("schemas", {})
            for model in extra:
                add_model(components, model)
            app.openapi_schema = document
        return app.openapi_schema

    setattr(app, "openapi", openapi)  # noqa: B010 - FastAPI's documented way to customise
