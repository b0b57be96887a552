"""Initial schema: documents, entities, facts with evidence, reviews, audit, full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("target_kind", sa.String(length=16), nullable=True),
        sa.Column("target_key", sa.Text(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit")),
    )
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_at"), ["at"], unique=False)

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("published_earliest", sa.Date(), nullable=True),
        sa.Column("published_latest", sa.Date(), nullable=True),
        sa.Column("body_start", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("analyzed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pipeline_version", sa.Text(), nullable=False),
        sa.Column("near_duplicate_of", sa.Integer(), nullable=True),
        sa.Column("near_duplicate_score", sa.Float(), nullable=True),
        sa.Column("minhash", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["near_duplicate_of"],
            ["documents.id"],
            name=op.f("fk_documents_near_duplicate_of_documents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_documents_content_hash")),
        sa.UniqueConstraint("key", name=op.f("uq_documents_key")),
        sa.UniqueConstraint("url", name=op.f("uq_documents_url")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_documents_near_duplicate_of"), ["near_duplicate_of"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_documents_published"), ["published"], unique=False)

    op.create_table(
        "entities",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_norm", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("role", sa.Text(), nullable=True),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("kb_id", sa.Text(), nullable=True),
        sa.Column("attributes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entities")),
    )
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entities_name_norm"), ["name_norm"], unique=False)
        batch_op.create_index(batch_op.f("ix_entities_type"), ["type"], unique=False)

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fact_kind", sa.String(length=16), nullable=False),
        sa.Column("fact_key", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reviewer", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
    )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index("ix_reviews_fact", ["fact_kind", "fact_key"], unique=False)

    op.create_table(
        "document_bands",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("hash", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_bands_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "band", name=op.f("pk_document_bands")),
    )
    with op.batch_alter_table("document_bands", schema=None) as batch_op:
        batch_op.create_index("ix_document_bands_band_hash", ["band", "hash"], unique=False)

    op.create_table(
        "entity_aliases",
        sa.Column("entity_id", sa.String(length=200), nullable=False),
        sa.Column("alias_norm", sa.Text(), nullable=False),
        sa.Column("alias", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entities.id"],
            name=op.f("fk_entity_aliases_entity_id_entities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("entity_id", "alias_norm", name=op.f("pk_entity_aliases")),
    )
    with op.batch_alter_table("entity_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entity_aliases_alias_norm"), ["alias_norm"], unique=False)

    op.create_table(
        "forecasts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.Text(), nullable=False),
        sa.Column("fact_key", sa.Text(), nullable=False),
        sa.Column("forecaster", sa.String(length=200), nullable=True),
        sa.Column("statement_fact_id", sa.Text(), nullable=True),
        sa.Column("event_fact_id", sa.Text(), nullable=True),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("made", sa.Date(), nullable=True),
        sa.Column("window_start", sa.Date(), nullable=True),
        sa.Column("window_end", sa.Date(), nullable=True),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_forecasts_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forecasts")),
        sa.UniqueConstraint("fact_key", name=op.f("uq_forecasts_fact_key")),
    )
    with op.batch_alter_table("forecasts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_forecasts_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_forecasts_forecaster"), ["forecaster"], unique=False)
        batch_op.create_index(batch_op.f("ix_forecasts_window_end"), ["window_end"], unique=False)

    op.create_table(
        "document_entities",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.String(length=200), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_entities_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name=op.f("fk_document_entities_entity_id_entities")
        ),
        sa.PrimaryKeyConstraint("document_id", "entity_id", name=op.f("pk_document_entities")),
    )
    op.create_index(op.f("ix_document_entities_entity_id"), "document_entities", ["entity_id"])

    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.String(length=200), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_mentions_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], name=op.f("fk_mentions_entity_id_entities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentions")),
    )
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mentions_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mentions_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "quantities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("min_value", sa.Float(), nullable=True),
        sa.Column("max_value", sa.Float(), nullable=True),
        sa.Column("qualifier", sa.Text(), nullable=True),
        sa.Column("unit", sa.Text(), nullable=True),
        sa.Column("item", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_quantities_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quantities")),
    )
    with op.batch_alter_table("quantities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quantities_document_id"), ["document_id"], unique=False)

    op.create_table(
        "search_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_search_rows_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_rows")),
    )
    with op.batch_alter_table("search_rows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_rows_document_id"), ["document_id"], unique=False)

    op.create_table(
        "statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.Text(), nullable=False),
        sa.Column("fact_key", sa.Text(), nullable=False),
        sa.Column("speaker", sa.String(length=200), nullable=True),
        sa.Column("speaker_text", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=True),
        sa.Column("act", sa.String(length=32), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("content_start", sa.Integer(), nullable=True),
        sa.Column("content_end", sa.Integer(), nullable=True),
        sa.Column("venue", sa.Text(), nullable=True),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("time_text", sa.Text(), nullable=True),
        sa.Column("time_value", sa.Text(), nullable=True),
        sa.Column("time_start", sa.Date(), nullable=True),
        sa.Column("time_end", sa.Date(), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_statements_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statements")),
        sa.UniqueConstraint("fact_key", name=op.f("uq_statements_fact_key")),
    )
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.create_index("ix_statements_date", ["date_start"], unique=False)
        batch_op.create_index(batch_op.f("ix_statements_document_id"), ["document_id"], unique=False)
        batch_op.create_index("ix_statements_speaker_date", ["speaker", "date_start"], unique=False)

    op.create_table(
        "times",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("mod", sa.String(length=16), nullable=True),
        sa.Column("anchor", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_times_document_id_documents"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_times")),
    )
    with op.batch_alter_table("times", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_times_document_id"), ["document_id"], unique=False)

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.Text(), nullable=False),
        sa.Column("fact_key", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("mode", sa.Text(), nullable=True),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.Column("trigger", sa.Text(), nullable=False),
        sa.Column("actor_texts", sa.JSON(), nullable=False),
        sa.Column("recipient_texts", sa.JSON(), nullable=False),
        sa.Column("item_texts", sa.JSON(), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("main_quantity_id", sa.Integer(), nullable=True),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column("statement_fact_id", sa.Text(), nullable=True),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("time_text", sa.Text(), nullable=True),
        sa.Column("time_value", sa.Text(), nullable=True),
        sa.Column("time_start", sa.Date(), nullable=True),
        sa.Column("time_end", sa.Date(), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_events_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["main_quantity_id"],
            ["quantities.id"],
            name=op.f("fk_events_main_quantity_id_quantities"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("fact_key", name=op.f("uq_events_fact_key")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_date", ["date_start"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_location"), ["location"], unique=False)
        batch_op.create_index("ix_events_type_date", ["type", "date_start"], unique=False)

    op.create_table(
        "event_participants",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.String(length=200), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_participants_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "role", "position", name=op.f("pk_event_participants")),
    )
    with op.batch_alter_table("event_participants", schema=None) as batch_op:
        batch_op.create_index(
            "ix_event_participants_entity_role_date", ["entity_id", "role", "date_start"], unique=False
        )

    op.create_table(
        "event_quantities",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("quantity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_quantities_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["quantity_id"],
            ["quantities.id"],
            name=op.f("fk_event_quantities_quantity_id_quantities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "position", name=op.f("pk_event_quantities")),
    )
    with op.batch_alter_table("event_quantities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_quantities_quantity_id"), ["quantity_id"], unique=False)

    _create_search(op.get_bind().dialect.name)


# Full text: SQLite FTS5 over search_rows (external content kept in step by triggers);
# PostgreSQL a generated tsvector column with a GIN index. Both stem English words.
_SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='search_rows', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_rows_ai AFTER INSERT ON search_rows BEGIN "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER search_rows_ad AFTER DELETE ON search_rows BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER search_rows_au AFTER UPDATE ON search_rows BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
)
_POSTGRES_SEARCH = (
    "ALTER TABLE search_rows ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english', coalesce(title, '') || ' ' || body)) STORED",
    "CREATE INDEX ix_search_rows_tsv ON search_rows USING gin (tsv)",
)


def _create_search(dialect: str) -> None:
    for statement in _SQLITE_SEARCH if dialect == "sqlite" else _POSTGRES_SEARCH:
        op.execute(statement)


def _drop_search(dialect: str) -> None:
    if dialect == "sqlite":
        for name in ("search_rows_ai", "search_rows_ad", "search_rows_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_search_rows_tsv")


def downgrade() -> None:
    _drop_search(op.get_bind().dialect.name)
    with op.batch_alter_table("event_quantities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_quantities_quantity_id"))

    op.drop_table("event_quantities")
    with op.batch_alter_table("event_participants", schema=None) as batch_op:
        batch_op.drop_index("ix_event_participants_entity_role_date")

    op.drop_table("event_participants")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_type_date")
        batch_op.drop_index(batch_op.f("ix_events_location"))
        batch_op.drop_index(batch_op.f("ix_events_document_id"))
        batch_op.drop_index("ix_events_date")

    op.drop_table("events")
    with op.batch_alter_table("times", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_times_document_id"))

    op.drop_table("times")
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index("ix_statements_speaker_date")
        batch_op.drop_index(batch_op.f("ix_statements_document_id"))
        batch_op.drop_index("ix_statements_date")

    op.drop_table("statements")
    with op.batch_alter_table("search_rows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_rows_document_id"))

    op.drop_table("search_rows")
    with op.batch_alter_table("quantities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quantities_document_id"))

    op.drop_table("quantities")
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentions_entity_id"))
        batch_op.drop_index(batch_op.f("ix_mentions_document_id"))

    op.drop_table("mentions")
    op.drop_index(op.f("ix_document_entities_entity_id"), table_name="document_entities")
    op.drop_table("document_entities")
    with op.batch_alter_table("forecasts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forecasts_window_end"))
        batch_op.drop_index(batch_op.f("ix_forecasts_forecaster"))
        batch_op.drop_index(batch_op.f("ix_forecasts_document_id"))

    op.drop_table("forecasts")
    with op.batch_alter_table("entity_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entity_aliases_alias_norm"))

    op.drop_table("entity_aliases")
    with op.batch_alter_table("document_bands", schema=None) as batch_op:
        batch_op.drop_index("ix_document_bands_band_hash")

    op.drop_table("document_bands")
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index("ix_reviews_fact")

    op.drop_table("reviews")
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entities_type"))
        batch_op.drop_index(batch_op.f("ix_entities_name_norm"))

    op.drop_table("entities")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_published"))
        batch_op.drop_index(batch_op.f("ix_documents_near_duplicate_of"))

    op.drop_table("documents")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_at"))

    op.drop_table("audit")
