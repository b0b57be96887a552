"""Hypotheses: ACH sets, analysts' edits to their matrices, and watch triggers.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hypothesis_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hypothesis_sets")),
        sa.UniqueConstraint("name", name=op.f("uq_hypothesis_sets_name")),
    )
    op.create_table(
        "hypothesis_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_name", sa.String(length=200), nullable=False),
        sa.Column("row_key", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("hypothesis", sa.String(length=64), nullable=True),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reviewer", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hypothesis_edits")),
    )
    op.create_index("ix_hypothesis_edits_set_row", "hypothesis_edits", ["set_name", "row_key"], unique=False)
    op.create_table(
        "hypothesis_triggers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_name", sa.String(length=200), nullable=False),
        sa.Column("indicator", sa.String(length=200), nullable=False),
        sa.Column("fact_kind", sa.String(length=16), nullable=False),
        sa.Column("fact_key", sa.Text(), nullable=False),
        sa.Column("document_key", sa.String(length=64), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("initial", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hypothesis_triggers")),
    )
    op.create_index(
        "ix_hypothesis_triggers_match",
        "hypothesis_triggers",
        ["set_name", "indicator", "fact_key"],
        unique=True,
    )
    op.create_index("ix_hypothesis_triggers_detected", "hypothesis_triggers", ["detected_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_hypothesis_triggers_detected", table_name="hypothesis_triggers")
    op.drop_index("ix_hypothesis_triggers_match", table_name="hypothesis_triggers")
    op.drop_table("hypothesis_triggers")
    op.drop_index("ix_hypothesis_edits_set_row", table_name="hypothesis_edits")
    op.drop_table("hypothesis_edits")
    op.drop_table("hypothesis_sets")
