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
    """One row of a paired bar chart: a label and its counts in both periods, and the counts
    as they may be published (`visualise.disclosure_control`); a count published as words
    ("fewer than 5", "withheld") is drawn as no bar, so its length gives nothing away."""

    label: str
    current: int
    previous: int
    current_text: str | None = None
    previous_text: str | None = None


def paired_bar_chart(
    bars: Sequence[Bar], *, title: str, current_name: str, previous_name: str | None
) -> str:
    """An SVG chart with one row per bar: this period (dark) above the previous (light);
    with no `previous_name`, this period alone."""
    height = TOP + ROW_HEIGHT * max(len(bars), 1) + 8
    largest = max(
        [bar.current for bar in bars if _drawn(bar.current_text)]
        + [bar.previous for bar in bars if _drawn(bar.previous_text)]
        + [0]
    )
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


def _legend(current_name: str, previous_name: str | None) -> list[str]:
    current = [
        _rect(LABEL_WIDTH, 8, 14, 12, CURRENT_FILL),
        _text(LABEL_WIDTH + 20, 18, current_name),
    ]
    if previous_name is None:
        return current
    return [
        *current,
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
    current = _bar(top + 4, bar.current, bar.current_text, largest, CURRENT_FILL)
    previous = (
        ""
        if bar.previous_text == ""
        else _bar(top + 4 + BAR_HEIGHT + 2, bar.previous, bar.previous_text, largest, PREVIOUS_FILL)
    )
    return "<g>" + "".join(labels) + current + previous + "</g>"


def _bar(top: int, value: int, text: str | None, largest: int, fill: str) -> str:
    """A bar and its count; a count published as words gets no bar. `text` None: the number."""
    drawn = _drawn(text)
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    length = room * value / largest if largest > 0 and drawn else 0.0
    rect = _rect(LABEL_WIDTH, top, length, BAR_HEIGHT, fill)
    label = f"{value:,}" if text is None else text
    return rect + _text(LABEL_WIDTH + length + 5, top + BAR_HEIGHT - 2, label)


def _drawn(text: str | None) -> bool:
    """Whether a count is drawn as a bar: it is published as a number (the scale is set by
    drawn bars only, so a withheld count's size cannot be read off the others)."""
    return text is None or text[:1].isdigit()


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
