"""The database tables, as SQLModel classes.

Ledger tables (append-only, guarded by triggers): `ledger_entry`, `merkle_node` and the
projections derived from entry bodies (`entry_version`, `version_subject`, `version_category`,
`entry_flag`, `entry_link`, `registry_event`), and the hash-chained `access_log`. Mutable
tables: the one-row `log_head` (the writers' lock), the versioned registries, the subject
registry and API keys (the last two re-derived by `verify` from `registry_event`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, DateTime, Index, LargeBinary, String, Text
from sqlmodel import Field, SQLModel


def _bigint_pk() -> Column[int]:
    return Column(BigInteger, primary_key=True, autoincrement=False)


def _instant(*, nullable: bool) -> Column[datetime]:
    """A column of instants (with time zone: UTC, as `models.dates.utc` gives them)."""
    return Column(DateTime(timezone=True), nullable=nullable)


class LedgerEntry(SQLModel, table=True):
    """One position of the log: the canonical body bytes exactly as they were hashed."""

    __tablename__ = "ledger_entry"
    seq: int = Field(sa_column=_bigint_pk())
    entry_id: str = Field(sa_column=Column(String(36), nullable=False, unique=True))
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    recorded_at: datetime = Field(sa_column=_instant(nullable=False))
    recorded_by: str = Field(sa_column=Column(String(200), nullable=False))
    body: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    leaf_hash: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))
    request_digest: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))


class LogHead(SQLModel, table=True):
    """The single row writers lock on; updated in the same transaction as the entries."""

    __tablename__ = "log_head"
    id: int = Field(default=1, primary_key=True)
    tree_size: int = Field(sa_column=Column(BigInteger, nullable=False))
    root: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))


class MerkleNode(SQLModel, table=True):
    """A completed perfect subtree (level >= 1) covering leaves [idx*2**level, (idx+1)*2**level)."""

    __tablename__ = "merkle_node"
    __table_args__ = (Index("ix_merkle_node_last_seq", "last_seq"),)
    level: int = Field(primary_key=True)
    idx: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    last_seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    hash: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))


class EntryVersion(SQLModel, table=True):
    """A version of a disclosure: the original entry, or a correction's effective state.

    `target_seq` is the seq of the disclosure it is a version of; the effective version is
    the one with the highest `seq` for its target. Rows never change.
    """

    __tablename__ = "entry_version"
    __table_args__ = (
        Index("ix_entry_version_target", "target_seq", "seq"),
        Index("ix_entry_version_recipient", "recipient", "occurred_at"),
        Index("ix_entry_version_recipient_listing", "recipient", "void", "target_seq", "seq"),
        Index("ix_entry_version_sender", "sender", "occurred_at"),
        Index("ix_entry_version_occurred", "occurred_at"),
        Index("ix_entry_version_derived", "derived_from_seq"),
    )
    seq: int = Field(sa_column=_bigint_pk())
    target_seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    entry_id: str = Field(sa_column=Column(String(36), nullable=False))
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    recorded_at: datetime = Field(sa_column=_instant(nullable=False))
    occurred_at: datetime = Field(sa_column=_instant(nullable=False))
    sender: str = Field(sa_column=Column(String(64), nullable=False))
    recipient: str = Field(sa_column=Column(String(64), nullable=False))
    purpose: str = Field(sa_column=Column(String(64), nullable=False))
    lawful_basis: str | None = Field(default=None, sa_column=Column(String(32)))
    agreement: str | None = Field(default=None, sa_column=Column(String(64)))
    method: str | None = Field(default=None, sa_column=Column(String(32)))
    decision: str = Field(sa_column=Column(String(16), nullable=False))
    cross_border: bool = False
    destination_country: str | None = Field(default=None, sa_column=Column(String(2)))
    transfer_mechanism: str | None = Field(default=None, sa_column=Column(String(32)))
    derived_from_seq: int | None = Field(default=None, sa_column=Column(BigInteger))
    void: bool = False
    retention_class: str = Field(sa_column=Column(String(32), nullable=False))


class VersionSubject(SQLModel, table=True):
    __tablename__ = "version_subject"
    __table_args__ = (Index("ix_version_subject_token", "token", "version_seq"),)
    version_seq: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    token: str = Field(sa_column=Column(String(40), primary_key=True))
    role: str = Field(sa_column=Column(String(16), nullable=False))


class VersionCategory(SQLModel, table=True):
    """A category a version carried. `category_class` is the class when it was projected
    (the table is append-only); reports read the class from the vocabulary instead
    (`models.vocabulary.codes_of_class`), so a reclassification applies to old entries."""

    __tablename__ = "version_category"
    __table_args__ = (Index("ix_version_category_category", "category", "version_seq"),)
    version_seq: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    category: str = Field(sa_column=Column(String(40), primary_key=True))
    category_class: str = Field(sa_column=Column(String(16), nullable=False))


class EntryFlag(SQLModel, table=True):
    """An exception flagged for the DPO when the entry was recorded."""

    __tablename__ = "entry_flag"
    __table_args__ = (Index("ix_entry_flag_kind", "kind", "seq"),)
    seq: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    kind: str = Field(sa_column=Column(String(40), primary_key=True))
    detail: str = Field(sa_column=Column(Text, nullable=False))


class EntryLink(SQLModel, table=True):
    """An entry's reference to another: corrects, breach_of, notified, or erased subject."""

    __tablename__ = "entry_link"
    __table_args__ = (Index("ix_entry_link_target", "target_seq", "relation"),)
    seq: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    relation: str = Field(sa_column=Column(String(16), primary_key=True))
    target_seq: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    partner: str | None = Field(default=None, sa_column=Column(String(64)))
    token: str | None = Field(default=None, sa_column=Column(String(40)))


class RegistryEvent(SQLModel, table=True):
    """A change to a mutable registry recorded in an entry's body (`registry` member): an API
    key created, revoked or given a role; a subject registered, identified, merged, erased.

    `target` is the subject token or the API key id; `detail` the event's other members as
    canonical JSON (fingerprints, roles, key hashes). `verify` replays these rows to re-derive
    the `subject`, `subject_key` and `api_key` tables.
    """

    __tablename__ = "registry_event"
    __table_args__ = (Index("ix_registry_event_target", "target"),)
    seq: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    position: int = Field(primary_key=True)
    action: str = Field(sa_column=Column(String(32), nullable=False))
    target: str = Field(sa_column=Column(String(40), nullable=False))
    detail: str = Field(sa_column=Column(Text, nullable=False))


class PartnerVersion(SQLModel, table=True):
    """A version of a partner; the highest version is current. Never deleted."""

    __tablename__ = "partner_version"
    code: str = Field(sa_column=Column(String(64), primary_key=True))
    version: int = Field(primary_key=True)
    name: str
    type: str
    role: str
    country: str = Field(sa_column=Column(String(2), nullable=False))
    external_codes: str = "{}"
    valid_from: date | None = None
    valid_to: date | None = None
    retired: bool = False
    recorded_at: datetime = Field(sa_column=_instant(nullable=False))
    recorded_by: str


class AgreementVersion(SQLModel, table=True):
    """A version of a sharing agreement, its terms as canonical JSON."""

    __tablename__ = "agreement_version"
    id: str = Field(sa_column=Column(String(64), primary_key=True))
    version: int = Field(primary_key=True)
    terms: str = Field(sa_column=Column(Text, nullable=False))
    retired: bool = False
    recorded_at: datetime = Field(sa_column=_instant(nullable=False))
    recorded_by: str


class Subject(SQLModel, table=True):
    """The mutable subject registry: a token, keyed look-ups and sealed identifiers."""

    __tablename__ = "subject"
    __table_args__ = (
        Index("ix_subject_nhs", "nhs_hmac"),
        Index("ix_subject_upn", "upn_hmac"),
        Index("ix_subject_family", "family_hmac"),
        Index("ix_subject_merged_into", "merged_into"),
    )
    token: str = Field(sa_column=Column(String(40), primary_key=True))
    local_id_hmac: bytes = Field(sa_column=Column(LargeBinary(32), unique=True, nullable=False))
    nhs_hmac: bytes | None = Field(default=None, sa_column=Column(LargeBinary(32)))
    upn_hmac: bytes | None = Field(default=None, sa_column=Column(LargeBinary(32)))
    family_hmac: bytes | None = Field(default=None, sa_column=Column(LargeBinary(32)))
    identifiers: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(sa_column=_instant(nullable=False))
    legal_hold: bool = False
    merged_into: str | None = Field(default=None, sa_column=Column(String(40)))
    """Set when this record was merged into another subject's (the survivor's token)."""


class SubjectKey(SQLModel, table=True):
    """A subject's sealing key, wrapped under the registry key; destroyed on erasure."""

    __tablename__ = "subject_key"
    token: str = Field(sa_column=Column(String(40), primary_key=True))
    wrapped_key: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class ApiKey(SQLModel, table=True):
    """An API key: only its SHA-256 is kept."""

    __tablename__ = "api_key"
    id: int | None = Field(default=None, primary_key=True)
    name: str
    role: str
    key_hash: bytes = Field(sa_column=Column(LargeBinary(32), unique=True, nullable=False))
    created_at: datetime = Field(sa_column=_instant(nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=_instant(nullable=True))


class AccessLog(SQLModel, table=True):
    """Who read what about a subject: append-only and hash-chained (`chain_hash`)."""

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_token", "token"),)
    seq: int = Field(sa_column=_bigint_pk())
    body: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    chain_hash: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))
    token: str | None = Field(default=None, sa_column=Column(String(40)))
    at: datetime = Field(sa_column=_instant(nullable=False))
    principal: str


LEDGER_TABLES = (
    "ledger_entry",
    "merkle_node",
    "entry_version",
    "version_subject",
    "version_category",
    "entry_flag",
    "entry_link",
    "access_log",
    "registry_event",
)
"""Tables whose rows never change: the triggers refuse UPDATE, DELETE and TRUNCATE on them."""
