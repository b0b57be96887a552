"""Reading a stored document back into the data model, so exports and the API speak the JSON contract."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..model import (
    Document,
    Entity,
    Event,
    Evidence,
    Forecast,
    Mention,
    Quantity,
    Statement,
    TimeExpression,
)
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
    StatementRow,
    TimeRow,
)


def load_document(session: Session, row: DocumentRow) -> Document:
    """The Document as the pipeline produced it (entities carry their aliases from every document)."""
    doc = Document(
        text=row.text,
        id=row.key,
        title=row.title,
        source=row.source,
        url=row.url,
        published=row.published,
        published_earliest=row.published_earliest,
        published_latest=row.published_latest,
        body_start=row.body_start,
        language=row.language,
        analysis_status=row.analysis_status,
    )
    doc.entities = _entities(session, row.id)
    doc.times = [
        TimeExpression(
            t.text, t.span_start, t.span_end, t.type, t.value, t.start_date, t.end_date, t.mod, t.anchor
        )
        for t in _rows(session, TimeRow, row.id)
    ]
    quantities = {q.id: q for q in _rows(session, QuantityRow, row.id)}
    doc.quantities = [_quantity(q) for q in quantities.values() if q.seq >= 0]
    doc.events = _events(session, row.id, quantities)
    doc.statements = [_statement(s) for s in _rows(session, StatementRow, row.id)]
    doc.forecasts = [_forecast(f) for f in _rows(session, ForecastRow, row.id)]
    return doc


def _rows(session: Session, table, document_id: int) -> list:
    return list(session.scalars(select(table).where(table.document_id == document_id).order_by(table.seq)))


def _entities(session: Session, document_id: int) -> list[Entity]:
    mentions = list(
        session.scalars(
            select(MentionRow).where(MentionRow.document_id == document_id).order_by(MentionRow.id)
        )
    )
    ids = list(
        session.scalars(
            select(DocumentEntity.entity_id)
            .where(DocumentEntity.document_id == document_id)
            .order_by(DocumentEntity.seq)
        )
    )
    rows = {e.id: e for e in session.scalars(select(EntityRow).where(EntityRow.id.in_(ids)))}
    aliases: dict[str, list[str]] = defaultdict(list)
    for a in session.scalars(select(EntityAlias).where(EntityAlias.entity_id.in_(ids))):
        if a.alias != rows[a.entity_id].name:
            aliases[a.entity_id].append(a.alias)
    by_entity: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_entity[m.entity_id].append(Mention(m.span_start, m.span_end, m.text))
    return [
        Entity(
            id=r.id,
            name=r.name,
            type=r.type,
            aliases=sorted(aliases[r.id]),
            role=r.role,
            country=r.country,
            lat=r.lat,
            lon=r.lon,
            kb_id=r.kb_id,
            attributes=dict(r.attributes or {}),
            mentions=by_entity[r.id],
        )
        for r in (rows[i] for i in ids)
    ]


def _quantity(q: QuantityRow) -> Quantity:
    return Quantity(
        q.text, q.span_start, q.span_end, q.value, q.min_value, q.max_value, q.qualifier, q.unit, q.item
    )


def _evidence(row) -> Evidence:
    return Evidence(row.evidence_start, row.evidence_end, row.sentence, row.sentence_start)


def _time(row) -> TimeExpression | None:
    if row.time_text is None:
        return None
    return TimeExpression(row.time_text, 0, 0, "DATE", row.time_value or "", row.time_start, row.time_end)


def _events(session: Session, document_id: int, quantities: dict[int, QuantityRow]) -> list[Event]:
    rows = _rows(session, EventRow, document_id)
    ids = [r.id for r in rows]
    roles: dict[tuple[int, str], list[str]] = defaultdict(list)
    for p in session.scalars(
        select(EventParticipant)
        .where(EventParticipant.event_id.in_(ids))
        .order_by(EventParticipant.event_id, EventParticipant.role, EventParticipant.position)
    ):
        roles[(p.event_id, p.role)].append(p.entity_id)
    links: dict[int, list[Quantity]] = defaultdict(list)
    for link in session.scalars(
        select(EventQuantity).where(EventQuantity.event_id.in_(ids)).order_by(EventQuantity.position)
    ):
        links[link.event_id].append(_quantity(quantities[link.quantity_id]))
    return [
        Event(
            id=r.fact_id,
            type=r.type,
            evidence=_evidence(r),
            trigger=r.trigger,
            mode=r.mode,
            context=list(r.context),
            actors=roles[(r.id, "actor")],
            recipients=roles[(r.id, "recipient")],
            actor_texts=list(r.actor_texts),
            recipient_texts=list(r.recipient_texts),
            location=r.location,
            items=roles[(r.id, "item")],
            item_texts=list(r.item_texts),
            quantity=_quantity(quantities[r.main_quantity_id]) if r.main_quantity_id else None,
            quantities=links[r.id],
            time=_time(r),
            modality=r.modality,
            statement=r.statement_fact_id,
            actor_kinds=list(r.actor_kinds or []),
            recipient_kinds=list(r.recipient_kinds or []),
            acled_event_type=r.acled_event_type,
            acled_sub_event_type=r.acled_sub_event_type,
            acled_actors=dict(r.acled_actors or {}),
            relevance=r.relevance,
        )
        for r in rows
    ]


def _statement(s: StatementRow) -> Statement:
    return Statement(
        id=s.fact_id,
        speaker=s.speaker,
        speaker_text=s.speaker_text,
        act=s.act,
        content=s.content,
        evidence=_evidence(s),
        role=s.role,
        time=_time(s),
        venue=s.venue,
        content_start=s.content_start,
        content_end=s.content_end,
        modality=s.modality,
    )


def _forecast(f: ForecastRow) -> Forecast:
    return Forecast(
        id=f.fact_id,
        claim=f.claim,
        evidence=_evidence(f),
        by=f.forecaster,
        statement=f.statement_fact_id,
        event=f.event_fact_id,
        window_start=f.window_start,
        window_end=f.window_end,
        made=f.made,
        modality=f.modality,
        by_text=f.by_text,
        window_note=f.window_note,
    )
