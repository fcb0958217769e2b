"""Reading generated HTML back with the standard library's parser, for assertions."""

from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


class Page(HTMLParser):
    """Text and table rows inside each element with an id, headings, and every tag."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: dict[str, str] = defaultdict(str)
        self.headings: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rows: dict[str, list[list[str]]] = defaultdict(list)
        self._open: list[tuple[str, str | None]] = []
        self._row: list[str] = []
        self._cell: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID_ELEMENTS:
            self._open.append((tag, dict(attrs).get("id")))
        if tag in ("h1", "h2"):
            self.headings.append("")
        if tag == "tr":
            self._row = []
        if tag in ("td", "th"):
            self._cell = ""

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join(self._cell.split()))
            self._cell = None
        if tag == "tr":
            for _, element_id in self._open:
                if element_id:
                    self.rows[element_id].append(self._row)
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell += data
        for _, element_id in self._open:
            if element_id:
                self.sections[element_id] += data
        if self._open and self._open[-1][0] in ("h1", "h2"):
            self.headings[-1] += data

    def text(self, element_id: str) -> str:
        """The text of one element, whitespace collapsed."""
        return " ".join(self.sections[element_id].split())

    def count(self, tag: str) -> int:
        return sum(1 for name, _ in self.tags if name == tag)
