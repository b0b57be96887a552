"""Events as the across-reports modules compare them: light records read in bulk from the store.

One record per stored event with what merging needs (type, parties by id and country, where, when,
how many) and what an analyst needs to see (sentence, document, outlet). Reading 100,000 events is a
handful of queries, not one per event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.tables import DocumentRow, EntityRow, EventParticipant, EventRow, QuantityRow

# An event with no time of its own is dated by its report; it may have happened a few days before.
REPORTING_LAG = timedelta(days=3)


@dataclass
class Place:
    id: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    specific: bool = True  # a city or site, not a whole country


@dataclass
class EventFact:
    """One stored event, flattened for comparison across documents."""

    key: str
    type: str
    modality: str
    document: str  # document key
    start: date | None
    end: date | None
    explicit: bool = True  # the text dates it (else it is dated by publication)
    actors: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    countries: dict[str, str] = field(default_factory=dict)  # entity id -> ISO country of actors/recipients
    place: Place | None = None
    quantity: tuple[float, float, str | None] | None = None  # low, high, unit
    source: str | None = None  # outlet
    story: str = ""  # the first copy of a wire story this document repeats (else itself)
    sentence: str = ""
    statement: str | None = None  # statement fact id, when the event is reported inside one
    published: date | None = None
    row_id: int = 0

    @property
    def window(self) -> tuple[date, date] | None:
        """The days the event may have happened on, for overlap tests."""
        if self.start is None:
            return None
        end = self.end or self.start
        return (self.start, end) if self.explicit else (self.start - REPORTING_LAG, end)

    def party_key(self, entity_id: str) -> str:
        """What makes two parties the same for blocking: their country, else their id."""
        return self.countries.get(entity_id) or entity_id


def load_events(
    session: Session,
    *,
    since: date | None = None,
    until: date | None = None,
    modalities: tuple[str, ...] | None = ("asserted", "reported", "hedged"),
    types: tuple[str, ...] | None = None,
    keys: list[str] | None = None,
) -> list[EventFact]:
    """Stored events as :class:`EventFact`, oldest first (undated last)."""
    query = select(
        EventRow,
        DocumentRow.key,
        DocumentRow.source,
        DocumentRow.published,
        DocumentRow.near_duplicate_of,
        DocumentRow.id,
    ).join(DocumentRow, DocumentRow.id == EventRow.document_id)
    if modalities:
        query = query.where(EventRow.modality.in_(modalities))
    if types:
        query = query.where(EventRow.type.in_(types))
    if since:
        query = query.where(EventRow.date_end >= since)
    if until:
        query = query.where(EventRow.date_start <= until)
    if keys is not None:
        query = query.where(EventRow.fact_key.in_(keys))
    rows = list(session.execute(query))
    ids = [r[0].id for r in rows]
    parties: dict[int, dict[str, list[str]]] = {}
    for chunk in _chunks(ids):
        for p in session.scalars(
            select(EventParticipant)
            .where(EventParticipant.event_id.in_(chunk), EventParticipant.role != "item")
            .order_by(EventParticipant.event_id, EventParticipant.position)
        ):
            parties.setdefault(p.event_id, {}).setdefault(p.role, []).append(p.entity_id)
    quantity_ids = [r[0].main_quantity_id for r in rows if r[0].main_quantity_id]
    quantities = {}
    for chunk in _chunks(quantity_ids):
        quantities.update(
            {q.id: q for q in session.scalars(select(QuantityRow).where(QuantityRow.id.in_(chunk)))}
        )
    wanted = {e for p in parties.values() for ids_ in p.values() for e in ids_}
    wanted |= {r[0].location for r in rows if r[0].location}
    entities = {}
    for chunk in _chunks(sorted(wanted)):
        entities.update({e.id: e for e in session.scalars(select(EntityRow).where(EntityRow.id.in_(chunk)))})
    out = []
    for e, doc_key, source, published, dup_of, doc_id in rows:
        roles = parties.get(e.id, {})
        actors, recipients = tuple(roles.get("actor", ())), tuple(roles.get("recipient", ()))
        out.append(
            EventFact(
                key=e.fact_key,
                type=e.type,
                modality=e.modality,
                document=doc_key,
                start=e.date_start,
                end=e.date_end,
                explicit=e.time_start is not None or e.time_end is not None,
                actors=actors,
                recipients=recipients,
                countries={i: c for i in actors + recipients if (c := _country(entities.get(i), i))},
                place=_place(e.location, recipients + actors, entities),
                quantity=_quantity(quantities.get(e.main_quantity_id)),
                source=source,
                story=f"doc#{dup_of or doc_id}",
                sentence=e.sentence.strip(),
                statement=e.statement_fact_id,
                published=published,
                row_id=e.id,
            )
        )
    out.sort(key=lambda f: (f.start is None, f.start or date.min, f.row_id))
    return out


def _chunks(values: list, size: int = 5000):
    for n in range(0, len(values), size):
        yield values[n : n + size]


def _country(entity: EntityRow | None, entity_id: str) -> str | None:
    if entity is not None and entity.country:
        return entity.country
    return entity_id.split(":", 1)[1].upper() if entity_id.startswith("country:") else None


def _place(location: str | None, parties: tuple[str, ...], entities: dict) -> Place | None:
    """Where it happened: the location, else a recipient or actor that is a place (a city, not a state)."""
    pid = location or next((p for p in parties if p.startswith("place:")), None)
    if pid is None:
        return None
    e = entities.get(pid)
    return Place(
        pid, e.lat if e else None, e.lon if e else None, _country(e, pid), not pid.startswith("country:")
    )


def _quantity(q: QuantityRow | None) -> tuple[float, float, str | None] | None:
    if q is None:
        return None
    lo = q.value if q.value is not None else q.min_value
    hi = q.value if q.value is not None else q.max_value
    if lo is None and hi is None:
        return None
    return (lo if lo is not None else hi, hi if hi is not None else lo, q.unit)
