"""Errors as `application/problem+json` (RFC 9457): one shape for every failure.

Routes raise `Problem` (or let the ledger's own errors through: `EntryRefused` → 422,
`BatchRefused` → 422 with every item's errors, `Conflict` → 409, `NotFound` → 404);
`install` maps each to a problem response. Validation errors carry
`errors: [{"field": "subjects[0].nhs_number", "message": …}]`, paths as the client wrote
them. Nothing internal (a stack trace, a SQL message) ever reaches the client.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from lineage.ledger.store import BatchRefused, Conflict, NotFound
from models.errors import EntryRefused, FieldError, IdentifierConflict, field_error

MEDIA_TYPE: Final = "application/problem+json"
TYPE_PREFIX: Final = "urn:disclosure-ledger:problem:"

TITLES: Final[dict[int, tuple[str, str]]] = {
    400: ("bad-request", "Bad request"),
    401: ("unauthenticated", "Missing or invalid API key"),
    403: ("forbidden", "Your role may not do this"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    409: ("conflict", "Conflict"),
    413: ("too-large", "Request too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
    422: ("refused", "The request was refused"),
    500: ("internal", "Internal error"),
}


class ProblemError(BaseModel):
    """One refused field: its path in the request and why."""

    field: str = Field(examples=["subjects[0].nhs_number"])
    message: str = Field(examples=["not a valid NHS number (check digit)"])


class ProblemDetail(BaseModel):
    """An error response (RFC 9457)."""

    type: str = Field(examples=[TYPE_PREFIX + "refused"])
    title: str = Field(examples=["The request was refused"])
    status: int = Field(examples=[422])
    detail: str = Field(examples=["1 field was refused; nothing was stored"])
    errors: list[ProblemError] | None = None
    request_id: str | None = None


class Problem(Exception):
    """Raise from a route to answer with a problem response."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        title: str | None = None,
        errors: Sequence[FieldError] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title or TITLES.get(status, ("error", "Error"))[1]
        self.errors = list(errors)
        self.headers = dict(headers or {})


def problem_body(
    status: int, detail: str, *, title: str | None = None, errors: Sequence[FieldError] = ()
) -> dict[str, Any]:
    """The JSON of a problem response."""
    slug, default_title = TITLES.get(status, ("error", "Error"))
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + slug,
        "title": title or default_title,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = [e.as_dict() for e in errors]
    return body


def problem_response(request: Request | None, problem: Problem) -> JSONResponse:
    body = problem_body(problem.status, problem.detail, title=problem.title, errors=problem.errors)
    request_id = getattr(request.state, "request_id", None) if request else None
    if request_id:
        body["request_id"] = request_id
    return JSONResponse(body, problem.status, headers=problem.headers, media_type=MEDIA_TYPE)


def refused(errors: Sequence[FieldError]) -> Problem:
    """422 for refused input, naming each field."""
    count = len(errors)
    noun = "field was" if count == 1 else "fields were"
    return Problem(422, f"{count} {noun} refused; nothing was stored", errors=errors)


def batch_refused(items: Iterable[tuple[int, Sequence[FieldError]]], list_field: str) -> Problem:
    """422 for a batch: every refused item's errors, under `list_field[i].`."""
    errors = [
        FieldError(_join(f"{list_field}[{index}]", e.field), e.message)
        for index, item_errors in items
        for e in item_errors
    ]
    indexes = sorted({index for index, _ in items})
    detail = f"{len(indexes)} item(s) refused (at {indexes}); nothing of the batch was stored"
    return Problem(422, detail, errors=errors)


def _join(prefix: str, field: str) -> str:
    if not field:
        return prefix
    return prefix + field if field.startswith("[") else f"{prefix}.{field}"


_LOCATIONS = ("body", "query", "path", "header", "cookie")


def validation_errors(exc: RequestValidationError) -> list[FieldError]:
    """FastAPI's validation errors with paths as the client wrote them (`body.` dropped)."""
    found: list[FieldError] = []
    for error in exc.errors():
        loc = tuple(error.get("loc", ()))
        if loc and loc[0] in _LOCATIONS:
            loc = loc[1:]
        detail = {"type": error.get("type", ""), "msg": error.get("msg", ""), "loc": loc}
        converted = field_error(detail)  # type: ignore[arg-type]
        if converted not in found:
            found.append(converted)
    return found


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return problem_response(request, exc)


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers or {})
    return problem_response(request, Problem(exc.status_code, str(exc.detail), headers=headers))


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return problem_response(request, refused(validation_errors(exc)))


async def _on_refused(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, EntryRefused)
    return problem_response(request, refused(exc.errors))


async def _on_identifier_conflict(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, IdentifierConflict)
    detail = "an identifier belongs to another subject or differs from the one recorded"
    return problem_response(request, Problem(409, detail, errors=exc.errors))


async def _on_batch(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BatchRefused)
    return problem_response(request, batch_refused(exc.items, "disclosures"))


async def _on_conflict(request: Request, exc: Exception) -> JSONResponse:
    return problem_response(request, Problem(409, str(exc)))


async def _on_not_found(request: Request, exc: Exception) -> JSONResponse:
    return problem_response(request, Problem(404, str(exc)))


HANDLERS: Final[dict[type[Exception], Any]] = {
    Problem: _on_problem,
    StarletteHTTPException: _on_http,
    RequestValidationError: _on_validation,
    EntryRefused: _on_refused,
    IdentifierConflict: _on_identifier_conflict,
    BatchRefused: _on_batch,
    Conflict: _on_conflict,
    NotFound: _on_not_found,
}
"""Each known failure and the problem response it becomes."""


def install(app: FastAPI) -> None:
    """Answer every known failure as a problem response (the 500 catch-all is middleware)."""
    for exc_class, handler in HANDLERS.items():
        app.add_exception_handler(exc_class, handler)


DESCRIPTIONS: Final[dict[int, str]] = {
    401: "No API key, or a key that is unknown or revoked",
    403: "The key's role may not do this",
    404: "Not found",
    409: "The entry id or code is already used for something else",
    413: "The request body or the batch is too large",
    422: "Refused: each refused field is named in `errors`; nothing was stored",
}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` documenting these error statuses as problem+json."""
    schema = {"$ref": "#/components/schemas/ProblemDetail"}
    return {
        status: {
            "description": DESCRIPTIONS.get(status, TITLES[status][1]),
            "content": {MEDIA_TYPE: {"schema": schema}},
        }
        for status in statuses
    }
