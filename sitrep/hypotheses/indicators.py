"""Indicators as queries over stored facts: one indexed SQL query per indicator, whatever the store's size.

Names resolve as everywhere in sitrep (entity id, name or alias); a three-letter upper-case code is a
country and stands for every entity of that country (``BLR``: Belarus, Lukashenko, Minsk ...), so
"Belarusian officials deny" is one indicator, not a list of names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, func, null, or_, select
from sqlalchemy.orm import Session

from ..store.queries import resolve
from ..store.tables import DocumentRow, EntityRow, EventParticipant, EventRow, QuantityRow, StatementRow
from .schema import Indicator


@dataclass
class Match:
    """A stored fact that an indicator found, with what a citation needs."""

    indicator: str
    fact_kind: str  # event | statement
    fact_key: str
    document: str
    source: str | None
    title: str | None
    url: str | None
    published: date | None
    date: date | None
    sentence: str
    speaker: str | None = None  # statements: the speaker's entity id, for source grades
    near_duplicate_of: int | None = None
    document_id: int = 0


def entity_ids(session: Session, name: str) -> list[str]:
    """Entities a name stands for; an ISO3 code (``RUS``) is the country and every entity of it."""
    name = name.strip()
    if len(name) == 3 and name.isalpha() and name.isupper():
        country = select(EntityRow.id).where(
            or_(EntityRow.country == name, EntityRow.id == f"country:{name}")
        )
        return sorted(set(session.scalars(country)) | set(resolve(session, name)))
    return resolve(session, name)


def matches(session: Session, indicator: Indicator, as_of: date | None = None) -> list[Match]:
    """Every stored fact the indicator finds, oldest publication first; ``as_of``: published by then."""
    query = (
        _event_query(session, indicator)
        if indicator.kind == "event"
        else _statement_query(session, indicator)
    )
    if query is None:
        return []
    if as_of is not None:
        query = query.where(DocumentRow.published <= as_of)
    return [
        Match(
            indicator.id,
            indicator.kind,
            r.fact_key,
            r.doc_key,
            r.source,
            r.title,
            r.url,
            r.published,
            r.date_start,
            r.sentence,
            r.speaker,
            r.near_duplicate_of,
            r.doc_id,
        )
        for r in session.execute(query)
    ]


def _columns(table) -> tuple:
    return (
        table.fact_key,
        table.date_start,
        table.sentence,
        DocumentRow.id.label("doc_id"),
        DocumentRow.key.label("doc_key"),
        DocumentRow.source,
        DocumentRow.title,
        DocumentRow.url,
        DocumentRow.published,
        DocumentRow.near_duplicate_of,
    )


def _window(query: Select, table, ind: Indicator) -> Select:
    if ind.since:
        query = query.where(table.date_start >= ind.since)
    if ind.until:
        query = query.where(table.date_start <= ind.until)
    if ind.modality:
        query = query.where(table.modality.in_(ind.modality))
    return query.order_by(DocumentRow.published, table.id)


def _event_query(session: Session, ind: Indicator) -> Select | None:
    query = select(*_columns(EventRow), null().label("speaker")).join(
        DocumentRow, DocumentRow.id == EventRow.document_id
    )
    if ind.type:
        query = query.where(EventRow.type == ind.type)
    if ind.mode:
        query = query.where(EventRow.mode == ind.mode)
    for role, name in (("actor", ind.actor), ("recipient", ind.recipient)):
        if name:
            ids = entity_ids(session, name)
            if not ids:
                return None
            # IN (subquery) lets both back ends drive the query from the participants' index.
            party = select(EventParticipant.event_id).where(
                EventParticipant.role == role, EventParticipant.entity_id.in_(ids)
            )
            # The participants' copy of the date makes the window part of the index range scan.
            if ind.since:
                party = party.where(EventParticipant.date_start >= ind.since)
            if ind.until:
                party = party.where(EventParticipant.date_start <= ind.until)
            query = query.where(EventRow.id.in_(party))
    if ind.place:
        ids = entity_ids(session, ind.place)
        if not ids:
            return None
        query = query.where(EventRow.location.in_(ids))
    if ind.min_quantity is not None:
        amount = func.coalesce(QuantityRow.value, QuantityRow.min_value, QuantityRow.max_value)
        query = query.join(
            QuantityRow, and_(QuantityRow.id == EventRow.main_quantity_id, amount >= ind.min_quantity)
        )
    return _window(query, EventRow, ind)


def _statement_query(session: Session, ind: Indicator) -> Select | None:
    query = select(*_columns(StatementRow), StatementRow.speaker.label("speaker")).join(
        DocumentRow, DocumentRow.id == StatementRow.document_id
    )
    if ind.speaker:
        ids = entity_ids(session, ind.speaker)
        if not ids:
            return None
        query = query.where(StatementRow.speaker.in_(ids))
    if ind.act:
        query = query.where(StatementRow.act.in_(ind.act))
    if ind.content:
        query = query.where(
            func.lower(StatementRow.content).contains(ind.content.casefold(), autoescape=True)
        )
    return _window(query, StatementRow, ind)
