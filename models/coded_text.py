"""Controlled lists for fields clients send as text: legal powers, decision-maker roles and
transfer instruments.

A client may keep sending the design's text (`"legal_power": "Children Act 1989 s47"`,
`"decision_maker": "Team manager, MASH"`). Each `;`-separated part that names a listed
value becomes its code; whatever is left is free text, which the ledger seals like any
other (UK GDPR Art 5(1)(c) and (f): nothing personal in clear). Codes, once used, are
never renamed or removed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from models.codes import Code, plain

LEGAL_POWERS: Final = plain(
    [
        ("ca1989_s17", "Children Act 1989 s17"),
        ("ca1989_s17_s22g", "Children Act 1989 s17 and s22G"),
        ("ca1989_s22c", "Children Act 1989 s22C"),
        ("ca1989_s31", "Children Act 1989 s31"),
        ("ca1989_s47", "Children Act 1989 s47"),
        ("ca1989_s83", "Children Act 1989 s83"),
        ("ca1989_sch2_para19", "Children Act 1989 Sch 2 para 19"),
        ("ca2004_s10", "Children Act 2004 s10"),
        ("ca2004_s11", "Children Act 2004 s11"),
        ("ca2004_s16c", "Children Act 2004 s16C"),
        ("acta2002_s18", "Adoption and Children Act 2002 s18"),
        ("childcare2006_s7", "Childcare Act 2006 s7"),
        (
            "cppcr2010_reg7",
            "Care Planning, Placement and Case Review (England) Regulations 2010 reg 7",
        ),
        ("cda1998_s115", "Crime and Disorder Act 1998 s115"),
        ("poa1985_s3", "Prosecution of Offences Act 1985 s3"),
        ("hsca2012_s251b", "Health and Social Care Act 2012 s251B"),
        ("education1996_s434", "Education Act 1996 s434"),
        ("education2002_s175", "Education Act 2002 s175"),
        ("dpa2018_s35", "DPA 2018 s35"),
        ("dpa2018_sch2_para2", "DPA 2018 Sch 2 para 2"),
        ("ukgdpr_art15", "UK GDPR Art 15"),
        ("wt2023", "Working Together to Safeguard Children 2023"),
    ]
)
DECISION_MAKER_ROLES: Final = plain(
    [
        ("team_manager_mash", "Team manager, MASH"),
        ("team_manager_cin", "Team manager, children in need"),
        ("social_worker_mash", "Social worker, MASH"),
        ("social_worker_cin", "Social worker, children in need"),
        ("social_worker_cic", "Social worker, children in care"),
        ("head_of_service_cic", "Head of service, children in care"),
        ("placement_team_manager", "Placement team manager"),
        ("agency_decision_maker", "Agency decision maker"),
        ("child_protection_chair", "Child protection chair"),
        ("director_childrens_services", "Director of children's services"),
        ("early_help_practitioner", "Early help practitioner"),
        ("early_years_team", "Early years entitlement team"),
        ("legal_services", "Legal services, children's team"),
        ("information_governance", "Information governance team"),
        ("dpo", "Data protection officer"),
        ("caldicott_guardian", "Caldicott guardian"),
        ("detective_sergeant", "Detective sergeant"),
        ("named_nurse", "Named nurse for safeguarding children"),
        ("performance_team", "Performance and intelligence team"),
    ]
)
TRANSFER_INSTRUMENTS: Final = plain(
    [
        ("dpa2018_sch21_para5", "DPA 2018 Sch 21 para 5"),
        ("uk_adequacy_regulations", "UK adequacy regulations (DPA 2018 s17A and Sch 21)"),
        ("idta", "International data transfer agreement (IDTA)"),
        ("uk_addendum", "UK addendum to the EU standard contractual clauses"),
        (
            "hague1993_arrangement",
            "Intercountry adoption arrangement under the 1993 Hague Convention",
        ),
    ]
)
CODED_FIELDS: Final[Mapping[str, Mapping[str, Code]]] = {
    "legal_power": LEGAL_POWERS,
    "decision_maker": DECISION_MAKER_ROLES,
    "transfer_instrument": TRANSFER_INSTRUMENTS,
}
"""Each text field kept as codes from a list, with any free addition sealed."""

SEPARATOR: Final = "; "


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def split_coded(text: str, vocabulary: Mapping[str, Code]) -> tuple[list[str], str | None]:
    """The codes `text` names (by label or code, case and spacing aside) and the free rest.

    `"Children Act 1989 s47; a note"` gives `(["ca1989_s47"], "a note")`.
    """
    by_key = {_key(entry.label): code for code, entry in vocabulary.items()}
    by_key.update({_key(code): code for code in vocabulary})
    codes: list[str] = []
    rest: list[str] = []
    for part in (p.strip() for p in text.split(";")):
        code = by_key.get(_key(part))
        if code is None and part:
            rest.append(part)
        elif code is not None and code not in codes:
            codes.append(code)
    return codes, SEPARATOR.join(rest) or None


def coded_text(codes: Sequence[str], vocabulary: Mapping[str, Code], addition: str | None) -> str:
    """The field as a person reads it: the codes' labels, then the free addition."""
    parts = [vocabulary[c].label if c in vocabulary else c for c in codes]
    return SEPARATOR.join(parts + ([addition] if addition else []))


SEALED_NOTE: Final = "further text sealed"


def codes_only(field: str, stored: object) -> str | None:
    """A stored coded field as a report without keys shows it: the codes' labels, and a note
    where a sealed free addition was left out."""
    if not isinstance(stored, Mapping):
        return None if stored is None else str(stored)
    addition = SEALED_NOTE if stored.get("text") is not None else None
    return coded_text(stored.get("codes", []), CODED_FIELDS[field], addition) or None
