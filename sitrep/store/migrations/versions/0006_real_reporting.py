"""Facts of real reporting: a document's language and analysis status; events' ACLED types, actor
kinds and relevance; who made a forecast as written, and why it has no window.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))
        batch.add_column(sa.Column("analysis_status", sa.Text(), nullable=True))
        batch.create_index("ix_documents_language", ["language"], unique=False)
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("actor_kinds", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("recipient_kinds", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("acled_event_type", sa.Text(), nullable=True))
        batch.add_column(sa.Column("acled_sub_event_type", sa.Text(), nullable=True))
        batch.add_column(sa.Column("relevance", sa.String(length=16), nullable=True))
        batch.create_index("ix_events_acled_sub_event_type", ["acled_sub_event_type"], unique=False)
    with op.batch_alter_table("forecasts") as batch:
        batch.add_column(sa.Column("by_text", sa.Text(), nullable=True))
        batch.add_column(sa.Column("window_note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("forecasts") as batch:
        batch.drop_column("window_note")
        batch.drop_column("by_text")
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_acled_sub_event_type")
        for column in (
            "relevance",
            "acled_sub_event_type",
            "acled_event_type",
            "recipient_kinds",
            "actor_kinds",
        ):
            batch.drop_column(column)
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_language")
        batch.drop_column("analysis_status")
        batch.drop_column("language")
