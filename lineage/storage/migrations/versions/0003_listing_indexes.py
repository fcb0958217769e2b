"""Indexes for the console's questions at a million entries.

* `subject.merged_into`: every lineage, notify list and person page asks which records were
  merged into a subject; without it each question read the whole subject registry (about
  95 ms with 100,000 subjects).
* `entry_version (recipient, void, target_seq, seq)`: a listing by recipient walks it in
  the listing's order and stops at the page's end, where it sorted every share the
  recipient ever received (about 120 ms for 125,000); a count reads it alone.

Revision ID: 0003_listing_indexes
Revises: 0002_registry_evidence
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003_listing_indexes"
down_revision: str | None = "0002_registry_evidence"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LISTING = ["recipient", "void", "target_seq", "seq"]


def upgrade() -> None:
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.create_index("ix_subject_merged_into", ["merged_into"], unique=False)
    with op.batch_alter_table("entry_version", schema=None) as batch_op:
        batch_op.create_index("ix_entry_version_recipient_listing", LISTING, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("entry_version", schema=None) as batch_op:
        batch_op.drop_index("ix_entry_version_recipient_listing")
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.drop_index("ix_subject_merged_into")
