"""The database schema: the whole data model with its evidence, one table per kind of fact.

Machine output (documents' facts) and human decisions (``reviews``, ``audit``) live in separate
tables, so ``sitrep reanalyze`` can replace every machine row of a document and never touch what an
analyst decided. Reviews point at facts by ``fact_key``, a key computed from the fact's kind, its
document and its evidence span, which survives re-analysis when the same fact is found again.

Column names avoid SQL keywords (``span_start`` not ``start``) so the tables read well in any SQLite
tool. Migrations in ``migrations/versions`` create exactly these tables; a test keeps them in step.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON, datetime: DateTime(timezone=True)}


def _doc_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)


class DocumentRow(Base):
    """One article: its text, where it came from, and which pipeline analysed it."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)  # Document.id of the JSON contract
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the normalised text
    url: Mapped[str | None] = mapped_column(Text, unique=True)
    source: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    published_earliest: Mapped[date | None] = mapped_column(Date)
    published_latest: Mapped[date | None] = mapped_column(Date)
    body_start: Mapped[int] = mapped_column(Integer, default=0)
    language: Mapped[str | None] = mapped_column(String(8), index=True)
    analysis_status: Mapped[str | None] = mapped_column(Text)  # None: analysed
    text: Mapped[str] = mapped_column(Text)
    origin: Mapped[str | None] = mapped_column(Text)  # the file (and line) or address it was read from
    ingested_at: Mapped[datetime]
    analyzed_at: Mapped[datetime]
    pipeline_version: Mapped[str] = mapped_column(Text)
    # The same wire story in another outlet: linked to the first copy stored, never dropped.
    near_duplicate_of: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), index=True
    )
    near_duplicate_score: Mapped[float | None] = mapped_column(Float)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)


class DocumentBand(Base):
    """MinHash LSH bands of a document: documents sharing a band are near-duplicate candidates."""

    __tablename__ = "document_bands"
    __table_args__ = (Index("ix_document_bands_band_hash", "band", "hash"),)

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    band: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    hash: Mapped[int] = mapped_column(BigInteger)


class EntityRow(Base):
    """One real-world identity across all documents, under the pipeline's stable id (``country:BLR``)."""

    __tablename__ = "entities"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_norm: Mapped[str] = mapped_column(Text, index=True)  # casefolded, for name lookups
    type: Mapped[str] = mapped_column(String(16), index=True)
    role: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(3))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    kb_id: Mapped[str | None] = mapped_column(Text)
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)


class EntityAlias(Base):
    __tablename__ = "entity_aliases"

    entity_id: Mapped[str] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True)
    alias_norm: Mapped[str] = mapped_column(Text, primary_key=True, index=True)
    alias: Mapped[str] = mapped_column(Text)


class DocumentEntity(Base):
    """Which entities a document names, in the pipeline's order (also those without a mention)."""

    __tablename__ = "document_entities"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    entity_id: Mapped[str] = mapped_column(ForeignKey("entities.id"), primary_key=True, index=True)
    seq: Mapped[int] = mapped_column(Integer)


class MentionRow(Base):
    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    entity_id: Mapped[str] = mapped_column(ForeignKey("entities.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class TimeRow(Base):
    __tablename__ = "times"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    seq: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(Text)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    mod: Mapped[str | None] = mapped_column(String(16))
    anchor: Mapped[str | None] = mapped_column(String(16))


class QuantityRow(Base):
    __tablename__ = "quantities"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    seq: Mapped[int] = mapped_column(Integer)  # -1: only attached to an event, not in Document.quantities
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    value: Mapped[float | None] = mapped_column(Float)
    min_value: Mapped[float | None] = mapped_column(Float)
    max_value: Mapped[float | None] = mapped_column(Float)
    qualifier: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text)
    item: Mapped[str | None] = mapped_column(String(200))


class _Evidence:
    """Columns every fact carries: the evidence span and its sentence."""

    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    sentence_start: Mapped[int] = mapped_column(Integer)


class _Time:
    """A fact's time as in ``TimeExpression.interval_dict``, plus the effective dates queries use.

    ``date_start``/``date_end`` are the fact's own interval or, when the text gives none, the
    document's publication date (or range).
    """

    time_text: Mapped[str | None] = mapped_column(Text)
    time_value: Mapped[str | None] = mapped_column(Text)
    time_start: Mapped[date | None] = mapped_column(Date)
    time_end: Mapped[date | None] = mapped_column(Date)
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)


class EventRow(_Evidence, _Time, Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_type_date", "type", "date_start"),
        Index("ix_events_date", "date_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    seq: Mapped[int] = mapped_column(Integer)
    fact_id: Mapped[str] = mapped_column(Text)  # the pipeline's id inside the document ("e1")
    fact_key: Mapped[str] = mapped_column(Text, unique=True)
    type: Mapped[str] = mapped_column(String(16))
    mode: Mapped[str | None] = mapped_column(Text)
    context: Mapped[list[str]] = mapped_column(default=list)
    trigger: Mapped[str] = mapped_column(Text, default="")
    actor_texts: Mapped[list[str]] = mapped_column(default=list)
    recipient_texts: Mapped[list[str]] = mapped_column(default=list)
    item_texts: Mapped[list[str]] = mapped_column(default=list)
    location: Mapped[str | None] = mapped_column(String(200), index=True)  # entity id
    main_quantity_id: Mapped[int | None] = mapped_column(ForeignKey("quantities.id", ondelete="SET NULL"))
    modality: Mapped[str] = mapped_column(String(16))
    statement_fact_id: Mapped[str | None] = mapped_column(Text)
    actor_kinds: Mapped[list[str]] = mapped_column(default=list)
    recipient_kinds: Mapped[list[str]] = mapped_column(default=list)
    acled_event_type: Mapped[str | None] = mapped_column(Text)
    acled_sub_event_type: Mapped[str | None] = mapped_column(Text, index=True)
    acled_actors: Mapped[dict[str, Any]] = mapped_column(default=dict)
    relevance: Mapped[str | None] = mapped_column(String(16))


class EventParticipant(Base):
    """Actors, recipients and items of events, one row each, for indexed actor filters by date."""

    __tablename__ = "event_participants"
    __table_args__ = (
        Index("ix_event_participants_entity_role_date", "entity_id", "role", "date_start"),
        Index("ix_event_participants_entity_role_date_event", "entity_id", "role", "date_start", "event_id"),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(10), primary_key=True)  # actor | recipient | item
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(200))
    date_start: Mapped[date | None] = mapped_column(Date)  # copy of the event's, for the index


class EventQuantity(Base):
    __tablename__ = "event_quantities"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    quantity_id: Mapped[int] = mapped_column(ForeignKey("quantities.id", ondelete="CASCADE"), index=True)


class StatementRow(_Evidence, _Time, Base):
    __tablename__ = "statements"
    __table_args__ = (
        Index("ix_statements_speaker_date", "speaker", "date_start"),
        Index("ix_statements_date", "date_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    seq: Mapped[int] = mapped_column(Integer)
    fact_id: Mapped[str] = mapped_column(Text)
    fact_key: Mapped[str] = mapped_column(Text, unique=True)
    speaker: Mapped[str | None] = mapped_column(String(200))  # entity id
    speaker_text: Mapped[str] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    act: Mapped[str] = mapped_column(String(32))
    content: Mapped[str] = mapped_column(Text)
    content_start: Mapped[int | None] = mapped_column(Integer)
    content_end: Mapped[int | None] = mapped_column(Integer)
    venue: Mapped[str | None] = mapped_column(Text)
    modality: Mapped[str] = mapped_column(String(16))


class ForecastRow(_Evidence, Base):
    __tablename__ = "forecasts"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    seq: Mapped[int] = mapped_column(Integer)
    fact_id: Mapped[str] = mapped_column(Text)
    fact_key: Mapped[str] = mapped_column(Text, unique=True)
    forecaster: Mapped[str | None] = mapped_column(String(200), index=True)  # entity id (Forecast.by)
    statement_fact_id: Mapped[str | None] = mapped_column(Text)
    event_fact_id: Mapped[str | None] = mapped_column(Text)
    claim: Mapped[str] = mapped_column(Text)
    made: Mapped[date | None] = mapped_column(Date)
    window_start: Mapped[date | None] = mapped_column(Date)
    window_end: Mapped[date | None] = mapped_column(Date, index=True)
    modality: Mapped[str] = mapped_column(String(16))
    by_text: Mapped[str | None] = mapped_column(Text)  # who predicts, as written
    window_note: Mapped[str | None] = mapped_column(Text)  # why there is no window


class SearchRow(Base):
    """Text of documents and facts for full-text search (SQLite FTS5 / PostgreSQL tsvector over it)."""

    __tablename__ = "search_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    kind: Mapped[str] = mapped_column(String(16))  # document | event | statement | forecast
    ref: Mapped[str] = mapped_column(Text)  # document key or fact key
    title: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)


# -- human decisions: never written by the pipeline ------------------------------------------------


class Review(Base):
    """An analyst's decision on a fact. Keyed by kind and fact key, so it outlives re-analysis."""

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_fact", "fact_kind", "fact_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fact_kind: Mapped[str] = mapped_column(String(16))  # event | statement | forecast | entity | document
    fact_key: Mapped[str] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(String(16))  # confirm | reject | edit | note
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)  # field -> corrected value
    note: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # superseded decisions stay, inactive


class AuditEntry(Base):
    """Who changed what and when: ingests, re-analyses, reviews."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(32))
    target_kind: Mapped[str | None] = mapped_column(String(16))
    target_key: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


# Full-text search objects exist on one back end only and are made by the migration, not the ORM.
_BACKEND_ONLY = {
    "search_fts",
    "search_fts_data",
    "search_fts_idx",
    "search_fts_docsize",
    "search_fts_config",
    "search_fts_content",
}


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic filter: leave the back-end-only full-text objects out of schema comparisons."""
    if type_ == "table" and name in _BACKEND_ONLY:
        return False
    return not ((type_ == "column" and name == "tsv") or (type_ == "index" and name == "ix_search_rows_tsv"))


# -- across reports -----------------------------------------------------------------------------------------------
# Analysts' decisions across documents: grades of outlets and speakers, corrections of event clusters,
# forecast resolutions. Facts are referred to by ``fact_key`` (as in ``reviews``), so re-analysis keeps them.


class SourceGrade(Base):
    """The Admiralty grade an analyst gave an outlet (``kind`` source) or a speaker (``kind`` speaker).

    ``name_key`` is the casefolded outlet name or the speaker's entity id (else casefolded name). No row means
    the default F/6: reliability cannot be judged, credibility cannot be judged.
    """

    __tablename__ = "source_grades"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # source | speaker
    name_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(Text)  # as the analyst wrote it
    reliability: Mapped[str] = mapped_column(String(1))  # A..F
    credibility: Mapped[int] = mapped_column(SmallInteger)  # 1..6
    note: Mapped[str | None] = mapped_column(Text)
    graded_by: Mapped[str | None] = mapped_column(Text)
    graded_at: Mapped[datetime]


class ClusterOverride(Base):
    """An analyst's correction of event merging: two events are (``merge``) or are not (``split``) one."""

    __tablename__ = "cluster_overrides"
    __table_args__ = (Index("ix_cluster_overrides_pair", "event_a", "event_b"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_a: Mapped[str] = mapped_column(Text)  # event fact keys, a < b
    event_b: Mapped[str] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(String(8))  # merge | split
    note: Mapped[str | None] = mapped_column(Text)
    analyst: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ForecastResolution(Base):
    """How a forecast turned out, by an analyst's decision, with the document that shows it."""

    __tablename__ = "forecast_resolutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    forecast_key: Mapped[str] = mapped_column(Text, index=True)
    outcome: Mapped[str] = mapped_column(String(8))  # true | false | partial
    evidence_document: Mapped[str | None] = mapped_column(String(64))  # documents.key
    evidence_event: Mapped[str | None] = mapped_column(Text)  # event fact key, when one was proposed
    note: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime]
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # a later resolution supersedes


class ClusterRow(Base):
    """One happening as the across-reports analysis last clustered it (``sitrep/across/state.py``): a
    derived index, rebuilt from the stored events at any time, for listing clusters page by page."""

    __tablename__ = "clusters"
    __table_args__ = (Index("ix_clusters_independent_date", "independent", "date_start"),)

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    family: Mapped[str] = mapped_column(String(32))
    type: Mapped[str] = mapped_column(String(16))
    date_start: Mapped[date | None] = mapped_column(Date, index=True)
    date_end: Mapped[date | None] = mapped_column(Date)
    reports: Mapped[int] = mapped_column(Integer)  # documents
    independent: Mapped[int] = mapped_column(Integer)  # outlets and stories counted once
    events: Mapped[int] = mapped_column(Integer)
    sources: Mapped[list[str]] = mapped_column(default=list)
    updated_at: Mapped[datetime]


class ClusterMember(Base):
    """Which cluster an event belongs to, and the link that joined it (what agreed, what differed)."""

    __tablename__ = "cluster_members"

    event_key: Mapped[str] = mapped_column(Text, primary_key=True)
    cluster_id: Mapped[str] = mapped_column(String(16), index=True)
    via: Mapped[str | None] = mapped_column(Text)  # the member it was linked to
    agreed: Mapped[list[str]] = mapped_column(default=list)
    differs: Mapped[list[str]] = mapped_column(default=list)
    link_by: Mapped[str | None] = mapped_column(String(8))  # machine | analyst


class ClusterBlock(Base):
    """Blocking keys of events, denials and forecasts: new reports find the clusters they touch here."""

    __tablename__ = "cluster_blocks"

    block: Mapped[str] = mapped_column(String(24), primary_key=True)
    fact_key: Mapped[str] = mapped_column(Text, primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(10))  # happening | denial | forecast


class ContradictionRow(Base):
    """Two reports of one happening that disagree on one attribute, or a denial of a happening."""

    __tablename__ = "contradictions"
    __table_args__ = (Index("ix_contradictions_rank_day", "rank", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[str] = mapped_column(String(16), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # count | date | place | actor | denial
    rank: Mapped[int] = mapped_column(SmallInteger)  # 1 casualties, 2 forces, ... (across.yaml)
    detail: Mapped[str] = mapped_column(Text)
    event_a: Mapped[str] = mapped_column(Text)
    event_b: Mapped[str] = mapped_column(Text)
    others_a: Mapped[list[str]] = mapped_column(default=list)  # further reports agreeing with a
    others_b: Mapped[list[str]] = mapped_column(default=list)
    day: Mapped[date | None] = mapped_column(Date)


class ForecastLink(Base):
    """A happening (cluster) that may settle a forecast: inside its window, agreeing with what it foresaw."""

    __tablename__ = "forecast_links"

    forecast_key: Mapped[str] = mapped_column(Text, primary_key=True)
    cluster_id: Mapped[str] = mapped_column(String(16), primary_key=True, index=True)
    score: Mapped[int] = mapped_column(Integer)
    agreed: Mapped[list[str]] = mapped_column(default=list)


# -- hypotheses ---------------------------------------------------------------------------------
# Analysis of Competing Hypotheses. The set is the analyst's data file; the matrix rows are computed
# from stored facts at read time. What analysts decide on rows lives in ``hypothesis_edits``, keyed by
# set name and row key (indicator id + fact key), so re-ingest and re-analysis never undo it.


class HypothesisSet(Base):
    """A hypothesis set as loaded from its YAML file: the parsed definition and the text it came from."""

    __tablename__ = "hypothesis_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    spec: Mapped[dict[str, Any]] = mapped_column(default=dict)
    source_text: Mapped[str] = mapped_column(Text)
    origin: Mapped[str | None] = mapped_column(Text)  # the file it was read from
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class HypothesisEdit(Base):
    """An analyst's change to a matrix: a hand-added row, a changed cell, a reweighted or dismissed row.

    Superseded edits stay, inactive, so the history of judgements can be read back.
    """

    __tablename__ = "hypothesis_edits"
    __table_args__ = (Index("ix_hypothesis_edits_set_row", "set_name", "row_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    set_name: Mapped[str] = mapped_column(String(200))
    row_key: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(16))  # add | cell | weight | dismiss | restore
    hypothesis: Mapped[str | None] = mapped_column(String(64))
    value: Mapped[dict[str, Any]] = mapped_column(default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class HypothesisTrigger(Base):
    """A stored fact that newly matched an indicator: what ``sitrep watch`` reports."""

    __tablename__ = "hypothesis_triggers"
    __table_args__ = (
        Index("ix_hypothesis_triggers_match", "set_name", "indicator", "fact_key", unique=True),
        Index("ix_hypothesis_triggers_detected", "detected_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    set_name: Mapped[str] = mapped_column(String(200))
    indicator: Mapped[str] = mapped_column(String(200))
    fact_kind: Mapped[str] = mapped_column(String(16))
    fact_key: Mapped[str] = mapped_column(Text)
    document_key: Mapped[str] = mapped_column(String(64))
    detected_at: Mapped[datetime]
    initial: Mapped[bool] = mapped_column(Boolean, default=False)  # already there when the set was loaded


# -- web -------------------------------------------------------------------------------------------------


class ApiToken(Base):
    """A bearer token of the web API. Only its SHA-256 is kept: a leaked database leaks no token."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)  # who holds it: shown in reviews and the audit
    role: Mapped[str] = mapped_column(String(16))  # reader | analyst | admin
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
