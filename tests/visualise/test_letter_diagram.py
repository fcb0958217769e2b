"""The letter's lineage diagram: laid out to print legibly on A4, one line per pair when
every share's details would not fit."""

from __future__ import annotations

import pytest

from tests.visualise.scenario import lineage_graph
from visualise.documents import letter_diagram
from visualise.dot import LETTER_BRIEF, lineage_dot
from visualise.printing import SMALLEST_PRINTED_PT, legible, printed_size, svg_width_pt

SVG = '<svg width="1000pt" height="300pt" viewBox="0 0 1000 300">'


def test_an_svg_wider_than_the_text_prints_smaller() -> None:
    assert svg_width_pt(SVG) == 1000.0
    assert printed_size(SVG, 10) == 5.0
    assert printed_size(SVG.replace("1000pt", "400pt"), 10) == 10
    assert not legible(SVG, 10) and legible(SVG.replace("1000pt", "600pt"), 10)
    with pytest.raises(ValueError):
        svg_width_pt("<svg>")


def test_the_letters_diagram_prints_at_8_pt_or_more() -> None:
    svg = letter_diagram(lineage_graph())
    assert printed_size(svg, LETTER_BRIEF.label_size) >= SMALLEST_PRINTED_PT
    assert "Riverside Academy" in svg and "Key" not in svg


def test_a_brief_line_carries_its_own_count_and_dates() -> None:
    dot = lineage_dot(lineage_graph(), title="T", layout=LETTER_BRIEF)
    school = next(line for line in dot.splitlines() if '-> "riverside-academy"' in line)
    assert 'label="×6\\n1 Jan 2026 to\\n16 Mar 2026"' in school
    assert "xlabel" not in dot
    police = [line for line in dot.splitlines() if '"luton-council" -> "beds-police"' in line]
    assert len(police) == 1 and "×3" in police[0]
