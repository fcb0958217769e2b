"""The controlled vocabularies the ledger speaks, keyed by their stable codes.

Drawn from the council's children-and-families privacy notice, UK GDPR as amended by the
Data (Use and Access) Act 2025, DPA 2018 and the ICO data sharing code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from models.codes import (
    Category,
    CategoryClass,
    Code,
    Schedule1Condition,
    TransferMechanism,
    keyed,
    plain,
)
from models.schedule1 import SCHEDULE1_CONDITIONS, schedule1_part
from models.vocabulary_data import (
    ANNEX1_ROWS,
    CATEGORY_ROWS,
    LAWFUL_BASIS_ROWS,
    PURPOSE_ROWS,
    SPECIAL_CONDITION_ROWS,
    TRANSFER_ROWS,
)

__all__ = [
    "ANNEX1_CONDITIONS",
    "CATEGORIES",
    "CONSENT",
    "Category",
    "CategoryClass",
    "Code",
    "DECISIONS",
    "ENTRY_KINDS",
    "ERASURE_GROUNDS",
    "HOLD_ACTIONS",
    "HOLD_GROUNDS",
    "EXCEPTION_KINDS",
    "LAWFUL_BASES",
    "METHODS",
    "PARTNER_ROLES",
    "PARTNER_TYPES",
    "PURPOSES",
    "SCHEDULE1_CONDITIONS",
    "SPECIAL_CATEGORY_CONDITIONS",
    "SUBJECT_ROLES",
    "Schedule1Condition",
    "TRANSFER_MECHANISMS",
    "TransferMechanism",
    "category_class",
    "codes_of_class",
    "schedule1_part",
]

CATEGORIES: Final[Mapping[str, Category]] = keyed(
    Category(code, label, cls) for code, label, cls in CATEGORY_ROWS
)
PURPOSES: Final = plain(PURPOSE_ROWS)
LAWFUL_BASES: Final = plain(LAWFUL_BASIS_ROWS)
ANNEX1_CONDITIONS: Final = plain(ANNEX1_ROWS)
SPECIAL_CATEGORY_CONDITIONS: Final = plain(SPECIAL_CONDITION_ROWS)
TRANSFER_MECHANISMS: Final[Mapping[str, TransferMechanism]] = keyed(
    TransferMechanism(code, label, unavailable) for code, label, unavailable in TRANSFER_ROWS
)

METHODS: Final = plain(
    [
        ("secure_email", "Secure email"),
        ("portal", "Portal"),
        ("phone", "Telephone"),
        ("meeting", "Meeting"),
        ("bulk_file", "Bulk file transfer"),
        ("post", "Post"),
        ("system_integration", "System integration"),
    ]
)
CONSENT: Final = plain(
    [
        ("obtained", "Consent obtained"),
        ("not_sought_risk_of_harm", "Not sought: seeking it would risk harm"),
        ("refused_overridden", "Refused and overridden"),
        ("not_required", "Not required"),
    ]
)
SUBJECT_ROLES: Final = plain(
    [
        ("child", "Child"),
        ("parent", "Parent"),
        ("sibling", "Sibling"),
        ("carer", "Carer"),
        ("other", "Other"),
    ]
)
PARTNER_TYPES: Final = plain(
    [
        ("police", "Police"),
        ("nhs_trust", "NHS trust"),
        ("icb_gp", "Integrated care board or GP"),
        ("school", "School or academy"),
        ("dfe", "Department for Education"),
        ("ofsted", "Ofsted"),
        ("court", "Court"),
        ("cafcass", "Cafcass"),
        ("local_authority", "Other local authority"),
        ("voluntary_sector", "Voluntary sector or charity"),
        ("fostering_agency", "Fostering agency"),
        ("adoption_agency", "Adoption agency"),
        ("consultancy", "Consultancy"),
        ("central_government", "Central government"),
        ("overseas_authority", "Overseas authority"),
        ("international_organisation", "International organisation"),
        ("data_subject", "Data subject or representative"),
    ]
)
PARTNER_ROLES: Final = plain(
    [
        ("controller", "Controller"),
        ("joint_controller", "Joint controller"),
        ("processor", "Processor"),
    ]
)
DECISIONS: Final = plain(
    [
        ("shared", "Shared"),
        ("refused", "Decided not to share"),
    ]
)
ENTRY_KINDS: Final = plain(
    [
        ("disclosure", "Disclosure"),
        ("onward", "Onward disclosure"),
        ("correction", "Correction"),
        ("breach", "Personal data breach"),
        ("notification", "Notification of rectification or erasure (Art 19)"),
        ("erasure", "Erasure of a subject's keys"),
        ("registry", "Change to API keys or the subject registry"),
        ("legal_hold", "Legal hold placed on or released from a subject"),
        ("decision", "Decision whether to share (PERMIT, REVIEW or DENY)"),
        ("resolution", "A REVIEW decision resolved by a named person"),
        ("case", "A step of a breach, subject access, complaint or Art 19 case"),
        ("review", "The DPO's disposition of a flagged entry"),
    ]
)
DISPOSITIONS: Final = plain(
    [
        ("accepted", "Accepted, with the reason"),
        ("referred", "Referred for action"),
        ("corrected", "Corrected"),
    ]
)
ERASURE_GROUNDS: Final = plain(
    [
        ("retention_ended", "Retention period ended (UK GDPR Art 5(1)(e))"),
        ("erasure_upheld", "Erasure request upheld (UK GDPR Art 17)"),
    ]
)
HOLD_GROUNDS: Final = plain(
    [
        (
            "legal_claims",
            "Establishment, exercise or defence of legal claims (UK GDPR Art 17(3)(e))",
        ),
        ("litigation", "Litigation reasonably anticipated or under way"),
        ("public_inquiry", "Public inquiry (Inquiries Act 2005 s21)"),
        ("regulator_investigation", "Investigation by the ICO, Ofsted or another regulator"),
        ("police_investigation", "Police or criminal investigation"),
        ("complaint", "Complaint or ombudsman review under way"),
        ("subject_request", "A data subject's request still being answered (Art 15 to 21)"),
    ]
)
HOLD_ACTIONS: Final = plain(
    [
        ("place", "Hold placed: the subject's records may not be erased"),
        ("release", "Hold released"),
    ]
)
EXCEPTION_KINDS: Final = plain(
    [
        ("outside_agreement", "Outside the cited sharing agreement"),
        ("no_agreement", "No sharing agreement and not a one-off"),
        ("unknown_agreement", "Cites a sharing agreement that is not on the register"),
        ("legitimate_interests_by_council", "Art 6(1)(ea) or (f) relied on by the council"),
        ("unavailable_derogation", "Art 49 derogation unavailable to a public authority"),
        ("not_adequate", "Transfer under adequacy to a country off the adequacy list"),
        ("late_record", "Recorded long after it occurred"),
        ("onward_not_permitted", "Onward disclosure not permitted by the agreement"),
        ("contrary_to_decision", "Shared after a DENY or an unresolved REVIEW decision"),
    ]
)


def category_class(code: str) -> CategoryClass:
    """The class of a data category: ordinary, special (Art 9) or criminal (Art 10).

    Raises KeyError for an unknown code.
    """
    return CATEGORIES[code].cls


def codes_of_class(cls: CategoryClass) -> tuple[str, ...]:
    """The category codes of a class, in vocabulary order: the one place a report asks
    which categories are special (UK GDPR Art 9) or criminal (Art 10)."""
    return tuple(code for code, category in CATEGORIES.items() if category.cls == cls)
