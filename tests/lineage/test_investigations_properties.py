"""Properties of a subject's lineage over generated ledgers (SQLite; each example gets a
fresh copy of one initialised database).

A plain reference model replays the generated entries: an entry concerns a subject if its
effective version names the subject; a lineage holds those entries and every onward entry
derived from them, transitively, less the voided ones. The engine must agree with it —
now and as of any moment — so every edge concerns the subject or derives from an entry
that does, nothing recorded after `as_of` shows, and a voided entry never appears.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lineage.investigate import LineageOptions, lineage_json, subject_lineage
from lineage.registry.partners import put_agreement, put_partner
from lineage.registry.subjects import SubjectRegistry
from lineage.service import Service, initialise
from lineage.settings import Settings
from lineage.storage.database import write_transaction
from tests.appending import append, correct
from tests.factories import AGREEMENTS, COUNCIL, PARTNERS

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
RECIPIENTS = ("beds-police", "cps", "elft", "dfe", "social-finance")
CATEGORIES = ("identity", "contact", "school_details", "attendance", "family_relationships")
PEOPLE = ("P-0", "P-1", "P-2", "P-3", "P-4")
FAMILY = {"P-0": "FAM-A", "P-1": "FAM-A", "P-2": "FAM-A"}


@dataclass
class Share:
    """The reference model's effective state of one disclosure or onward disclosure."""

    entry_id: str
    sender: str
    recipient: str
    people: frozenset[str]
    categories: tuple[str, ...]
    parent: str | None
    void: bool = False


@dataclass
class Plan:
    """Generated entries, in recording order: ("share", payload) or ("correct", id, payload)."""

    steps: list[tuple[Any, ...]] = field(default_factory=list)


def entry_id(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def person(local_id: str) -> dict[str, str]:
    family = {"family_id": FAMILY[local_id]} if local_id in FAMILY else {}
    return {"local_id": local_id, "role": "child", **family}


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    plan, shares = Plan(), {}
    for n in range(draw(st.integers(1, 12))):
        live = sorted(i for i, s in shares.items() if not s.void)
        kinds = ["disclosure"] + (["onward"] if shares else []) + (["correct"] if live else [])
        kind = draw(st.sampled_from(kinds))
        if kind == "correct":
            target = draw(st.sampled_from(live))
            void = draw(st.booleans())
            change = {"void": True} if void else {"changes": {"categories": draw(categories())}}
            shares[target].void = void
            plan.steps.append(("correct", target, {**change, "reason": "generated"}))
            continue
        payload = _share(draw, n, kind, shares)
        shares[payload["entry_id"]] = Share(payload["entry_id"], "", "", frozenset(), (), None)
        plan.steps.append(("share", payload))
    return plan


def categories() -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=3, unique=True)


def _share(draw: st.DrawFn, n: int, kind: str, shares: dict[str, Share]) -> dict[str, Any]:
    people = st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=3, unique=True)
    payload: dict[str, Any] = {
        "entry_id": entry_id(n),
        "recipient": draw(st.sampled_from(RECIPIENTS)),
        "categories": draw(categories()),
        "purpose": "safeguarding",
        "lawful_basis": "UKGDPR.6.1.e",
        "one_off": True,
        "method": "secure_email",
    }
    if kind == "onward":
        payload["derived_from"] = draw(st.sampled_from(sorted(shares)))
        if draw(st.booleans()):  # otherwise the subjects of the entry it derives from
            payload["subjects"] = [person(p) for p in draw(people)]
    else:
        payload["subjects"] = [person(p) for p in draw(people)]
        payload["decision"] = draw(st.sampled_from(["shared", "shared", "refused"]))
    return payload


def recorded(step: int) -> datetime:
    return START + timedelta(hours=step)


def replay(steps: list[tuple[Any, ...]]) -> dict[str, Share]:
    """The reference model: each entry's effective state after these steps."""
    shares: dict[str, Share] = {}
    for step in steps:
        if step[0] == "share":
            p = step[1]
            parent = shares.get(p.get("derived_from", ""))
            named = {s["local_id"] for s in p.get("subjects", [])}
            people = parent.people if parent and not named else frozenset(named)
            shares[p["entry_id"]] = Share(
                p["entry_id"],
                parent.recipient if parent else COUNCIL,
                p["recipient"],
                people,
                tuple(sorted(p["categories"])),
                p.get("derived_from"),
            )
        else:
            _, target, change = step
            shares[target].void = bool(change.get("void"))
            if "changes" in change:
                shares[target].categories = tuple(sorted(change["changes"]["categories"]))
    return shares


def expected_lineage(shares: dict[str, Share], people: set[str]) -> set[tuple[Any, ...]]:
    """(entry id, from, to, people asked about it carried, categories) of each edge."""
    reached = {i for i, s in shares.items() if s.people & people}
    grew = True
    while grew:
        children = {i for i, s in shares.items() if s.parent in reached} - reached
        reached |= children
        grew = bool(children)
    return {
        (i, s.sender, s.recipient, frozenset(s.people & people), s.categories)
        for i, s in shares.items()
        if i in reached and not s.void
    }


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    """An initialised SQLite ledger with the factories' partners and agreements."""
    with tempfile.TemporaryDirectory() as folder:
        service = initialise(settings_in(Path(folder)))
        with write_transaction(service.engine) as conn:
            for partner in PARTNERS:
                put_partner(conn, partner, by="test", at=START)
            for agreement in AGREEMENTS:
                put_agreement(conn, agreement, by="test", at=START)
        service.engine.dispose()
        yield Path(folder)


def settings_in(folder: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{folder / 'ledger.db'}",
        key_dir=folder / "keys",
        checkpoint_dir=folder / "checkpoints",
    )


def recorded_ledger(template: Path, folder: Path, plan: Plan) -> Service:
    shutil.copytree(template, folder, dirs_exist_ok=True)
    service = initialise(settings_in(folder))
    for step_number, step in enumerate(plan.steps):
        service.ledger.clock = frozen(recorded(step_number))
        if step[0] == "share":
            occurred = recorded(step_number) - timedelta(minutes=30)
            payload = {**step[1], "occurred_at": occurred.isoformat()}
            append(service.ledger, payload, recorded_by="t")
        else:
            correct(service.ledger, step[1], step[2], recorded_by="t")
    return service


def frozen(at: datetime) -> Any:
    return lambda: at


def tokens_of(service: Service) -> dict[str, str]:
    with service.engine.connect() as conn:
        registry = SubjectRegistry(conn, service.keys)
        found = {p: registry.lookup("local_id", p) for p in PEOPLE}
    return {p: t for p, t in found.items() if t is not None}


def drawn_lineage(
    service: Service, token: str, people_of: dict[str, str], **options: Any
) -> set[tuple[Any, ...]]:
    options.setdefault("include_refusals", True)  # the reference draws every share
    with service.engine.connect() as conn:
        graph = subject_lineage(
            conn, service.keys, token, council=COUNCIL, options=LineageOptions(**options)
        )
    return {
        (e["entry_id"], e["from"], e["to"], frozenset(people_of[t] for t in e["subjects"]),
         tuple(e["categories"]))
        for e in lineage_json(graph)["edges"]
    }  # fmt: skip


RUNS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@RUNS
@given(plan=plans(), cut=st.integers(0, 12))
def test_lineage_agrees_with_the_reference_now_and_as_of_any_moment(
    template: Path, tmp_path_factory: pytest.TempPathFactory, plan: Plan, cut: int
) -> None:
    service = recorded_ledger(template, tmp_path_factory.mktemp("ledger"), plan)
    try:
        tokens = tokens_of(service)
        people_of = {t: p for p, t in tokens.items()}
        now, then = replay(plan.steps), replay(plan.steps[: cut + 1])
        as_of = recorded(cut) + timedelta(minutes=1)
        for who, token in tokens.items():
            assert drawn_lineage(service, token, people_of) == expected_lineage(now, {who})
            shown_then = drawn_lineage(service, token, people_of, as_of=as_of)
            assert shown_then == expected_lineage(then, {who})
            later = {s[1]["entry_id"] for s in plan.steps[cut + 1 :] if s[0] == "share"}
            assert not later & {edge[0] for edge in shown_then}
    finally:
        service.engine.dispose()


@RUNS
@given(plan=plans())
def test_voided_entries_never_appear_unless_asked_and_families_join(
    template: Path, tmp_path_factory: pytest.TempPathFactory, plan: Plan
) -> None:
    service = recorded_ledger(template, tmp_path_factory.mktemp("ledger"), plan)
    try:
        tokens = tokens_of(service)
        people_of = {t: p for p, t in tokens.items()}
        now = replay(plan.steps)
        voided = {i for i, s in now.items() if s.void}
        for who, token in tokens.items():
            default = drawn_lineage(service, token, people_of)
            assert not voided & {edge[0] for edge in default}
            with_void = drawn_lineage(service, token, people_of, include_void=True)
            assert default <= with_void
            relatives = {p for p in tokens if FAMILY.get(p, p) == FAMILY.get(who, who)}
            family = drawn_lineage(service, token, people_of, family=True)
            assert family == expected_lineage(now, relatives)
    finally:
        service.engine.dispose()
