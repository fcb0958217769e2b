"""Writing the DOT language: quoted strings, escaped labels, attribute lists, statements.

Everything a diagram says passes through here, so escaping lives in one place. In a
quoted DOT string `"` must be escaped and a trailing backslash would swallow the closing
quote; in a label, Graphviz also reads `\\n`, `\\l`, `\\N`, `\\G` and friends as escapes. Doubling
every backslash and escaping every quote keeps both readings literal.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Lines = tuple[str, ...]


@dataclass(frozen=True)
class HtmlLabel:
    """An HTML-like label; build its markup with `escaped` around every piece of text."""

    markup: str


AttributeValue = str | Lines | HtmlLabel
Attributes = Mapping[str, AttributeValue]
"""Attribute values: a plain string, a tuple of lines for a multi-line label, or HTML."""


def quoted(text: str) -> str:
    """`text` as a quoted DOT string, shown literally; line breaks become spaces."""
    single_line = " ".join(text.splitlines())
    escaped = single_line.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def multiline(lines: Iterable[str]) -> str:
    """Lines joined into one quoted label, each escaped, centred line by line."""
    parts = [quoted(line)[1:-1] for line in lines]
    return '"' + "\\n".join(parts) + '"'


def escaped(text: str) -> str:
    """Text made safe inside an HTML-like label (`&`, `<`, `>` and quotes as entities)."""
    return html.escape(text, quote=True)


def attribute_value(value: AttributeValue) -> str:
    """A quoted attribute value; lines become a multi-line label, HTML goes in `<…>`."""
    if isinstance(value, HtmlLabel):
        return f"<{value.markup}>"
    return quoted(value) if isinstance(value, str) else multiline(value)


def attribute_list(attributes: Attributes) -> str:
    """`[a="1", b="2"]` with keys sorted, so the same attributes give the same bytes."""
    pairs = (f"{key}={attribute_value(value)}" for key, value in sorted(attributes.items()))
    return "[" + ", ".join(pairs) + "]"


def node_statement(node_id: str, attributes: Attributes) -> str:
    """One node statement, e.g. `"beds-police" [label="Bedfordshire Police", …];`."""
    return f"{quoted(node_id)} {attribute_list(attributes)};"


def edge_statement(tail: str, head: str, attributes: Attributes) -> str:
    """One directed edge statement between two node ids."""
    return f"{quoted(tail)} -> {quoted(head)} {attribute_list(attributes)};"


def defaults(kind: str, attributes: Attributes) -> str:
    """A default-attribute statement for `graph`, `node` or `edge`."""
    return f"{kind} {attribute_list(attributes)};"


def digraph(name: str, statements: Iterable[str]) -> str:
    """A whole directed graph, one statement a line, ending in a newline."""
    body = [f"  {statement}" for statement in statements]
    return "\n".join([f"digraph {name} {{", *body, "}", ""])


def points(value: float) -> str:
    """A number written the same way on every platform (two decimals, no trailing zeros)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
