"""Indicators as queries over stored facts: one indexed SQL query per indicator, whatever the store's size.

The query only chooses which facts an indicator finds; they are read through the store's one reader
(:func:`sitrep.store.facts.events_by_ids`), so a fact an analyst rejected is no evidence and an edited
one counts as edited. Names resolve as everywhere in sitrep (entity id, name or alias, merges
included); a three-letter upper-case code is a country and stands for every entity of that country
(``BLR``: Belarus, Lukashenko, Minsk ...), so "Belarusian officials deny" is one indicator, not a list
of names.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from ..model import Event, Statement
from ..store import facts
from ..store.reviews import edited_keys
from ..store.tables import DocumentRow, EntityRow, EventParticipant, EventRow, QuantityRow, StatementRow
from .schema import Indicator

Evidence = Event | Statement


def entity_ids(session: Session, name: str) -> list[str]:
    """Entities a name stands for; an ISO3 code (``RUS``) is the country and every entity of it."""
    name = name.strip()
    if len(name) == 3 and name.isalpha() and name.isupper():
        country = select(EntityRow.id).where(
            or_(EntityRow.country == name, EntityRow.id == f"country:{name}")
        )
        return sorted(set(session.scalars(country)) | set(facts.resolve(session, name)))
    return facts.resolve(session, name)


def matches(session: Session, indicator: Indicator, as_of: date | None = None) -> list[Evidence]:
    """Every stored fact the indicator finds, oldest publication first; ``as_of``: published by then."""
    if indicator.kind != "event":
        query = _statement_query(session, indicator)
        if query is None:
            return []
        if as_of is not None:
            query = query.where(DocumentRow.published <= as_of)
        return list(facts.statements_by_ids(session, list(session.scalars(query))).items)
    # Events an analyst edited are judged on their edited values, the rest in SQL.
    edited = facts.events_by_ids(
        session,
        list(
            session.scalars(select(EventRow.id).where(EventRow.fact_key.in_(edited_keys(session, "event"))))
        ),
    )
    query = _event_query(session, indicator)
    found = []
    if query is not None:
        if as_of is not None:
            query = query.where(DocumentRow.published <= as_of)
        if edited.items:
            query = query.where(EventRow.fact_key.not_in([e.stored.key for e in edited.items]))
        found = list(facts.events_by_ids(session, list(session.scalars(query))).items)
    found += [e for e in edited.items if _accepts(session, indicator, e, edited, as_of)]
    return sorted(found, key=lambda f: f.stored.published or date.max)  # stable: SQL order within a day


def _accepts(session: Session, ind: Indicator, e: Event, page: facts.Page, as_of: date | None) -> bool:
    """An indicator judged in Python on an edited event: the twin of :func:`_event_query`."""
    s = e.stored
    checks = [
        not ind.type or e.type == ind.type,
        not ind.mode or e.mode == ind.mode,
        not ind.actor or bool(set(entity_ids(session, ind.actor)) & set(e.actors)),
        not ind.recipient or bool(set(entity_ids(session, ind.recipient)) & set(e.recipients)),
        not ind.place or e.location in entity_ids(session, ind.place),
        not ind.since or (s.date_start is not None and s.date_start >= ind.since),
        not ind.until or (s.date_start is not None and s.date_start <= ind.until),
        not ind.modality or e.modality in ind.modality,
        as_of is None or (s.published is not None and s.published <= as_of),
    ]
    if ind.min_quantity is not None:
        q = e.quantity
        amount = None if q is None else next((v for v in (q.value, q.min, q.max) if v is not None), None)
        checks.append(amount is not None and amount >= ind.min_quantity)
    return all(checks)


def _window(query: Select, table, ind: Indicator) -> Select:
    if ind.since:
        query = query.where(table.date_start >= ind.since)
    if ind.until:
        query = query.where(table.date_start <= ind.until)
    if ind.modality:
        query = query.where(table.modality.in_(ind.modality))
    return query.order_by(DocumentRow.published, table.id)


def _event_query(session: Session, ind: Indicator) -> Select | None:
    query = select(EventRow.id).join(DocumentRow, DocumentRow.id == EventRow.document_id)
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
    query = select(StatementRow.id).join(DocumentRow, DocumentRow.id == StatementRow.document_id)
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
