"""The board's flow diagram DOT: golden bytes, widths, labels and the no-token guarantee."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.goldens import assert_matches_golden
from tests.visualise.scenario import CHILD, COUNCIL, PERIOD, flow, partner_flows, type_flows
from visualise.dot import flows_dot
from visualise.flow_diagram import THICKEST, THINNEST, percent
from visualise.tokens import TokenLeak

GOLDEN = Path(__file__).parent / "golden"


def by_partner(rows: list[dict[str, object]] | None = None) -> str:
    flows = partner_flows() if rows is None else rows
    return flows_dot(
        flows, period_from=PERIOD[0], period_to=PERIOD[1], by="partner", council=COUNCIL
    )


def widths(dot: str) -> list[float]:
    return [float(width) for width in re.findall(r'-> "[^"]+" \[.*penwidth="([0-9.]+)"', dot)]


def test_flows_by_partner_match_golden() -> None:
    assert_matches_golden(GOLDEN, "flows_by_partner.dot", by_partner())


def test_flows_by_type_match_golden() -> None:
    dot = flows_dot(type_flows(), period_from=PERIOD[0], period_to=PERIOD[1], by="type")
    assert_matches_golden(GOLDEN, "flows_by_type.dot", dot)


def test_row_order_does_not_change_the_bytes() -> None:
    assert by_partner(list(reversed(partner_flows()))) == by_partner()


def test_title_names_the_period_and_grouping() -> None:
    assert "Disclosures by partner, 1 January 2026 to 31 March 2026" in by_partner()
    dot = flows_dot(type_flows(), period_from=PERIOD[0], period_to=PERIOD[1], by="type")
    assert "Disclosures by type of partner, 1 January 2026 to 31 March 2026" in dot


def test_labels_give_counts_and_the_special_share() -> None:
    dot = by_partner()
    assert "412 · 18% special" in dot
    assert "233 · 26% special\\n17% criminal offence data" in dot
    # 3 disclosures to the United States: fewer than 5, so no share, no country named.
    assert '-> "us-central-authority" [arrowsize' in dot
    assert "United States of America" not in dot.split('"key"')[0]
    assert "fewer than 5" in dot


def test_width_follows_count_within_bounds() -> None:
    found = widths(by_partner())
    assert min(found) >= THINNEST and max(found) == THICKEST
    heaviest = next(line for line in by_partner().splitlines() if '-> "riverside-academy"' in line)
    assert f'penwidth="{THICKEST:g}"' in heaviest


def test_width_of_a_single_flow_and_of_zero_counts() -> None:
    assert widths(by_partner([flow(COUNCIL, "beds-police", 5)])) == [THICKEST]
    assert widths(by_partner([flow(COUNCIL, "beds-police", 0)])) == [THINNEST]


def test_cross_border_flows_are_coloured() -> None:
    line = next(line for line in by_partner().splitlines() if '-> "us-central-authority"' in line)
    assert 'color="#d95f02"' in line


def test_grouping_must_be_partner_or_type() -> None:
    with pytest.raises(ValueError, match="partner"):
        flows_dot([], period_from=PERIOD[0], period_to=PERIOD[1], by="sector")  # type: ignore[arg-type]


def test_a_token_in_a_row_is_refused() -> None:
    with pytest.raises(TokenLeak):
        by_partner([flow(COUNCIL, "beds-police", 5, recipient_name=f"Case {CHILD}")])


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [
        (74, 412, "18%"),
        (0, 412, "0%"),
        (1, 412, "<1%"),
        (1, 200, "1%"),
        (5, 0, "0%"),
        (3, 3, "100%"),
    ],
)
def test_percentages_round_half_up(part: int, whole: int, shown: str) -> None:
    assert percent(part, whole) == shown
