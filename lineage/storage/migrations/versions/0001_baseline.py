"""Baseline: the ledger, its Merkle nodes, projections, registries and guard-rails.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from lineage.storage import guardrails

BASELINE_LEDGER_TABLES = (
    "ledger_entry",
    "merkle_node",
    "entry_version",
    "version_subject",
    "version_category",
    "entry_flag",
    "entry_link",
    "access_log",
)
"""The append-only tables this revision creates (later revisions guard their own)."""

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "access_log",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("chain_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("token", sa.String(length=40), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("principal", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
    )
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.create_index("ix_access_log_token", ["token"], unique=False)

    op.create_table(
        "agreement_version",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", "version"),
    )
    op.create_table(
        "api_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("key_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_hash"),
    )
    op.create_table(
        "entry_flag",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", "kind"),
    )
    with op.batch_alter_table("entry_flag", schema=None) as batch_op:
        batch_op.create_index("ix_entry_flag_kind", ["kind", "seq"], unique=False)

    op.create_table(
        "entry_link",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("relation", sa.String(length=16), nullable=False),
        sa.Column("target_seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("partner", sa.String(length=64), nullable=True),
        sa.Column("token", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("seq", "relation", "target_seq"),
    )
    with op.batch_alter_table("entry_link", schema=None) as batch_op:
        batch_op.create_index("ix_entry_link_target", ["target_seq", "relation"], unique=False)

    op.create_table(
        "entry_version",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("target_seq", sa.BigInteger(), nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sender", sa.String(length=64), nullable=False),
        sa.Column("recipient", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=64), nullable=False),
        sa.Column("lawful_basis", sa.String(length=32), nullable=True),
        sa.Column("agreement", sa.String(length=64), nullable=True),
        sa.Column("method", sa.String(length=32), nullable=True),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("cross_border", sa.Boolean(), nullable=False),
        sa.Column("destination_country", sa.String(length=2), nullable=True),
        sa.Column("transfer_mechanism", sa.String(length=32), nullable=True),
        sa.Column("derived_from_seq", sa.BigInteger(), nullable=True),
        sa.Column("void", sa.Boolean(), nullable=False),
        sa.Column("retention_class", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
    )
    with op.batch_alter_table("entry_version", schema=None) as batch_op:
        batch_op.create_index("ix_entry_version_derived", ["derived_from_seq"], unique=False)
        batch_op.create_index("ix_entry_version_occurred", ["occurred_at"], unique=False)
        batch_op.create_index(
            "ix_entry_version_recipient", ["recipient", "occurred_at"], unique=False
        )
        batch_op.create_index("ix_entry_version_sender", ["sender", "occurred_at"], unique=False)
        batch_op.create_index("ix_entry_version_target", ["target_seq", "seq"], unique=False)

    op.create_table(
        "ledger_entry",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("leaf_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("request_digest", sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("entry_id"),
    )
    op.create_table(
        "log_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tree_size", sa.BigInteger(), nullable=False),
        sa.Column("root", sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "merkle_node",
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("idx", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint("level", "idx"),
    )
    with op.batch_alter_table("merkle_node", schema=None) as batch_op:
        batch_op.create_index("ix_merkle_node_last_seq", ["last_seq"], unique=False)

    op.create_table(
        "partner_version",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("external_codes", sa.String(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("code", "version"),
    )
    op.create_table(
        "subject",
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("local_id_hmac", sa.LargeBinary(length=32), nullable=False),
        sa.Column("nhs_hmac", sa.LargeBinary(length=32), nullable=True),
        sa.Column("upn_hmac", sa.LargeBinary(length=32), nullable=True),
        sa.Column("family_hmac", sa.LargeBinary(length=32), nullable=True),
        sa.Column("identifiers", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("legal_hold", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("token"),
        sa.UniqueConstraint("local_id_hmac"),
    )
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.create_index("ix_subject_family", ["family_hmac"], unique=False)
        batch_op.create_index("ix_subject_nhs", ["nhs_hmac"], unique=False)
        batch_op.create_index("ix_subject_upn", ["upn_hmac"], unique=False)

    op.create_table(
        "subject_key",
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("token"),
    )
    op.create_table(
        "version_category",
        sa.Column("version_seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("category_class", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("version_seq", "category"),
    )
    with op.batch_alter_table("version_category", schema=None) as batch_op:
        batch_op.create_index(
            "ix_version_category_category", ["category", "version_seq"], unique=False
        )

    op.create_table(
        "version_subject",
        sa.Column("version_seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("version_seq", "token"),
    )
    with op.batch_alter_table("version_subject", schema=None) as batch_op:
        batch_op.create_index("ix_version_subject_token", ["token", "version_seq"], unique=False)
    op.execute(
        sa.text("INSERT INTO log_head (id, tree_size, root) VALUES (1, 0, :root)").bindparams(
            root=bytes.fromhex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        )
    )
    guardrails.install(op.get_bind(), BASELINE_LEDGER_TABLES)


def downgrade() -> None:
    guardrails.remove(op.get_bind(), BASELINE_LEDGER_TABLES)

    with op.batch_alter_table("version_subject", schema=None) as batch_op:
        batch_op.drop_index("ix_version_subject_token")

    op.drop_table("version_subject")
    with op.batch_alter_table("version_category", schema=None) as batch_op:
        batch_op.drop_index("ix_version_category_category")

    op.drop_table("version_category")
    op.drop_table("subject_key")
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.drop_index("ix_subject_upn")
        batch_op.drop_index("ix_subject_nhs")
        batch_op.drop_index("ix_subject_family")

    op.drop_table("subject")
    op.drop_table("partner_version")
    with op.batch_alter_table("merkle_node", schema=None) as batch_op:
        batch_op.drop_index("ix_merkle_node_last_seq")

    op.drop_table("merkle_node")
    op.drop_table("log_head")
    op.drop_table("ledger_entry")
    with op.batch_alter_table("entry_version", schema=None) as batch_op:
        batch_op.drop_index("ix_entry_version_target")
        batch_op.drop_index("ix_entry_version_sender")
        batch_op.drop_index("ix_entry_version_recipient")
        batch_op.drop_index("ix_entry_version_occurred")
        batch_op.drop_index("ix_entry_version_derived")

    op.drop_table("entry_version")
    with op.batch_alter_table("entry_link", schema=None) as batch_op:
        batch_op.drop_index("ix_entry_link_target")

    op.drop_table("entry_link")
    with op.batch_alter_table("entry_flag", schema=None) as batch_op:
        batch_op.drop_index("ix_entry_flag_kind")

    op.drop_table("entry_flag")
    op.drop_table("api_key")
    op.drop_table("agreement_version")
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.drop_index("ix_access_log_token")

    op.drop_table("access_log")
