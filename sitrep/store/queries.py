"""The questions analysts ask the store. The CLI and the API are thin faces over these functions.

Names resolve through entity names and aliases (``--actor Russia`` finds ``country:RUS``), and every
answer carries its evidence: the sentence, the document and where it came from. Queries return the
newest matches first, ``limit`` of them, so they stay fast on millions of facts.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, Text, func, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from .tables import (
    DocumentEntity,
    DocumentRow,
    EntityAlias,
    EntityRow,
    EventParticipant,
    EventRow,
    ForecastRow,
    MentionRow,
    SearchRow,
    StatementRow,
)

EARTH_KM = 6371.0


@dataclass
class Source:
    document: str
    title: str | None
    source: str | None
    url: str | None
    published: date | None


@dataclass
class EventRecord:
    key: str
    date_start: date | None
    date_end: date | None
    type: str
    mode: str | None
    actors: list[str]
    recipients: list[str]
    location: str | None
    latitude: float | None
    longitude: float | None
    country: str | None  # ISO 3166-1 alpha-3 of the location
    modality: str
    trigger: str
    sentence: str
    source: Source
    actor_ids: list[str] = field(default_factory=list)
    recipient_ids: list[str] = field(default_factory=list)
    acled_event_type: str | None = None  # None: ACLED would not code it
    acled_sub_event_type: str | None = None
    acled_actors: dict[str, Any] = field(default_factory=dict)  # actor1, inter1, actor2, inter2

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass
class StatementRecord:
    key: str
    date_start: date | None
    speaker: str
    speaker_id: str | None
    role: str | None
    act: str
    content: str
    modality: str
    venue: str | None
    sentence: str
    source: Source

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass
class ForecastRecord:
    key: str
    made: date | None
    window_start: date | None
    window_end: date | None
    by: str | None
    claim: str
    modality: str
    status: str  # open | due (the window has passed: time to check what happened)
    sentence: str
    source: Source

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass
class EntityRecord:
    id: str
    name: str
    type: str
    country: str | None
    latitude: float | None
    longitude: float | None
    aliases: list[str]
    documents: int
    mentions: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TimelineEntry:
    date: date | None
    kind: str  # event | statement
    label: str  # event type or speech act
    summary: str
    key: str
    source: Source

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass
class SearchHit:
    kind: str  # document | event | statement | forecast
    ref: str
    snippet: str
    source: Source

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


# -- names and places -------------------------------------------------------------------------------------


def resolve(session: Session, name: str) -> list[str]:
    """Entity ids a user's name stands for: an id, a name or an alias, case-insensitive."""
    norm = name.strip().casefold()
    by_name = select(EntityRow.id).where(or_(EntityRow.id == name.strip(), EntityRow.name_norm == norm))
    by_alias = select(EntityAlias.entity_id).where(EntityAlias.alias_norm == norm)
    return sorted(set(session.scalars(by_name)) | set(session.scalars(by_alias)))


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


# -- events -----------------------------------------------------------------------------------------------------


@dataclass
class EventFilter:
    actor: str | None = None
    recipient: str | None = None
    type: str | None = None
    since: date | None = None
    until: date | None = None
    near: str | None = None
    km: float = 50.0
    acled_type: str | None = None  # an ACLED event type or sub-event type, any case


def event_ids(session: Session, f: EventFilter, limit: int | None = 1000) -> list[int]:
    """Ids of matching events, newest first. Dates compare the start of each event's interval."""
    built = _event_query(session, f)
    if built is None:
        return []
    query, date_col, id_col = built
    return list(dict.fromkeys(_newest(session, query, date_col, id_col, limit)))


def _newest(session: Session, query: Select, date_col, id_col, limit: int | None) -> list:
    """Rows newest first, undated ones last, on both back ends (they sort NULLs differently).

    Two index-ordered queries instead of ``NULLS LAST``, which PostgreSQL cannot serve from a
    plain b-tree index in descending order.
    """
    rows: list = []
    for part in _parts(query, date_col, id_col):
        if limit is not None and len(rows) >= limit:
            break
        take = None if limit is None else limit - len(rows)
        rows += list(session.execute(part.limit(take) if take else part))
    return [r[0] if len(r) == 1 else r for r in rows]


def _parts(query: Select, date_col, id_col) -> tuple[Select, Select]:
    """The dated rows of a query, newest first, then the undated ones."""
    dated = query.where(date_col.is_not(None)).order_by(date_col.desc(), id_col.desc())
    return dated, query.where(date_col.is_(None)).order_by(id_col.desc())


def events(session: Session, f: EventFilter | None = None, limit: int | None = 1000) -> list[EventRecord]:
    """Matching events, newest first, undated last: at most ``limit`` (None: all).

    The page of ids stays inside the database: records are read by joining the ordered, limited id
    query as a subquery (once for the events, once for their participants), so no id list makes a
    round trip through Python and no statement binds hundreds of parameters.
    """
    built = _event_query(session, f or EventFilter())
    if built is None:
        return []
    query, date_col, id_col = built
    out: list[EventRecord] = []
    seen: set[str] = set()
    for part in _parts(query.add_columns(date_col.label("page_date")), date_col, id_col):
        if limit is not None and len(out) >= limit:
            break
        take = None if limit is None else limit - len(out)
        page = (part.limit(take) if take else part).subquery("page")
        order = (page.c.page_date.desc(), page.c[id_col.key].desc())
        batch = _records(session, page.c[id_col.key], order)
        # An event two of the resolved ids act in comes twice from the participants' index: once here.
        out += [r for r in batch if r.key not in seen and not seen.add(r.key)]
    return out


def iter_events(session: Session, chunk: int = 2000) -> Iterator[EventRecord]:
    """Every event in storage order, a chunk at a time (exports of millions of rows)."""
    last = 0
    while True:
        ids = list(
            session.scalars(select(EventRow.id).where(EventRow.id > last).order_by(EventRow.id).limit(chunk))
        )
        if not ids:
            return
        yield from event_records(session, ids)
        last = ids[-1]


def _event_query(session: Session, f: EventFilter) -> tuple[Select, Any, Any] | None:
    # With an actor, filter and sort on the participants' copy of the date: one index range scan.
    party = f.actor or f.recipient
    if party:
        ids = resolve(session, party)
        if not ids:
            return None
        role = "actor" if f.actor else "recipient"
        date_col = EventParticipant.date_start
        query = select(EventParticipant.event_id).where(
            EventParticipant.entity_id.in_(ids), EventParticipant.role == role
        )
        if f.actor and f.recipient or f.type or f.near or f.acled_type:
            query = query.join(EventRow, EventRow.id == EventParticipant.event_id)
        id_col = EventParticipant.event_id
    else:
        date_col, id_col = EventRow.date_start, EventRow.id
        query = select(EventRow.id)
    if f.actor and f.recipient:
        others = resolve(session, f.recipient)
        rec = select(EventParticipant.event_id).where(
            EventParticipant.role == "recipient", EventParticipant.entity_id.in_(others)
        )
        query = query.where(EventRow.id.in_(rec))
    if f.type:
        query = query.where(EventRow.type == f.type.upper())
    if f.acled_type:
        acled = acled_type_names(f.acled_type)
        if acled is None:
            return None
        event_type, sub_event_type = acled
        query = query.where(
            EventRow.acled_sub_event_type == sub_event_type
            if sub_event_type
            else EventRow.acled_event_type == event_type
        )
    if f.since:
        query = query.where(date_col >= f.since)
    if f.until:
        query = query.where(date_col <= f.until)
    if f.near:
        point = place(session, f.near)
        if point is None:
            return None
        query = query.where(EventRow.location.in_(entities_near(session, *point, f.km)))
    return query, date_col, id_col


def acled_type_names(name: str) -> tuple[str, str | None] | None:
    """ACLED's (event type, sub-event type or None) for a name of either in any case; None if unknown."""
    from ..pipeline.acled_rules import acled_rules

    return acled_rules().sub_event_type(name)


_PLACE = aliased(EntityRow, name="place")
_PARTY = aliased(EntityRow, name="party")
# Surface texts come raw and are decoded only for the rare event without linked entities. The place
# is joined in: its name, coordinates and country come with the event, not from a query of their own.
_EVENT_COLUMNS = (
    EventRow.id,
    EventRow.fact_key,
    EventRow.date_start,
    EventRow.date_end,
    EventRow.type,
    EventRow.mode,
    type_coerce(EventRow.actor_texts, Text),
    type_coerce(EventRow.recipient_texts, Text),
    EventRow.location,
    EventRow.modality,
    EventRow.trigger,
    EventRow.sentence,
    DocumentRow.key,
    DocumentRow.title,
    DocumentRow.source,
    DocumentRow.url,
    DocumentRow.published,
    _PLACE.name,
    _PLACE.lat,
    _PLACE.lon,
    _PLACE.country,
    EventRow.acled_event_type,
    EventRow.acled_sub_event_type,
    type_coerce(EventRow.acled_actors, Text),
)


def event_records(session: Session, ids: list[int]) -> list[EventRecord]:
    """Full records for event ids, in the given order (two queries whatever their number)."""
    if not ids:
        return []
    by_id = {r[0]: r for r in _records(session, None, (), ids=ids, keyed=True)}
    return [by_id[i][1] for i in ids if i in by_id]


def _records(session: Session, page, order, *, ids: list[int] | None = None, keyed: bool = False) -> list:
    """Event records for the id column of a page subquery (joined, in ``order``), or for ``ids``.

    Plain tuples, not ORM objects or named rows: records are built well inside a query's time budget
    only without per-object bookkeeping.
    """
    query = (
        select(*_EVENT_COLUMNS)
        .join(DocumentRow, DocumentRow.id == EventRow.document_id)
        .outerjoin(_PLACE, _PLACE.id == EventRow.location)
    )
    parts = (
        select(EventParticipant.event_id, EventParticipant.role, EventParticipant.entity_id, _PARTY.name)
        .outerjoin(_PARTY, _PARTY.id == EventParticipant.entity_id)
        .where(EventParticipant.role != "item")
        .order_by(EventParticipant.event_id, EventParticipant.role, EventParticipant.position)
    )
    if page is None:
        query, parts = query.where(EventRow.id.in_(ids)), parts.where(EventParticipant.event_id.in_(ids))
    else:
        query = query.join(page.table, page == EventRow.id).order_by(*order)
        parts = parts.where(EventParticipant.event_id.in_(select(page)))  # IN: once per event
    roles: dict[tuple[int, str], tuple[list[str], list[str | None]]] = {}
    for event_id, role, entity_id, name in session.execute(parts):
        ids_, names = roles.setdefault((event_id, role), ([], []))
        ids_.append(entity_id)
        names.append(name)
    none: tuple[list[str], list[str | None]] = ([], [])
    out = []
    for (
        event_id,
        key,
        start,
        end,
        type_,
        mode,
        actor_texts,
        recipient_texts,
        location,
        modality,
        trigger,
        sentence,
        doc_key,
        title,
        source,
        url,
        published,
        place,
        lat,
        lon,
        country,
        acled_type,
        acled_sub_type,
        acled_actors,
    ) in session.execute(query):
        actor_ids, actor_names = roles.get((event_id, "actor"), none)
        recipient_ids, recipient_names = roles.get((event_id, "recipient"), none)
        record = EventRecord(
            key,
            start,
            end,
            type_,
            mode,
            _names(actor_ids, actor_names, actor_texts),
            _names(recipient_ids, recipient_names, recipient_texts),
            place if place is not None else location,
            lat,
            lon,
            country,
            modality,
            trigger,
            sentence,
            Source(doc_key, title, source, url, published),
            list(actor_ids),
            list(recipient_ids),
            acled_type,
            acled_sub_type,
            _json(acled_actors) or {},
        )
        out.append((event_id, record) if keyed else record)
    return out


# -- statements, forecasts, entities ------------------------------------------------------------------------


def statements(
    session: Session,
    *,
    speaker: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int | None = 1000,
) -> list[StatementRecord]:
    query = select(*StatementRow.__table__.c, *_source_columns()).join(
        DocumentRow, DocumentRow.id == StatementRow.document_id
    )
    if speaker:
        # A name that resolves filters on the linked speaker (index on speaker and date); only a name
        # no entity carries is matched against the speaker's words, which no index serves.
        ids = resolve(session, speaker)
        if ids:
            query = query.where(StatementRow.speaker.in_(ids))
        else:
            query = query.where(func.lower(StatementRow.speaker_text) == speaker.strip().casefold())
    if since:
        query = query.where(StatementRow.date_start >= since)
    if until:
        query = query.where(StatementRow.date_start <= until)
    rows = _newest(session, query, StatementRow.date_start, StatementRow.id, limit)
    ents = _entities(session, {r.speaker for r in rows})
    return [
        StatementRecord(
            key=s.fact_key,
            date_start=s.date_start,
            speaker=ents[s.speaker].name if s.speaker in ents else s.speaker_text,
            speaker_id=s.speaker,
            role=s.role,
            act=s.act,
            content=s.content,
            modality=s.modality,
            venue=s.venue,
            sentence=s.sentence,
            source=_source(r),
        )
        for r in rows
        for s in [r]
    ]


def forecasts(
    session: Session,
    *,
    open_only: bool = False,
    by: str | None = None,
    today: date | None = None,
    limit: int | None = 1000,
) -> list[ForecastRecord]:
    """Forecasts, newest first. Open: the window has not ended (or has no end) on ``today``."""
    today = today or date.today()
    query = select(*ForecastRow.__table__.c, *_source_columns()).join(
        DocumentRow, DocumentRow.id == ForecastRow.document_id
    )
    if open_only:
        query = query.where(or_(ForecastRow.window_end.is_(None), ForecastRow.window_end >= today))
    if by:
        query = query.where(ForecastRow.forecaster.in_(resolve(session, by)))
    rows = _newest(session, query, ForecastRow.made, ForecastRow.id, limit)
    ents = _entities(session, {r.forecaster for r in rows})
    return [
        ForecastRecord(
            key=f.fact_key,
            made=f.made,
            window_start=f.window_start,
            window_end=f.window_end,
            by=ents[f.forecaster].name if f.forecaster in ents else f.forecaster,
            claim=f.claim,
            modality=f.modality,
            status="due" if f.window_end and f.window_end < today else "open",
            sentence=f.sentence,
            source=_source(r),
        )
        for r in rows
        for f in [r]
    ]


def entities(
    session: Session, *, type: str | None = None, name: str | None = None, limit: int | None = 1000
) -> list[EntityRecord]:
    """Entities with how many documents name them, the most named first."""
    docs = (
        select(DocumentEntity.entity_id, func.count().label("n"))
        .group_by(DocumentEntity.entity_id)
        .subquery()
    )
    ments = select(MentionRow.entity_id, func.count().label("n")).group_by(MentionRow.entity_id).subquery()
    query = (
        select(EntityRow, func.coalesce(docs.c.n, 0), func.coalesce(ments.c.n, 0))
        .outerjoin(docs, docs.c.entity_id == EntityRow.id)
        .outerjoin(ments, ments.c.entity_id == EntityRow.id)
    )
    if type:
        query = query.where(EntityRow.type == type.upper())
    if name:
        query = query.where(EntityRow.name_norm.contains(name.casefold(), autoescape=True))
    query = query.order_by(func.coalesce(docs.c.n, 0).desc(), EntityRow.name)
    rows = list(session.execute(query.limit(limit) if limit else query))
    aliases: dict[str, list[str]] = {}
    for a in session.scalars(select(EntityAlias).where(EntityAlias.entity_id.in_([r[0].id for r in rows]))):
        aliases.setdefault(a.entity_id, []).append(a.alias)
    return [
        EntityRecord(
            id=e.id,
            name=e.name,
            type=e.type,
            country=e.country,
            latitude=e.lat,
            longitude=e.lon,
            aliases=sorted(a for a in aliases.get(e.id, []) if a != e.name),
            documents=n_docs,
            mentions=n_ments,
        )
        for e, n_docs, n_ments in rows
    ]


# -- timeline and search ---------------------------------------------------------------------------------------


def timeline(
    session: Session,
    *,
    actor: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 200,
) -> list[TimelineEntry]:
    """Events and statements in date order: the latest ``limit`` of them, oldest first."""
    found = events(session, EventFilter(actor=actor, since=since, until=until), limit)
    if actor and not found and not resolve(session, actor):
        return []
    said = statements(session, speaker=actor, since=since, until=until, limit=limit)
    entries = [
        TimelineEntry(e.date_start, "event", e.type, _event_summary(e), e.key, e.source) for e in found
    ] + [
        TimelineEntry(s.date_start, "statement", s.act, f"{s.speaker}: {s.content}", s.key, s.source)
        for s in said
    ]
    # Newest first to cut at the limit, then oldest first to read; undated entries come last.
    entries.sort(key=lambda t: (t.date is not None, t.date or date.min, t.kind, t.key), reverse=True)
    return sorted(entries[:limit], key=lambda t: (t.date is None, t.date or date.min, t.kind, t.key))


def _event_summary(e: EventRecord) -> str:
    who = ", ".join(e.actors) or "?"
    whom = ", ".join(e.recipients)
    where = f" in {e.location}" if e.location and e.location not in e.recipients else ""
    negated = "not " if e.modality == "negated" else ""
    return f"{who} {negated}{e.trigger}{' ' + whom if whom else ''}{where}".strip()


def search(session: Session, text: str, limit: int = 50) -> list[SearchHit]:
    """Full text over articles and facts: SQLite FTS5 or PostgreSQL ``tsvector``, best match first."""
    # Control characters are no words; FTS5 refuses a NUL even inside a quoted string.
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    if not text.strip():
        return []
    if session.get_bind().dialect.name == "sqlite":
        rows = _search_sqlite(session, text, limit)
    else:
        rows = _search_postgres(session, text, limit)
    return [SearchHit(r.kind, r.ref, " ".join((r.snippet or "").split()), _source(r)) for r in rows]


def _search_sqlite(session: Session, text: str, limit: int):
    from sqlalchemy import literal_column
    from sqlalchemy import text as sql

    # Every word becomes a quoted FTS5 string: user input is matched, never parsed as query syntax.
    match = " ".join('"' + word.replace('"', '""') + '"' for word in text.split())
    fts = sql(
        "SELECT rowid, rank, snippet(search_fts, 1, '[', ']', '…', 16) AS snippet "
        "FROM search_fts WHERE search_fts MATCH :match"
    ).bindparams(match=match)
    hits = fts.columns(literal_column("rowid"), literal_column("rank"), literal_column("snippet")).subquery()
    query = (
        select(SearchRow.kind, SearchRow.ref, hits.c.snippet, *_source_columns())
        .join(hits, hits.c.rowid == SearchRow.id)
        .join(DocumentRow, DocumentRow.id == SearchRow.document_id)
        .order_by(hits.c.rank)
        .limit(limit)
    )
    return session.execute(query).all()


def _search_postgres(session: Session, text: str, limit: int):
    from sqlalchemy import column, literal_column

    tsq = func.websearch_to_tsquery("english", text)
    tsv = literal_column("search_rows.tsv")
    snippet = func.ts_headline(
        "english", SearchRow.body, tsq, "StartSel=[,StopSel=],MaxWords=16,MinWords=8"
    ).label("snippet")
    query = (
        select(SearchRow.kind, SearchRow.ref, snippet, *_source_columns())
        .join(DocumentRow, DocumentRow.id == SearchRow.document_id)
        .where(tsv.op("@@")(tsq))
        .order_by(func.ts_rank(tsv, tsq).desc(), column("ref"))
        .limit(limit)
    )
    return session.execute(query).all()


# -- helpers -------------------------------------------------------------------------------------------------------


def _source_columns():
    return (
        DocumentRow.key.label("doc_key"),
        DocumentRow.title.label("doc_title"),
        DocumentRow.source.label("doc_source"),
        DocumentRow.url.label("doc_url"),
        DocumentRow.published.label("doc_published"),
    )


def _source(row) -> Source:
    return Source(row.doc_key, row.doc_title, row.doc_source, row.doc_url, row.doc_published)


def _entities(session: Session, ids: set[str | None]) -> dict[str, Any]:
    """id -> row with name, country, lat, lon (plain rows: cheap for hundreds of entities)."""
    ids = {i for i in ids if i}
    if not ids:
        return {}
    columns = (EntityRow.id, EntityRow.name, EntityRow.country, EntityRow.lat, EntityRow.lon)
    return {e.id: e for e in session.execute(select(*columns).where(EntityRow.id.in_(ids)))}


def _names(ids: list[str], names: list[str | None], texts: list[str] | str | None) -> list[str]:
    """Entity names for ids; the surface texts where the pipeline linked no (stored) entity."""
    if ids and None not in names:
        return names  # type: ignore[return-value]
    if isinstance(texts, str):  # raw JSON text from the database (PostgreSQL's driver decodes it itself)
        texts = json.loads(texts)
    texts = texts or []
    if not ids:
        return list(texts)
    return [
        name if name is not None else (texts[n] if n < len(texts) else i)
        for n, (i, name) in enumerate(zip(ids, names, strict=True))
    ]


def _json(raw: str | dict | None) -> Any:
    """A JSON column read as text (SQLite) or already decoded (PostgreSQL's driver)."""
    return json.loads(raw) if isinstance(raw, str) else raw


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
