"""Events, statements and forecasts: lists with the CLI's filters, and review (PATCH and forms)."""

# ruff: noqa: B008 - FastAPI declares parameters with Depends()/Query() defaults

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse

from ...store import reviews as store_reviews
from ...store.facts import EventFilter
from .. import records, reviews
from ..auth import Principal, analyst, reader, require
from ..render import page
from ..types import IsoDate
from .params import EventQuery, Page, event_query, paging, query_args

router = APIRouter()


def _filter(q: EventQuery) -> EventFilter:
    return EventFilter(q.actor, q.recipient, q.type, q.since, q.until, q.near, q.km)


def _events(request: Request, q: EventQuery, p: Page) -> list[dict[str, Any]]:
    with request.app.state.store.sessions() as session:
        return records.events(
            session, _filter(q), limit=p.limit, offset=p.offset, include_rejected=q.include_rejected
        )


@router.get("/api/events", tags=["facts"])
def list_events(
    request: Request,
    q: EventQuery = Depends(event_query),
    p: Page = Depends(paging),
    who: Principal = Depends(reader),
) -> list[dict[str, Any]]:
    """Events, newest first, with analysts' edits applied (rejected ones only on request)."""
    # Already plain JSON values: answered as they are, without FastAPI re-validating each field.
    return JSONResponse(_events(request, q, p))


@router.get("/events", include_in_schema=False)
def events_page(
    request: Request,
    q: EventQuery = Depends(event_query),
    p: Page = Depends(paging),
    who: Principal = Depends(reader),
):
    found = _events(request, q, p)
    return page(request, "events.html", found, who, q=q, p=p, args=query_args(request.query_params))


def _statements(request, speaker, since, until, p, include_rejected):
    with request.app.state.store.sessions() as session:
        return records.statements(
            session,
            speaker=speaker or None,
            since=since,
            until=until,
            limit=p.limit,
            offset=p.offset,
            include_rejected=include_rejected,
        )


@router.get("/api/statements", tags=["facts"])
def list_statements(
    request: Request,
    speaker: str | None = Query(None, max_length=200),
    since: IsoDate | None = Query(None),
    until: IsoDate | None = Query(None),
    include_rejected: bool = False,
    p: Page = Depends(paging),
    who: Principal = Depends(reader),
) -> list[dict[str, Any]]:
    """Who said what, newest first."""
    return _statements(request, speaker, since, until, p, include_rejected)


@router.get("/statements", include_in_schema=False)
def statements_page(
    request: Request,
    speaker: str | None = Query(None, max_length=200),
    include_rejected: bool = False,
    p: Page = Depends(paging),
    who: Principal = Depends(reader),
):
    found = _statements(request, speaker, None, None, p, include_rejected)
    return page(request, "statements.html", found, who, speaker=speaker or "")


def _forecasts(request, open_only, by, p, include_rejected):
    with request.app.state.store.sessions() as session:
        return records.forecasts(
            session,
            open_only=open_only,
            by=by or None,
            limit=p.limit,
            offset=p.offset,
            include_rejected=include_rejected,
        )


@router.get("/api/forecasts", tags=["facts"])
def list_forecasts(
    request: Request,
    open: bool = Query(False, description="Only forecasts still open."),
    by: str | None = Query(None, max_length=200),
    include_rejected: bool = False,
    p: Page = Depends(paging),
    who: Principal = Depends(reader),
) -> list[dict[str, Any]]:
    """Forecasts, newest first; ``status`` says open or due (time to check what happened)."""
    return _forecasts(request, open, by, p, include_rejected)


@router.get("/forecasts", include_in_schema=False)
def forecasts_page(
    request: Request,
    open: bool = False,
    by: str | None = Query(None, max_length=200),
    p: Page = Depends(paging),
    who: Principal = Depends(reader),
):
    found = _forecasts(request, open, by, p, False)
    board = {
        "open": [f for f in found if f["status"] == "open"],
        "due": [f for f in found if f["status"] == "due"],
    }
    return page(request, "forecasts.html", found, who, board=board)


# -- review ---------------------------------------------------------------------------------------------


def _review(request: Request, kind: str, key: str, body: reviews.ReviewIn, who: Principal) -> dict[str, Any]:
    try:
        detail = store_reviews.record(request.app.state.store, kind, key, body, who.name, records.fact)
    except reviews.ReviewError as exc:
        raise HTTPException(422, str(exc)) from None
    if not detail:
        raise HTTPException(404, f"no {kind} {key!r}")
    with request.app.state.store.sessions() as session:
        return {"fact": records.fact(session, kind, key), "audit": detail}


_REVIEW_DOC = {422: {"description": "Unknown field or bad value"}, 404: {"description": "No such fact"}}


@router.patch("/api/events/{key}", tags=["review"], responses=_REVIEW_DOC)
def review_event(key: str, body: reviews.EventReview, request: Request, who: Principal = Depends(analyst)):
    """Accept, reject, edit (type, mode, actors, recipients, location, dates, quantity, modality) or note."""
    return _review(request, "event", key, body.plain(), who)


@router.patch("/api/statements/{key}", tags=["review"], responses=_REVIEW_DOC)
def review_statement(
    key: str, body: reviews.StatementReview, request: Request, who: Principal = Depends(analyst)
):
    """Accept, reject, edit (speaker, act, content, modality, date_start) or note a statement."""
    return _review(request, "statement", key, body.plain(), who)


@router.patch("/api/forecasts/{key}", tags=["review"], responses=_REVIEW_DOC)
def review_forecast(
    key: str, body: reviews.ForecastReview, request: Request, who: Principal = Depends(analyst)
):
    """Accept, reject, edit (by, claim, window_start, window_end, modality) or note a forecast."""
    return _review(request, "forecast", key, body.plain(), who)


@router.post("/review", include_in_schema=False)
async def review_form(request: Request):
    """The reader's review forms: same review, CSRF-checked, then back to the page (POST-redirect-GET)."""
    form = await request.form()
    who = require(request, "analyst", csrf=str(form.get("csrf", "")))
    kind = str(form.get("kind", ""))
    if kind not in reviews.KINDS:
        raise HTTPException(422, f"kind must be one of {', '.join(reviews.KINDS)}")
    changes = {name: str(form[name]) for name in reviews.EDITABLE[kind] if str(form.get(name) or "").strip()}
    decision = str(form.get("decision") or "") or None
    if decision not in (None, "accept", "reject"):
        raise HTTPException(422, "decision must be accept or reject")
    body = reviews.ReviewIn(decision=decision, changes=changes, note=str(form.get("note") or "") or None)
    from starlette.concurrency import run_in_threadpool

    await run_in_threadpool(_review, request, kind, str(form.get("key", "")), body, who)
    return RedirectResponse(_local(str(form.get("next") or "/")), status_code=303)


def _local(target: str) -> str:
    """Only a path on this site (no scheme, no host, no ``//``): no open redirect."""
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target
