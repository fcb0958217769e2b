"""Rendering through the real Graphviz `dot`: SVG that parses, PNG and PDF, clear errors."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.visualise.scenario import COUNCIL, PARTNERS, PERIOD, TITLE, lineage_graph, partner_flows
from visualise.dot import flows_dot, lineage_dot
from visualise.render import RenderError, RenderTooLarge, RenderUnavailable, render

SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def test_lineage_svg_parses_and_shows_partners_and_share_labels() -> None:
    texts = svg_texts(render(lineage_dot(lineage_graph(), title=TITLE), "svg"))
    for _, name, _, _ in PARTNERS:
        assert name in texts
    for label in (
        "×6 · 2026-01-01 to 2026-03-16",
        "REFUSED: not shared",
        "To United States of America",
        "Prevention or detection of crime",
        "Key",
    ):
        assert label in texts


def test_flow_svg_parses_and_shows_counts() -> None:
    dot = flows_dot(
        partner_flows(), period_from=PERIOD[0], period_to=PERIOD[1], by="partner", council=COUNCIL
    )
    texts = svg_texts(render(dot, "svg"))
    assert "412 · 18% special" in texts
    assert "Disclosures by partner, 1 January 2026 to 31 March 2026" in texts


def test_png_and_pdf_come_out_as_such() -> None:
    dot = lineage_dot(lineage_graph(), title=TITLE)
    assert render(dot, "png").startswith(b"\x89PNG\r\n\x1a\n")
    assert render(dot, "pdf").startswith(b"%PDF-")


def test_other_formats_are_refused() -> None:
    with pytest.raises(ValueError, match="svg"):
        render("digraph { a -> b }", "gif")


def test_too_many_edges_are_refused_before_dot_runs() -> None:
    source = "digraph {" + " ".join(f"a{n} -> b{n};" for n in range(11)) + "}"
    with pytest.raises(RenderTooLarge, match="11 edges"):
        render(source, "svg", max_edges=10)


def test_invalid_dot_is_a_render_error() -> None:
    with pytest.raises(RenderError, match="syntax error"):
        render("digraph { a -> }", "svg")


def test_missing_dot_program_is_reported_clearly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RenderUnavailable, match="Graphviz"):
        render("digraph { a -> b }", "svg")
