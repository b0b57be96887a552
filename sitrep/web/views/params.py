"""Query parameters the API shares: pagination with caps, and the CLI's filters."""

# ruff: noqa: B008 - FastAPI declares parameters with Depends()/Query() defaults

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
