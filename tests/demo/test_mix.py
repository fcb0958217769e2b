"""A council of 2,000 children for a year, written through the real store: the mix stays in
the generator's documented ranges and every kind of entry the product answers about is there."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from lineage.demo.generator import MIX
from lineage.demo.measure import Mix, measure
from lineage.service import Service
from models.tables import EntryFlag, EntryLink, EntryVersion, LedgerEntry
from models.vocabulary import EXCEPTION_KINDS
from tests.demo.conftest import build_demo, sqlite_settings


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    settings = sqlite_settings(tmp_path_factory.mktemp("council"))
    service = build_demo(settings, children=2000, seed=3)
    yield service
    service.engine.dispose()


@pytest.fixture(scope="module")
def mix(council: Service) -> Mix:
    return measure(council.engine)


def test_the_mix_stays_in_the_documented_ranges(mix: Mix) -> None:
    assert mix.entries > 800
    assert mix.outside(MIX) == []


def test_the_ranges_can_fail(mix: Mix) -> None:
    narrowed = {"kind": {"disclosure": (0.0, 0.5)}, "rate": {"cross_border": (0.5, 1.0)}}
    assert len(mix.outside(narrowed)) == 2


def test_every_kind_of_entry_is_there(mix: Mix) -> None:
    kinds = mix.counts["kind"]
    assert all(kinds[k] > 0 for k in ("disclosure", "onward", "correction", "breach"))
    assert mix.counts["rate"]["refused"] > 0
    assert mix.counts["rate"]["exception"] > 0


def test_exceptions_come_from_the_flag_rules(council: Service) -> None:
    with council.engine.connect() as conn:
        kinds = set(conn.execute(select(col(EntryFlag.kind))).scalars())
    assert kinds <= set(EXCEPTION_KINDS)
    assert {"late_record", "outside_agreement"} <= kinds


def test_corrections_and_breaches_link_to_their_entries(council: Service) -> None:
    with council.engine.connect() as conn:
        corrected = (
            conn.execute(
                select(col(EntryVersion.target_seq)).where(
                    col(EntryVersion.seq) != col(EntryVersion.target_seq)
                )
            )
            .scalars()
            .all()
        )
        relation = col(EntryLink.relation)
        links = conn.execute(select(relation, func.count()).group_by(relation))
        relations = dict(links.all())
    assert corrected and relations["corrects"] == len(corrected)
    assert relations["breach_of"] >= 1


def test_the_ledger_verifies_and_holds_no_identifiers(council: Service) -> None:
    assert council.verify().ok
    with council.engine.connect() as conn:
        bodies = [bytes(b) for b in conn.execute(select(col(LedgerEntry.body))).scalars()]
    assert bodies and not any(b"LL-" in body or b"FAM-" in body for body in bodies)
    assert not any(re.search(rb"\b999\d{7}\b", body) for body in bodies)
