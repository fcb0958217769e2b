"""Reading a rendered SVG back: it must parse as XML; its text is what a reader sees."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Drawing:
    """The node and edge groups of a Graphviz SVG, each as its title and its text."""

    nodes: dict[str, str]
    edges: dict[str, str]


def parse_svg(data: bytes) -> Drawing:
    """Parse Graphviz SVG (ParseError if it is not well-formed XML)."""
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg", f"not an SVG document: {root.tag}"
    found: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    for group in root.iter(f"{SVG}g"):
        kind = group.get("class")
        title = group.find(f"{SVG}title")
        if kind in found and title is not None and title.text:
            text = " ".join(t.text or "" for t in group.iter(f"{SVG}text"))
            found[kind][title.text] = text
    return Drawing(found["node"], found["edge"])
