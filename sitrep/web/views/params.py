"""Query parameters the API shares: pagination with caps, and the CLI's filters."""

# ruff: noqa: B008 - FastAPI declares parameters with Depends()/Query() defaults

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import Query

from ..types import IsoDate

MAX_LIMIT = 500
MAX_OFFSET = 100_000


@dataclass
class Page:
    limit: int
    offset: int


def paging(
    limit: int = Query(100, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT} per page."),
    offset: int = Query(0, ge=0, le=MAX_OFFSET, description="How many to skip (newest first)."),
) -> Page:
    return Page(limit, offset)


@dataclass
class EventQuery:
    actor: str | None
    recipient: str | None
    type: str | None
    since: date | None
    until: date | None
    near: str | None
    km: float
    include_rejected: bool


def event_query(
    actor: str | None = Query(None, max_length=200, description="Name, alias or id of the acting entity."),
    recipient: str | None = Query(None, max_length=200, description="Name, alias or id of the target."),
    type: str | None = Query(None, max_length=16, description="PLOVER event type, e.g. ASSAULT."),
    since: IsoDate | None = Query(None, description="First day (compares the event's start)."),
    until: IsoDate | None = Query(None, description="Last day."),
    near: str | None = Query(None, max_length=200, description="A place name or 'lat,lon'."),
    km: float = Query(50.0, gt=0, le=20_000, description="Radius around `near` in kilometres."),
    include_rejected: bool = Query(False, description="Also facts an analyst rejected."),
) -> EventQuery:
    return EventQuery(
        actor or None, recipient or None, type or None, since, until, near or None, km, include_rejected
    )


def query_args(request_params) -> str:
    """The current filters as a query string for links (pagination, JSON twin)."""
    from urllib.parse import urlencode

    return urlencode([(k, v) for k, v in request_params.multi_items() if k not in ("offset",) and v])


def filters_of(q: EventQuery):
    """The store's event filter for the API's event query."""
    from ...store.facts import EventFilter

    return EventFilter(q.actor, q.recipient, q.type, q.since, q.until, q.near, q.km)


def listing(page: Any, items: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    """A list as the API answers it: the page's facts (their contract), how many match in all, where
    this page starts, and the names of every entity the facts name (id -> name)."""
    return {
        "total": page.total,
        "offset": page.offset,
        "limit": page.limit,
        **extra,
        "items": [f.to_dict() for f in page.items] if items is None else items,
        "names": {i: e.name for i, e in sorted(page.entities.items())},
    }


def window(items: list[Any], p: Page) -> dict[str, Any]:
    """One page of a list computed whole (across-report analyses): its slice, the total, the paging."""
    return {
        "total": len(items),
        "offset": p.offset,
        "limit": p.limit,
        "items": items[p.offset : p.offset + p.limit],
    }
