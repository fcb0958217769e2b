"""Registry evidence: the `registry_event` projection and merged subjects.

Changes to API keys and to the subject registry are recorded in the ledger; this revision
adds the projection `verify` replays to re-derive those tables, and `subject.merged_into`.

Revision ID: 0002_registry_evidence
Revises: 0001
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from lineage.storage import guardrails

revision: str = "0002_registry_evidence"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "registry_event",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", "position"),
    )
    with op.batch_alter_table("registry_event", schema=None) as batch_op:
        batch_op.create_index("ix_registry_event_target", ["target"], unique=False)
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_into", sa.String(length=40), nullable=True))
    guardrails.install(op.get_bind(), ("registry_event",))


def downgrade() -> None:
    guardrails.remove(op.get_bind(), ("registry_event",))
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.drop_column("merged_into")
    with op.batch_alter_table("registry_event", schema=None) as batch_op:
        batch_op.drop_index("ix_registry_event_target")
    op.drop_table("registry_event")
