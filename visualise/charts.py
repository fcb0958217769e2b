"""Inline SVG bar charts for the board pack: this period beside the previous one.

Pure and deterministic: the same rows give the same markup. No scripts, no fonts or
images fetched, so the board pack stays one self-contained file that prints as shown.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Final

CURRENT_FILL: Final = "#1f4e79"
PREVIOUS_FILL: Final = "#9ecae1"
TEXT: Final = "#263238"
WIDTH: Final = 720
LABEL_WIDTH: Final = 250
VALUE_ROOM: Final = 60
ROW_HEIGHT: Final = 40
BAR_HEIGHT: Final = 13
TOP: Final = 34
LABEL_CHARACTERS: Final = 38


@dataclass(frozen=True)
class Bar:
    """One row of a paired bar chart: a label and its counts in both periods."""

    label: str
    current: int
    previous: int


def paired_bar_chart(
    bars: Sequence[Bar], *, title: str, current_name: str, previous_name: str
) -> str:
    """An SVG chart with one row per bar: this period (dark) above the previous (light)."""
    height = TOP + ROW_HEIGHT * max(len(bars), 1) + 8
    largest = max([bar.current for bar in bars] + [bar.previous for bar in bars] + [0])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'font-family="Helvetica, Arial, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        *_legend(current_name, previous_name),
    ]
    parts += [_row(bar, index, largest) for index, bar in enumerate(bars)]
    if not bars:
        parts.append(_text(LABEL_WIDTH, TOP + 20, "Nothing recorded in either period"))
    parts.append("</svg>")
    return "".join(parts)


def _legend(current_name: str, previous_name: str) -> list[str]:
    return [
        _rect(LABEL_WIDTH, 8, 14, 12, CURRENT_FILL),
        _text(LABEL_WIDTH + 20, 18, current_name),
        _rect(LABEL_WIDTH + 240, 8, 14, 12, PREVIOUS_FILL),
        _text(LABEL_WIDTH + 260, 18, previous_name),
    ]


def _row(bar: Bar, index: int, largest: int) -> str:
    top = TOP + ROW_HEIGHT * index
    lines = textwrap.wrap(bar.label, LABEL_CHARACTERS, max_lines=2, placeholder="…")
    label_top = top + (19 if len(lines) == 1 else 12)
    labels = [
        _text(LABEL_WIDTH - 8, label_top + 14 * n, line, "end") for n, line in enumerate(lines)
    ]
    current = _bar(top + 4, bar.current, largest, CURRENT_FILL)
    previous = _bar(top + 4 + BAR_HEIGHT + 2, bar.previous, largest, PREVIOUS_FILL)
    return "<g>" + "".join(labels) + current + previous + "</g>"


def _bar(top: int, value: int, largest: int, fill: str) -> str:
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    length = room * value / largest if largest > 0 else 0.0
    rect = _rect(LABEL_WIDTH, top, length, BAR_HEIGHT, fill)
    return rect + _text(LABEL_WIDTH + length + 5, top + BAR_HEIGHT - 2, f"{value:,}")


def _rect(x: float, y: float, width: float, height: float, fill: str) -> str:
    return (
        f'<rect x="{_number(x)}" y="{_number(y)}" width="{_number(width)}" '
        f'height="{_number(height)}" fill="{fill}"/>'
    )


def _text(x: float, y: float, text: str, anchor: str = "start") -> str:
    return (
        f'<text x="{_number(x)}" y="{_number(y)}" fill="{TEXT}" '
        f'text-anchor="{anchor}">{escape(text)}</text>'
    )


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")
