"""Inline SVG bar charts: valid XML, proportional bars, escaped labels, the same every time."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from visualise.charts import CURRENT_FILL, PREVIOUS_FILL, Bar, paired_bar_chart

SVG = "{http://www.w3.org/2000/svg}"
BARS = [
    Bar("Police", 200, 100),
    Bar("School or academy", 50, 0),
    Bar("Courts & <tribunals>", 0, 25),
]


def chart(bars: list[Bar] = BARS) -> str:
    return paired_bar_chart(bars, title="By type", current_name="Now", previous_name="Before")


def bar_widths(svg: str, fill: str) -> list[float]:
    root = ET.fromstring(svg)
    rects = [rect for rect in root.iter(f"{SVG}rect") if rect.get("fill") == fill]
    return [float(rect.get("width", "0")) for rect in rects[1:]]  # the first is the legend swatch


def test_chart_is_svg_with_a_title_and_both_series() -> None:
    root = ET.fromstring(chart())
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.findtext(f"{SVG}title") == "By type"
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert {"Now", "Before", "Police", "Courts & <tribunals>", "200", "25"} <= set(texts)


def test_bars_are_proportional_to_the_largest_value() -> None:
    current, previous = bar_widths(chart(), CURRENT_FILL), bar_widths(chart(), PREVIOUS_FILL)
    assert current[0] == pytest.approx(2 * previous[0]) == pytest.approx(8 * previous[2], abs=0.5)
    assert current[1] == pytest.approx(previous[0] / 2, abs=0.1)
    assert current[2] == 0 and previous[1] == 0


def test_labels_are_escaped_and_output_is_deterministic() -> None:
    assert "Courts &amp; &lt;tribunals&gt;" in chart()
    assert chart() == chart()


def test_long_labels_are_shortened_to_two_lines() -> None:
    label = "Child protection enquiry under section 47 of the Children Act 1989 and more words"
    root = ET.fromstring(chart([Bar(label, 1, 1)]))
    lines = [
        text.text or "" for text in root.iter(f"{SVG}text") if text.get("text-anchor") == "end"
    ]
    assert len(lines) == 2 and lines[1].endswith("…")


def test_an_empty_chart_says_so() -> None:
    assert "Nothing recorded in either period" in chart([])
