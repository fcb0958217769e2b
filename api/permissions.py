"""Who may do what: the one role → permission table the API guards and its tests both read.

A route names the one permission it needs (`api.deps.Allowed`); a role holds a set of
permissions. Add a permission here when a new kind of route needs one, and grant it below.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from lineage.registry.apikeys import ROLES


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


P = Permission

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
            P.READ_ACCESS_LOG,  # the DPO oversees who looked at a child (Art 39(1)(b))
        }
    ),
    "sar_officer": frozenset(
        {
            P.LOOKUP_SUBJECT,
            P.ACCESS_REPORT,
            P.LINEAGE,
            P.NOTIFY_LIST,
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
