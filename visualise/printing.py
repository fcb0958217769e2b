"""How big a diagram's text is when a letter is printed on A4.

The letter (`visualise/templates/report.css`) prints on A4 with 14 mm side margins, and an
inlined SVG wider than the text is scaled down to fit it, so its text shrinks with it. A
parent must be able to read every label: none may print smaller than `SMALLEST_PRINTED_PT`.
"""

from __future__ import annotations

import re
from typing import Final

A4_TEXT_WIDTH_PT: Final = 500.0
"""A4's 210 mm less two 14 mm margins and the figure's padding (about 505 pt), rounded down."""
SMALLEST_PRINTED_PT: Final = 8.0

_SVG_WIDTH: Final = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)pt"')


def svg_width_pt(svg: str) -> float:
    """The width Graphviz gave an SVG, in points; ValueError if it has none."""
    found = _SVG_WIDTH.search(svg)
    if found is None:
        raise ValueError("expected an SVG with its width in points")
    return float(found.group(1))


def printed_size(svg: str, font_size: float) -> float:
    """The size text of `font_size` points in `svg` prints at on A4."""
    return font_size * min(1.0, A4_TEXT_WIDTH_PT / svg_width_pt(svg))


def legible(svg: str, smallest_font: float) -> bool:
    """Whether the smallest text in `svg` prints at `SMALLEST_PRINTED_PT` or more."""
    return printed_size(svg, smallest_font) >= SMALLEST_PRINTED_PT
