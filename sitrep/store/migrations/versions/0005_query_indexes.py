"""Query indexes: an actor's events by date answered from one index, without touching the table.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# (name, table, columns): each ends in the id the query pages by, so "newest first" is read in index
# order and the page comes from the index alone (no row lookup, no sort) on SQLite and PostgreSQL.
INDEXES = (
    (
        "ix_event_participants_entity_role_date_event",
        "event_participants",
        ["entity_id", "role", "date_start", "event_id"],
    ),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
