"""A lineage answered as a diagram: DOT source, or drawn by Graphviz as SVG or PNG.

The diagram names partners, never entry ids or subject tokens (`visualise.dot`).
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import Response

from api.diagrams import DIAGRAM_MEDIA_TYPES, drawn
from api.problems import MEDIA_TYPE
from visualise.dot import lineage_dot

TITLE: Final = "Where this subject's data went"
FAMILY_TITLE: Final = "Where this family's data went"

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


def diagram(graph: Any, fmt: str, *, family: bool = False) -> Response:
    """The lineage graph as `fmt` ("dot", "svg" or "png")."""
    source = lineage_dot(graph, title=FAMILY_TITLE if family else TITLE)
    return drawn(source, fmt, instead="JSON or DOT")
