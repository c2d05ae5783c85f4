"""prepared publication copies of photos, kept so that an export prepares only what changed

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04

A new table rather than a new evidence_blob role: widening evidence_blob's CHECK constraint
on SQLite means rebuilding that table (batch mode copies it), i.e. rewriting every original
in the case; this revision writes nothing but the new, empty table. The definitions are
frozen here on purpose, like 0002's SQL: a migration must keep doing what it did when it was
written, whatever the models look like later.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prepared_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("original_sha256", sa.String(length=64), nullable=False),
        sa.Column("recipe", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.String(length=40), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint("mode IN ('redacted', 'outlined')",
                           name=op.f("ck_prepared_photo_mode")),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"],
                                name=op.f("fk_prepared_photo_evidence_id_evidence"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prepared_photo")),
        sa.UniqueConstraint("evidence_id", "mode", name=op.f("uq_prepared_photo_evidence_id")),
    )


def downgrade() -> None:
    op.drop_table("prepared_photo")
