"""Events as the across-reports modules compare them: light records read in bulk from the store.

One record per stored event with what merging needs (type, parties by id and country, where, when,
how many) and what an analyst needs to see (sentence, document, outlet). Reading 100,000 events is a
handful of queries, not one per event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session

from ..model import Entity, Quantity
from ..store import facts

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
    story: str = ""  # the document key of the first copy of a wire story this repeats (else its own)
    sentence: str = ""
    statement: str | None = None  # statement fact id, when the event is reported inside one
    published: date | None = None

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
    """Stored events as :class:`EventFact`, oldest first (undated last), read through the store's one
    reader of facts: rejected events are left out, edits and entity merges applied."""
    flt = facts.EventFilter(modalities=modalities, types=types, keys=keys)
    out = []
    for page in facts.event_pages(session, flt, chunk=5000):
        for e in page.items:
            s = e.stored
            assert s is not None
            if since and s.date_end and s.date_end < since or until and s.date_start and s.date_start > until:
                continue
            parties = tuple(e.actors) + tuple(e.recipients)
            out.append(
                EventFact(
                    key=s.key,
                    type=e.type,
                    modality=e.modality,
                    document=s.document,
                    start=s.date_start,
                    end=s.date_end,
                    explicit=e.time is not None,
                    actors=tuple(e.actors),
                    recipients=tuple(e.recipients),
                    countries={i: c for i in parties if (c := _country(page.entity(i), i))},
                    place=_place(e.location, tuple(e.recipients) + tuple(e.actors), page),
                    quantity=_quantity(e.quantity),
                    source=s.source,
                    story=s.copy_of or s.document,
                    sentence=e.evidence.sentence.strip(),
                    statement=e.statement,
                    published=s.published,
                )
            )
    out.sort(key=lambda f: (f.start is None, f.start or date.min))  # stable: storage order within a day
    return out


def _country(entity: Entity | None, entity_id: str) -> str | None:
    if entity is not None and entity.country:
        return entity.country
    return entity_id.split(":", 1)[1].upper() if entity_id.startswith("country:") else None


def _place(location: str | None, parties: tuple[str, ...], page: facts.Page) -> Place | None:
    """Where it happened: the location, else a recipient or actor that is a place (a city, not a state)."""
    pid = location or next((p for p in parties if p.startswith("place:")), None)
    if pid is None:
        return None
    e = page.entity(pid)
    return Place(
        pid, e.lat if e else None, e.lon if e else None, _country(e, pid), not pid.startswith("country:")
    )


def _quantity(q: Quantity | None) -> tuple[float, float, str | None] | None:
    if q is None:
        return None
    lo = q.value if q.value is not None else q.min
    hi = q.value if q.value is not None else q.max
    if lo is None and hi is None:
        return None
    return (lo if lo is not None else hi, hi if hi is not None else lo, q.unit)
