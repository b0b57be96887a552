"""Across reports: Admiralty grades of outlets and speakers, cluster overrides, forecast resolutions.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source_grades",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("reliability", sa.String(length=1), nullable=False),
        sa.Column("credibility", sa.SmallInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("graded_by", sa.Text(), nullable=True),
        sa.Column("graded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kind", "name_key", name=op.f("pk_source_grades")),
    )
    op.create_table(
        "cluster_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_a", sa.Text(), nullable=False),
        sa.Column("event_b", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("analyst", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cluster_overrides")),
    )
    op.create_index("ix_cluster_overrides_pair", "cluster_overrides", ["event_a", "event_b"])
    op.create_table(
        "forecast_resolutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forecast_key", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=False),
        sa.Column("evidence_document", sa.String(length=64), nullable=True),
        sa.Column("evidence_event", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("resolved_by", sa.Text(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forecast_resolutions")),
    )
    op.create_index(op.f("ix_forecast_resolutions_forecast_key"), "forecast_resolutions", ["forecast_key"])


def downgrade() -> None:
    op.drop_index(op.f("ix_forecast_resolutions_forecast_key"), table_name="forecast_resolutions")
    op.drop_table("forecast_resolutions")
    op.drop_index("ix_cluster_overrides_pair", table_name="cluster_overrides")
    op.drop_table("cluster_overrides")
    op.drop_table("source_grades")
