"""End to end, byte for byte: the family appended through the ledger (fixed clock, fixed
entry ids), read back by SQL, drawn as DOT and compared with golden files. The subjects'
tokens are random, and no diagram may contain one, so the bytes are the same every run
and on both backends."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lineage.investigate import LineageOptions, subject_lineage
from lineage.reports import Period, council_node, flows
from lineage.service import Service
from tests.goldens import assert_matches_golden
from tests.reports.family import QUARTER, Family
from visualise.documents import flow_dot
from visualise.dot import lineage_dot
from visualise.tokens import TOKEN_PATTERN

GOLDEN = Path(__file__).parent / "golden"
TITLE = "Where this subject's data went"


def test_a_subjects_lineage_from_the_ledger(service: Service, family: Family) -> None:
    with service.engine.connect() as conn:
        graph = subject_lineage(conn, service.keys, family.child, council="luton-council")
    dot = lineage_dot(graph, title=TITLE)
    assert not TOKEN_PATTERN.search(dot)
    assert_matches_golden(GOLDEN, "ledger_lineage.dot", dot)


def test_a_familys_lineage_with_voided_entries(service: Service, family: Family) -> None:
    options = LineageOptions(family=True, include_void=True)
    with service.engine.connect() as conn:
        graph = subject_lineage(
            conn, service.keys, family.child, council="luton-council", options=options
        )
    assert_matches_golden(GOLDEN, "ledger_family_lineage.dot", lineage_dot(graph, title=TITLE))


def test_flows_from_sql_grouping(service: Service, family: Family) -> None:
    period = Period.whole_days(*QUARTER)
    with service.engine.connect() as conn:
        rows = flows(conn, period, by="partner")
    dot = flow_dot(rows, period, by="partner", council="luton-council")
    assert_matches_golden(GOLDEN, "ledger_flows_by_partner.dot", dot)


def test_flows_by_type_from_sql_grouping(service: Service, family: Family) -> None:
    period = Period.whole_days(date(2025, 10, 1), date(2026, 3, 31))
    with service.engine.connect() as conn:
        rows = flows(conn, period, by="type", council="luton-council")
        council = council_node(conn, "luton-council", "type")
    assert council == "luton-council"  # itself, not "Other local authority"
    assert not [row for row in rows if row["sender"] == row["recipient"]]  # no self-loop
    dot = flow_dot(rows, period, by="type", council=council)
    assert_matches_golden(GOLDEN, "ledger_flows_by_type.dot", dot)
