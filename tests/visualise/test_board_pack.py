"""The governance board pack: diagram, tables and charts with trends, and never a token."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest

from tests.visualise.pages import Page
from tests.visualise.scenario import CHILD, COUNCIL, PERIOD, board_pack, partner_flows
from visualise.dot import flows_dot
from visualise.render import render
from visualise.report_html import assert_no_tokens, board_pack_html, change
from visualise.tokens import TokenLeak

BREAKDOWNS = ("recipient-types", "category-classes", "purposes", "lawful-bases")


@pytest.fixture(scope="module")
def flow_svg() -> str:
    dot = flows_dot(
        partner_flows(), period_from=PERIOD[0], period_to=PERIOD[1], by="partner", council=COUNCIL
    )
    return render(dot, "svg").decode("utf-8")


@pytest.fixture(scope="module")
def html(flow_svg: str) -> str:
    return board_pack_html(board_pack(), flow_svg=flow_svg)


@pytest.fixture(scope="module")
def page(html: str) -> Page:
    return Page(html)


def test_title_names_council_and_period(page: Page, html: str) -> None:
    assert page.headings[0] == "Data sharing report to the governance board"
    assert (
        "<title>Data sharing report — Luton Borough Council — 1 January 2026 to 31 March 2026"
        in html
    )
    assert "1 October 2025 to 31 December 2025" in html


def test_flow_diagram_and_a_chart_per_breakdown(page: Page) -> None:
    assert "412 · 18% special" in page.text("flows")
    assert page.count("svg") == 1 + len(BREAKDOWNS)
    for section in BREAKDOWNS:
        assert page.count("table") >= 1 and page.text(section)


def test_breakdowns_show_labels_both_periods_and_change(page: Page) -> None:
    recipients = page.rows["recipient-types"]
    assert recipients[0] == [
        "Recipient",
        "1 January 2026 to 31 March 2026",
        "1 October 2025 to 31 December 2025",
        "Change",
    ]
    assert ["School or academy", "412", "380", "+8%"] in recipients
    assert ["Police", "233", "251", "−7%"] in recipients
    # 3 is published as "fewer than 5"; 18, the next smallest, is withheld beside it so that
    # the total (852) minus the others does not give the 3 back; no change beside either.
    assert ["Overseas authority", "fewer than 5", "0", "—"] in recipients
    assert ["Voluntary sector or charity", "withheld", "18", "—"] in recipients
    assert ["Special category data (Art 9)", "268", "231", "+16%"] in page.rows["category-classes"]
    assert ["Legitimate interests", "fewer than 5", "0", "—"] in page.rows["lawful-bases"]


def test_headlines_transfers_and_exceptions(page: Page) -> None:
    assert "852" in page.text("headlines") and "+8%" in page.text("headlines")
    transfers = page.rows["transfers"]
    # The United States (3) and France (2): each fewer than 5, so grouped, never named.
    assert transfers[1:] == [["Other countries, each with fewer than 5", "Various", "5", "—"]]
    assert "France" not in page.text("transfers")
    assert ["No sharing agreement and not a one-off", "fewer than 5"] in page.rows["exceptions"]
    assert ["Recorded long after it occurred", "fewer than 5"] in page.rows["exceptions"]


def test_charts_are_valid_svg(html: str) -> None:
    charts = [part.split("</svg>")[0] + "</svg>" for part in html.split('<svg xmlns="')[1:]]
    assert len(charts) == len(BREAKDOWNS)
    for chart in charts:
        ET.fromstring('<svg xmlns="' + chart)


def test_board_pack_has_no_token_and_no_scripts(html: str, page: Page) -> None:
    assert_no_tokens(html)
    assert page.count("script") == 0 and "<?xml" not in html


def test_a_planted_token_is_caught() -> None:
    pack: dict[str, Any] = board_pack()
    pack["exceptions"][0]["label"] = f"Shared {CHILD} without agreement"
    with pytest.raises(TokenLeak) as caught:
        board_pack_html(pack, flow_svg="<svg></svg>")
    assert CHILD not in str(caught.value)


@pytest.mark.parametrize("planted", [CHILD, CHILD.upper(), f"x{CHILD}y"])
def test_assert_no_tokens_finds_tokens_anywhere(planted: str) -> None:
    with pytest.raises(TokenLeak):
        assert_no_tokens(f"<td>{planted}</td>")


def test_assert_no_tokens_lets_near_misses_pass() -> None:
    assert_no_tokens("sub_abc sub_ABCDEFGHIJKLMNOPQRSTUVW1 substitute")


@pytest.mark.parametrize(
    ("current", "previous", "shown"),
    [
        (852, 790, "+8%"),
        (233, 251, "−7%"),
        (18, 18, "0%"),
        (3, 0, "new"),
        (0, 0, "—"),
        (0, 5, "−100%"),
    ],
)
def test_change_on_the_previous_period(current: int, previous: int, shown: str) -> None:
    assert change(current, previous) == shown


def test_the_pack_prints_the_newest_witnessed_checkpoint(flow_svg: str) -> None:
    pack: dict[str, Any] = board_pack()
    root = "ab" * 32
    pack["ledger_anchor"] = {
        "size": 27306,
        "root": root,
        "witnessed_by": ["witness.example.org/w1"],
        "checkpoint": "000000027306.checkpoint",
    }
    html = board_pack_html(pack, flow_svg=flow_svg)
    assert "27306 entries" in html and root in html and "witness.example.org/w1" in html
    pack["ledger_anchor"] = None
    assert "No signed checkpoint" in board_pack_html(pack, flow_svg=flow_svg)
