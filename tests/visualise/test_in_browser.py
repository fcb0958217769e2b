"""The reports as a reader sees them: headless Chromium loads each page and screenshots it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.visualise.browser import chromium, dump_dom, png_dimensions, screenshot
from tests.visualise.pages import Page
from tests.visualise.scenario import (
    COUNCIL,
    PERIOD,
    TITLE,
    access_report,
    board_pack,
    lineage_graph,
    partner_flows,
)
from visualise.dot import flows_dot, lineage_dot
from visualise.render import render
from visualise.report_html import access_report_html, board_pack_html

# A blank 1280×2000 page compresses to about 13 KB; a page of tables, charts and a diagram
# is many times that.
MINIMUM_PNG_BYTES = 40_000


def access_page() -> str:
    svg = render(lineage_dot(lineage_graph(), title=TITLE), "svg").decode("utf-8")
    return access_report_html(access_report(), lineage_svg=svg)


def board_page() -> str:
    dot = flows_dot(
        partner_flows(), period_from=PERIOD[0], period_to=PERIOD[1], by="partner", council=COUNCIL
    )
    return board_pack_html(board_pack(), flow_svg=render(dot, "svg").decode("utf-8"))


PAGES = {
    "access-report": (access_page, "Your personal information: who we have shared it with"),
    "board-pack": (board_page, "Data sharing report to the governance board"),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_renders_to_a_non_trivial_png(name: str, tmp_path: Path) -> None:
    build, _ = PAGES[name]
    page = tmp_path / f"{name}.html"
    page.write_text(build(), encoding="utf-8")
    png = tmp_path / f"{name}.png"
    run = screenshot(page, png)
    assert png.exists(), "Chromium wrote no screenshot"
    data = png.read_bytes()
    assert png_dimensions(data) == (1280, 2000)
    assert len(data) > MINIMUM_PNG_BYTES, f"screenshot is only {len(data)} bytes: a blank page?"
    assert run.page_problems() == []


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_loads_with_its_heading_and_diagram(name: str, tmp_path: Path) -> None:
    build, heading = PAGES[name]
    page = tmp_path / f"{name}.html"
    page.write_text(build(), encoding="utf-8")
    run = dump_dom(page, tmp_path)
    dom = Page(run.stdout)
    assert dom.headings[0] == heading
    assert dom.count("svg") >= 1 and dom.count("script") == 0
    assert run.page_problems() == []


def test_page_problems_are_noticed(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><h1>x</h1><script>notDefined();</script>", encoding="utf-8")
    assert any("notDefined" in line for line in dump_dom(page, tmp_path).page_problems())


def test_missing_chromium_fails_rather_than_skips(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHROMIUM", "no-such-browser")
    with pytest.raises(pytest.fail.Exception, match="Chromium is needed"):
        chromium()
