"""A lineage answered as a diagram: DOT source, or drawn by Graphviz as SVG or PNG.

The diagram names partners, never entry ids or subject tokens (`visualise.dot`).
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import Response

from api.problems import MEDIA_TYPE, Problem, refused
from models.errors import FieldError
from visualise.dot import lineage_dot
from visualise.render import RenderError, RenderTooLarge, render

MEDIA_TYPES: Final = {"dot": "text/vnd.graphviz", "svg": "image/svg+xml", "png": "image/png"}
TITLE: Final = "Where this subject's data went"
FAMILY_TITLE: Final = "Where this family's data went"

DIAGRAM_RESPONSES: Final[dict[int | str, dict[str, Any]]] = {
    200: {
        "description": "The lineage: JSON, or with `format` a diagram",
        "content": {media: {"schema": {"type": "string"}} for media in MEDIA_TYPES.values()},
    },
    503: {
        "description": "The diagram could not be drawn (Graphviz unavailable or failed)",
        "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}},
    },
}


def diagram(graph: Any, fmt: str, *, family: bool = False) -> Response:
    """The lineage graph as `fmt` ("dot", "svg" or "png")."""
    source = lineage_dot(graph, title=FAMILY_TITLE if family else TITLE)
    if fmt == "dot":
        return Response(source, media_type=MEDIA_TYPES["dot"])
    try:
        drawn = render(source, fmt)
    except RenderTooLarge as large:
        raise refused([FieldError("format", f"{large}; ask for JSON or DOT")]) from None
    except RenderError as failed:
        raise Problem(503, str(failed), title="The diagram could not be drawn") from None
    return Response(drawn, media_type=MEDIA_TYPES[fmt])
