"""A diagram answered over HTTP: DOT as itself, or drawn by Graphviz as SVG or PNG, with
the same refusal when it is too large to draw and the same 503 when it cannot be drawn.

The DOT and its title come from `visualise`; a lineage diagram names partners, never entry
ids or subject tokens.
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import Response

from api.problems import MEDIA_TYPE, Problem, refused
from models.errors import FieldError
from visualise.documents import lineage_diagram
from visualise.render import RenderError, RenderTooLarge, render

DIAGRAM_MEDIA_TYPES: Final = {
    "dot": "text/vnd.graphviz",
    "svg": "image/svg+xml",
    "png": "image/png",
}

DIAGRAM_RESPONSES: Final[dict[int | str, dict[str, Any]]] = {
    200: {
        "description": "The lineage: JSON, or with `format` a diagram",
        "content": {
            media: {"schema": {"type": "string"}} for media in DIAGRAM_MEDIA_TYPES.values()
        },
    },
    503: {
        "description": "The diagram could not be drawn (Graphviz unavailable or failed)",
        "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}},
    },
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


def lineage_drawn(graph: Any, fmt: str, *, family: bool = False) -> Response:
    """A subject's (or family's) lineage graph as `fmt` ("dot", "svg" or "png")."""
    return drawn(lineage_diagram(graph, family=family), fmt, instead="JSON or DOT")
