"""The lineage diagram's DOT: golden bytes, determinism, privacy, merging and line styles."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.goldens import assert_matches_golden
from tests.visualise.scenario import (
    CHILD,
    COUNCIL,
    TITLE,
    TOKENS,
    lineage_graph,
    scenario_shares,
    share,
)
from visualise.dot import _partner, lineage_dot
from visualise.tokens import TokenLeak

GOLDEN = Path(__file__).parent / "golden"


def edges_between(dot: str, sender: str, recipient: str) -> list[str]:
    return [line for line in dot.splitlines() if f'"{sender}" -> "{recipient}"' in line]


def test_lineage_matches_golden() -> None:
    assert_matches_golden(GOLDEN, "lineage.dot", lineage_dot(lineage_graph(), title=TITLE))


def test_same_graph_in_another_order_gives_the_same_bytes() -> None:
    shuffled = lineage_graph(list(reversed(scenario_shares())))
    assert lineage_dot(shuffled, title=TITLE) == lineage_dot(lineage_graph(), title=TITLE)


def test_no_token_or_entry_id_reaches_the_dot() -> None:
    dot = lineage_dot(lineage_graph(), title=TITLE)
    for token in TOKENS:
        assert token not in dot
    entry_ids = {edge["entry_id"] for edge in scenario_shares()}
    assert not [entry_id for entry_id in entry_ids if re.search(rf"\b{entry_id}\b", dot)]


def test_subject_appears_only_through_the_title() -> None:
    dot = lineage_dot(lineage_graph(), title=f"Lineage of {CHILD}")
    assert dot.count(CHILD) == 1
    assert f'label="Lineage of {CHILD}\\n' in dot


def test_a_token_in_a_partner_name_is_refused() -> None:
    graph = lineage_graph()
    graph.nodes["family-help"]["name"] = f"Case {CHILD}"
    with pytest.raises(TokenLeak):
        lineage_dot(graph, title=TITLE)


def test_three_parallel_shares_stay_apart() -> None:
    lines = edges_between(lineage_dot(lineage_graph(), title=TITLE), COUNCIL, "beds-police")
    assert len(lines) == 3
    assert all("×" not in line for line in lines)


def test_more_than_three_alike_shares_merge_with_count_dates_and_all_categories() -> None:
    (merged,) = edges_between(
        lineage_dot(lineage_graph(), title=TITLE), COUNCIL, "riverside-academy"
    )
    assert "×6 · 2026-01-01 to 2026-03-16" in merged
    for label in ("School attendance", "safeguarding concerns", "special educational needs"):
        assert label in merged.replace("\\n", " ")


def test_merge_threshold_can_be_lowered() -> None:
    dot = lineage_dot(lineage_graph(), title=TITLE, merge_above=2)
    (merged,) = edges_between(dot, COUNCIL, "beds-police")
    assert "×3 · 2026-01-12 to 2026-02-23" in merged


def test_refused_and_shared_are_never_merged_together() -> None:
    refusals = [
        share(f"r-{n}", COUNCIL, "riverside-academy", "2026-03-20", decision="refused")
        for n in range(2)
    ]
    dot = lineage_dot(lineage_graph(scenario_shares() + refusals), title=TITLE)
    lines = edges_between(dot, COUNCIL, "riverside-academy")
    assert len(lines) == 3
    assert sum("REFUSED: not shared" in line for line in lines) == 2


def test_line_styles_say_what_happened() -> None:
    dot = lineage_dot(lineage_graph(), title=TITLE)
    (onward,) = edges_between(dot, "beds-police", "cps-east")
    (refused,) = edges_between(dot, COUNCIL, "insight-analytics")
    (abroad,) = edges_between(dot, COUNCIL, "us-central-authority")
    assert 'style="dotted"' in onward and "[C]" in onward
    assert 'style="dashed"' in refused and 'color="#8c8c8c"' in refused
    assert "REFUSED: not shared" in refused and "No lawful basis recorded" in refused
    assert 'color="#d95f02"' in abroad and "To United States of America" in abroad
    assert "Health [S]" in abroad and "2026-03-02" in abroad


def test_council_has_a_bold_double_border_and_overseas_partners_their_country() -> None:
    dot = lineage_dot(lineage_graph(), title=TITLE)
    council = next(line for line in dot.splitlines() if line.strip().startswith(f'"{COUNCIL}" ['))
    assert 'peripheries="2"' in council and "Bold" in council
    assert "Overseas authority · United States of America" in dot


def test_key_explains_types_lines_and_marks() -> None:
    dot = lineage_dot(lineage_graph(), title=TITLE)
    key = next(line for line in dot.splitlines() if line.strip().startswith('"key" ['))
    for meaning in ("Police", "School or academy", "Onward", "Refused", "outside the UK", "[S]"):
        assert meaning in key
    assert "Void" not in key


def test_void_shares_are_marked_and_explained() -> None:
    voided = share("v-1", COUNCIL, "family-help", "2026-03-01", void=True)
    dot = lineage_dot(lineage_graph(scenario_shares() + [voided]), title=TITLE)
    assert any("VOID: cancelled" in line for line in edges_between(dot, COUNCIL, "family-help"))
    assert "Void: cancelled by a correction" in dot


def test_labels_are_escaped_for_dot() -> None:
    dot = lineage_dot(lineage_graph(), title='A "quoted" title \\ with\na break')
    assert 'label="A \\"quoted\\" title \\\\ with a break\\n' in dot
    assert 'Family Help \\"Keeping Safe\\" \\\\ Luton' in dot


def test_an_empty_lineage_still_draws() -> None:
    dot = lineage_dot(lineage_graph([]), title=TITLE)
    assert "No shares recorded" in dot and "->" not in dot.split('"key" [')[0]


def test_unknown_codes_are_shown_as_recorded() -> None:
    odd: dict[str, Any] = share("x-1", COUNCIL, "family-help", "2026-03-03")
    odd |= {"categories": ["future_category"], "purpose": "future_purpose"}
    dot = lineage_dot(lineage_graph([odd]), title=TITLE)
    assert "future_category" in dot and "future_purpose" in dot


def test_a_partner_named_as_its_type_is_named_once() -> None:
    dfe = {"name": "Department for Education", "type": "dfe", "country": "GB"}
    assert _partner("dfe", dfe, COUNCIL)["label"] == ("Department for Education",)
    police = {"name": "Bedfordshire Police", "type": "police", "country": "GB"}
    assert _partner("beds-police", police, COUNCIL)["label"] == ("Bedfordshire Police", "Police")
