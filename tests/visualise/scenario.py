"""A fixed, synthetic family's lineage and a board's quarter, as the lineage engine hands them.

Luton Borough Council shares a child's data with the police (who pass some to the CPS),
a school (often enough to be merged), an NHS trust, a charity, an overseas central
authority for an adoption, and refuses a consultancy. Nothing here is real personal data.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Final

import networkx as nx  # type: ignore[import-untyped]

from models.vocabulary import PARTNER_TYPES

COUNCIL: Final = "luton-council"
CHILD: Final = "sub_abcdefghijklmnopqrstuvwx"
SIBLING: Final = "sub_zyxwvutsrqponmlkjihgfed2"
TOKENS: Final = (CHILD, SIBLING)
TITLE: Final = "Data lineage for the child named in this access request"

PARTNERS: Final = (
    (COUNCIL, "Luton Borough Council", "local_authority", "GB"),
    ("beds-police", "Bedfordshire Police", "police", "GB"),
    ("cps-east", "Crown Prosecution Service, East of England", "central_government", "GB"),
    ("riverside-academy", "Riverside Academy", "school", "GB"),
    ("bedfordshire-hospitals", "Bedfordshire Hospitals NHS Foundation Trust", "nhs_trust", "GB"),
    ("family-help", 'Family Help "Keeping Safe" \\ Luton', "voluntary_sector", "GB"),
    ("us-central-authority", "Office of Children's Issues", "overseas_authority", "US"),
    ("insight-analytics", "Insight Analytics Ltd", "consultancy", "GB"),
)


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def share(entry_id: str, sender: str, recipient: str, day: str, **fields: Any) -> dict[str, Any]:
    """One edge's attributes, ordinary council disclosure unless fields say otherwise."""
    edge: dict[str, Any] = {
        "entry_id": entry_id,
        "sender": sender,
        "recipient": recipient,
        "kind": "disclosure",
        "occurred_at": at(day),
        "categories": ["identity"],
        "purpose": "safeguarding",
        "lawful_basis": "UKGDPR.6.1.e",
        "cross_border": False,
        "destination_country": None,
        "derived_from": None,
        "decision": "shared",
        "subjects": list(TOKENS),
        "void": False,
    }
    return edge | fields


def scenario_shares() -> list[dict[str, Any]]:
    """Fourteen shares, in the order they were recorded."""
    police = {"categories": ["identity", "domestic_abuse", "health"], "purpose": "child_protection"}
    school = {"categories": ["attendance", "safeguarding_concerns"], "purpose": "education"}
    return [
        share("e-01", COUNCIL, "beds-police", "2026-01-12", **police),
        share("e-02", COUNCIL, "beds-police", "2026-01-19", **police),
        share("e-03", COUNCIL, "beds-police", "2026-02-23", **police),
        share(
            "e-04",
            "beds-police",
            "cps-east",
            "2026-01-20",
            kind="onward",
            derived_from="e-01",
            categories=["identity", "criminal_records", "domestic_abuse"],
            purpose="crime_prevention",
        ),
        *(
            share(f"e-1{n}", COUNCIL, "riverside-academy", f"2026-0{1 + n // 2}-0{n + 1}", **school)
            for n in range(5)
        ),
        share(
            "e-15",
            COUNCIL,
            "riverside-academy",
            "2026-03-16",
            categories=["send_support", "attendance"],
            purpose="education",
        ),
        share(
            "e-20",
            COUNCIL,
            "bedfordshire-hospitals",
            "2026-02-03",
            categories=["health", "mental_health"],
            purpose="health_wellbeing",
        ),
        share("e-21", COUNCIL, "family-help", "2026-02-14", categories=["family_relationships"]),
        share(
            "e-30",
            COUNCIL,
            "us-central-authority",
            "2026-03-02",
            categories=["identity", "adoption", "health", "ethnicity"],
            purpose="adoption_placement",
            cross_border=True,
            destination_country="US",
        ),
        share(
            "e-40",
            COUNCIL,
            "insight-analytics",
            "2026-03-10",
            categories=["identity", "needs"],
            purpose="service_planning",
            lawful_basis=None,
            decision="refused",
        ),
    ]


def lineage_graph(edges: list[dict[str, Any]] | None = None) -> Any:
    """The subject lineage graph in the shape the lineage engine builds."""
    graph = nx.MultiDiGraph(subject=CHILD, council=COUNCIL)
    for code, name, partner_type, country in PARTNERS:
        graph.add_node(code, name=name, type=partner_type, country=country)
    for edge in scenario_shares() if edges is None else edges:
        attributes = {k: v for k, v in edge.items() if k not in ("sender", "recipient")}
        graph.add_edge(edge["sender"], edge["recipient"], key=edge["entry_id"], **attributes)
    return graph


PERIOD: Final = (date(2026, 1, 1), date(2026, 3, 31))


def flow(sender: str, recipient: str, count: int, **fields: Any) -> dict[str, Any]:
    names = {code: (name, kind) for code, name, kind, _ in PARTNERS}
    row: dict[str, Any] = {
        "sender": sender,
        "sender_name": names[sender][0],
        "sender_type": names[sender][1],
        "recipient": recipient,
        "recipient_name": names[recipient][0],
        "recipient_type": names[recipient][1],
        "count": count,
        "special": 0,
        "criminal": 0,
        "cross_border": 0,
        "countries": [],
    }
    return row | fields


def partner_flows() -> list[dict[str, Any]]:
    """A quarter's flows grouped by partner, as SQL grouping returns them (unsorted)."""
    return [
        flow(COUNCIL, "riverside-academy", 412, special=74),
        flow(COUNCIL, "beds-police", 233, special=61, criminal=40),
        flow("beds-police", "cps-east", 57, special=3, criminal=57),
        flow(COUNCIL, "bedfordshire-hospitals", 129, special=129),
        flow(COUNCIL, "family-help", 18, special=1),
        flow(COUNCIL, "us-central-authority", 3, special=3, cross_border=3, countries=["US"]),
    ]


def type_flows() -> list[dict[str, Any]]:
    """The same quarter grouped by partner type."""
    rows = [
        ("local_authority", "school", 412, 74, 0, 0, []),
        ("local_authority", "police", 233, 61, 40, 0, []),
        ("police", "central_government", 57, 3, 57, 0, []),
        ("local_authority", "nhs_trust", 129, 129, 0, 0, []),
        ("local_authority", "voluntary_sector", 18, 1, 0, 0, []),
        ("local_authority", "overseas_authority", 5, 4, 0, 5, ["US", "FR"]),
    ]
    return [_type_flow(*row) for row in rows]


def _type_flow(
    sender: str,
    recipient: str,
    count: int,
    special: int,
    criminal: int,
    abroad: int,
    countries: list[str],
) -> dict[str, Any]:
    return {
        "sender": sender,
        "sender_name": PARTNER_TYPES[sender].label,
        "sender_type": sender,
        "recipient": recipient,
        "recipient_name": PARTNER_TYPES[recipient].label,
        "recipient_type": recipient,
        "count": count,
        "special": special,
        "criminal": criminal,
        "cross_border": abroad,
        "countries": countries,
    }


def access_report() -> dict[str, Any]:
    """The access report the lineage engine would build for CHILD from the shares above."""
    return {
        "subject": CHILD,
        "council_name": "Luton Borough Council",
        "generated_at": "2026-04-14T09:30:00+00:00",
        "summary": (
            "Between January and March 2026 we shared information about you with seven "
            "organisations, mostly to keep you safe and to support your education. We sent "
            "some information to the United States to plan an adoption placement.\n\n"
            "We also decided not to share your information with one company."
        ),
        "purposes": ["child_protection", "education", "health_wellbeing", "adoption_placement"],
        "categories": ["identity", "health", "domestic_abuse", "attendance", "ethnicity"],
        "recipients": [
            _recipient("beds-police", "2026-01-12", "2026-02-23", police=True),
            _recipient("riverside-academy", "2026-01-01", "2026-03-16"),
            _recipient("us-central-authority", "2026-03-02", "2026-03-02"),
        ],
        "transfers": [
            {
                "entry_id": "e-30",
                "country": "US",
                "mechanism": "ART46.3.b",
                "instrument": "Hague Convention on Intercountry Adoption 1993, Article 16",
            }
        ],
        "sources": ["You and your family", "Bedfordshire Police", "Riverside Academy"],
        "retention": "We keep adoption records for 100 years from the adoption order.",
        "rights": (
            "You can ask us to correct information that is wrong.\n\n"
            "You can object to some sharing and ask us to restrict it."
        ),
        "review": [
            {"entry_id": "e-01", "reason": "Also concerns a sibling; redact their details"},
            {
                "entry_id": "e-04",
                "reason": "Possible crime and taxation exemption (DPA 2018 Sch 2)",
            },
        ],
    }


def _recipient(code: str, first: str, last: str, *, police: bool = False) -> dict[str, Any]:
    name, partner_type, country = next((n, t, c) for p, n, t, c in PARTNERS if p == code)
    return {
        "partner": code,
        "name": name,
        "type": partner_type,
        "country": country,
        "first_shared": f"{first}T10:00:00Z",
        "last_shared": f"{last}T10:00:00Z",
        "categories": ["identity", "domestic_abuse", "health"] if police else ["identity"],
        "purposes": ["child_protection"] if police else ["education"],
        "lawful_bases": ["UKGDPR.6.1.e"],
    }


def board_pack() -> dict[str, Any]:
    """A quarter's board pack, aggregates only."""

    def rows(*entries: tuple[str, str, int, int]) -> list[dict[str, Any]]:
        return [
            {"key": k, "label": label, "current": c, "previous": p} for k, label, c, p in entries
        ]

    return {
        "council_name": "Luton Borough Council",
        "period": {"from": "2026-01-01", "to": "2026-03-31"},
        "previous_period": {"from": "2025-10-01", "to": "2025-12-31"},
        "totals": {"current": 852, "previous": 790},
        "headline": {
            "disclosures": 852,
            "refusals": 12,
            "recipients": 41,
            "subjects": 730,
            "exceptions": 6,
        },  # fmt: skip
        "by_recipient_type": rows(
            ("school", "School or academy", 412, 380),
            ("police", "Police", 233, 251),
            ("nhs_trust", "NHS trust", 129, 101),
            ("central_government", "Central government", 57, 40),
            ("voluntary_sector", "Voluntary sector or charity", 18, 18),
            ("overseas_authority", "Overseas authority", 3, 0),
        ),
        "by_category_class": rows(
            ("ordinary", "Ordinary personal data", 852, 790),
            ("special", "Special category data (Art 9)", 268, 231),
            ("criminal", "Criminal offence data (Art 10)", 97, 88),
        ),
        "by_purpose": rows(
            ("education", "Pupil learning, pastoral care, attainment", 412, 380),
            ("child_protection", "Child protection enquiry (Children Act 1989 s47)", 233, 251),
            ("health_wellbeing", "Mental health and emotional wellbeing support", 129, 101),
            ("crime_prevention", "Prevention or detection of crime", 57, 40),
            ("adoption_placement", "Adoption and placement, including overseas", 3, 0),
        ),
        "by_lawful_basis": rows(
            ("UKGDPR.6.1.e", "Public task", 801, 752),
            ("UKGDPR.6.1.c", "Legal obligation", 48, 38),
            ("UKGDPR.6.1.f", "Legitimate interests", 3, 0),
        ),
        "transfers": [
            {
                "country": "US",
                "country_name": "United States of America",
                "mechanism": "ART46.3.b",
                "mechanism_label": "Administrative arrangement between public bodies",
                "count": 3,
                "adequate": False,
            },
            {
                "country": "FR",
                "country_name": "France",
                "mechanism": "ADEQUACY",
                "mechanism_label": "Transfer approved by regulations (adequacy)",
                "count": 2,
                "adequate": True,
            },
        ],
        "exceptions": [
            {"kind": "no_agreement", "label": "No sharing agreement and not a one-off", "count": 4},
            {"kind": "late_record", "label": "Recorded long after it occurred", "count": 2},
        ],
        "generated_at": "2026-04-14T09:30:00+00:00",
    }
