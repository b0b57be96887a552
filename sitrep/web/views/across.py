"""Across reports: clusters, contradictions, sources and their grades, forecast resolution and scores.

Thin readings of ``sitrep.across`` (the CLI reads the same functions). Every page answers its JSON twin
with exactly what the API route gives; analysts' decisions (grades, resolutions) go through the library,
which audits them under the caller's name.
"""

# ruff: noqa: B008 - FastAPI declares parameters with Depends()/Query() defaults

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from ...errors import SitrepError
from ..auth import Principal, analyst, reader, require
from ..render import page
from ..types import Body, IsoDate
from .facts import _local
from .params import Page, query_args, window

router = APIRouter()
MAX_PAGE = 200


def across_paging(
    limit: int = Query(50, ge=1, le=MAX_PAGE, description=f"At most {MAX_PAGE} per page."),
    offset: int = Query(0, ge=0, le=1_000_000, description="How many to skip."),
) -> Page:
    return Page(limit, offset)


# -- analyses of the whole store, kept until it changes -------------------------------------------------


class Analyses:
    """Across-report analyses (clusters, contradictions, forecast states, summaries) read the whole store;
    each is computed once per state of the store and paged from memory. Every write the store knows of
    (an article, a review, a grade, a cluster decision, a resolution) adds a document or an audit row,
    and the day matters to forecasts: those four numbers are the state."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._memo: dict[tuple, Any] = {}

    def get(self, store, key: tuple, compute: Callable[[], Any]) -> Any:
        stamp = _stamp(store)
        with self._lock:
            if stamp != self._stamp:
                self._stamp, self._memo = stamp, {}
            if key in self._memo:
                return self._memo[key]
        value = compute()
        with self._lock:
            if self._stamp == stamp:
                self._memo[key] = value
        return value


def _stamp(store) -> tuple:
    from sqlalchemy import func, select

    from ...store.tables import AuditEntry, DocumentRow, Review

    with store.sessions() as session:
        return (
            session.scalar(select(func.max(DocumentRow.id))),
            session.scalar(select(func.max(AuditEntry.id))),
            session.scalar(select(func.max(Review.id))),
            date.today(),
        )


def analysis(request: Request, key: tuple, compute: Callable[[Any], Any]) -> Any:
    """``compute(session)`` once per state of the store (see :class:`Analyses`)."""
    state = request.app.state
    if getattr(state, "analyses", None) is None:
        state.analyses = Analyses()
    store = state.store

    def run():
        with store.sessions() as session:
            return compute(session)

    return state.analyses.get(store, key, run)


# -- clusters ---------------------------------------------------------------------------------------------


def _clusters(request: Request, since: date | None, until: date | None, all_: bool) -> list[dict[str, Any]]:
    def compute(session) -> list[dict[str, Any]]:
        from ...across.clustering import clusters

        out = []
        found = clusters(session, since=since, until=until, min_reports=1 if all_ else 2, limit=None)
        for c in found.items:
            d = c.to_dict()
            d["agreed"] = sorted({a for k in c.links for a in k.agreed})
            d["differs"] = sorted({a for k in c.links for a in k.differs})
            out.append(d)
        return out

    return analysis(request, ("clusters", since, until, all_), compute)


@router.get("/api/clusters", tags=["across"])
def list_clusters(
    request: Request,
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    all: bool = Query(False, description="Also happenings told by one report only."),
    p: Page = Depends(across_paging),
    who: Principal = Depends(reader),
) -> dict[str, Any]:
    """Happenings told by several reports: sources, independent reports, Admiralty grade, merge links.
    A page of them (``items``) and the ``total``."""
    return JSONResponse(window(_clusters(request, since, until, all), p))


@router.get("/clusters", include_in_schema=False)
def clusters_page(
    request: Request,
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    all: bool = False,
    p: Page = Depends(across_paging),
    who: Principal = Depends(reader),
):
    return page(
        request,
        "across_clusters.html",
        window(_clusters(request, since, until, all), p),
        who,
        since=since or "",
        until=until or "",
        all=all,
        args=query_args(request.query_params),
    )


# -- contradictions ---------------------------------------------------------------------------------------


def _contradictions(request: Request, since: date | None, until: date | None) -> list[dict[str, Any]]:
    def compute(session) -> list[dict[str, Any]]:
        from ...across.contradictions import contradictions

        return [c.to_dict() for c in contradictions(session, since=since, until=until, limit=None).items]

    return analysis(request, ("contradictions", since, until), compute)


_KINDS = Query(
    None,
    pattern="^(count|denial|date|place|actor)$",
    description="Only this kind: count, denial, date, place or actor.",
)


def _contradiction_page(request, since, until, kind, p) -> dict[str, Any]:
    found = _contradictions(request, since, until)
    counts: dict[str, int] = {}
    for c in found:
        counts[c["kind"]] = counts.get(c["kind"], 0) + 1
    chosen = [c for c in found if c["kind"] == kind] if kind else found
    return {**window(chosen, p), "counts": counts}


@router.get("/api/contradictions", tags=["across"])
def list_contradictions(
    request: Request,
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    kind: str | None = _KINDS,
    p: Page = Depends(across_paging),
    who: Principal = Depends(reader),
) -> dict[str, Any]:
    """Quantities or dates that differ for one happening, and assertions against denials, both sides shown.
    A page (``items``), the ``total`` and ``counts`` by kind."""
    return JSONResponse(_contradiction_page(request, since, until, kind, p))


@router.get("/contradictions", include_in_schema=False)
def contradictions_page(
    request: Request,
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    kind: str | None = _KINDS,
    p: Page = Depends(across_paging),
    who: Principal = Depends(reader),
):
    data = _contradiction_page(request, since, until, kind, p)
    return page(
        request,
        "across_contradictions.html",
        data,
        who,
        kind=kind or "",
        since=since or "",
        until=until or "",
        args=query_args(request.query_params),
    )


# -- sources and grades -----------------------------------------------------------------------------------


def _sources(request: Request, speakers: bool) -> list[dict[str, Any]]:
    from ...across.reliability import sources

    with request.app.state.store.sessions() as session:
        return [s.to_dict() for s in sources(session, speakers=speakers)]


@router.get("/api/sources", tags=["across"])
def list_sources(
    request: Request,
    speakers: bool = Query(False, description="Speakers as well as outlets."),
    p: Page = Depends(across_paging),
    who: Principal = Depends(reader),
) -> dict[str, Any]:
    """Outlets (and speakers) with their Admiralty grade; F6 until an analyst grades them. A page."""
    return window(_sources(request, speakers), p)


@router.get("/sources", include_in_schema=False)
def sources_page(
    request: Request,
    speakers: bool = False,
    p: Page = Depends(across_paging),
    who: Principal = Depends(reader),
):
    from ...across.reliability import CREDIBILITY, RELIABILITY

    return page(
        request,
        "across_sources.html",
        window(_sources(request, speakers), p),
        who,
        args=query_args(request.query_params),
        speakers=speakers,
        reliability=RELIABILITY,
        credibility=CREDIBILITY,
    )


class GradeIn(Body):
    """Half a grade may be given: the other half keeps its value. One of the two halves is required."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["reliability"], "properties": {"reliability": {"type": "string"}}},
                {"required": ["credibility"], "properties": {"credibility": {"type": "integer"}}},
            ]
        }
    )

    reliability: Literal["A", "B", "C", "D", "E", "F"] | None = None
    credibility: int | None = Field(None, ge=1, le=6)
    kind: Literal["source", "speaker"] | None = Field(
        None, description="Default: an outlet name seen in documents."
    )
    note: str | None = Field(None, max_length=2000)


def _grade(request: Request, name: str, body: GradeIn, who: Principal) -> dict[str, Any]:
    from ...across.reliability import set_grade

    if body.reliability is None and body.credibility is None:
        raise HTTPException(422, "give reliability and/or credibility")
    with request.app.state.store.sessions() as session:
        if not _known_source(session, name, body.kind):
            what = {"source": "outlet", "speaker": "speaker"}.get(body.kind or "", "outlet or speaker")
            raise HTTPException(404, f"no {what} named {name!r} in the stored documents")
    try:
        with request.app.state.store.transaction() as session:
            got = set_grade(
                session,
                name,
                reliability=body.reliability,
                credibility=body.credibility,
                by=who.name,
                kind=body.kind,
                note=body.note,
            )
    except SitrepError as exc:
        raise HTTPException(422, exc.message) from None
    return {
        "name": name,
        "grade": str(got),
        "reliability": got.reliability,
        "credibility": got.credibility,
        "meaning": got.meaning,
    }


def _known_source(session, name: str, kind: str | None) -> bool:
    """An outlet some stored document names, or a speaker (a known entity or a statement's speaker)."""
    from sqlalchemy import func, select

    from ...store import facts
    from ...store.tables import DocumentRow, StatementRow

    wanted = " ".join(name.split()).casefold()
    if not wanted:
        return False
    outlet = kind in (None, "source") and session.scalar(
        select(DocumentRow.id).where(func.lower(DocumentRow.source) == wanted).limit(1)
    )
    if outlet:
        return True
    if kind == "source":
        return False
    said = session.scalar(
        select(StatementRow.id).where(func.lower(StatementRow.speaker_text) == wanted).limit(1)
    )
    return bool(said) or bool(facts.resolve(session, name))


@router.patch(
    "/api/sources/{name}",
    tags=["across"],
    responses={404: {"description": "No such outlet or speaker"}, 422: {"description": "Bad grade"}},
)
def grade_source(name: str, body: GradeIn, request: Request, who: Principal = Depends(analyst)):
    """Set the Admiralty grade of an outlet or speaker (audited as ``grade``)."""
    return _grade(request, name, body, who)


@router.post("/sources/grade", include_in_schema=False)
async def grade_form(request: Request):
    """The sources page's grade form: CSRF-checked, then back to the page."""
    form = await request.form()
    who = require(request, "analyst", csrf=str(form.get("csrf", "")))
    cred = str(form.get("credibility") or "").strip()
    try:
        body = GradeIn(
            reliability=str(form.get("reliability") or "").upper() or None,
            credibility=int(cred) if cred else None,
            kind=str(form.get("kind") or "") or None,
            note=str(form.get("note") or "") or None,
        )
    except ValueError as exc:
        raise HTTPException(422, f"bad grade: {exc}") from None
    await run_in_threadpool(_grade, request, str(form.get("name", "")), body, who)
    return RedirectResponse(_local(str(form.get("next") or "/sources")), status_code=303)


# -- forecasts: evidence and resolution -------------------------------------------------------------------


def _forecast_states(request: Request) -> list[dict[str, Any]]:
    """Every forecast's contract with its state (open, due, resolved: …) and who made it, newest first."""

    def compute(session) -> list[dict[str, Any]]:
        from ...across.forecasting import resolutions, states
        from ...model import name_of
        from ...store import facts

        found = facts.forecasts(session, limit=None)
        status = states(session, found.items, date.today())
        done = resolutions(session, list(status))
        out = []
        for f in found.items:
            key = f.stored.key
            res = done.get(key)
            by = name_of(found, f.by) or None
            out.append(
                {**f.to_dict(), "status": status[key], "by_name": by, "resolution": res and res.to_dict()}
            )
        return out

    return analysis(request, ("forecast states",), compute)


def _resolutions(request: Request, state: str, p: Page, key: str | None, propose: bool) -> dict[str, Any]:
    """A page of forecasts in a state (or the one forecast ``key``). The later events proposed as
    evidence, the costly part (a search of the events of the predicted type in its window), come for
    one forecast, or for a page when asked (``proposals=true``); else ``proposals`` is null."""
    from ...across.forecasting import proposals

    every = _forecast_states(request)
    counts = {"all": len(every), "due": 0, "resolved": 0}
    chosen = []
    for f in every:
        settled = f["status"].startswith("resolved")
        counts["resolved"] += settled
        counts["due"] += f["status"] == "due"
        if key is not None:
            if f["key"] == key:
                chosen.append(f)
        elif state == "all" or (state == "due" and f["status"] == "due") or (state == "resolved" and settled):
            chosen.append(f)
    if key is not None and not chosen:
        raise HTTPException(404, f"no forecast {key!r}")
    out = {**window(chosen, p), "counts": counts}
    if not (propose or key is not None):
        out["items"] = [{**f, "proposals": [] if f["resolution"] else None} for f in out["items"]]
        return out

    def proposed(key: str):
        return lambda session: [p.to_dict() for p in proposals(session, key)]

    out["items"] = [
        {
            **f,
            "proposals": []
            if f["resolution"]
            else analysis(request, ("proposals", f["key"]), proposed(f["key"])),
        }
        for f in out["items"]
    ]
    return out


def resolution_paging(
    limit: int = Query(20, ge=1, le=50, description="At most 50 per page: each unresolved one is matched."),
    offset: int = Query(0, ge=0, le=1_000_000, description="How many to skip."),
) -> Page:
    return Page(limit, offset)


_KEY = Query(None, min_length=1, max_length=500, description="One forecast, with its proposed evidence.")
_STATES = Query(
    "all", pattern="^(all|due|resolved)$", description="all | due (unresolved, window passed) | resolved"
)


@router.get("/api/resolutions", tags=["across"], responses={404: {"description": "No forecast `key`"}})
def list_resolutions(
    request: Request,
    state: str = _STATES,
    key: str | None = _KEY,
    proposals: bool = Query(False, description="Proposed evidence for every forecast of the page."),
    p: Page = Depends(resolution_paging),
    who: Principal = Depends(reader),
) -> dict[str, Any]:
    """Forecasts with their resolution: a page, the ``total`` in this state and ``counts`` of each state.
    The later events that may settle an open one (best first) come with ``key`` (that forecast) or
    ``proposals=true`` (the whole page, slower)."""
    return JSONResponse(_resolutions(request, state, p, key, proposals))


@router.get("/resolutions", include_in_schema=False)
def resolutions_page(
    request: Request,
    state: str = _STATES,
    key: str | None = _KEY,
    proposals: bool = False,
    p: Page = Depends(resolution_paging),
    who: Principal = Depends(reader),
):
    data = _resolutions(request, state, p, key, proposals)
    return page(
        request, "across_resolutions.html", data, who, state=state, args=query_args(request.query_params)
    )


@router.get("/api/forecasts/{key:path}/evidence", tags=["across"])
def forecast_evidence(key: str, request: Request, who: Principal = Depends(reader)) -> list[dict[str, Any]]:
    """Later events that match the predicted event (type, actors, place, window), best first."""
    from ...across.forecasting import proposals

    with request.app.state.store.sessions() as session:
        try:
            return [p.to_dict() for p in proposals(session, key)]
        except SitrepError as exc:
            raise HTTPException(404, exc.message) from None


class ResolutionIn(Body):
    outcome: Literal["true", "false", "partial"]
    evidence: str | None = Field(None, max_length=200, description="Key of the document that shows it.")
    event: str | None = Field(None, max_length=500, description="Key of the event that shows it.")
    note: str | None = Field(None, max_length=2000)


def _resolve(request: Request, key: str, body: ResolutionIn, who: Principal) -> dict[str, Any]:
    from ...across.forecasting import resolve

    try:
        with request.app.state.store.transaction() as session:
            got = resolve(
                session,
                key,
                body.outcome,
                evidence=body.evidence or None,
                event=body.event or None,
                note=body.note or None,
                by=who.name,
            )
    except SitrepError as exc:
        status = 404 if "no forecast" in exc.message else 422
        raise HTTPException(status, exc.message) from None
    return got.to_dict()


@router.post(
    "/api/forecasts/{key:path}/resolution",
    tags=["across"],
    responses={404: {"description": "No such forecast"}, 422: {"description": "Bad outcome or evidence"}},
)
def resolve_forecast(key: str, body: ResolutionIn, request: Request, who: Principal = Depends(analyst)):
    """Record how a forecast turned out (audited as ``resolve``; a new verdict supersedes the old)."""
    return _resolve(request, key, body, who)


@router.post("/resolutions", include_in_schema=False)
async def resolve_form(request: Request):
    form = await request.form()
    who = require(request, "analyst", csrf=str(form.get("csrf", "")))
    try:
        body = ResolutionIn(
            outcome=str(form.get("outcome") or ""),
            evidence=str(form.get("evidence") or "") or None,
            event=str(form.get("event") or "") or None,
            note=str(form.get("note") or "") or None,
        )
    except ValueError:
        raise HTTPException(422, "outcome must be true, false or partial") from None
    await run_in_threadpool(_resolve, request, str(form.get("key", "")), body, who)
    return RedirectResponse(_local(str(form.get("next") or "/resolutions")), status_code=303)


# -- scores -----------------------------------------------------------------------------------------------


def _scores(request: Request, by: str) -> list[dict[str, Any]]:
    from ...across.forecasting import scores

    with request.app.state.store.sessions() as session:
        return [s.to_dict() for s in scores(session, by=by)]


_BY = Query("speaker", pattern="^(speaker|source)$", description="Score speakers or outlets.")


@router.get("/api/scores", tags=["across"])
def list_scores(request: Request, by: str = _BY, who: Principal = Depends(reader)) -> list[dict[str, Any]]:
    """Brier score (0 perfect, 0.25 a coin) and calibration over resolved forecasts, best first."""
    return _scores(request, by)


@router.get("/scores", include_in_schema=False)
def scores_page(request: Request, by: str = _BY, who: Principal = Depends(reader)):
    return page(request, "across_scores.html", _scores(request, by), who, by=by)


# -- situation summary and analysts' cluster decisions -----------------------------------------------------


SECTION = 10  # lines per week, speaker and section of the summary page; the rest are counted and linked


def _summary(request: Request, actor: str, since: date | None, until: date | None, n: int) -> dict[str, Any]:
    """The digest of one actor, each section cut to ``n`` lines with its total (the whole digest of a
    busy actor over a year of reporting runs to megabytes)."""

    def compute(session) -> dict[str, Any]:
        from ...across.summary import summary

        return summary(session, actor, since=since, until=until).to_dict()

    digest = analysis(request, ("summary", actor.casefold(), since, until), compute)
    speakers = sorted(digest["statements"].items(), key=lambda kv: -len(kv[1]))
    return {
        "actor": digest["actor"],
        "since": digest["since"],
        "until": digest["until"],
        "limit": n,
        "weeks": [
            {"week": week, "total": len(lines), "items": sorted(lines, key=lambda i: -i["reports"])[:n]}
            for week, lines in digest["weeks"].items()
        ],
        "speakers": len(speakers),
        "statements": [
            {"speaker": name, "total": len(lines), "items": lines[-n:][::-1]}
            for name, lines in speakers[: 2 * n]
        ],
        "forecasts": {"total": len(digest["forecasts"]), "items": digest["forecasts"][:n]},
        "contradictions": {"total": len(digest["contradictions"]), "items": digest["contradictions"][:n]},
    }


@router.get("/api/summary", tags=["across"])
def get_summary(
    request: Request,
    actor: str = Query(..., min_length=1, max_length=200),
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    limit: int = Query(SECTION, ge=1, le=100, description="Lines per week, speaker and section."),
    who: Principal = Depends(reader),
) -> dict[str, Any]:
    """A dated, sourced digest of one actor: key events by week, statements by speaker, open forecasts,
    contradictions; each part cut to ``limit`` lines with its ``total``."""
    return JSONResponse(_summary(request, actor, since, until, limit))


@router.get("/summary", include_in_schema=False)
def summary_page(
    request: Request,
    actor: str = Query("", max_length=200),
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    limit: int = Query(SECTION, ge=1, le=100),
    who: Principal = Depends(reader),
):
    data = _summary(request, actor, since, until, limit) if actor.strip() else {}
    return page(request, "across_summary.html", data, who, actor=actor, since=since or "", until=until or "")


class ClusterDecisionIn(Body):
    """Two different events' fact keys (as /api/clusters lists them) and whether they tell one happening.

    Both must be stored events (404 naming the one that is not); the same event twice is a 422.
    """

    event_a: str = Field(..., min_length=1, max_length=300)
    event_b: str = Field(..., min_length=1, max_length=300)
    decision: Literal["merge", "split"]
    note: str | None = Field(None, max_length=2000)


@router.post(
    "/api/clusters/decisions",
    tags=["across"],
    status_code=201,
    responses={
        404: {"description": "No such event"},
        422: {"description": "Bad decision, or one event twice"},
    },
)
def decide_cluster(
    body: ClusterDecisionIn, request: Request, who: Principal = Depends(analyst)
) -> dict[str, Any]:
    """An analyst merges two events into one happening or splits them apart (audited; latest wins)."""
    from ...across.clustering import override
    from ...store import facts

    with request.app.state.store.sessions() as session:
        found = facts.events(
            session, facts.EventFilter(keys=[body.event_a, body.event_b]), limit=2, include_rejected=True
        )
    known = {e.stored.key for e in found.items}
    for key in (body.event_a, body.event_b):
        if key not in known:
            raise HTTPException(404, f"no event {key!r}")
    if body.event_a == body.event_b:
        raise HTTPException(422, "give two different events")
    try:
        with request.app.state.store.transaction() as session:
            override(session, body.event_a, body.event_b, body.decision, note=body.note, by=who.name)
    except SitrepError as exc:
        raise HTTPException(422, exc.message) from None
    return {"event_a": body.event_a, "event_b": body.event_b, "decision": body.decision}
