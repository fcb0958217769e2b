"""The reports made from the ledger, as a reader sees them: headless Chromium loads the
access report and the board pack, screenshots each, and the page loads without errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lineage.reports import Period, access_report, board_pack, by_type, flows
from lineage.service import Service
from tests.reports.family import QUARTER, Family
from tests.visualise.browser import dump_dom, png_dimensions, screenshot
from tests.visualise.pages import Page
from visualise.documents import access_report_page, board_pack_page

# A blank 1280×2000 page compresses to about 13 KB; a page of tables, charts and a
# diagram is many times that.
MINIMUM_PNG_BYTES = 40_000
HEADINGS = {
    "access-report": "Your personal information: who we have shared it with",
    "board-pack": "Data sharing report to the governance board",
}


def page_of(name: str, service: Service, family: Family) -> str:
    settings = service.settings
    names: dict[str, Any] = {"council": settings.council, "council_name": settings.council_name}
    with service.engine.connect() as conn:
        if name == "board-pack":
            period = Period.whole_days(*QUARTER)
            partner_flows = flows(conn, period, by="partner")
            pack = board_pack(conn, period, **names)
            return board_pack_page(
                pack, partner_flows, by_type(partner_flows), period, council=settings.council
            )
        report = access_report(conn, service.keys, family.child, **names)
        return access_report_page(report.document, report.graph)


@pytest.mark.parametrize("name", sorted(HEADINGS))
def test_report_from_the_ledger_renders_without_errors(
    name: str, service: Service, family: Family, tmp_path: Path
) -> None:
    page = tmp_path / f"{name}.html"
    page.write_text(page_of(name, service, family), encoding="utf-8")
    png = tmp_path / f"{name}.png"
    shot = screenshot(page, png)
    data = png.read_bytes()
    assert png_dimensions(data) == (1280, 2000)
    assert len(data) > MINIMUM_PNG_BYTES, f"screenshot is only {len(data)} bytes: a blank page?"
    loaded = dump_dom(page, tmp_path)
    dom = Page(loaded.stdout)
    assert dom.headings[0] == HEADINGS[name]
    assert dom.count("svg") >= 1 and dom.count("script") == 0
    assert shot.page_problems() == [] and loaded.page_problems() == []
