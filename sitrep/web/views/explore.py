"""Looking across documents: timeline, map, actor network, search and entity pages."""

# ruff: noqa: B008 - FastAPI declares parameters with Depends()/Query() defaults

from __future__ import annotations

import math
from collections import Counter
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from ...store.facts import EventFilter
from ...store.reviews import record_merge
from .. import records, reviews
from ..auth import Principal, analyst, reader
from ..render import page
from ..types import IsoDate
from .params import MAX_LIMIT, EventQuery, Page, event_query, paging

router = APIRouter()


# -- timeline -----------------------------------------------------------------------------------------


def _timeline(request: Request, actor: str | None, since: date | None, until: date | None, limit: int):
    with request.app.state.store.sessions() as session:
        return records.timeline(session, actor=actor or None, since=since, until=until, limit=limit)


@router.get("/api/timeline", tags=["explore"])
def timeline(
    request: Request,
    actor: str | None = Query(None, max_length=200),
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    limit: int = Query(200, ge=1, le=MAX_LIMIT),
    who: Principal = Depends(reader),
) -> list[dict[str, Any]]:
    """Events and statements as date intervals, oldest first (the latest ``limit``)."""
    return _timeline(request, actor, since, until, limit)


@router.get("/timeline", include_in_schema=False)
def timeline_page(
    request: Request,
    actor: str | None = Query(None, max_length=200),
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    limit: int = Query(200, ge=1, le=MAX_LIMIT),
    who: Principal = Depends(reader),
):
    entries = _timeline(request, actor, since, until, limit)
    return page(request, "timeline.html", entries, who, chart=timeline_chart(entries), actor=actor or "")


def timeline_chart(entries: list[dict[str, Any]], width: int = 960, row: int = 22) -> dict[str, Any]:
    """Bars for an SVG drawn by the template: one lane per actor, x by date, width by interval."""
    dated = [e for e in entries if e["date_start"]]
    if not dated:
        return {"width": width, "height": 40, "bars": [], "lanes": [], "ticks": []}
    days = [date.fromisoformat(e["date_start"]).toordinal() for e in dated]
    days += [date.fromisoformat(e["date_end"]).toordinal() for e in dated if e["date_end"]]
    lo, hi = min(days), max(days) + 1
    left, span = 160, width - 170
    lanes = list(dict.fromkeys((e["actors"] or ["?"])[0] for e in dated))
    bars = []
    for e in dated:
        s = date.fromisoformat(e["date_start"]).toordinal()
        end = date.fromisoformat(e["date_end"]).toordinal() + 1 if e["date_end"] else s + 1
        x = left + (s - lo) / (hi - lo) * span
        bars.append(
            {
                "x": round(x, 1),
                "w": round(max(4.0, (end - s) / (hi - lo) * span), 1),
                "y": 20 + lanes.index((e["actors"] or ["?"])[0]) * row,
                "entry": e,
            }
        )
    ticks = [
        {
            "x": round(left + i / 4 * span, 1),
            "label": date.fromordinal(lo + round(i / 4 * (hi - lo - 1))).isoformat(),
        }
        for i in range(5)
    ]
    lanes_out = [{"name": n, "y": 20 + i * row} for i, n in enumerate(lanes)]
    return {"width": width, "height": 40 + len(lanes) * row, "bars": bars, "lanes": lanes_out, "ticks": ticks}


# -- map ------------------------------------------------------------------------------------------------


def _located(request: Request, q: EventQuery, p: Page) -> list[dict[str, Any]]:
    """Events with coordinates, or at least a country (placed at the country's centre on the map)."""
    flt = EventFilter(q.actor, q.recipient, q.type, q.since, q.until, q.near, q.km)
    with request.app.state.store.sessions() as session:
        found = records.events(
            session, flt, limit=p.limit, offset=p.offset, include_rejected=q.include_rejected
        )
    out = []
    for e in found:
        exact = e["latitude"] is not None and e["longitude"] is not None
        if exact or e["country"]:
            out.append(
                {**e, "placed": "exact" if exact else "country", "country_numeric": _numeric(e["country"])}
            )
    return out


def _numeric(alpha3: str | None) -> str | None:
    """ISO 3166-1 numeric code: the id of a country's outline in the Natural Earth basemap."""
    if not alpha3:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_3=alpha3)
    return country.numeric if country else None


@router.get("/api/map", tags=["explore"])
def located_events(
    request: Request,
    q: EventQuery = Depends(event_query),
    p: Page = Depends(paging),
    who: Principal = Depends(reader),
) -> list[dict[str, Any]]:
    """Located events among the page the filters select: ``placed`` is exact (coordinates) or country."""
    return _located(request, q, p)


@router.get("/map", include_in_schema=False)
def map_page(
    request: Request,
    q: EventQuery = Depends(event_query),
    p: Page = Depends(paging),
    who: Principal = Depends(reader),
):
    return page(request, "map.html", _located(request, q, p), who)


# -- network --------------------------------------------------------------------------------------------


def network(found: list[dict[str, Any]]) -> dict[str, Any]:
    """Who acts on whom: one edge per (actor, recipient, PLOVER type) with its count."""
    edges: Counter = Counter()
    for e in found:
        for a in e["actors"]:
            for r in e["recipients"]:
                if a != r:
                    edges[(a, r, e["type"])] += 1
    nodes = sorted({n for a, r, _ in edges for n in (a, r)})
    weight = Counter()
    for (a, r, _), n in edges.items():
        weight[a] += n
        weight[r] += n
    return {
        "nodes": [{"name": n, "weight": weight[n]} for n in nodes],
        "edges": [
            {"source": a, "target": r, "type": t, "count": n} for (a, r, t), n in sorted(edges.items())
        ],
    }


def network_svg(net: dict[str, Any], size: int = 640) -> dict[str, Any]:
    """Positions on a circle for the template's SVG; edges of one pair fan out by type."""
    n = len(net["nodes"])
    c, radius = size / 2, size / 2 - 90
    pos = {
        node["name"]: (
            round(c + radius * math.cos(2 * math.pi * i / max(n, 1) - math.pi / 2), 1),
            round(c + radius * math.sin(2 * math.pi * i / max(n, 1) - math.pi / 2), 1),
        )
        for i, node in enumerate(net["nodes"])
    }
    seen: Counter = Counter()
    lines = []
    for edge in net["edges"]:
        (x1, y1), (x2, y2) = pos[edge["source"]], pos[edge["target"]]
        k = seen[(edge["source"], edge["target"])]
        seen[(edge["source"], edge["target"])] += 1
        # a quadratic curve bent to one side so a→b and b→a (and each type) stay apart
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1
        bend = 30 + 22 * k
        qx, qy = round(mx - dy / length * bend, 1), round(my + dx / length * bend, 1)
        lines.append(
            {
                **edge,
                "path": f"M{x1},{y1} Q{qx},{qy} {x2},{y2}",
                "lx": qx,
                "ly": qy,
                "stroke": round(1 + math.log2(1 + edge["count"]), 2),
            }
        )
    nodes = [
        {
            **node,
            "x": pos[node["name"]][0],
            "y": pos[node["name"]][1],
            "r": round(6 + 3 * math.log2(1 + node["weight"]), 1),
        }
        for node in net["nodes"]
    ]
    return {"size": size, "nodes": nodes, "edges": lines}


def _network(request: Request, q: EventQuery) -> dict[str, Any]:
    flt = EventFilter(q.actor, q.recipient, q.type, q.since, q.until, q.near, q.km)
    with request.app.state.store.sessions() as session:
        found = records.events(session, flt, limit=5000, include_rejected=q.include_rejected)
    return network(found)


@router.get("/api/network", tags=["explore"])
def actor_network(
    request: Request, q: EventQuery = Depends(event_query), who: Principal = Depends(reader)
) -> dict[str, Any]:
    """Actors as nodes, (actor → recipient, type, count) as edges, over the latest 5000 matching events."""
    return _network(request, q)


@router.get("/network", include_in_schema=False)
def network_page(request: Request, q: EventQuery = Depends(event_query), who: Principal = Depends(reader)):
    net = _network(request, q)
    return page(request, "network.html", net, who, svg=network_svg(net))


# -- search and entities --------------------------------------------------------------------------------


def _search(request: Request, q: str, p: Page) -> list[dict[str, Any]]:
    with request.app.state.store.sessions() as session:
        return records.search(session, q, limit=p.limit, offset=p.offset)


@router.get("/api/search", tags=["explore"])
def search(
    request: Request,
    q: str = Query(..., min_length=1, max_length=500),
    p: Page = Depends(paging),
    who: Principal = Depends(reader),
) -> list[dict[str, Any]]:
    """Full text over articles and facts, best match first; snippets mark matches with [ ]."""
    return _search(request, q, p)


@router.get("/search", include_in_schema=False)
def search_page(
    request: Request,
    q: str = Query("", max_length=500),
    p: Page = Depends(paging),
    who: Principal = Depends(reader),
):
    return page(request, "search.html", _search(request, q, p) if q.strip() else [], who, q=q)


def _entity(request: Request, entity_id: str) -> dict[str, Any]:
    with request.app.state.store.sessions() as session:
        found = records.entity(session, entity_id)
    if found is None:
        raise HTTPException(404, f"no entity {entity_id!r}")
    return found


@router.get("/api/entities/{entity_id}", tags=["explore"])
def entity(entity_id: str, request: Request, who: Principal = Depends(reader)) -> dict[str, Any]:
    """An entity with its aliases, counts, and its latest events and statements."""
    return _entity(request, entity_id)


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
    return {"entity": _entity(request, entity_id), "audit": detail}


@router.get("/entities/{entity_id}", include_in_schema=False)
def entity_page(entity_id: str, request: Request, who: Principal = Depends(reader)):
    return page(request, "entity.html", _entity(request, entity_id), who)
