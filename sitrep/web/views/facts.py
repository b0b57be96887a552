"""Events, statements and forecasts: pages of the store's reader with the CLI's filters, and review.

Every list answers a page of :mod:`sitrep.store.facts` (``count=True``): each fact's contract
(``to_dict``), the total that matches, where the page starts, and the names the facts use.
"""

# ruff: noqa: B008 - FastAPI declares parameters with Depends()/Query() defaults

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlparse

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy.orm import Session

from ...model import Event, Forecast, Statement, name_of, names_of
from ...store import facts
from ...store import reviews as store_reviews
from .. import reviews
from ..auth import Principal, analyst, reader, require
from ..render import page
from ..types import IsoDate
from .params import EventQuery, Page, event_query, filters_of, listing, paging, query_args

router = APIRouter()


# -- events -------------------------------------------------------------------------------------------


def _events(request: Request, q: EventQuery, p: Page) -> facts.Page[Event]:
    with request.app.state.store.sessions() as session:
        return facts.events(
            session,
            filters_of(q),
            limit=p.limit,
            offset=p.offset,
            include_rejected=q.include_rejected,
            count=True,
        )


@router.get("/api/events", tags=["facts"])
def list_events(
    request: Request,
    q: EventQuery = Depends(event_query),
    p: Page = Depends(paging),
    who: Principal = Depends(reader),
) -> dict[str, Any]:
    """Events, newest first, analysts' edits applied (rejected ones only on request): a page of the
    contract (``items``), ``total`` matching, and ``names`` for the entity ids they use."""
    return JSONResponse(listing(_events(request, q, p)))


@router.get("/events", include_in_schema=False)
def events_page(
    request: Request,
    q: EventQuery = Depends(event_query),
    p: Page = Depends(paging),
    who: Principal = Depends(reader),
):
    found = _events(request, q, p)
    args = query_args(request.query_params)
    return page(request, "events.html", listing(found), who, found=found, q=q, args=args)


# -- statements ---------------------------------------------------------------------------------------


def _statements(request, speaker, since, until, p, include_rejected) -> facts.Page[Statement]:
    with request.app.state.store.sessions() as session:
        return facts.statements(
            session,
            speaker=speaker or None,
            since=since,
            until=until,
            limit=p.limit,
            offset=p.offset,
            include_rejected=include_rejected,
            count=True,
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
) -> dict[str, Any]:
    """Who said what, newest first: a page, its total and the speakers' names."""
    return JSONResponse(listing(_statements(request, speaker, since, until, p, include_rejected)))


@router.get("/statements", include_in_schema=False)
def statements_page(
    request: Request,
    speaker: str | None = Query(None, max_length=200),
    since: IsoDate | None = Query(None),
    until: IsoDate | None = Query(None),
    include_rejected: bool = False,
    p: Page = Depends(paging),
    who: Principal = Depends(reader),
):
    found = _statements(request, speaker, since, until, p, include_rejected)
    args = query_args(request.query_params)
    filters = {"speaker": speaker or "", "since": since or "", "until": until or ""}
    return page(request, "statements.html", listing(found), who, found=found, filters=filters, args=args)


# -- forecasts ----------------------------------------------------------------------------------------

_STATUS = Query(None, pattern="^(open|due)$", description="open: the window has not ended; due: it has.")


def _forecasts(request, status, by, p, include_rejected) -> tuple[facts.Page[Forecast], dict[str, int]]:
    today = date.today()
    with request.app.state.store.sessions() as session:
        found = facts.forecasts(
            session,
            status=status,
            by=by or None,
            today=today,
            limit=p.limit,
            offset=p.offset,
            include_rejected=include_rejected,
            count=True,
        )
        counts = {
            s: facts.forecasts(
                session,
                status=s,
                by=by or None,
                today=today,
                limit=0,
                include_rejected=include_rejected,
                count=True,
            ).total
            or 0
            for s in ("open", "due")
        }
    return found, counts


def _forecast_listing(found: facts.Page[Forecast], counts: dict[str, int]) -> dict[str, Any]:
    today = date.today()
    items = [{**f.to_dict(), "status": facts.forecast_status(f, today)} for f in found.items]
    return listing(found, items, counts=counts)


@router.get("/api/forecasts", tags=["facts"])
def list_forecasts(
    request: Request,
    status: str | None = _STATUS,
    open: bool = Query(False, description="Only forecasts still open (as status=open)."),
    by: str | None = Query(None, max_length=200),
    include_rejected: bool = False,
    p: Page = Depends(paging),
    who: Principal = Depends(reader),
) -> dict[str, Any]:
    """Forecasts, newest first; each with ``status`` open or due (time to check what happened), and
    ``counts`` of both for the same filters."""
    found, counts = _forecasts(request, status or ("open" if open else None), by, p, include_rejected)
    return JSONResponse(_forecast_listing(found, counts))


@router.get("/forecasts", include_in_schema=False)
def forecasts_page(
    request: Request,
    status: str | None = _STATUS,
    open: bool = False,
    by: str | None = Query(None, max_length=200),
    include_rejected: bool = False,
    p: Page = Depends(paging),
    who: Principal = Depends(reader),
):
    status = status or ("open" if open else None)
    found, counts = _forecasts(request, status, by, p, include_rejected)
    args = query_args(request.query_params)
    return page(
        request,
        "forecasts.html",
        _forecast_listing(found, counts),
        who,
        found=found,
        status=status or "",
        by=by or "",
        args=args,
    )


# -- review ---------------------------------------------------------------------------------------------


def current(session: Session, kind: str, key: str) -> dict[str, Any] | None:
    """A fact's editable fields as an analyst sees them (names, not ids), rejected or not: what a
    review's audit row keeps as its before and after, and what the review forms are filled with."""
    if kind == "event":
        found = facts.event(session, key)
    else:
        read = facts.statements if kind == "statement" else facts.forecasts
        found = read(session, keys=[key], limit=1, include_rejected=True)
    if not found.items:
        return None
    return editable(found.items[0], found)


def editable(fact: Event | Statement | Forecast, names: facts.Page) -> dict[str, Any]:
    """The editable fields of one fact (see ``store.reviews.EDITABLE``), with its review."""
    review = fact.stored.review.to_dict() if fact.stored and fact.stored.review else None
    if isinstance(fact, Event):
        q = fact.quantity.value if fact.quantity else None
        return {
            "type": fact.type,
            "mode": fact.mode,
            "actors": names_of(names, fact.actors, fact.actor_texts),
            "recipients": names_of(names, fact.recipients, fact.recipient_texts),
            "location": name_of(names, fact.location) if fact.location else None,
            "date_start": _iso(fact.stored.date_start),
            "date_end": _iso(fact.stored.date_end),
            "quantity": int(q) if q is not None and float(q).is_integer() else q,
            "modality": fact.modality,
            "review": review,
        }
    if isinstance(fact, Statement):
        return {
            "speaker": name_of(names, fact.speaker, fact.speaker_text) or None,
            "act": fact.act,
            "content": fact.content,
            "modality": fact.modality,
            "date_start": _iso(fact.stored.date_start),
            "review": review,
        }
    return {
        "by": name_of(names, fact.by) or None,
        "claim": fact.claim,
        "window_start": _iso(fact.window_start),
        "window_end": _iso(fact.window_end),
        "modality": fact.modality,
        "review": review,
    }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _review(request: Request, kind: str, key: str, body: reviews.ReviewIn, who: Principal) -> dict[str, Any]:
    try:
        detail = store_reviews.record(request.app.state.store, kind, key, body, who.name, current)
    except reviews.ReviewError as exc:
        raise HTTPException(422, str(exc)) from None
    if not detail:
        raise HTTPException(404, f"no {kind} {key!r}")
    with request.app.state.store.sessions() as session:
        if kind == "event":
            found = facts.event(session, key)
        else:
            read = facts.statements if kind == "statement" else facts.forecasts
            found = read(session, keys=[key], limit=1, include_rejected=True)
    names = {i: e.name for i, e in sorted(found.entities.items())}
    return {"fact": found.items[0].to_dict(), "names": names, "audit": detail}


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
    """The reader's review forms: same review, CSRF-checked, then back to the page (POST-redirect-GET).

    The forms come filled with the fact's current values; only fields the analyst changed are edits.
    """
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    who = require(request, "analyst", csrf=str(form.get("csrf", "")))
    kind, key = str(form.get("kind", "")), str(form.get("key", ""))
    if kind not in reviews.KINDS:
        raise HTTPException(422, f"kind must be one of {', '.join(reviews.KINDS)}")
    decision = str(form.get("decision") or "") or None
    if decision not in (None, "accept", "reject"):
        raise HTTPException(422, "decision must be accept or reject")
    with request.app.state.store.sessions() as session:
        now = current(session, kind, key) or {}
    changes = {
        name: str(form[name]).strip()
        for name in reviews.EDITABLE[kind]
        if name in form and str(form[name]).strip() != _shown(now.get(name))
    }
    body = reviews.ReviewIn(decision=decision, changes=changes, note=str(form.get("note") or "") or None)
    if decision is None and not changes and not body.note:
        return RedirectResponse(_local(str(form.get("next") or "/")), status_code=303)
    await run_in_threadpool(_review, request, kind, key, body, who)
    return RedirectResponse(_local(str(form.get("next") or "/")), status_code=303)


def _shown(value: Any) -> str:
    """A current value as its form field shows it (names joined with '; ')."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


def _local(target: str) -> str:
    """Only a path on this site (no scheme, no host, no ``//``): no open redirect."""
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target
