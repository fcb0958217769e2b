"""The outermost layer of every request: its id, its size limit, its log line, and the 500s.

Plain ASGI (no per-request task or body buffering): the request id is taken from
`X-Request-ID` when well formed, else generated, and sent back on every response; a body over
`max_request_bytes` is refused with 413 (by its Content-Length before it is read, or while it
is read); any exception no handler answered is logged with the request id and answered with a
bare 500 problem — never a stack trace or a database message.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any, Final

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.logs import escaped, request_id
from api.problems import MEDIA_TYPE, problem_body

log = logging.getLogger("api.requests")
WELL_FORMED: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
HEADER: Final = b"x-request-id"


class BodyTooLarge(HTTPException):
    """The request body is over the limit (413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over {limit} bytes")


def choose_request_id(scope: Scope) -> str:
    """The client's `X-Request-ID` if well formed, else a new one."""
    for name, value in scope.get("headers", []):
        if name == HEADER:
            text = bytes(value).decode("latin-1")
            if WELL_FORMED.fullmatch(text):
                return text
    return uuid.uuid4().hex


def _shown(scope: Scope) -> tuple[str, str]:
    """The method and path as a log line may show them: escaped (see `api.logs`)."""
    return escaped(str(scope["method"])), escaped(str(scope["path"]))


def declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length" and value.isdigit():
            return int(value)
    return None


class RequestContext:
    """Request id, body size limit, one log line per request and the catch-all 500."""

    def __init__(self, app: ASGIApp, *, max_request_bytes: int) -> None:
        self.app = app
        self.limit = max_request_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = choose_request_id(scope)
        token = request_id.set(rid)
        scope.setdefault("state", {})["request_id"] = rid
        exchange = _Exchange(rid, send)
        started = time.perf_counter()
        try:
            await self._serve(scope, receive, exchange)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            log.info("%s %s %s %.1fms", *_shown(scope), exchange.status, elapsed)
            request_id.reset(token)

    async def _serve(self, scope: Scope, receive: Receive, exchange: _Exchange) -> None:
        length = declared_length(scope)
        if length is not None and length > self.limit:
            await exchange.problem(413, f"the request body is over {self.limit} bytes")
            return
        try:
            await self.app(scope, self._limited(receive), exchange.send)
        except Exception:
            log.exception("unhandled error in %s %s", *_shown(scope))
            if not exchange.started:
                await exchange.problem(500, f"an internal error occurred (request {exchange.rid})")

    def _limited(self, receive: Receive) -> Receive:
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise BodyTooLarge(self.limit)
            return message

        return limited


class _Exchange:
    """The response side: adds the request id and remembers the status."""

    def __init__(self, rid: str, send: Send) -> None:
        self.rid = rid
        self.downstream = send
        self.status: int | str = "-"
        self.started = False

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
            self.status = message["status"]
            headers = [h for h in message.get("headers", []) if h[0].lower() != HEADER]
            message = {**message, "headers": [*headers, (HEADER, self.rid.encode())]}
        await self.downstream(message)

    async def problem(self, status: int, detail: str) -> None:
        body: dict[str, Any] = {**problem_body(status, detail), "request_id": self.rid}
        data = json.dumps(body).encode()
        headers = [
            (b"content-type", MEDIA_TYPE.encode()),
            (b"content-length", str(len(data)).encode()),
        ]
        await self.send({"type": "http.response.start", "status": status, "headers": headers})
        await self.send({"type": "http.response.body", "body": data})
