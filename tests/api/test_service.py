"""What every response shares: problem errors, request ids, logs without secrets, the docs."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from fastapi import FastAPI

from api.examples import DISCLOSURE
from tests.api.routes import guarded_routes
from tests.factories import DESIGN_EXAMPLE, NHS_NUMBER


def test_an_unexpected_error_is_a_bare_500_logged_with_its_request_id(
    app: FastAPI, client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    @app.get("/v1/broken")
    def broken() -> None:
        raise RuntimeError("SELECT secret FROM somewhere failed")

    with caplog.at_level(logging.ERROR, logger="api"):
        response = client.get("/v1/broken", headers={"X-Request-ID": "trace-500"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["request_id"] == "trace-500"
    assert "SELECT" not in response.text and "Traceback" not in response.text
    logged = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert logged and all(getattr(r, "request_id", None) == "trace-500" for r in logged)


def test_logs_carry_request_ids_but_never_keys_or_identifiers(
    as_role: Any, keys: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="api"):
        as_role("investigator").get("/v1/subjects/lookup", params={"nhs_number": NHS_NUMBER})
    lines = [record.getMessage() for record in caplog.records]
    assert any("/v1/subjects/lookup" in line for line in lines)
    assert all(getattr(r, "request_id", "-") != "-" for r in caplog.records)
    for secret in (*keys.values(), NHS_NUMBER):
        assert not any(secret in line for line in lines)


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]


def test_every_operation_is_documented_with_summary_model_and_problems(
    app: FastAPI, client: Any
) -> None:
    document = client.get("/openapi.json").json()
    guarded = {(method, path) for method, path, _ in guarded_routes(app)}
    missing = []
    for method, path, operation in _operations(document):
        responses = operation["responses"]
        success = [s for s in responses if s.startswith("2")]
        if not operation.get("summary") or not success:
            missing.append(f"{method} {path}: summary or success response")
        if (method, path) in guarded:
            for status in ("401", "403"):
                content = responses.get(status, {}).get("content", {})
                if "application/problem+json" not in content:
                    missing.append(f"{method} {path}: {status} as problem+json")
        if (operation.get("parameters") or "requestBody" in operation) and "422" not in responses:
            missing.append(f"{method} {path}: 422")
        if "requestBody" in operation and "413" not in responses:
            missing.append(f"{method} {path}: 413")
    assert missing == []


def test_the_disclosure_example_is_the_designs(client: Any) -> None:
    document = client.get("/openapi.json").json()
    body = document["paths"]["/v1/disclosures"]["post"]["requestBody"]["content"]
    assert body["application/json"]["example"] == DISCLOSURE == DESIGN_EXAMPLE
    assert "DisclosureIn" in document["components"]["schemas"]


def test_the_docs_page_is_served(client: Any) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert "swagger-ui" in response.text


def test_the_docs_pages_need_no_cdn(client: Any) -> None:
    """Swagger UI and ReDoc load every script and style from this server (council networks)."""
    for page in ("/docs", "/redoc"):
        response = client.get(page)
        assert response.status_code == 200
        sources = re.findall(r'(?:src|href)="([^"]+)"', response.text)
        assert sources, page
        assert all(s.startswith("/") for s in sources), (page, sources)
        for source in sources:
            if source.startswith("/docs/assets/"):
                asset = client.get(source)
                assert asset.status_code == 200 and len(asset.content) > 1000, source
    assert "cdn" not in client.get("/docs").text.lower()
    assert "cdn" not in client.get("/redoc").text.lower()
