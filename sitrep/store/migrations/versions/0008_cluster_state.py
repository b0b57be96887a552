"""Across reports kept current: cluster assignments, blocking keys, contradictions and forecast links,
updated after every ingest for the clusters new reports touch.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clusters",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("family", sa.String(length=32), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("independent", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clusters")),
    )
    op.create_index(op.f("ix_clusters_date_start"), "clusters", ["date_start"])
    op.create_index("ix_clusters_independent_date", "clusters", ["independent", "date_start"])
    op.create_table(
        "cluster_members",
        sa.Column("event_key", sa.Text(), nullable=False),
        sa.Column("cluster_id", sa.String(length=16), nullable=False),
        sa.Column("via", sa.Text(), nullable=True),
        sa.Column("agreed", sa.JSON(), nullable=False),
        sa.Column("differs", sa.JSON(), nullable=False),
        sa.Column("link_by", sa.String(length=8), nullable=True),
        sa.PrimaryKeyConstraint("event_key", name=op.f("pk_cluster_members")),
    )
    op.create_index(op.f("ix_cluster_members_cluster_id"), "cluster_members", ["cluster_id"])
    op.create_table(
        "cluster_blocks",
        sa.Column("block", sa.String(length=24), nullable=False),
        sa.Column("fact_key", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("block", "fact_key", name=op.f("pk_cluster_blocks")),
    )
    op.create_index(op.f("ix_cluster_blocks_fact_key"), "cluster_blocks", ["fact_key"])
    op.create_table(
        "contradictions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("rank", sa.SmallInteger(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("event_a", sa.Text(), nullable=False),
        sa.Column("event_b", sa.Text(), nullable=False),
        sa.Column("others_a", sa.JSON(), nullable=False),
        sa.Column("others_b", sa.JSON(), nullable=False),
        sa.Column("day", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contradictions")),
    )
    op.create_index(op.f("ix_contradictions_cluster_id"), "contradictions", ["cluster_id"])
    op.create_index("ix_contradictions_rank_day", "contradictions", ["rank", "day"])
    op.create_table(
        "forecast_links",
        sa.Column("forecast_key", sa.Text(), nullable=False),
        sa.Column("cluster_id", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("agreed", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("forecast_key", "cluster_id", name=op.f("pk_forecast_links")),
    )
    op.create_index(op.f("ix_forecast_links_cluster_id"), "forecast_links", ["cluster_id"])


def downgrade() -> None:
    for table in ("forecast_links", "contradictions", "cluster_blocks", "cluster_members", "clusters"):
        op.drop_table(table)
