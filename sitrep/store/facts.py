"""The one reader of stored facts: every face (CLI, exports, web, across reports, hypotheses) reads here.

Answers are the data model's own objects (:class:`~sitrep.model.Event`, ``Statement``, ``Forecast``,
``Entity``) carrying their stored key, document, source, grade and review (``fact.stored``), with the
analysts' decisions applied: reviews' field edits, entity merges (a merged entity shows as the one it
was merged into, and a name finds both) and rejections (a rejected fact is left out, in SQL, unless
``include_rejected``). A list is a :class:`Page`: the facts plus every entity they name, so a face can
show names and coordinates without asking again, and the total when asked for.

Filters compare what the machine stored (an event whose type an analyst edited is found by its old
type and shown with its new one); a fact whose edit takes it out of the filter is dropped from the page.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from ..model import (
    Document,
    Entity,
    EntityStats,
    Event,
    Evidence,
    Forecast,
    Quantity,
    Statement,
    Stored,
    TimeExpression,
)
from . import reviews
from .load import load_document
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
    SourceGrade,
    StatementRow,
)

EARTH_KM = 6371.0
_CHUNK = 2000  # ids per IN (...): well under every back end's limit on bound parameters
F = TypeVar("F")


@dataclass
class Page(Generic[F]):
    """Facts of one list, and every entity they name (merges applied), for names and coordinates."""

    items: list[F]
    entities: dict[str, Entity] = field(default_factory=dict)
    total: int | None = None  # every match, when counted
    offset: int = 0
    limit: int | None = None

    def entity(self, entity_id: str | None) -> Entity | None:
        return self.entities.get(entity_id) if entity_id else None

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def has_next(self) -> bool:
        if self.total is not None:
            return self.offset + len(self.items) < self.total
        return self.limit is not None and len(self.items) >= self.limit


# -- names, merges and places -------------------------------------------------------------------------------


def resolve(session: Session, name: str, merged: dict[str, str] | None = None) -> list[str]:
    """Entity ids a user's name stands for: an id, a name or an alias, case-insensitive.

    With analysts' merges, a name of either entity finds both: "Kiev" finds ``place:kiev`` and the
    ``place:kyiv`` it was merged into, and everything else merged into that.
    """
    norm = name.strip().casefold()
    by_name = select(EntityRow.id).where(or_(EntityRow.id == name.strip(), EntityRow.name_norm == norm))
    by_alias = select(EntityAlias.entity_id).where(EntityAlias.alias_norm == norm)
    found = set(session.scalars(by_name)) | set(session.scalars(by_alias))
    merged = reviews.merges(session) if merged is None else merged
    if found and merged:
        targets = {merged.get(i, i) for i in found}
        found |= targets | {source for source, target in merged.items() if target in targets}
    return sorted(found)


def place(session: Session, name: str) -> tuple[float, float] | None:
    """Coordinates of ``"50.45,30.52"`` or of a stored place entity with that name or alias."""
    lat, sep, lon = name.partition(",")
    if sep:
        try:
            return float(lat), float(lon)
        except ValueError:
            pass
    ids = resolve(session, name)
    row = session.execute(
        select(EntityRow.lat, EntityRow.lon).where(EntityRow.id.in_(ids), EntityRow.lat.is_not(None)).limit(1)
    ).first()
    return (row.lat, row.lon) if row else None


def entities_near(session: Session, lat: float, lon: float, km: float) -> list[str]:
    """Entities with coordinates within ``km`` of a point (bounding box in SQL, distance in Python)."""
    dlat = km / 111.0
    dlon = km / max(1e-6, 111.0 * math.cos(math.radians(lat)))
    rows = session.execute(
        select(EntityRow.id, EntityRow.lat, EntityRow.lon).where(
            EntityRow.lat.between(lat - dlat, lat + dlat), EntityRow.lon.between(lon - dlon, lon + dlon)
        )
    )
    return [r.id for r in rows if haversine_km(lat, lon, r.lat, r.lon) <= km]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


# -- events ----------------------------------------------------------------------------------------------------


@dataclass
class EventFilter:
    actor: str | None = None
    recipient: str | None = None
    type: str | None = None
    since: date | None = None  # compares the start of each event's interval
    until: date | None = None
    near: str | None = None
    km: float = 50.0
    keys: Sequence[str] | None = None  # these events only
    document: str | Sequence[str] | None = None  # one document's events (its key), or several's
    modalities: Sequence[str] | None = None
    types: Sequence[str] | None = None
    acled_type: str | None = None  # an ACLED event type or sub-event type, any case


def events(
    session: Session,
    flt: EventFilter | None = None,
    *,
    limit: int | None = 100,
    offset: int = 0,
    include_rejected: bool = False,
    count: bool = False,
) -> Page[Event]:
    """Matching events, newest first (undated last): one page of ``limit`` (None: all) from ``offset``.

    Filters compare the stored columns in SQL; the few events an analyst edited are judged on their
    edited values instead (an actor corrected to Belarus is found under Belarus, not under its old one).
    """
    flt = flt or EventFilter()
    merged = reviews.merges(session)
    built = _event_query(session, flt, merged, include_rejected)
    if built is None:
        return Page([], total=0 if count else None, offset=offset, limit=limit)
    query, date_col, id_col = built
    edited = _edited_events(session, flt, merged, include_rejected)
    if edited.ids:
        query = query.where(id_col.not_in(edited.ids))
    if edited.found:
        head = _newest(session, query, date_col, id_col, None if limit is None else offset + limit)
        page = _load_events(session, head, merged)
        page.items = _merge_by_date(page.items, edited.found)
        page.items = page.items[offset : None if limit is None else offset + limit]
        page.entities.update(edited.entities)
    else:
        page = _load_events(session, _newest(session, query, date_col, id_col, limit, offset), merged)
    page.offset, page.limit = offset, limit
    if count:
        page.total = _count(session, query, id_col) + len(edited.found)
    return page


@dataclass
class _Edited:
    """Events analysts edited: their row ids (left out of the SQL filter) and those the filter accepts."""

    ids: list[int] = field(default_factory=list)
    found: list[Event] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    found_ids: list[int] = field(default_factory=list)  # the row id of each of ``found``


def _edited_events(
    session: Session, flt: EventFilter, merged: dict[str, str], include_rejected: bool
) -> _Edited:
    keys = reviews.edited_keys(session, "event")
    if not keys:
        return _Edited()
    ids = list(session.scalars(select(EventRow.id).where(EventRow.fact_key.in_(keys))))
    ids = sorted(ids)
    page = _load_events(session, ids, merged)
    found = [
        (i, e)
        for i, e in zip(ids, page.items, strict=True)
        if (include_rejected or not e.stored.rejected) and accepts(session, flt, e, page, merged)
    ]
    return _Edited(ids, [e for _, e in found], page.entities, [i for i, _ in found])


def accepts(
    session: Session, f: EventFilter, e: Event, page: Page, merged: dict[str, str] | None = None
) -> bool:
    """The filter judged in Python on an event as it reads now (its edits applied): SQL's twin."""
    s = e.stored
    if f.actor and not set(resolve(session, f.actor, merged)) & set(e.actors):
        return False
    if f.recipient and not set(resolve(session, f.recipient, merged)) & set(e.recipients):
        return False
    if f.type and e.type != f.type.upper() or f.types and e.type not in {t.upper() for t in f.types}:
        return False
    if f.modalities and e.modality not in f.modalities or f.keys is not None and s.key not in f.keys:
        return False
    if f.document and s.document not in _keys_of(f.document):
        return False
    if f.acled_type and f.acled_type.strip().casefold() not in {
        (e.acled_event_type or "").casefold(),
        (e.acled_sub_event_type or "").casefold(),
    }:
        return False
    if f.since and (s.date_start is None or s.date_start < f.since):
        return False
    if f.until and (s.date_start is None or s.date_start > f.until):
        return False
    if f.near:
        point, where = place(session, f.near), page.entity(e.location)
        if point is None or where is None or where.lat is None or where.lon is None:
            return False
        return haversine_km(*point, where.lat, where.lon) <= f.km
    return True


def _merge_by_date(ordered: list[Event], extra: list[Event]) -> list[Event]:
    """``extra`` placed into an already newest-first list by date; undated ones last."""

    def day(e: Event) -> date:
        return e.stored.date_start or date.min

    out = list(ordered)
    for e in sorted(extra, key=day, reverse=True):
        at = next((n for n, o in enumerate(out) if day(o) < day(e)), len(out))
        out.insert(at, e)
    return out


def event(session: Session, key: str) -> Page[Event]:
    """One event by its key (rejected or not), as a page so its entities' names come with it."""
    return events(session, EventFilter(keys=[key]), limit=1, include_rejected=True)


def event_pages(
    session: Session, flt: EventFilter | None = None, *, chunk: int = 2000, include_rejected: bool = False
) -> Iterator[Page[Event]]:
    """Every matching event in storage order, a page at a time: exports and bulk analysis of millions."""
    flt = flt or EventFilter()
    merged = reviews.merges(session)
    built = _event_query(session, flt, merged, include_rejected)
    if built is None:
        return
    query, _date_col, id_col = built
    edited = _edited_events(session, flt, merged, include_rejected)
    if edited.ids:
        query = query.where(id_col.not_in(edited.ids))
    pending = list(zip(edited.found_ids, edited.found, strict=True))  # placed back in storage order
    last = 0
    while True:
        ids = list(dict.fromkeys(session.scalars(query.where(id_col > last).order_by(id_col).limit(chunk))))
        if not ids:
            break
        page = _load_events(session, ids, merged)
        if pending and pending[0][0] < ids[-1]:
            mine = [(i, e) for i, e in pending if i < ids[-1]]
            pending = pending[len(mine) :]
            ordered = sorted([*zip(ids, page.items, strict=True), *mine], key=lambda pair: pair[0])
            page.items = [e for _, e in ordered]
            page.entities.update(edited.entities)
        yield page
        last = ids[-1]
    if pending:
        yield Page([e for _, e in pending], edited.entities)


def iter_events(
    session: Session, flt: EventFilter | None = None, **kwargs: Any
) -> Iterator[tuple[Event, Page]]:
    """Every matching event with the page that names its entities (see :func:`event_pages`)."""
    for page in event_pages(session, flt, **kwargs):
        for e in page.items:
            yield e, page


def events_by_ids(session: Session, ids: Sequence[int], *, include_rejected: bool = False) -> Page[Event]:
    """Events by their row ids, in that order: for callers that choose events by a query of their own
    (indicators of competing hypotheses) and still read them, decisions applied, through here."""
    ids, merged = list(dict.fromkeys(ids)), reviews.merges(session)
    page: Page[Event] = Page([])
    for n in range(0, len(ids), _CHUNK):
        part = _load_events(session, ids[n : n + _CHUNK], merged)
        page.items += part.items
        page.entities.update(part.entities)
    if not include_rejected:
        page.items = [e for e in page.items if not (e.stored and e.stored.rejected)]
    return page


def statements_by_ids(
    session: Session, ids: Sequence[int], *, include_rejected: bool = False
) -> Page[Statement]:
    """Statements by their row ids, in that order (see :func:`events_by_ids`)."""
    ids, merged = list(dict.fromkeys(ids)), reviews.merges(session)
    page: Page[Statement] = Page([])
    for n in range(0, len(ids), _CHUNK):
        part = _load(
            session, StatementRow, ids[n : n + _CHUNK], merged, _statement, "statement", _edit_statement
        )
        page.items += part.items
        page.entities.update(part.entities)
    if not include_rejected:
        page.items = [s for s in page.items if not s.stored.rejected]
    return page


def _event_query(
    session: Session, f: EventFilter, merged: dict[str, str], include_rejected: bool
) -> tuple[Select, Any, Any] | None:
    # With an actor, filter and sort on the participants' copy of the date: one index range scan.
    party = f.actor or f.recipient
    joined = False
    if party:
        ids = resolve(session, party, merged)
        if not ids:
            return None
        role = "actor" if f.actor else "recipient"
        date_col, id_col = EventParticipant.date_start, EventParticipant.event_id
        query = select(EventParticipant.event_id).where(
            EventParticipant.entity_id.in_(ids), EventParticipant.role == role
        )
    else:
        date_col, id_col = EventRow.date_start, EventRow.id
        query, joined = select(EventRow.id), True

    def event_rows(q: Select) -> Select:
        nonlocal joined
        if not joined:
            joined = True
            return q.join(EventRow, EventRow.id == EventParticipant.event_id)
        return q

    if f.actor and f.recipient:
        others = resolve(session, f.recipient, merged)
        rec = select(EventParticipant.event_id).where(
            EventParticipant.role == "recipient", EventParticipant.entity_id.in_(others)
        )
        query = event_rows(query).where(EventRow.id.in_(rec))
    if f.type:
        query = event_rows(query).where(EventRow.type == f.type.upper())
    if f.types:
        query = event_rows(query).where(EventRow.type.in_([t.upper() for t in f.types]))
    if f.modalities:
        query = event_rows(query).where(EventRow.modality.in_(list(f.modalities)))
    if f.acled_type:
        wanted = f.acled_type.strip().casefold()
        query = event_rows(query).where(
            or_(
                func.lower(EventRow.acled_sub_event_type) == wanted,
                func.lower(EventRow.acled_event_type) == wanted,
            )
        )
    if f.keys is not None:
        query = event_rows(query).where(EventRow.fact_key.in_(list(f.keys)))
    if f.document:
        docs = select(DocumentRow.id).where(DocumentRow.key.in_(_keys_of(f.document)))
        query = event_rows(query).where(EventRow.document_id.in_(docs))
    if f.since:
        query = query.where(date_col >= f.since)
    if f.until:
        query = query.where(date_col <= f.until)
    if f.near:
        point = place(session, f.near)
        if point is None:
            return None
        query = event_rows(query).where(EventRow.location.in_(entities_near(session, *point, f.km)))
    if not include_rejected and reviews.any_rejected(session, "event"):
        query = event_rows(query).where(EventRow.fact_key.not_in(reviews.rejected_keys("event")))
    return query, date_col, id_col


def _newest(session: Session, query: Select, date_col, id_col, limit: int | None, offset: int = 0) -> list:
    """Ids newest first, undated ones last, on both back ends (they sort NULLs differently).

    Two index-ordered queries instead of ``NULLS LAST``, which PostgreSQL cannot serve from a plain
    b-tree index in descending order. The dated rows are counted only when ``offset`` passes them all.
    """
    dated = query.where(date_col.is_not(None)).order_by(date_col.desc(), id_col.desc())
    undated = query.where(date_col.is_(None)).order_by(id_col.desc())
    out = list(session.scalars(_slice(dated, offset, limit)))
    if limit is not None and len(out) >= limit:
        return list(dict.fromkeys(out))  # an event two resolved ids act in comes twice from the index
    skip = 0
    if offset and not out:
        n_dated = session.scalar(select(func.count()).select_from(dated.order_by(None).subquery())) or 0
        skip = max(0, offset - n_dated)
    out += list(session.scalars(_slice(undated, skip, None if limit is None else limit - len(out))))
    return list(dict.fromkeys(out))


def _slice(query: Select, offset: int, limit: int | None) -> Select:
    if offset:
        query = query.offset(offset)
    return query.limit(limit) if limit is not None else query


def _count(session: Session, query: Select, id_col) -> int:
    distinct = query.with_only_columns(id_col).distinct().order_by(None).subquery()
    return session.scalar(select(func.count()).select_from(distinct)) or 0


_PLACE = aliased(EntityRow, name="place")
_PARTY = aliased(EntityRow, name="party")
_ENTITY_COLUMNS = ("id", "name", "type", "role", "country", "lat", "lon", "kb_id")
_DOCUMENT_COLUMNS = (
    DocumentRow.key,
    DocumentRow.title,
    DocumentRow.source,
    DocumentRow.url,
    DocumentRow.published,
    DocumentRow.near_duplicate_of,
)


def _load_events(session: Session, ids: list[int], merged: dict[str, str]) -> Page[Event]:
    """Events for row ids, in that order: the rows, their participants, quantities, reviews, grades."""
    if not ids:
        return Page([])
    # Plain rows, not ORM objects: nothing here is written back, and building mapped instances (with
    # their identity map) was a third of the time of a page.
    query = (
        select(
            *EventRow.__table__.c,
            *(c.label(f"doc_{c.key}") for c in _DOCUMENT_COLUMNS),
            *(getattr(_PLACE, c).label(f"place_{c}") for c in _ENTITY_COLUMNS),
        )
        .join(DocumentRow, DocumentRow.id == EventRow.document_id)
        .outerjoin(_PLACE, _PLACE.id == EventRow.location)
        .where(EventRow.id.in_(ids))
    )
    rows = {r.id: r for r in session.connection().execute(query)}
    entities: dict[str, Entity] = {}
    parties: dict[tuple[int, str], list[str]] = defaultdict(list)
    participants = (
        select(
            EventParticipant.event_id,
            EventParticipant.role,
            EventParticipant.entity_id,
            *(getattr(_PARTY, c) for c in _ENTITY_COLUMNS),
        )
        .outerjoin(_PARTY, _PARTY.id == EventParticipant.entity_id)
        .where(EventParticipant.event_id.in_(ids))
        .order_by(EventParticipant.event_id, EventParticipant.role, EventParticipant.position)
    )
    for event_id, role, entity_id, *entity in session.connection().execute(participants):
        parties[(event_id, role)].append(entity_id)
        if entity[0] is not None and entity_id not in entities:
            entities[entity_id] = _entity(entity)
    quantities = _event_quantities(session, ids, [r.main_quantity_id for r in rows.values()])
    copies = _copy_keys(session, {r.doc_near_duplicate_of for r in rows.values()})
    grades = _grades(session, {r.doc_source for r in rows.values()})
    states = reviews.states(session, "event", [r.fact_key for r in rows.values()])
    out = []
    for i in ids:
        row = rows.get(i)
        if row is None:
            continue
        if row.place_id is not None and row.place_id not in entities:
            entities[row.place_id] = _entity([getattr(row, f"place_{c}") for c in _ENTITY_COLUMNS])
        source = row.doc_source
        e = Event(
            id=row.fact_id,
            type=row.type,
            evidence=evidence_of(row),
            trigger=row.trigger,
            mode=row.mode,
            context=list(row.context or []),
            actors=parties[(i, "actor")],
            recipients=parties[(i, "recipient")],
            actor_texts=list(row.actor_texts or []),
            recipient_texts=list(row.recipient_texts or []),
            location=row.location,
            items=parties[(i, "item")],
            item_texts=list(row.item_texts or []),
            quantity=quantities.main.get(row.main_quantity_id),
            quantities=quantities.linked.get(i, []),
            time=time_of(row),
            modality=row.modality,
            statement=row.statement_fact_id,
            actor_kinds=list(row.actor_kinds or []),
            recipient_kinds=list(row.recipient_kinds or []),
            acled_event_type=row.acled_event_type,
            acled_sub_event_type=row.acled_sub_event_type,
            acled_actors=dict(row.acled_actors or {}),
            relevance=row.relevance,
            stored=Stored(
                row.fact_key,
                row.doc_key,
                row.doc_title,
                source,
                row.doc_url,
                row.doc_published,
                row.date_start,
                row.date_end,
                grades.get(_norm(source)),
                copies.get(row.doc_near_duplicate_of),
                states.get(row.fact_key),
                "text" if row.time_text is not None else "article",
            ),
        )
        out.append(e)
    page = Page(out, entities)
    _apply_merges(session, page, merged)
    for e in page.items:
        if e.stored and e.stored.review and e.stored.review.changes:
            _edit_event(session, e, e.stored.review.changes, page)
    return page


@dataclass
class _Quantities:
    main: dict[int, Quantity]
    linked: dict[int, list[Quantity]]


def _event_quantities(session: Session, ids: list[int], main_ids: list[int | None]) -> _Quantities:
    links = list(
        session.execute(
            select(EventQuantity.event_id, QuantityRow)
            .join(QuantityRow, QuantityRow.id == EventQuantity.quantity_id)
            .where(EventQuantity.event_id.in_(ids))
            .order_by(EventQuantity.event_id, EventQuantity.position)
        )
    )
    rows = {q.id: q for _, q in links}
    missing = [i for i in main_ids if i and i not in rows]
    if missing:
        rows.update(
            {q.id: q for q in session.scalars(select(QuantityRow).where(QuantityRow.id.in_(missing)))}
        )
    linked: dict[int, list[Quantity]] = defaultdict(list)
    for event_id, q in links:
        linked[event_id].append(quantity_of(q))
    return _Quantities({i: quantity_of(rows[i]) for i in main_ids if i}, linked)


def _copy_keys(session: Session, document_ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in document_ids if i]
    if not wanted:
        return {}
    return dict(
        session.execute(select(DocumentRow.id, DocumentRow.key).where(DocumentRow.id.in_(wanted))).all()
    )


def _grades(session: Session, outlets: set[str | None]) -> dict[str, str]:
    """The Admiralty grades analysts gave these outlets ("B2"), by casefolded name."""
    wanted = [_norm(o) for o in outlets if o]
    if not wanted:
        return {}
    query = select(SourceGrade.name_key, SourceGrade.reliability, SourceGrade.credibility).where(
        SourceGrade.kind == "source", SourceGrade.name_key.in_(wanted)
    )
    return {key: f"{r}{c}" for key, r, c in session.execute(query)}


def _norm(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def _entity(values: Sequence[Any]) -> Entity:
    row = dict(zip(_ENTITY_COLUMNS, values, strict=True))
    return Entity(
        id=row["id"],
        name=row["name"],
        type=row["type"],
        role=row["role"],
        country=row["country"],
        lat=row["lat"],
        lon=row["lon"],
        kb_id=row["kb_id"],
    )


def _apply_merges(session: Session, page: Page, merged: dict[str, str]) -> None:
    """Ids of merged entities replaced by the entity they were merged into, each named once."""
    if not merged:
        return
    targets = {merged[i] for i in page.entities if i in merged}
    facts_ids = {i for f in page.items for i in _entity_ids(f)}
    targets |= {merged[i] for i in facts_ids if i in merged}
    missing = [t for t in targets if t not in page.entities]
    if missing:
        cols = [getattr(EntityRow, c) for c in _ENTITY_COLUMNS]
        for values in session.execute(select(*cols).where(EntityRow.id.in_(missing))):
            page.entities[values[0]] = _entity(values)
    for f in page.items:
        if isinstance(f, Event):
            f.actors = _merged_ids(f.actors, merged)
            f.recipients = _merged_ids(f.recipients, merged)
            f.items = _merged_ids(f.items, merged)
            f.location = merged.get(f.location, f.location) if f.location else None
        elif isinstance(f, Statement):
            f.speaker = merged.get(f.speaker, f.speaker) if f.speaker else None
        elif isinstance(f, Forecast):
            f.by = merged.get(f.by, f.by) if f.by else None


def _entity_ids(f: Any) -> list[str]:
    if isinstance(f, Event):
        return [*f.actors, *f.recipients, *f.items, *([f.location] if f.location else [])]
    if isinstance(f, Statement):
        return [f.speaker] if f.speaker else []
    return [f.by] if isinstance(f, Forecast) and f.by else []


def _merged_ids(ids: list[str], merged: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(merged.get(i, i) for i in ids))


# -- analysts' edits ----------------------------------------------------------------------------------------


def _named(session: Session, names: list[str], page: Page) -> list[str]:
    """Entity ids for names an analyst typed (those that name a stored entity), loaded into the page."""
    ids = []
    for name in names:
        found = resolve(session, name)
        if found:
            ids.append(found[0])
    missing = [i for i in ids if i not in page.entities]
    if missing:
        cols = [getattr(EntityRow, c) for c in _ENTITY_COLUMNS]
        for values in session.execute(select(*cols).where(EntityRow.id.in_(missing))):
            page.entities[values[0]] = _entity(values)
    return list(dict.fromkeys(ids))


def _edit_event(session: Session, e: Event, changes: dict[str, Any], page: Page) -> None:
    for name, value in changes.items():
        if name in ("type", "mode", "modality"):
            setattr(e, name, value)
        elif name in ("actors", "recipients"):
            names = list(value or [])
            setattr(e, f"{name[:-1]}_texts", names)
            setattr(e, name, _named(session, names, page))
            setattr(e, f"{name[:-1]}_kinds", [])
            # ACLED's actor column becomes the analyst's names; its inter code is no longer known
            column = "1" if name == "actors" else "2"
            if e.acled_actors:
                e.acled_actors = {**e.acled_actors, f"actor{column}": "; ".join(names), f"inter{column}": 0}
        elif name == "location":
            ids = _named(session, [value], page) if value else []
            e.location = ids[0] if ids else value
        elif name in ("date_start", "date_end"):
            day = date.fromisoformat(value) if value else None
            _edit_dates(e, name, day)
        elif name == "quantity":
            base = e.quantity or Quantity(text=str(value), start=e.evidence.start, end=e.evidence.start)
            e.quantity = replace(base, value=value, min=None, max=None, qualifier=None)


def _edit_dates(fact: Event | Statement, name: str, day: date | None) -> None:
    """A corrected date moves the fact's time and its stored interval alike; the analyst dated it."""
    time = fact.time or TimeExpression("", fact.evidence.start, fact.evidence.start, "DATE", "")
    stored = fact.stored
    if name == "date_start":
        time = replace(time, start=day, end=time.end if time.end and day and time.end >= day else day)
    else:
        time = replace(time, end=day, start=time.start or day)
    time.value = _value(time.start, time.end)
    fact.time = time
    if stored:
        stored.date_start, stored.date_end, stored.dated_by = time.start, time.end, "analyst"


def _value(start: date | None, end: date | None) -> str:
    if start and end and start != end:
        return f"{start.isoformat()}/{end.isoformat()}"
    return (start or end).isoformat() if (start or end) else ""


def _edit_statement(session: Session, s: Statement, changes: dict[str, Any], page: Page) -> None:
    for name, value in changes.items():
        if name in ("act", "content", "modality"):
            setattr(s, name, value)
        elif name == "speaker":
            ids = _named(session, [value], page) if value else []
            s.speaker, s.speaker_text = (ids[0] if ids else None), value or ""
        elif name == "date_start":
            _edit_dates(s, "date_start", date.fromisoformat(value) if value else None)


def _edit_forecast(session: Session, f: Forecast, changes: dict[str, Any], page: Page) -> None:
    for name, value in changes.items():
        if name in ("claim", "modality"):
            setattr(f, name, value)
        elif name == "by":
            ids = _named(session, [value], page) if value else []
            f.by = ids[0] if ids else value
        elif name in ("window_start", "window_end"):
            setattr(f, name, date.fromisoformat(value) if value else None)


# -- statements and forecasts --------------------------------------------------------------------------------


def statements(
    session: Session,
    *,
    speaker: str | None = None,
    since: date | None = None,
    until: date | None = None,
    keys: Sequence[str] | None = None,
    document: str | Sequence[str] | None = None,
    limit: int | None = 100,
    offset: int = 0,
    include_rejected: bool = False,
    count: bool = False,
) -> Page[Statement]:
    """Statements, newest first (undated last)."""
    merged = reviews.merges(session)
    query = select(StatementRow.id)
    if speaker:
        # A name that resolves filters on the linked speaker (index on speaker and date); only a name
        # no entity carries is matched against the speaker's words, which no index serves.
        ids = resolve(session, speaker, merged)
        if ids:
            query = query.where(StatementRow.speaker.in_(ids))
        else:
            query = query.where(func.lower(StatementRow.speaker_text) == speaker.strip().casefold())
    if since:
        query = query.where(StatementRow.date_start >= since)
    if until:
        query = query.where(StatementRow.date_start <= until)
    query = _common_filters(query, StatementRow, "statement", keys, document, include_rejected, session)
    ids = _newest(session, query, StatementRow.date_start, StatementRow.id, limit, offset)
    page = _load(session, StatementRow, ids, merged, _statement, "statement", _edit_statement)
    page.offset, page.limit = offset, limit
    if count:
        page.total = _count(session, query, StatementRow.id)
    return page


def forecasts(
    session: Session,
    *,
    status: str | None = None,
    by: str | None = None,
    today: date | None = None,
    keys: Sequence[str] | None = None,
    document: str | Sequence[str] | None = None,
    limit: int | None = 100,
    offset: int = 0,
    include_rejected: bool = False,
    count: bool = False,
) -> Page[Forecast]:
    """Forecasts, newest first. ``status``: open (the window has not ended on ``today``) or due."""
    today = today or date.today()
    merged = reviews.merges(session)
    query = select(ForecastRow.id)
    if status == "open":
        query = query.where(or_(ForecastRow.window_end.is_(None), ForecastRow.window_end >= today))
    elif status == "due":
        query = query.where(ForecastRow.window_end < today)
    if by:
        query = query.where(ForecastRow.forecaster.in_(resolve(session, by, merged)))
    query = _common_filters(query, ForecastRow, "forecast", keys, document, include_rejected, session)
    ids = _newest(session, query, ForecastRow.made, ForecastRow.id, limit, offset)
    page = _load(session, ForecastRow, ids, merged, _forecast, "forecast", _edit_forecast)
    page.offset, page.limit = offset, limit
    if count:
        page.total = _count(session, query, ForecastRow.id)
    return page


def forecast_status(f: Forecast, today: date) -> str:
    """open: its window has not ended on ``today`` (or has no end); due: time to check what happened."""
    return "due" if f.window_end and f.window_end < today else "open"


def _keys_of(document: str | Sequence[str]) -> list[str]:
    return [document] if isinstance(document, str) else list(document)


def _common_filters(query: Select, table, kind: str, keys, document, include_rejected, session) -> Select:
    if keys is not None:
        query = query.where(table.fact_key.in_(list(keys)))
    if document:
        docs = select(DocumentRow.id).where(DocumentRow.key.in_(_keys_of(document)))
        query = query.where(table.document_id.in_(docs))
    if not include_rejected and reviews.any_rejected(session, kind):
        query = query.where(table.fact_key.not_in(reviews.rejected_keys(kind)))
    return query


def _load(session, table, ids, merged, build: Callable, kind: str, edit: Callable) -> Page:
    """Statements or forecasts for row ids, in that order, with their speakers, reviews and grades."""
    if not ids:
        return Page([])
    rows = {
        r[0].id: r
        for r in session.execute(
            select(table, *_DOCUMENT_COLUMNS)
            .join(DocumentRow, DocumentRow.id == table.document_id)
            .where(table.id.in_(ids))
        )
    }
    who = StatementRow.speaker if table is StatementRow else ForecastRow.forecaster
    people = {getattr(r[0], who.key) for r in rows.values()} - {None}
    entities = _entities_by_id(session, people)
    copies = _copy_keys(session, {r.near_duplicate_of for r in rows.values()})
    grades = _grades(session, {r.source for r in rows.values()})
    states = reviews.states(session, kind, [r[0].fact_key for r in rows.values()])
    items = []
    for i in ids:
        if i not in rows:
            continue
        row, key, title, source, url, published, copy_of = rows[i]
        if table is StatementRow:
            start, end = row.date_start, row.date_end
            dated_by = "text" if row.time_text is not None else "article"
        else:
            start = end = row.made
            dated_by = "article" if row.made == published else "text"
        stored = Stored(
            row.fact_key,
            key,
            title,
            source,
            url,
            published,
            start,
            end,
            grades.get(_norm(source)),
            copies.get(copy_of),
            states.get(row.fact_key),
            dated_by,
        )
        items.append(build(row, stored))
    page = Page(items, entities)
    _apply_merges(session, page, merged)
    for f in page.items:
        if f.stored.review and f.stored.review.changes:
            edit(session, f, f.stored.review.changes, page)
    return page


def _statement(s: StatementRow, stored: Stored) -> Statement:
    return Statement(
        id=s.fact_id,
        speaker=s.speaker,
        speaker_text=s.speaker_text,
        act=s.act,
        content=s.content,
        evidence=evidence_of(s),
        role=s.role,
        time=time_of(s),
        venue=s.venue,
        content_start=s.content_start,
        content_end=s.content_end,
        modality=s.modality,
        stored=stored,
    )


def _forecast(f: ForecastRow, stored: Stored) -> Forecast:
    return Forecast(
        id=f.fact_id,
        claim=f.claim,
        evidence=evidence_of(f),
        by=f.forecaster,
        statement=f.statement_fact_id,
        event=f.event_fact_id,
        window_start=f.window_start,
        window_end=f.window_end,
        made=f.made,
        modality=f.modality,
        by_text=f.by_text,
        window_note=f.window_note,
        stored=stored,
    )


def _entities_by_id(session: Session, ids: set[str]) -> dict[str, Entity]:
    if not ids:
        return {}
    cols = [getattr(EntityRow, c) for c in _ENTITY_COLUMNS]
    return {v[0]: _entity(v) for v in session.execute(select(*cols).where(EntityRow.id.in_(list(ids))))}


# -- the rows' parts, shared with the per-document loader -----------------------------------------------------


def evidence_of(row) -> Evidence:
    return Evidence(row.evidence_start, row.evidence_end, row.sentence, row.sentence_start)


def time_of(row) -> TimeExpression | None:
    """A fact's own time as stored; None when the text gave it none (it is dated by its article)."""
    if row.time_text is None:
        return None
    return TimeExpression(row.time_text, 0, 0, "DATE", row.time_value or "", row.time_start, row.time_end)


def quantity_of(q: QuantityRow) -> Quantity:
    return Quantity(
        q.text, q.span_start, q.span_end, q.value, q.min_value, q.max_value, q.qualifier, q.unit, q.item
    )


# -- entities ---------------------------------------------------------------------------------------------------


def entities(
    session: Session,
    *,
    type: str | None = None,
    name: str | None = None,
    limit: int | None = 100,
    offset: int = 0,
    count: bool = False,
) -> Page[Entity]:
    """Entities with how many documents name them, the most named first; merged ones say into what."""
    docs = (
        select(DocumentEntity.entity_id, func.count().label("n"))
        .group_by(DocumentEntity.entity_id)
        .subquery()
    )
    query = select(EntityRow, func.coalesce(docs.c.n, 0)).outerjoin(docs, docs.c.entity_id == EntityRow.id)
    if type:
        query = query.where(EntityRow.type == type.upper())
    if name:
        query = query.where(EntityRow.name_norm.contains(name.casefold(), autoescape=True))
    total = session.scalar(select(func.count()).select_from(query.subquery())) if count else None
    query = query.order_by(func.coalesce(docs.c.n, 0).desc(), EntityRow.name).offset(offset)
    rows = list(session.execute(query.limit(limit) if limit else query))
    found = [_stored_entity(session, row, n) for row, n in rows]
    _with_merges_and_mentions(session, found)
    return Page(found, {e.id: e for e in found}, total, offset, limit)


def entity(session: Session, entity_id: str) -> Entity | None:
    """One stored entity with its counts, aliases and merges."""
    row = session.get(EntityRow, entity_id)
    if row is None:
        return None
    n = session.scalar(select(func.count()).where(DocumentEntity.entity_id == entity_id)) or 0
    found = _stored_entity(session, row, n)
    _with_merges_and_mentions(session, [found])
    return found


def _stored_entity(session: Session, row: EntityRow, documents: int) -> Entity:
    return Entity(
        id=row.id,
        name=row.name,
        type=row.type,
        role=row.role,
        country=row.country,
        lat=row.lat,
        lon=row.lon,
        kb_id=row.kb_id,
        attributes=dict(row.attributes or {}),
        stored=EntityStats(documents=documents),
    )


def _with_merges_and_mentions(session: Session, found: list[Entity]) -> None:
    ids = [e.id for e in found]
    if not ids:
        return
    aliases: dict[str, list[str]] = defaultdict(list)
    for a in session.scalars(select(EntityAlias).where(EntityAlias.entity_id.in_(ids))):
        aliases[a.entity_id].append(a.alias)
    mentions = dict(
        session.execute(
            select(MentionRow.entity_id, func.count())
            .where(MentionRow.entity_id.in_(ids))
            .group_by(MentionRow.entity_id)
        ).all()
    )
    merged = reviews.merges(session)
    for e in found:
        e.aliases = sorted(a for a in aliases.get(e.id, []) if a != e.name)
        assert e.stored is not None
        e.stored.mentions = mentions.get(e.id, 0)
        e.stored.merged_into = merged.get(e.id)
        e.stored.merged_from = sorted(s for s, t in merged.items() if t == e.id)


def place_mentions(session: Session, documents: Sequence[str]) -> dict[str, list[tuple[int, Entity]]]:
    """Where each of these documents names a place (with coordinates), by offset, merges applied:
    for the analysis across reports, which places an event's sentence names when the event has none."""
    merged = reviews.merges(session)
    out: dict[str, list[tuple[int, Entity]]] = defaultdict(list)
    cols = [getattr(EntityRow, c) for c in _ENTITY_COLUMNS]
    for n in range(0, len(documents), _CHUNK):
        rows = session.execute(
            select(DocumentRow.key, MentionRow.span_start, *cols)
            .join(MentionRow, MentionRow.document_id == DocumentRow.id)
            .join(EntityRow, EntityRow.id == MentionRow.entity_id)
            .where(DocumentRow.key.in_(list(documents[n : n + _CHUNK])), EntityRow.lat.is_not(None))
        )
        for key, at, *entity in rows:
            found = _entity(entity)
            if found.id in merged:
                target = _entities_by_id(session, {merged[found.id]}).get(merged[found.id])
                found = target if target is not None and target.lat is not None else found
            out[key].append((at, found))
    return dict(out)


# -- timeline ---------------------------------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    """An event or a statement on the timeline: its interval, what it was, one line, the fact itself."""

    date_start: date | None
    date_end: date | None
    kind: str  # event | statement
    label: str  # event type or speech act
    summary: str
    fact: Event | Statement
    actors: list[str] = field(default_factory=list)  # names: the event's actors, the statement's speaker

    @property
    def key(self) -> str:
        return self.fact.stored.key if self.fact.stored else self.fact.id

    def to_dict(self) -> dict[str, Any]:
        stored = self.fact.stored.to_dict() if self.fact.stored else {}
        return {
            "kind": self.kind,
            "key": self.key,
            "label": self.label,
            "date_start": _iso(self.date_start),
            "date_end": _iso(self.date_end),
            "modality": self.fact.modality,
            "actors": list(self.actors),
            "summary": self.summary,
            "source": stored.get("source"),
            "review": stored.get("review"),
        }


def timeline(
    session: Session,
    *,
    actor: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 200,
    include_rejected: bool = False,
) -> list[TimelineEntry]:
    """Events and statements in date order: the latest ``limit`` of them, oldest first, undated last."""
    found = events(
        session,
        EventFilter(actor=actor, since=since, until=until),
        limit=limit,
        include_rejected=include_rejected,
    )
    if actor and not found.items and not resolve(session, actor):
        return []
    said = statements(
        session, speaker=actor, since=since, until=until, limit=limit, include_rejected=include_rejected
    )
    entries = [
        TimelineEntry(
            e.stored.date_start,
            e.stored.date_end or e.stored.date_start,
            "event",
            e.type,
            e.summary(found),
            e,
        )
        for e in found.items
        if e.stored
    ] + [
        TimelineEntry(s.stored.date_start, s.stored.date_start, "statement", s.act, s.summary(said), s)
        for s in said.items
        if s.stored
    ]
    # Newest first to cut at the limit, then oldest first to read.
    entries.sort(
        key=lambda t: (t.date_start is not None, t.date_start or date.min, t.kind, t.key), reverse=True
    )
    return sorted(
        entries[:limit], key=lambda t: (t.date_start is None, t.date_start or date.min, t.kind, t.key)
    )


# -- search -------------------------------------------------------------------------------------------------------


@dataclass
class SearchHit:
    kind: str  # document | event | statement | forecast
    ref: str  # the document's or the fact's key
    snippet: str
    document: str
    title: str | None
    source: str | None
    url: str | None
    published: date | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "ref": self.ref,
            "snippet": self.snippet,
            "source": {
                "document": self.document,
                "title": self.title,
                "source": self.source,
                "url": self.url,
                "published": _iso(self.published),
            },
        }


def search(session: Session, text: str, *, limit: int = 50, offset: int = 0) -> list[SearchHit]:
    """Full text over articles and facts (SQLite FTS5 or PostgreSQL ``tsvector``), best match first.

    Rejected facts are not found.
    """
    # Control characters are no words; FTS5 refuses a NUL even inside a quoted string.
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    if not text.strip():
        return []
    sqlite = session.get_bind().dialect.name == "sqlite"
    query = (_search_sqlite if sqlite else _search_postgres)(text)
    for kind in reviews.KINDS:
        if reviews.any_rejected(session, kind):
            query = query.where(
                or_(SearchRow.kind != kind, SearchRow.ref.not_in(reviews.rejected_keys(kind)))
            )
    rows = session.execute(query.offset(offset).limit(limit)).all()
    return [
        SearchHit(
            r.kind, r.ref, " ".join((r.snippet or "").split()), r.key, r.title, r.source, r.url, r.published
        )
        for r in rows
    ]


def _search_sqlite(text: str) -> Select:
    from sqlalchemy import literal_column
    from sqlalchemy import text as sql

    # Every word becomes a quoted FTS5 string: user input is matched, never parsed as query syntax.
    match = " ".join('"' + word.replace('"', '""') + '"' for word in text.split())
    fts = sql(
        "SELECT rowid, rank, snippet(search_fts, 1, '[', ']', '…', 16) AS snippet "
        "FROM search_fts WHERE search_fts MATCH :match"
    ).bindparams(match=match)
    hits = fts.columns(literal_column("rowid"), literal_column("rank"), literal_column("snippet")).subquery()
    return (
        select(SearchRow.kind, SearchRow.ref, hits.c.snippet, *_DOCUMENT_COLUMNS[:5])
        .join(hits, hits.c.rowid == SearchRow.id)
        .join(DocumentRow, DocumentRow.id == SearchRow.document_id)
        .order_by(hits.c.rank, SearchRow.id)
    )


def _search_postgres(text: str) -> Select:
    from sqlalchemy import literal_column

    tsq = func.websearch_to_tsquery("english", text)
    tsv = literal_column("search_rows.tsv")
    snippet = func.ts_headline("english", SearchRow.body, tsq, "StartSel=[,StopSel=],MaxWords=16,MinWords=8")
    return (
        select(SearchRow.kind, SearchRow.ref, snippet.label("snippet"), *_DOCUMENT_COLUMNS[:5])
        .join(DocumentRow, DocumentRow.id == SearchRow.document_id)
        .where(tsv.op("@@")(tsq))
        .order_by(func.ts_rank(tsv, tsq).desc(), SearchRow.ref)
    )


# -- documents ------------------------------------------------------------------------------------------------


def document(session: Session, key: str, *, include_rejected: bool = False) -> Document | None:
    """A stored document as the pipeline produced it, its facts carrying key and review, decisions applied."""
    row = session.scalar(select(DocumentRow).where(DocumentRow.key == key))
    if row is None:
        return None
    doc = load_document(session, row)
    by_offset = lambda f: (f.evidence.start, f.id)  # noqa: E731 - the document's own order
    flt = EventFilter(document=key)
    found = events(session, flt, limit=None, include_rejected=include_rejected)
    said = statements(session, document=key, limit=None, include_rejected=include_rejected)
    foreseen = forecasts(session, document=key, limit=None, include_rejected=include_rejected)
    doc.events = sorted(found.items, key=by_offset)
    doc.statements = sorted(said.items, key=by_offset)
    doc.forecasts = sorted(foreseen.items, key=by_offset)
    known = {e.id for e in doc.entities}
    for page in (found, said, foreseen):
        doc.entities += [e for i, e in page.entities.items() if i not in known and not known.add(i)]
    return doc


def iter_documents(
    session: Session, *, chunk: int = 200, include_rejected: bool = False
) -> Iterator[Document]:
    """Every stored document in storage order, read in chunks (exports of large stores)."""
    last = 0
    while True:
        rows = list(
            session.execute(
                select(DocumentRow.id, DocumentRow.key)
                .where(DocumentRow.id > last)
                .order_by(DocumentRow.id)
                .limit(chunk)
            )
        )
        if not rows:
            return
        for _, key in rows:
            doc = document(session, key, include_rejected=include_rejected)
            if doc is not None:
                yield doc
        last = rows[-1][0]


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# -- aggregates for charts: counts and places over every matching fact, decisions applied ----------------


@dataclass
class DayCount:
    """How many facts of one kind an entity (an event's actor, a statement's speaker) has on one day."""

    kind: str  # event | statement
    entity: str | None  # merged entity id; None: no linked actor or speaker
    day: date | None
    count: int


def day_counts(
    session: Session,
    *,
    actor: str | None = None,
    since: date | None = None,
    until: date | None = None,
    include_rejected: bool = False,
) -> list[DayCount]:
    """Events per (first actor, day) and statements per (speaker, day) over every matching fact: what a
    timeline needs to choose its range and lanes without reading the facts themselves."""
    merged = reviews.merges(session)
    out: Counter = Counter()
    built = _event_query(
        session, EventFilter(actor=actor, since=since, until=until), merged, include_rejected
    )
    if built is not None:
        ids = built[0].subquery()
        first_actor = (
            (EventParticipant.event_id == EventRow.id)
            & (EventParticipant.role == "actor")
            & (EventParticipant.position == 0)
        )
        rows = session.execute(
            select(EventParticipant.entity_id, EventRow.date_start, func.count())
            .select_from(EventRow)
            .outerjoin(EventParticipant, first_actor)
            .where(EventRow.id.in_(select(ids.c[0])))
            .group_by(EventParticipant.entity_id, EventRow.date_start)
        )
        for entity, day, n in rows:
            out[("event", merged.get(entity, entity), day)] += n
    query = select(StatementRow.speaker, StatementRow.date_start, func.count()).group_by(
        StatementRow.speaker, StatementRow.date_start
    )
    if actor:
        ids_ = resolve(session, actor, merged)
        query = query.where(StatementRow.speaker.in_(ids_))
    if since:
        query = query.where(StatementRow.date_start >= since)
    if until:
        query = query.where(StatementRow.date_start <= until)
    if not include_rejected and reviews.any_rejected(session, "statement"):
        query = query.where(StatementRow.fact_key.not_in(reviews.rejected_keys("statement")))
    for entity, day, n in session.execute(query):
        out[("statement", merged.get(entity, entity), day)] += n
    return [DayCount(kind, entity, day, n) for (kind, entity, day), n in out.items()]


@dataclass
class Pair:
    """Events of one PLOVER type from an actor to a recipient (merged entity ids), and how many."""

    actor: str
    recipient: str
    type: str
    count: int


def actor_pairs(
    session: Session, flt: EventFilter | None = None, *, include_rejected: bool = False
) -> tuple[list[Pair], dict[str, Entity]]:
    """Who acts on whom over every matching event, counted in the database; with the entities named."""
    merged = reviews.merges(session)
    built = _event_query(session, flt or EventFilter(), merged, include_rejected)
    if built is None:
        return [], {}
    ids = built[0].subquery()
    actor, recipient = aliased(EventParticipant), aliased(EventParticipant)
    rows = session.execute(
        select(actor.entity_id, recipient.entity_id, EventRow.type, func.count(func.distinct(EventRow.id)))
        .select_from(EventRow)
        .join(actor, (actor.event_id == EventRow.id) & (actor.role == "actor"))
        .join(recipient, (recipient.event_id == EventRow.id) & (recipient.role == "recipient"))
        .where(EventRow.id.in_(select(ids.c[0])))
        .group_by(actor.entity_id, recipient.entity_id, EventRow.type)
    )
    counted: Counter = Counter()
    for a, r, kind, n in rows:
        a, r = merged.get(a, a), merged.get(r, r)
        if a != r:
            counted[(a, r, kind)] += n
    entities = _entities_by_id(session, {i for a, r, _ in counted for i in (a, r)})
    return [Pair(a, r, t, n) for (a, r, t), n in counted.items()], entities


@dataclass
class Located:
    """An event with a place: enough to draw and link a marker, not the whole fact."""

    key: str
    document: str
    type: str
    modality: str
    date_start: date | None
    place: Entity


def located(
    session: Session, flt: EventFilter | None = None, *, include_rejected: bool = False
) -> list[Located]:
    """Every matching event whose place is a stored entity (coordinates or a country), merges applied."""
    merged = reviews.merges(session)
    built = _event_query(session, flt or EventFilter(), merged, include_rejected)
    if built is None:
        return []
    ids = built[0].subquery()
    rows = list(
        session.execute(
            select(
                EventRow.fact_key,
                DocumentRow.key,
                EventRow.type,
                EventRow.modality,
                EventRow.date_start,
                EventRow.location,
            )
            .join(DocumentRow, DocumentRow.id == EventRow.document_id)
            .where(EventRow.id.in_(select(ids.c[0])), EventRow.location.is_not(None))
        )
    )
    places = _entities_by_id(session, {merged.get(r.location, r.location) for r in rows})
    out = []
    for key, doc, kind, modality, day, where in rows:
        place = places.get(merged.get(where, where))
        if place is not None:
            out.append(Located(key, doc, kind, modality, day, place))
    return out


def entities_by_id(session: Session, ids: set[str]) -> dict[str, Entity]:
    """Stored entities by id (their names, types, countries and coordinates), for labels of aggregates."""
    return _entities_by_id(session, set(ids))
