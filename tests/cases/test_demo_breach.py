"""The demo's misdirected shares end to end: a conference report emailed to one school and
received by another. The receiving school's exposure lists the children it wrongly got, each
child's lineage draws the breach edge, the access report tells the family, the breach list
shows it misdirected, and the board figures count it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from lineage.cases.breaches import list_breaches
from lineage.cases.figures import case_figures
from lineage.cases.text import case_opener
from lineage.investigate import lineage_json, partner_exposure, subject_lineage
from lineage.reports.access import access_report
from lineage.service import Service
from tests.demo.conftest import build_demo, sqlite_settings

NOW = datetime(2030, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    settings = sqlite_settings(tmp_path_factory.mktemp("council"))
    service = build_demo(settings, children=2000, seed=3)
    yield service
    service.engine.dispose()


@pytest.fixture(scope="module")
def breaches(council: Service) -> list[dict[str, Any]]:
    with council.engine.connect() as conn:
        found = list_breaches(conn, now=NOW, opener=case_opener(conn, council.keys))
    assert found, "the demo records at least one breach"
    return found


def test_each_demo_breach_is_a_misdirected_share(breaches: list[dict[str, Any]]) -> None:
    for breach in breaches:
        assert breach["misdirected"] is True
        assert breach["intended_recipient"] != breach["partner"]
        assert breach["subject_count"] >= 1
        assert breach["nature"].startswith("Conference report emailed to the wrong school")


def test_the_receiving_school_lists_the_children_it_wrongly_got(
    council: Service, breaches: list[dict[str, Any]]
) -> None:
    with council.engine.connect() as conn:
        for breach in breaches:
            exposure = partner_exposure(conn, breach["partner"])
            by_token = {s["token"]: s for s in exposure["subjects"]}
            for token in breach["subjects"]:
                assert set(breach["entries"]) <= set(by_token[token]["entries"])
            assert breach["case_id"] in [b["entry_id"] for b in exposure["breaches"]]


def test_each_childs_lineage_and_access_report_show_it(
    council: Service, breaches: list[dict[str, Any]]
) -> None:
    settings = council.settings
    with council.engine.connect() as conn:
        for breach in breaches:
            token = breach["subjects"][0]
            graph = subject_lineage(conn, council.keys, token, council=settings.council)
            edges = [e for e in lineage_json(graph)["edges"] if e["kind"] == "breach"]
            assert [(e["entry_id"], e["to"]) for e in edges] == [
                (breach["case_id"], breach["partner"])
            ]
            report = access_report(
                conn, council.keys, token, council=settings.council,
                council_name=settings.council_name,
            )  # fmt: skip
            assert [b["breach"] for b in report.document["breaches"]] == [breach["case_id"]]


def test_the_board_figures_count_the_breaches(
    council: Service, breaches: list[dict[str, Any]]
) -> None:
    with council.engine.connect() as conn:
        figures = case_figures(conn, now=NOW, since=date(2000, 1, 1), until=date(2100, 1, 1))
    assert figures["breach"]["opened"] == len(breaches)
    assert "subjects" not in str(figures)
