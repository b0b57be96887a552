"""Writing one analysed Document into the tables, and removing its machine facts again.

Everything here runs inside the caller's transaction: a document and all its facts are committed
together or not at all. Human decisions (reviews, audit) are never touched.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import JSON, delete, func, select
from sqlalchemy.orm import Session

from ..model import Document, Event, Evidence, Forecast, Quantity, Statement, TimeExpression
from .tables import (
    DocumentEntity,
    DocumentRow,
    EntityAlias,
    EntityRow,
    EventParticipant,
    EventQuantity,
    EventRow,
    ForecastRow,
    MentionRow,
    QuantityRow,
    SearchRow,
    StatementRow,
    TimeRow,
)


def content_hash(text: str) -> str:
    """The identity of an article's text: line endings and outer whitespace do not count."""
    normalised = text.replace("\r\n", "\n").strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def now() -> datetime:
    return datetime.now(timezone.utc)


def document_row(document: Document, *, origin: str | None, pipeline_version: str) -> DocumentRow:
    stamp = now()
    return DocumentRow(
        key=document.id or content_hash(document.text)[:16],
        content_hash=content_hash(document.text),
        url=document.url,
        source=document.source,
        title=document.title,
        published=document.published,
        published_earliest=document.published_earliest,
        published_latest=document.published_latest,
        body_start=document.body_start,
        language=document.language,
        analysis_status=document.analysis_status,
        text=document.text,
        origin=origin,
        ingested_at=stamp,
        analyzed_at=stamp,
        pipeline_version=pipeline_version,
    )


def update_document_row(row: DocumentRow, document: Document, pipeline_version: str) -> None:
    """What a re-analysis may change on the document itself: the dates the pipeline inferred."""
    row.published = document.published
    row.published_earliest = document.published_earliest
    row.published_latest = document.published_latest
    row.language = document.language
    row.analysis_status = document.analysis_status
    row.analyzed_at = now()
    row.pipeline_version = pipeline_version


def delete_facts(session: Session, document_id: int) -> None:
    """Remove every machine fact of one document (the document row itself stays)."""
    for table in (EventRow, StatementRow, ForecastRow, QuantityRow, TimeRow, MentionRow, DocumentEntity):
        session.execute(delete(table).where(table.document_id == document_id))
    session.execute(
        delete(SearchRow).where(SearchRow.document_id == document_id, SearchRow.kind != "document")
    )


def write_facts(session: Session, row: DocumentRow, document: Document) -> None:
    """Insert the document's entities, mentions, times, quantities, events, statements, forecasts."""
    upsert_entities(session, document)
    doc_id = row.id
    named = dict.fromkeys(e.id for e in document.entities)
    if named:
        _insert(
            session,
            DocumentEntity,
            [{"document_id": doc_id, "entity_id": e, "seq": n} for n, e in enumerate(named)],
        )
    mentions = _mention_rows(doc_id, document)
    if mentions:
        _insert(session, MentionRow, mentions)
    if document.times:
        _insert(session, TimeRow, [_time_row(doc_id, n, t) for n, t in enumerate(document.times)])
    quantity_ids = _write_quantities(session, doc_id, document)
    keys = _KeyMaker(row.key)
    dates = _DocumentDates(document)
    _write_events(session, doc_id, document.events, keys, dates, quantity_ids)
    statements = [_statement_row(doc_id, n, s, keys, dates) for n, s in enumerate(document.statements)]
    if statements:
        _insert(session, StatementRow, statements)
    forecasts = [_forecast_row(doc_id, n, f, keys) for n, f in enumerate(document.forecasts)]
    if forecasts:
        _insert(session, ForecastRow, forecasts)
    _write_search(session, doc_id, document, keys)


def _insert(session: Session, table, rows: list[dict[str, Any]]) -> None:
    """Insert rows as one batch through the table itself (no ORM unit of work: nothing is loaded back).

    One statement per table and document, its rows batched by the driver, instead of one round trip
    and one flush per row: the store's share of ingest time was mostly per-statement overhead.
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql" and len(rows) > 1:
        _copy(connection, table.__table__, rows)
        return
    connection.execute(table.__table__.insert(), rows)


def _copy(connection, table, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL: the rows through ``COPY ... FROM STDIN`` in the session's transaction.

    psycopg sends an executemany as one pipelined statement per row, about 0.2 ms of the writing
    process each; COPY streams them. Columns a row leaves out take their Python default (as an
    INSERT would) or the database's.
    """
    from psycopg.types.json import Json

    given = list(rows[0])
    defaults = {
        c.name: c.default
        for c in table.columns
        if c.name not in given and c.default is not None and not c.default.is_sequence
    }
    columns = [*given, *defaults]
    json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}

    def value(name: str, row: dict[str, Any]) -> Any:
        if name in defaults:
            default = defaults[name]
            v = default.arg(None) if default.is_callable else default.arg
        else:
            v = row[name]
        return Json(v) if name in json_columns else v  # None as JSON null, as SQLAlchemy writes it

    names = ", ".join(f'"{c}"' for c in columns)
    cursor = connection.connection.driver_connection.cursor()
    with cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([value(c, row) for c in columns])


def _insert_ids(session: Session, table, rows: list[dict[str, Any]]) -> list[int]:
    """``_insert`` of one document's rows, returning their new ids in the order of ``rows``."""
    connection, t = session.connection(), table.__table__
    if connection.dialect.name != "sqlite":
        stmt = t.insert().returning(t.c.id, sort_by_parameter_order=True)
        return list(connection.execute(stmt, rows).scalars())
    # SQLite does not promise the order of RETURNING rows, so SQLAlchemy would insert row by row. Its
    # executemany inserts in order, and this transaction holds the write lock and has no other rows of
    # this document in the table (new, or its facts deleted first), so the document's ids ascend.
    connection.execute(t.insert(), rows)
    mine = select(t.c.id).where(t.c.document_id == rows[0]["document_id"]).order_by(t.c.id)
    ids = list(connection.execute(mine).scalars())
    if len(ids) != len(rows):  # an invariant: never store facts under ids that may be wrong
        raise RuntimeError(f"{t.name}: {len(ids)} rows of the document for {len(rows)} inserted")
    return ids


def write_document_search(session: Session, row: DocumentRow) -> None:
    session.add(SearchRow(document_id=row.id, kind="document", ref=row.key, title=row.title, body=row.text))


# -- entities ---------------------------------------------------------------------------------------


def upsert_entities(session: Session, document: Document) -> None:
    """Entities are shared by all documents: insert new ones, let the latest analysis fill in fields."""
    if not document.entities:
        return
    rows = {e.id: _entity_values(e) for e in document.entities}
    aliases = {
        (e.id, a.casefold()): {"entity_id": e.id, "alias_norm": a.casefold(), "alias": a}
        for e in document.entities
        for a in [e.name, *e.aliases]
        if a
    }
    # Rows go as parameters of one statement, not as literal VALUES, and the statements are built once
    # per back end: SQLAlchemy then compiles them once per process instead of once per document.
    connection = session.connection()
    upsert, add_aliases = _entity_statements(connection.dialect.name)
    connection.execute(upsert, list(rows.values()))
    connection.execute(add_aliases, list(aliases.values()))


_ENTITY_FILL = ("role", "country", "lat", "lon", "kb_id")


@functools.cache
def _entity_statements(dialect: str) -> tuple[Any, Any]:
    """Upsert of entities (new fields fill in, names follow the latest analysis) and of their aliases."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as insert_fn
    else:
        from sqlalchemy.dialects.sqlite import insert as insert_fn
    table = EntityRow.__table__
    stmt = insert_fn(table)
    fill = {c: func.coalesce(stmt.excluded[c], table.c[c]) for c in _ENTITY_FILL}
    fill.update(name=stmt.excluded.name, name_norm=stmt.excluded.name_norm, type=stmt.excluded.type)
    aliases = insert_fn(EntityAlias.__table__).on_conflict_do_nothing(
        index_elements=["entity_id", "alias_norm"]
    )
    return stmt.on_conflict_do_update(index_elements=["id"], set_=fill), aliases


def _entity_values(e) -> dict[str, Any]:
    return {
        "id": e.id,
        "name": e.name,
        "name_norm": e.name.casefold(),
        "type": e.type,
        "role": e.role,
        "country": e.country,
        "lat": e.lat,
        "lon": e.lon,
        "kb_id": e.kb_id,
        "attributes": dict(e.attributes),
    }


def _mention_rows(doc_id: int, document: Document) -> list[dict[str, Any]]:
    return [
        {
            "document_id": doc_id,
            "entity_id": e.id,
            "seq": n,
            "span_start": m.start,
            "span_end": m.end,
            "text": m.text,
        }
        for e in document.entities
        for n, m in enumerate(e.mentions)
    ]


def _time_row(doc_id: int, n: int, t: TimeExpression) -> dict[str, Any]:
    return {
        "document_id": doc_id,
        "seq": n,
        "text": t.text,
        "span_start": t.span_start,
        "span_end": t.span_end,
        "type": t.type,
        "value": t.value,
        "start_date": t.start,
        "end_date": t.end,
        "mod": t.mod,
        "anchor": t.anchor,
    }


# -- quantities and events --------------------------------------------------------------------------


def _quantity_values(doc_id: int, seq: int, q: Quantity) -> dict[str, Any]:
    return {
        "document_id": doc_id,
        "seq": seq,
        "text": q.text,
        "span_start": q.start,
        "span_end": q.end,
        "value": q.value,
        "min_value": q.min,
        "max_value": q.max,
        "qualifier": q.qualifier,
        "unit": q.unit,
        "item": q.item,
    }


def _write_quantities(session: Session, doc_id: int, document: Document) -> dict[tuple, int]:
    """Store each distinct quantity once; events link to them. Returns row ids by identity."""
    rows: dict[tuple, dict[str, Any]] = {}
    extra = [q for e in document.events for q in [e.quantity, *e.quantities] if q is not None]
    seqs = [(n, q) for n, q in enumerate(document.quantities)] + [(-1, q) for q in extra]
    for seq, q in seqs:
        ident = _quantity_identity(q)
        if ident not in rows:
            rows[ident] = _quantity_values(doc_id, seq, q)
    if not rows:
        return {}
    return dict(zip(rows, _insert_ids(session, QuantityRow, list(rows.values())), strict=True))


def _quantity_identity(q: Quantity) -> tuple:
    return (q.start, q.end, q.text, q.value, q.min, q.max, q.qualifier, q.unit, q.item)


def _write_events(session, doc_id, events: list[Event], keys, dates, quantity_ids) -> None:
    """All events of a document in one batch, then their participants and quantities in one each."""
    if not events:
        return
    rows, spans = [], []
    for n, event in enumerate(events):
        start, end = dates.of(event.time)
        spans.append(start)
        rows.append(
            {
                "document_id": doc_id,
                "seq": n,
                "fact_id": event.id,
                "type": event.type,
                "mode": event.mode,
                "context": list(event.context),
                "trigger": event.trigger,
                "actor_texts": list(event.actor_texts),
                "recipient_texts": list(event.recipient_texts),
                "item_texts": list(event.item_texts),
                "location": event.location,
                "modality": event.modality,
                "statement_fact_id": event.statement,
                "actor_kinds": list(event.actor_kinds),
                "recipient_kinds": list(event.recipient_kinds),
                "acled_event_type": event.acled_event_type,
                "acled_sub_event_type": event.acled_sub_event_type,
                "acled_actors": dict(event.acled_actors),
                "relevance": event.relevance,
                "fact_key": keys.make("event", event.evidence, event.type),
                "main_quantity_id": quantity_ids[_quantity_identity(event.quantity)]
                if event.quantity
                else None,
                "date_start": start,
                "date_end": end,
                **_time_columns(event.time),
                **_evidence_columns(event.evidence),
            }
        )
    ids = _insert_ids(session, EventRow, rows)
    participants, links = [], []
    for event_id, start, event in zip(ids, spans, events, strict=True):
        for role, entity_ids in (
            ("actor", event.actors),
            ("recipient", event.recipients),
            ("item", event.items),
        ):
            participants += [
                {"event_id": event_id, "role": role, "position": p, "entity_id": e, "date_start": start}
                for p, e in enumerate(entity_ids)
            ]
        links += [
            {"event_id": event_id, "position": p, "quantity_id": quantity_ids[_quantity_identity(q)]}
            for p, q in enumerate(event.quantities)
        ]
    if participants:
        _insert(session, EventParticipant, participants)
    if links:
        _insert(session, EventQuantity, links)


# -- statements and forecasts -----------------------------------------------------------------------


def _statement_row(doc_id, n, s: Statement, keys, dates) -> dict[str, Any]:
    start, end = dates.of(s.time)
    return dict(
        document_id=doc_id,
        seq=n,
        fact_id=s.id,
        fact_key=keys.make("statement", s.evidence, s.act),
        speaker=s.speaker,
        speaker_text=s.speaker_text,
        role=s.role,
        act=s.act,
        content=s.content,
        content_start=s.content_start,
        content_end=s.content_end,
        venue=s.venue,
        modality=s.modality,
        date_start=start,
        date_end=end,
        **_time_columns(s.time),
        **_evidence_columns(s.evidence),
    )


def _forecast_row(doc_id, n, f: Forecast, keys) -> dict[str, Any]:
    return dict(
        document_id=doc_id,
        seq=n,
        fact_id=f.id,
        fact_key=keys.make("forecast", f.evidence, "forecast"),
        forecaster=f.by,
        statement_fact_id=f.statement,
        event_fact_id=f.event,
        claim=f.claim,
        made=f.made,
        window_start=f.window_start,
        window_end=f.window_end,
        modality=f.modality,
        by_text=f.by_text,
        window_note=f.window_note,
        **_evidence_columns(f.evidence),
    )


def _write_search(session: Session, doc_id: int, document: Document, keys: _KeyMaker) -> None:
    rows = []
    for kind, facts, text_of in (
        ("event", document.events, lambda e: f"{e.trigger}\n{e.evidence.sentence}"),
        ("statement", document.statements, lambda s: f"{s.speaker_text}\n{s.content}"),
        ("forecast", document.forecasts, lambda f: f.claim),
    ):
        for fact, key in zip(facts, keys.issued[kind], strict=True):
            rows.append(
                {"document_id": doc_id, "kind": kind, "ref": key, "title": None, "body": text_of(fact)}
            )
    if rows:
        _insert(session, SearchRow, rows)


# -- helpers ----------------------------------------------------------------------------------------


def _evidence_columns(ev: Evidence) -> dict[str, Any]:
    return {
        "evidence_start": ev.start,
        "evidence_end": ev.end,
        "sentence": ev.sentence,
        "sentence_start": ev.sentence_start,
    }


def _time_columns(t: TimeExpression | None) -> dict[str, Any]:
    if t is None:
        return {"time_text": None, "time_value": None, "time_start": None, "time_end": None}
    return {"time_text": t.text, "time_value": t.value, "time_start": t.start, "time_end": t.end}


class _DocumentDates:
    """A fact's effective dates: its own time, else the document's publication date or range."""

    def __init__(self, document: Document) -> None:
        rng = document.published_range
        self.start, self.end = rng if rng else (None, None)

    def of(self, t: TimeExpression | None) -> tuple[date | None, date | None]:
        if t is not None and (t.start or t.end):
            return (t.start or t.end, t.end or t.start)
        return self.start, self.end


class _KeyMaker:
    """Stable, readable fact keys: ``event:<doc>:<start>-<end>:<TYPE>``.

    Reviews refer to facts by these keys, so a fact found again at the same place by a newer
    pipeline keeps its analyst's decision. Two facts of one kind at one span get ``~2``, ``~3``.
    """

    def __init__(self, doc_key: str) -> None:
        self.doc_key = doc_key
        self.seen: set[str] = set()
        self.issued: dict[str, list[str]] = {"event": [], "statement": [], "forecast": []}

    def make(self, kind: str, ev: Evidence, label: str) -> str:
        base = f"{kind}:{self.doc_key}:{ev.start}-{ev.end}:{label}"
        key, n = base, 1
        while key in self.seen:
            n += 1
            key = f"{base}~{n}"
        self.seen.add(key)
        self.issued[kind].append(key)
        return key
