"""The DPO's questions over a hand-written family (see `investigation_family`), on SQLite and
PostgreSQL. Every expected lineage, notify list, exposure, transfer and exception is written
out by hand from the scenario's story, not derived from the code under test."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import networkx as nx  # type: ignore[import-untyped]
import pytest

from lineage.investigate import (
    ExceptionQuery,
    LineageOptions,
    NotifyQuery,
    Period,
    TransferQuery,
    flagged_entries,
    lineage_json,
    notify_list,
    partner_exposure,
    subject_lineage,
    transfers,
)
from lineage.service import Service
from tests.lineage.investigation_family import (
    ADOPTION_CA,
    ADOPTION_US,
    BACK_TO_POLICE,
    BREACH,
    COUNCIL,
    CPS,
    DFE_RETURN,
    HOSPITAL,
    NOTIFIED,
    OTHER_CHILD,
    POLICE,
    REFUSAL,
    SCHOOL,
    Tokens,
    build_family,
    record,
)


@pytest.fixture
def family(service: Service) -> Tokens:
    return build_family(service)


def node(code: str, name: str, type_: str, country: str = "GB") -> dict[str, Any]:
    return {"id": code, "name": name, "type": type_, "country": country}


POLICE_NODE = node("beds-police", "Bedfordshire Police", "police")
CPS_NODE = node("cps", "Crown Prosecution Service", "central_government")
DFE_NODE = node("dfe", "Department for Education", "dfe")
COUNCIL_NODE = node(COUNCIL, "Luton Borough Council", "local_authority")
SCHOOL_NODE = node("riverside-academy", "Riverside Academy", "school")
HOSPITAL_NODE = node("beds-hospitals", "Bedfordshire Hospitals NHS Foundation Trust", "nhs_trust")
CONSULTANCY_NODE = node("social-finance", "Social Finance", "consultancy")
US_NODE = node("us-adoption", "Office of Children's Issues", "overseas_authority", "US")
CA_NODE = node("ca-adoption", "Adoption Council of Ontario", "adoption_agency", "CA")


def edge(
    entry_id: str, sender: str, recipient: str, when: str, categories: list[str], purpose: str,
    basis: str | None, subjects: list[str], **more: Any,
) -> dict[str, Any]:  # fmt: skip
    """One expected edge, written out: a shared, unvoided council disclosure unless `more`
    says otherwise."""
    return {
        "entry_id": entry_id,
        "from": sender,
        "to": recipient,
        "occurred_at": when,
        "categories": categories,
        "purpose": purpose,
        "lawful_basis": basis,
        "cross_border": more.get("cross_border", False),
        "derived_from": more.get("derived_from"),
        "kind": more.get("kind", "disclosure"),
        "destination_country": more.get("destination_country"),
        "decision": more.get("decision", "shared"),
        "subjects": sorted(subjects),
        "void": more.get("void", False),
    }


def police_edge(t: Tokens, family: bool = False) -> dict[str, Any]:
    return edge(
        POLICE, COUNCIL, "beds-police", "2026-01-10T09:00:00Z",
        ["domestic_abuse", "health", "identity"], "child_protection", "UKGDPR.6.1.e",
        [t.child, t.parent] if family else [t.child],
    )  # fmt: skip


def cps_edge(t: Tokens, family: bool = False) -> dict[str, Any]:
    return edge(
        CPS, "beds-police", "cps", "2026-01-15T09:00:00Z", ["domestic_abuse", "identity"],
        "crime_prevention", "UKGDPR.6.1.e", [t.child, t.parent] if family else [t.child],
        kind="onward", derived_from=POLICE,
    )  # fmt: skip


def back_to_police_edge(t: Tokens, family: bool = False) -> dict[str, Any]:
    """Carries only the parent's data: in the child's own lineage it names no subject."""
    return edge(
        BACK_TO_POLICE, "cps", "beds-police", "2026-01-20T09:00:00Z",
        ["criminal_records", "identity"], "crime_prevention", "UKGDPR.6.1.e",
        [t.parent] if family else [], kind="onward", derived_from=CPS,
    )  # fmt: skip


def school_edge(t: Tokens, categories: list[str], family: bool = False) -> dict[str, Any]:
    return edge(
        SCHOOL, COUNCIL, "riverside-academy", "2026-02-02T09:00:00Z", categories, "education",
        "UKGDPR.6.1.e", [t.child, t.sibling] if family else [t.child],
    )  # fmt: skip


def hospital_edge(t: Tokens, *, void: bool) -> dict[str, Any]:
    return edge(
        HOSPITAL, COUNCIL, "beds-hospitals", "2026-02-05T09:00:00Z",
        ["health", "identity", "mental_health"], "health_wellbeing", "UKGDPR.6.1.e", [t.child],
        void=void,
    )  # fmt: skip


def refusal_edge(t: Tokens) -> dict[str, Any]:
    return edge(
        REFUSAL, COUNCIL, "social-finance", "2026-02-10T09:00:00Z", ["health", "identity"],
        "performance", None, [t.child], decision="refused",
    )  # fmt: skip


def us_edge(t: Tokens) -> dict[str, Any]:
    return edge(
        ADOPTION_US, COUNCIL, "us-adoption", "2026-03-01T09:00:00Z",
        ["adoption", "identity", "placement"], "adoption_placement", "UKGDPR.6.1.e", [t.child],
        cross_border=True, destination_country="US",
    )  # fmt: skip


def ca_edge(t: Tokens) -> dict[str, Any]:
    return edge(
        ADOPTION_CA, COUNCIL, "ca-adoption", "2026-03-03T09:00:00Z", ["adoption", "identity"],
        "adoption_placement", "UKGDPR.6.1.e", [t.sibling], cross_border=True,
        destination_country="CA",
    )  # fmt: skip


def dfe_edge(t: Tokens) -> dict[str, Any]:
    """The return also names an unrelated child, whose token never shows here."""
    return edge(
        DFE_RETURN, COUNCIL, "dfe", "2026-03-10T09:00:00Z", ["identity", "looked_after"],
        "statutory_return", "UKGDPR.6.1.c", [t.child],
    )  # fmt: skip


def lineage_of(service: Service, token: str, **options: Any) -> dict[str, Any]:
    with service.engine.connect() as conn:
        graph = subject_lineage(
            conn, service.keys, token, council=COUNCIL, options=LineageOptions(**options)
        )
    return lineage_json(graph)


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# -- subject lineage -------------------------------------------------------------------------


def test_the_childs_lineage_follows_onward_shares_and_leaves_the_voided_one_out(
    service: Service, family: Tokens
) -> None:
    t = family
    assert lineage_of(service, t.child, include_refusals=True) == {
        "subject": t.child,
        "nodes": [
            POLICE_NODE,
            CPS_NODE,
            DFE_NODE,
            COUNCIL_NODE,
            SCHOOL_NODE,
            CONSULTANCY_NODE,
            US_NODE,
        ],  # fmt: skip
        "edges": [
            police_edge(t),
            cps_edge(t),
            back_to_police_edge(t),
            school_edge(t, ["attendance", "school_details"]),
            refusal_edge(t),
            us_edge(t),
            dfe_edge(t),
        ],
    }


def test_the_lineage_graph_keeps_the_contract_diagrams_are_drawn_from(
    service: Service, family: Tokens
) -> None:
    with service.engine.connect() as conn:
        graph = subject_lineage(conn, service.keys, family.child, council=COUNCIL)
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.graph == {"subject": family.child, "council": COUNCIL}
    assert graph.nodes["us-adoption"] == {
        "name": "Office of Children's Issues",
        "type": "overseas_authority",
        "country": "US",
    }
    assert graph.edges["cps", "beds-police", BACK_TO_POLICE] == {
        "entry_id": BACK_TO_POLICE,
        "kind": "onward",
        "occurred_at": datetime(2026, 1, 20, 9, 0, tzinfo=UTC),
        "categories": ["criminal_records", "identity"],
        "purpose": "crime_prevention",
        "lawful_basis": "UKGDPR.6.1.e",
        "cross_border": False,
        "destination_country": None,
        "derived_from": CPS,
        "decision": "shared",
        "subjects": [],
        "void": False,
    }
    assert graph.edges[COUNCIL, "beds-police", POLICE]["occurred_at"].utcoffset() is not None
    # The police passed data to the CPS, which passed it back: a cycle of organisations.
    assert [sorted(c) for c in nx.simple_cycles(nx.DiGraph(graph))] == [["beds-police", "cps"]]


def test_voided_entries_show_only_when_asked(service: Service, family: Tokens) -> None:
    t = family
    shown = lineage_of(service, t.child, include_void=True, include_refusals=True)
    assert hospital_edge(t, void=True) in shown["edges"]
    assert HOSPITAL_NODE in shown["nodes"]
    assert len(shown["edges"]) == 8
    assert HOSPITAL not in [e["entry_id"] for e in lineage_of(service, t.child)["edges"]]


def test_refusals_show_only_when_asked_and_say_so(service: Service, family: Tokens) -> None:
    """A decision not to share moved no data: it is not an edge of the lineage unless asked
    for, and then it is one with `decision: refused`."""
    t = family
    default = lineage_of(service, t.child)
    assert REFUSAL not in [e["entry_id"] for e in default["edges"]]
    assert CONSULTANCY_NODE not in default["nodes"]
    asked = lineage_of(service, t.child, include_refusals=True)
    (refusal,) = [e for e in asked["edges"] if e["entry_id"] == REFUSAL]
    assert refusal == refusal_edge(t) and refusal["decision"] == "refused"
    assert len(asked["edges"]) == len(default["edges"]) + 1


def test_as_of_shows_what_the_ledger_held_then(service: Service, family: Tokens) -> None:
    """On 7 February the hospital share was not yet void, the school's not yet corrected,
    and the refusal, the transfers and the DfE return not yet recorded."""
    t = family
    then = lineage_of(service, t.child, as_of=moment("2026-02-07T00:00:00Z"))
    assert then == {
        "subject": t.child,
        "nodes": [HOSPITAL_NODE, POLICE_NODE, CPS_NODE, COUNCIL_NODE, SCHOOL_NODE],
        "edges": [
            police_edge(t),
            cps_edge(t),
            back_to_police_edge(t),
            school_edge(t, ["attendance", "safeguarding_concerns", "school_details"]),
            hospital_edge(t, void=False),
        ],
    }


def test_as_of_a_date_covers_that_whole_day(service: Service, family: Tokens) -> None:
    t = family
    end_of_15_january = Period.parse(None, "2026-01-15").end
    shown = lineage_of(service, t.child, as_of=end_of_15_january)
    assert shown["edges"] == [police_edge(t), cps_edge(t)]
    before = lineage_of(service, t.child, as_of=moment("2026-01-10T09:59:59Z"))
    assert before == {"subject": t.child, "nodes": [], "edges": []}


def test_period_and_category_filters(service: Service, family: Tokens) -> None:
    t = family
    february = lineage_of(
        service, t.child, period=Period.parse("2026-02-01", "2026-02-28"), include_refusals=True
    )
    assert february["edges"] == [school_edge(t, ["attendance", "school_details"]),
                                 refusal_edge(t)]  # fmt: skip
    assert february["nodes"] == [COUNCIL_NODE, SCHOOL_NODE, CONSULTANCY_NODE]
    health = lineage_of(service, t.child, categories=frozenset({"health"}), include_refusals=True)
    assert health["edges"] == [police_edge(t), refusal_edge(t)]
    criminal = lineage_of(service, t.child, categories=frozenset({"criminal_records"}))
    assert criminal["edges"] == [back_to_police_edge(t)]


def test_family_lineage_says_whose_data_each_share_carried(
    service: Service, family: Tokens
) -> None:
    t = family
    expected_edges = [
        police_edge(t, family=True),
        cps_edge(t, family=True),
        back_to_police_edge(t, family=True),
        school_edge(t, ["attendance", "school_details"], family=True),
        refusal_edge(t),
        us_edge(t),
        ca_edge(t),
        dfe_edge(t),
    ]
    for member in (t.child, t.sibling, t.parent):
        shown = lineage_of(service, member, family=True, include_refusals=True)
        assert shown["subject"] == member
        assert shown["edges"] == expected_edges
        assert shown["nodes"] == [POLICE_NODE, CA_NODE, CPS_NODE, DFE_NODE, COUNCIL_NODE,
                                  SCHOOL_NODE, CONSULTANCY_NODE, US_NODE]  # fmt: skip


def test_a_parents_own_lineage(service: Service, family: Tokens) -> None:
    t = family
    assert lineage_of(service, t.parent)["edges"] == [
        edge(POLICE, COUNCIL, "beds-police", "2026-01-10T09:00:00Z",
             ["domestic_abuse", "health", "identity"], "child_protection", "UKGDPR.6.1.e",
             [t.parent]),
        edge(CPS, "beds-police", "cps", "2026-01-15T09:00:00Z", ["domestic_abuse", "identity"],
             "crime_prevention", "UKGDPR.6.1.e", [t.parent], kind="onward",
             derived_from=POLICE),
        back_to_police_edge(t, family=True),
    ]  # fmt: skip


def test_an_unrelated_childs_lineage_holds_only_its_own_shares(
    service: Service, family: Tokens
) -> None:
    t = family
    assert [e["entry_id"] for e in lineage_of(service, t.other)["edges"]] == [
        OTHER_CHILD,
        DFE_RETURN,
    ]
    assert lineage_of(service, t.other)["edges"][1]["subjects"] == [t.other]


# -- notify list (Art 19) --------------------------------------------------------------------


def recipient(
    code: str, name: str, entries: list[str], categories: list[str], via: str, first: str,
    last: str, outstanding: list[str], notifications: list[str],
) -> dict[str, Any]:  # fmt: skip
    return {
        "partner": code,
        "name": name,
        "entries": entries,
        "categories": categories,
        "via": via,
        "first_shared": first,
        "last_shared": last,
        "notified": not outstanding,
        "outstanding": outstanding,
        "notifications": notifications,
    }


def notify(service: Service, token: str, **query: Any) -> dict[str, Any]:
    with service.engine.connect() as conn:
        return notify_list(conn, token, council=COUNCIL, query=NotifyQuery(**query))


POLICE_TOLD = recipient(
    "beds-police", "Bedfordshire Police", [POLICE], ["domestic_abuse", "health", "identity"],
    "direct", "2026-01-10T09:00:00Z", "2026-01-10T09:00:00Z", [], [NOTIFIED],
)  # fmt: skip
CPS_OWED = recipient(
    "cps", "Crown Prosecution Service", [CPS], ["domestic_abuse", "identity"], "onward",
    "2026-01-15T09:00:00Z", "2026-01-15T09:00:00Z", [CPS], [],
)  # fmt: skip
DFE_OWED = recipient(
    "dfe", "Department for Education", [DFE_RETURN], ["identity", "looked_after"], "direct",
    "2026-03-10T09:00:00Z", "2026-03-10T09:00:00Z", [DFE_RETURN], [],
)  # fmt: skip
SCHOOL_OWED = recipient(
    "riverside-academy", "Riverside Academy", [SCHOOL], ["attendance", "school_details"],
    "direct", "2026-02-02T09:00:00Z", "2026-02-02T09:00:00Z", [SCHOOL], [],
)  # fmt: skip
US_OWED = recipient(
    "us-adoption", "Office of Children's Issues", [ADOPTION_US],
    ["adoption", "identity", "placement"], "direct", "2026-03-01T09:00:00Z",
    "2026-03-01T09:00:00Z", [ADOPTION_US], [],
)  # fmt: skip


def test_notify_list_names_every_recipient_and_who_is_outstanding(
    service: Service, family: Tokens
) -> None:
    """Not the voided hospital share, the refused consultancy, or the CPS's return to the
    police (which carried only the parent's data)."""
    assert notify(service, family.child) == {
        "subject": family.child,
        "recipients": [POLICE_TOLD, CPS_OWED, DFE_OWED, SCHOOL_OWED, US_OWED],
    }


def test_notify_list_by_category_and_since(service: Service, family: Tokens) -> None:
    t = family
    assert notify(service, t.child, category="health")["recipients"] == [POLICE_TOLD]
    assert notify(service, t.child, category="adoption")["recipients"] == [US_OWED]
    since = notify(service, t.child, since=moment("2026-02-01T00:00:00Z"))
    assert since["recipients"] == [DFE_OWED, SCHOOL_OWED, US_OWED]


def test_notifications_before_the_rectification_do_not_count(
    service: Service, family: Tokens
) -> None:
    later = notify(service, family.child, category="health",
                   notified_since=moment("2026-03-07T00:00:00Z"))  # fmt: skip
    police_again = {**POLICE_TOLD, "notified": False, "outstanding": [POLICE], "notifications": []}
    assert later["recipients"] == [police_again]


def test_recording_a_notification_clears_the_recipient(service: Service, family: Tokens) -> None:
    told = "00000000-0000-4000-8000-000000000099"
    payload = {
        "entry_id": told,
        "occurred_at": "2026-03-12T10:00:00Z",
        "recipient": "cps",
        "subject": {"token": family.child},
        "entries": [CPS],
        "method": "secure_email",
    }
    record(service, "2026-03-12T11:00Z", "notification", payload)
    cps_told = {**CPS_OWED, "notified": True, "outstanding": [], "notifications": [told]}
    assert notify(service, family.child)["recipients"][1] == cps_told


# -- partner exposure (Art 33/34) ------------------------------------------------------------

POLICE_BREACH = {
    "entry_id": BREACH,
    "occurred_at": "2026-03-04T08:00:00Z",
    "recorded_at": "2026-03-04T09:00:00Z",
    "entries": [POLICE],
    "categories": ["identity"],
    "reported_to_ico": False,
}


def exposure(
    service: Service, partner: str, start: str | None = None, end: str | None = None
) -> dict[str, Any]:
    with service.engine.connect() as conn:
        return partner_exposure(conn, partner, period=Period.parse(start, end))


def by_token(subjects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(subjects, key=lambda s: s["token"])


def test_police_exposure_counts_direct_and_onward_receipts(
    service: Service, family: Tokens
) -> None:
    t = family
    assert exposure(service, "beds-police") == {
        "partner": "beds-police",
        "subject_count": 3,
        "subjects": by_token([
            {"token": t.child, "categories": ["domestic_abuse", "health", "identity"],
             "entries": [POLICE], "via": "direct"},
            {"token": t.parent,
             "categories": ["criminal_records", "domestic_abuse", "health", "identity"],
             "entries": [POLICE, BACK_TO_POLICE], "via": "direct"},
            {"token": t.other, "categories": ["identity", "safeguarding_concerns"],
             "entries": [OTHER_CHILD], "via": "direct"},
        ]),
        "by_class": {"ordinary": 3, "special": 2, "criminal": 1},
        "breaches": [POLICE_BREACH],
    }  # fmt: skip


def test_exposure_for_a_period(service: Service, family: Tokens) -> None:
    t = family
    early = exposure(service, "beds-police", "2026-01-01", "2026-01-14")
    assert early["subjects"] == by_token([
        {"token": t.child, "categories": ["domestic_abuse", "health", "identity"],
         "entries": [POLICE], "via": "direct"},
        {"token": t.parent, "categories": ["domestic_abuse", "health", "identity"],
         "entries": [POLICE], "via": "direct"},
        {"token": t.other, "categories": ["identity", "safeguarding_concerns"],
         "entries": [OTHER_CHILD], "via": "direct"},
    ])  # fmt: skip
    assert early["by_class"] == {"ordinary": 3, "special": 2, "criminal": 0}
    late = exposure(service, "beds-police", "2026-01-16", None)
    assert late["subjects"] == [{"token": t.parent, "categories": ["criminal_records", "identity"],
                                 "entries": [BACK_TO_POLICE], "via": "onward"}]  # fmt: skip
    assert late["by_class"] == {"ordinary": 1, "special": 0, "criminal": 1}


def test_onward_recipients_voids_and_refusals(service: Service, family: Tokens) -> None:
    t = family
    assert exposure(service, "cps") == {
        "partner": "cps",
        "subject_count": 2,
        "subjects": by_token([
            {"token": t.child, "categories": ["domestic_abuse", "identity"], "entries": [CPS],
             "via": "onward"},
            {"token": t.parent, "categories": ["domestic_abuse", "identity"], "entries": [CPS],
             "via": "onward"},
        ]),
        "by_class": {"ordinary": 2, "special": 0, "criminal": 0},
        "breaches": [],
    }  # fmt: skip
    nothing = {"subject_count": 0, "subjects": [], "breaches": [],
               "by_class": {"ordinary": 0, "special": 0, "criminal": 0}}  # fmt: skip
    assert exposure(service, "beds-hospitals") == {"partner": "beds-hospitals", **nothing}
    assert exposure(service, "social-finance") == {"partner": "social-finance", **nothing}


# -- transfers register ----------------------------------------------------------------------


def us_transfer(t: Tokens) -> dict[str, Any]:
    return {**US_TRANSFER, "subjects": [t.child]}


def ca_transfer(t: Tokens) -> dict[str, Any]:
    return {**CA_TRANSFER, "subjects": [t.sibling]}


US_TRANSFER = {
    "entry_id": ADOPTION_US,
    "seq": 9,
    "kind": "disclosure",
    "occurred_at": "2026-03-01T09:00:00Z",
    "sender": COUNCIL,
    "recipient": "us-adoption",
    "country": "US",
    "mechanism": "ART46.2.a",
    "instrument": "Intercountry adoption arrangement under the 1993 Hague Convention",
    "adequate": True,
    "categories": ["adoption", "identity", "placement"],
    "purpose": "adoption_placement",
}
CA_TRANSFER = {
    "entry_id": ADOPTION_CA,
    "seq": 10,
    "kind": "disclosure",
    "occurred_at": "2026-03-03T09:00:00Z",
    "sender": COUNCIL,
    "recipient": "ca-adoption",
    "country": "CA",
    "mechanism": "ADEQUACY",
    "instrument": "DPA 2018 Sch 21 para 5",
    "adequate": True,
    "categories": ["adoption", "identity"],
    "purpose": "adoption_placement",
}


def register(service: Service, **query: Any) -> dict[str, Any]:
    with service.engine.connect() as conn:
        return transfers(conn, TransferQuery(**query))


def test_transfers_register(service: Service, family: Tokens) -> None:
    us, ca = us_transfer(family), ca_transfer(family)
    assert register(service) == {"transfers": [us, ca], "next": None}
    assert register(service, country="CA")["transfers"] == [ca]
    assert register(service, country="IE")["transfers"] == []
    march_1 = Period.parse("2026-03-01", "2026-03-01")
    assert register(service, period=march_1)["transfers"] == [us]


def test_transfers_page_by_position(service: Service, family: Tokens) -> None:
    us, ca = us_transfer(family), ca_transfer(family)
    assert register(service, limit=1) == {"transfers": [us], "next": 9}
    assert register(service, limit=1, after=9) == {"transfers": [ca], "next": None}


def test_a_transfer_off_the_adequacy_list_says_so(service: Service, family: Tokens) -> None:
    payload = {
        "entry_id": "00000000-0000-4000-8000-000000000098",
        "occurred_at": "2026-03-20T09:00:00Z",
        "recipient": "tusla",
        "subjects": [{"token": family.sibling, "role": "child"}],
        "categories": ["identity"],
        "purpose": "adoption_placement",
        "lawful_basis": "UKGDPR.6.1.e",
        "one_off": True,
        "method": "secure_email",
        "cross_border": True,
        "destination_country": "AU",
        "transfer_mechanism": "ADEQUACY",
    }
    record(service, "2026-03-20T10:00Z", "disclosure", payload)
    added = register(service, country="AU")["transfers"]
    assert [(t["country"], t["mechanism"], t["instrument"], t["adequate"]) for t in added] == [
        ("AU", "ADEQUACY", None, False)
    ]


# -- exceptions ------------------------------------------------------------------------------

CPS_RETURN_FLAGGED = {
    "entry_id": BACK_TO_POLICE,
    "seq": 2,
    "entry_kind": "onward",
    "occurred_at": "2026-01-20T09:00:00Z",
    "recorded_at": "2026-01-20T10:00:00Z",
    "sender": "cps",
    "recipient": "beds-police",
    "exceptions": [{
        "kind": "onward_not_permitted",
        "label": "Onward disclosure not permitted by the agreement",
        "detail": "the entry it derives from cites no agreement permitting onward sharing",
    }],
}  # fmt: skip
SCHOOL_FLAGGED = {
    "entry_id": SCHOOL,
    "seq": 7,  # the correction: the flags in force are those it re-checked
    "entry_kind": "disclosure",
    "occurred_at": "2026-02-02T09:00:00Z",
    "recorded_at": "2026-02-20T10:00:00Z",
    "sender": COUNCIL,
    "recipient": "riverside-academy",
    "exceptions": [{
        "kind": "no_agreement",
        "label": "No sharing agreement and not a one-off",
        "detail": "no sharing agreement cited and not marked one-off",
    }],
}  # fmt: skip
LATE_FLAGGED = {
    "entry_id": OTHER_CHILD,
    "seq": 8,
    "entry_kind": "disclosure",
    "occurred_at": "2026-01-12T09:00:00Z",
    "recorded_at": "2026-03-01T09:00:00Z",
    "sender": COUNCIL,
    "recipient": "beds-police",
    "exceptions": [{
        "kind": "late_record",
        "label": "Recorded long after it occurred",
        "detail": "recorded 48 days after it occurred",
    }],
}  # fmt: skip


def flagged(service: Service, **query: Any) -> dict[str, Any]:
    with service.engine.connect() as conn:
        return flagged_entries(conn, ExceptionQuery(**query))


def flagged_for(t: Tokens) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The three flagged entries, with the subjects each carried."""
    return (
        {**CPS_RETURN_FLAGGED, "subjects": [t.parent]},
        {**SCHOOL_FLAGGED, "subjects": sorted([t.child, t.sibling])},
        {**LATE_FLAGGED, "subjects": [t.other]},
    )


def test_exceptions_by_kind_period_and_partner(service: Service, family: Tokens) -> None:
    cps_return, school, late = flagged_for(family)
    assert flagged(service) == {"exceptions": [cps_return, school, late], "next": None}
    assert flagged(service, kind="late_record")["exceptions"] == [late]
    assert flagged(service, kind="not_adequate")["exceptions"] == []
    assert flagged(service, partner="riverside-academy")["exceptions"] == [school]
    assert flagged(service, partner="cps")["exceptions"] == [cps_return]
    january = Period.parse("2026-01-16", "2026-01-31")
    assert flagged(service, period=january)["exceptions"] == [cps_return]


def test_exceptions_page_by_position(service: Service, family: Tokens) -> None:
    cps_return, school, late = flagged_for(family)
    assert flagged(service, limit=2) == {"exceptions": [cps_return, school], "next": 7}
    assert flagged(service, limit=2, after=7) == {"exceptions": [late], "next": None}
