"""DOT quoting and escaping: what a partner name or title contains must be shown literally."""

from __future__ import annotations

import pytest

from visualise.dotlang import HtmlLabel, attribute_list, digraph, escaped, multiline, points, quoted


@pytest.mark.parametrize(
    ("text", "dot"),
    [
        ("plain", '"plain"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("back\\slash", '"back\\\\slash"'),
        ("ends in \\", '"ends in \\\\"'),
        ("two\nlines\r\nhere", '"two lines here"'),
        ("\\n is not a break", '"\\\\n is not a break"'),
        ("", '""'),
    ],
)
def test_quoted_strings_are_literal(text: str, dot: str) -> None:
    assert quoted(text) == dot


def test_multiline_labels_escape_each_line_and_break_between() -> None:
    assert multiline(['a "b"', "c\\d"]) == '"a \\"b\\"\\nc\\\\d"'


def test_attributes_are_sorted_and_typed() -> None:
    rendered = attribute_list({"shape": "box", "label": ("one", "two"), "color": "#fff"})
    assert rendered == '[color="#fff", label="one\\ntwo", shape="box"]'


def test_html_labels_are_bracketed_and_their_text_escaped() -> None:
    markup = "<B>" + escaped('<Tom & "Jerry">') + "</B>"
    assert attribute_list({"label": HtmlLabel(markup)}) == (
        "[label=<<B>&lt;Tom &amp; &quot;Jerry&quot;&gt;</B>>]"
    )


def test_digraph_and_numbers() -> None:
    assert digraph("g", ['"a" -> "b" [];']) == 'digraph g {\n  "a" -> "b" [];\n}\n'
    assert [points(value) for value in (1.0, 2.5, 7.999, 0.125)] == ["1", "2.5", "8", "0.12"]
