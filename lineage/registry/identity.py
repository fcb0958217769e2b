"""One identifier, one subject: the refusals that keep an NHS number or UPN to one current
subject, and how a merged record leads to the surviving one.

Children Act 2004 s.16LC (inserted by the Children's Wellbeing and Schools Act 2026) makes a
consistent identifier for each child part of how partners share; the registry's answer to
"which child is this?" must therefore never be ambiguous.
"""

from __future__ import annotations

from sqlalchemy import Connection, select
from sqlmodel import col

from models.errors import FieldError, IdentifierConflict
from models.tables import Subject

UNIQUE = {"nhs_hmac": "nhs_number", "upn_hmac": "upn"}
"""The identifiers that name one child: each belongs to at most one current subject."""
_NAMES = {"nhs_number": "NHS number", "upn": "UPN"}


class AmbiguousIdentifier(LookupError):
    """More than one current subject holds an identifier (recorded before the rule was kept):
    a look-up never chooses one; the records must be merged or corrected."""

    def __init__(self, kind: str, tokens: list[str]) -> None:
        super().__init__(f"{len(tokens)} subjects hold that {kind}")
        self.tokens = tokens


def reused(kind: str) -> IdentifierConflict:
    """The refusal of an identifier that already belongs to another subject."""
    return IdentifierConflict(
        [
            FieldError(
                kind,
                f"this {_NAMES[kind]} already belongs to another subject: if both records are "
                "one child, an investigator or admin joins them with `disclosure subjects "
                "merge` (POST /v1/subjects/{token}/merge); if the number is wrong, correct it "
                "with `disclosure subjects set-identifier`",
            )
        ]
    )


def repointed(kind: str) -> IdentifierConflict:
    """The refusal of a different identifier for a subject that already has one."""
    return IdentifierConflict(
        [
            FieldError(
                kind,
                f"this subject's record holds a different {_NAMES[kind]}; it is never "
                "re-pointed silently: an investigator or admin corrects it with `disclosure "
                "subjects set-identifier` (POST /v1/subjects/{token}/identifiers)",
            )
        ]
    )


def merged_from(conn: Connection, token: str) -> list[str]:
    """The tokens of the records merged into `token`'s (none if it is not a survivor)."""
    rows = conn.execute(
        select(col(Subject.token))
        .where(col(Subject.merged_into) == token)
        .order_by(col(Subject.token))
    )
    return [str(r[0]) for r in rows]


def survivor_of(conn: Connection, token: str) -> str:
    """The subject a merged record leads to (the token itself if it was not merged)."""
    found = conn.execute(
        select(col(Subject.merged_into)).where(col(Subject.token) == token)
    ).scalar()
    return token if found is None else str(found)
