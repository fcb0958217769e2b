"""A diagram answered over HTTP: DOT as itself, or drawn by Graphviz as SVG or PNG, with
the same refusal when it is too large to draw and the same 503 when it cannot be drawn.
"""

from __future__ import annotations

from typing import Final

from fastapi import Response

from api.problems import Problem, refused
from models.errors import FieldError
from visualise.render import RenderError, RenderTooLarge, render

DIAGRAM_MEDIA_TYPES: Final = {
    "dot": "text/vnd.graphviz",
    "svg": "image/svg+xml",
    "png": "image/png",
}


def drawn(source: str, fmt: str, *, instead: str) -> Response:
    """DOT as itself, or laid out by Graphviz as `fmt` ("svg" or "png").

    422 on `format` if too large to draw, suggesting `instead`; 503 if it could not be drawn.
    """
    if fmt == "dot":
        return Response(source, media_type=DIAGRAM_MEDIA_TYPES["dot"])
    try:
        return Response(render(source, fmt), media_type=DIAGRAM_MEDIA_TYPES[fmt])
    except RenderTooLarge as large:
        raise refused([FieldError("format", f"{large}; ask for {instead}")]) from None
    except RenderError as failed:
        raise unavailable(failed) from None


def unavailable(failed: RenderError) -> Problem:
    return Problem(503, str(failed), title="The diagram could not be drawn")
