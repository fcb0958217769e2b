"""A witness's HTTP face (C2SP tlog-witness): `POST /add-checkpoint` and, for anyone to fetch,
`GET /checkpoint?origin=…`. The protocol itself is `lineage.log.witness`.

Refusals are problem documents naming the part of the request at fault, except a `409`,
whose body is the witness's size as `text/x.tlog.size` — what tlog-witness prescribes.
"""

from __future__ import annotations

import time
from typing import Final

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response

from api import problems
from api.problems import Problem, problem_response
from lineage.log.witness import Refusal, Witness
from models.errors import FieldError

SIZE_MEDIA_TYPE: Final = "text/x.tlog.size"
MAX_BODY_BYTES: Final = 64 * 1024
FIELDS: Final = {400: "body", 403: "checkpoint.signatures", 404: "checkpoint.origin", 422: "proof"}


def create_witness_app(witness: Witness) -> FastAPI:
    """The witness's app over its state (see `disclosure witness serve`)."""
    app = FastAPI(title="Disclosure Ledger witness", version="0.1.0", docs_url=None)
    problems.install(app)

    @app.post(
        "/add-checkpoint",
        response_class=PlainTextResponse,
        summary="Cosign a checkpoint consistent with the one this witness holds (tlog-witness)",
    )
    async def add_checkpoint(request: Request) -> Response:
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return _refused(request, Refusal(400, f"the body is over {MAX_BODY_BYTES} bytes"))
        try:
            line = witness.add_checkpoint(body, int(time.time()))
        except Refusal as refusal:
            return _refused(request, refusal)
        return PlainTextResponse(line)

    @app.get(
        "/checkpoint",
        response_class=PlainTextResponse,
        summary="The newest checkpoint this witness cosigned for a log, with its cosignature",
    )
    def checkpoint(request: Request, origin: str) -> Response:
        latest = witness.latest_note(origin)
        if latest is None:
            problem = Problem(
                404,
                "this witness has cosigned nothing for that log",
                errors=[FieldError("origin", f"no checkpoint cosigned for {origin!r}")],
            )
            return problem_response(request, problem)
        return PlainTextResponse(latest, headers={"Cache-Control": "no-store"})

    return app


def _refused(request: Request, refusal: Refusal) -> Response:
    if refusal.status == 409 and refusal.size is not None:
        return Response(f"{refusal.size}\n", 409, media_type=SIZE_MEDIA_TYPE)
    field = FIELDS.get(refusal.status, "body")
    problem = Problem(refusal.status, refusal.message, errors=[FieldError(field, refusal.message)])
    return problem_response(request, problem)
