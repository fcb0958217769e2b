"""Who may do what: the one role → permission table the API guards and its tests both read.

A route names the one permission it needs (`api.deps.Allowed`); a role holds a set of
permissions. Add a permission here when a new kind of route needs one, and grant it below.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from models.registry_changes import ROLES


class Permission(StrEnum):
    """What a route lets its caller do."""

    APPEND = "append"
    """Record disclosures, onward disclosures and refusals (one or a batch)."""
    CORRECT = "correct"
    """Record a correction of an earlier disclosure (UK GDPR Art 16)."""
    RECORD_INCIDENT = "record_incident"
    """Record breaches (Art 33/34) and notifications to recipients (Art 19)."""
    READ_ENTRIES = "read_entries"
    """List and read disclosures: subject tokens, parties, purposes, bases."""
    READ_FREE_TEXT = "read_free_text"
    """See sealed free text (`reason`) opened, where the subjects' keys still exist."""
    LOOKUP_SUBJECT = "lookup_subject"
    """Turn a local id, NHS number or UPN into the subject's token."""
    LINEAGE = "lineage"
    """A subject's lineage graph (where the data went, onward included)."""
    NOTIFY_LIST = "notify_list"
    """The recipients to tell of a rectification or erasure (Art 19)."""
    EXPOSURE = "exposure"
    """The subjects and categories a partner received (breach impact)."""
    TRANSFERS = "transfers"
    """The register of cross-border transfers (Chapter V)."""
    EXCEPTIONS = "exceptions"
    """Entries flagged for the DPO's review."""
    ACCESS_REPORT = "access_report"
    """A subject's access report (Art 15)."""
    REPORTS = "reports"
    """Aggregated flows and the board pack: no tokens, identifiers or free text."""
    READ_REGISTRY = "read_registry"
    """Read partners and sharing agreements (organisations, not people)."""
    MANAGE_REGISTRY = "manage_registry"
    """Add, change and retire partners and sharing agreements."""
    READ_LEDGER = "read_ledger"
    """The tree head and Merkle proofs (hashes only)."""
    CHECKPOINT = "checkpoint"
    """Sign and write a checkpoint of the tree head."""
    VERIFY = "verify"
    """Recompute the ledger and the access log and report the first disagreement."""
    READ_ACCESS_LOG = "read_access_log"
    """Read who read what about which subject."""
    MANAGE_SUBJECTS = "manage_subjects"
    """Merge two records of one child, or add, correct or retire a subject's identifier
    (each recorded in the ledger with who and why)."""
    BREACH_CASES = "breach_cases"
    """List breach cases and record their steps (UK GDPR Art 33/34)."""
    ACCESS_REQUESTS = "access_requests"
    """Subject access cases (Art 12, 15): open, record steps, letter, reviewer pack."""
    COMPLAINTS = "complaints"
    """Data protection complaints (DPA 2018 s.164A)."""
    ART19_WORKLISTS = "art19_worklists"
    """Art 19 worklists: the recipients to tell of a rectification or erasure."""
    CASES_DUE = "cases_due"
    """What casework is due or overdue (of the kinds the caller handles)."""


P = Permission

SUBJECT_READS: Final = frozenset(
    {
        P.READ_ENTRIES,
        P.LOOKUP_SUBJECT,
        P.LINEAGE,
        P.NOTIFY_LIST,
        P.EXPOSURE,
        P.TRANSFERS,
        P.EXCEPTIONS,
        P.ACCESS_REPORT,
        P.BREACH_CASES,
        P.ACCESS_REQUESTS,
        P.COMPLAINTS,
        P.ART19_WORKLISTS,
    }
)
"""Reads of subject-level data: each answer, and each refusal (403), is in the access log."""
OTHER_READS: Final = frozenset(
    {P.REPORTS, P.READ_REGISTRY, P.READ_LEDGER, P.READ_ACCESS_LOG, P.CHECKPOINT, P.CASES_DUE}
)
"""Reads that name no subject: aggregates, organisations, hashes, the access log itself."""

GRANTS: Final[dict[str, frozenset[Permission]]] = {
    "recorder": frozenset({P.APPEND, P.CORRECT, P.READ_REGISTRY, P.READ_LEDGER}),
    "investigator": frozenset(
        {
            P.READ_ENTRIES,
            P.READ_FREE_TEXT,
            P.LOOKUP_SUBJECT,
            P.RECORD_INCIDENT,
            P.LINEAGE,
            P.NOTIFY_LIST,
            P.EXPOSURE,
            P.TRANSFERS,
            P.EXCEPTIONS,
            P.ACCESS_REPORT,
            P.REPORTS,
            P.READ_REGISTRY,
            P.READ_LEDGER,
            P.MANAGE_SUBJECTS,
            P.BREACH_CASES,
            P.COMPLAINTS,
            P.ART19_WORKLISTS,
            P.CASES_DUE,
            P.READ_ACCESS_LOG,  # the DPO oversees who looked at a child (Art 39(1)(b))
        }
    ),
    "sar_officer": frozenset(
        {
            P.LOOKUP_SUBJECT,
            P.ACCESS_REPORT,
            P.LINEAGE,
            P.NOTIFY_LIST,
            P.ACCESS_REQUESTS,
            P.ART19_WORKLISTS,
            P.CASES_DUE,
            P.READ_REGISTRY,
            P.READ_LEDGER,
        }
    ),
    "board": frozenset({P.REPORTS, P.READ_REGISTRY, P.READ_LEDGER}),
    "admin": frozenset(
        {
            P.MANAGE_REGISTRY,
            P.READ_REGISTRY,
            P.READ_LEDGER,
            P.CHECKPOINT,
            P.VERIFY,
            P.READ_ACCESS_LOG,
            P.MANAGE_SUBJECTS,
        }
    ),
}
"""Each role's permissions. `board` never gets a permission whose answers name subjects."""

SUBJECT_FREE: Final = frozenset({P.REPORTS, P.READ_REGISTRY, P.READ_LEDGER})
"""Permissions whose answers never carry tokens, identifiers or free text."""


def allows(role: str, permission: Permission) -> bool:
    """Whether `role` holds `permission` (an unknown role holds none)."""
    return permission in GRANTS.get(role, frozenset())


def roles_with(permission: Permission) -> list[str]:
    """The roles holding `permission`, in the order of `ROLES`."""
    return [role for role in ROLES if allows(role, permission)]


CASE_PERMISSIONS: Final = {
    "breach": P.BREACH_CASES,
    "access_request": P.ACCESS_REQUESTS,
    "complaint": P.COMPLAINTS,
    "art19": P.ART19_WORKLISTS,
}
"""The permission that lets a caller handle each kind of case (and see it in the due list)."""


def case_kinds_for(role: str) -> list[str]:
    """The case kinds `role` handles."""
    return [kind for kind, permission in CASE_PERMISSIONS.items() if allows(role, permission)]
