"""Rendering DOT to SVG, PNG or PDF with the Graphviz `dot` program: the one module with I/O.

The `graphviz` package runs `dot` without a time limit, and `dot` takes minutes past
about a thousand labelled edges (docs/design.md, Lineage). So the guard is on size: a source
with more edges than `MAX_EDGES` is refused at once with `RenderTooLarge`, and callers
merge or aggregate instead (the diagrams in `visualise.dot` already do).
"""

from __future__ import annotations

from typing import Final

import graphviz  # type: ignore[import-untyped]

FORMATS: Final = frozenset({"svg", "png", "pdf"})
MAX_EDGES: Final = 1000


class RenderError(RuntimeError):
    """A diagram could not be rendered."""


class RenderUnavailable(RenderError):
    """The Graphviz `dot` program is not installed or not on the PATH."""


class RenderTooLarge(RenderError):
    """The source has more edges than `dot` lays out in reasonable time."""


def render(dot_source: str, fmt: str, *, max_edges: int = MAX_EDGES) -> bytes:
    """`dot_source` laid out by `dot` and written as "svg", "png" or "pdf".

    Raises ValueError for another format, `RenderTooLarge` above `max_edges` edges,
    `RenderUnavailable` when `dot` is missing, and `RenderError` when `dot` fails.
    """
    if fmt not in FORMATS:
        raise ValueError(f"cannot render {fmt!r}; choose one of {', '.join(sorted(FORMATS))}")
    edges = dot_source.count("->")
    if edges > max_edges:
        raise RenderTooLarge(f"{edges} edges is more than {max_edges}; merge or aggregate them")
    return _pipe(dot_source, fmt)


def _pipe(dot_source: str, fmt: str) -> bytes:
    try:
        output = graphviz.Source(dot_source, engine="dot").pipe(format=fmt, quiet=True)
    except graphviz.ExecutableNotFound as missing:
        raise RenderUnavailable(
            "the Graphviz 'dot' program was not found; install Graphviz to render diagrams"
        ) from missing
    except graphviz.CalledProcessError as failed:
        detail = (failed.stderr or b"").decode("utf-8", "replace").strip()
        raise RenderError(f"dot failed: {detail or failed}") from failed
    return bytes(output)
