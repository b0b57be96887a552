"""Across reports: clusters, contradictions, sources and their grades, forecast resolution and scores.

Thin readings of ``sitrep.across`` (the CLI reads the same functions). Every page answers its JSON twin
with exactly what the API route gives; analysts' decisions (grades, resolutions) go through the library,
which audits them under the caller's name.
"""

# ruff: noqa: B008 - FastAPI declares parameters with Depends()/Query() defaults

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from ...errors import SitrepError
from ..auth import Principal, analyst, reader, require
from ..render import page
from ..types import IsoDate
from .facts import _local

router = APIRouter()


# -- clusters ---------------------------------------------------------------------------------------------


def _clusters(request: Request, since: date | None, until: date | None, all_: bool) -> list[dict[str, Any]]:
    from ...across.clustering import clusters

    with request.app.state.store.sessions() as session:
        found = clusters(session, since=since, until=until, min_reports=1 if all_ else 2, limit=None)
    out = []
    for c in found.items:
        d = c.to_dict()
        d["agreed"] = sorted({a for k in c.links for a in k.agreed})
        d["differs"] = sorted({a for k in c.links for a in k.differs})
        out.append(d)
    return out


@router.get("/api/clusters", tags=["across"])
def list_clusters(
    request: Request,
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    all: bool = Query(False, description="Also happenings told by one report only."),
    who: Principal = Depends(reader),
) -> list[dict[str, Any]]:
    """Happenings told by several reports: sources, independent reports, Admiralty grade, merge links."""
    return _clusters(request, since, until, all)


@router.get("/clusters", include_in_schema=False)
def clusters_page(
    request: Request,
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    all: bool = False,
    who: Principal = Depends(reader),
):
    return page(
        request,
        "across_clusters.html",
        _clusters(request, since, until, all),
        who,
        since=since or "",
        until=until or "",
        all=all,
    )


# -- contradictions ---------------------------------------------------------------------------------------


def _contradictions(request: Request, since: date | None, until: date | None) -> list[dict[str, Any]]:
    from ...across.contradictions import contradictions

    with request.app.state.store.sessions() as session:
        return [c.to_dict() for c in contradictions(session, since=since, until=until, limit=None).items]


@router.get("/api/contradictions", tags=["across"])
def list_contradictions(
    request: Request,
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    who: Principal = Depends(reader),
) -> list[dict[str, Any]]:
    """Quantities or dates that differ for one happening, and assertions against denials, both sides shown."""
    return _contradictions(request, since, until)


@router.get("/contradictions", include_in_schema=False)
def contradictions_page(
    request: Request,
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    who: Principal = Depends(reader),
):
    return page(request, "across_contradictions.html", _contradictions(request, since, until), who)


# -- sources and grades -----------------------------------------------------------------------------------


def _sources(request: Request, speakers: bool) -> list[dict[str, Any]]:
    from ...across.reliability import sources

    with request.app.state.store.sessions() as session:
        return [s.to_dict() for s in sources(session, speakers=speakers)]


@router.get("/api/sources", tags=["across"])
def list_sources(
    request: Request,
    speakers: bool = Query(False, description="Speakers as well as outlets."),
    who: Principal = Depends(reader),
) -> list[dict[str, Any]]:
    """Outlets (and speakers) with their Admiralty grade; F6 until an analyst grades them."""
    return _sources(request, speakers)


@router.get("/sources", include_in_schema=False)
def sources_page(request: Request, speakers: bool = False, who: Principal = Depends(reader)):
    from ...across.reliability import CREDIBILITY, RELIABILITY

    return page(
        request,
        "across_sources.html",
        _sources(request, speakers),
        who,
        speakers=speakers,
        reliability=RELIABILITY,
        credibility=CREDIBILITY,
    )


class GradeIn(BaseModel):
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


@router.patch("/api/sources/{name}", tags=["across"], responses={422: {"description": "Bad grade"}})
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


def _resolutions(request: Request, state: str) -> list[dict[str, Any]]:
    """Forecasts with their state and, for unresolved ones, the later events proposed as evidence."""
    from datetime import date

    from ...across.forecasting import proposals, resolutions, states
    from ...model import name_of
    from ...store import facts

    with request.app.state.store.sessions() as session:
        page = facts.forecasts(session, limit=1000)
        status = states(session, page.items, date.today())
        done = resolutions(session, list(status))
        out = []
        for f in page.items:
            key = f.stored.key
            settled = status[key].startswith("resolved")
            if (state == "due" and (settled or status[key] != "due")) or (
                state == "resolved" and not settled
            ):
                continue
            d = {**f.to_dict(), "status": status[key], "by": name_of(page, f.by) or None}
            res = done.get(key)
            d["resolution"] = res.to_dict() if res else None
            d["proposals"] = [] if res else [p.to_dict() for p in proposals(session, key)]
            out.append(d)
    return out


_STATES = Query(
    "all", pattern="^(all|due|resolved)$", description="all | due (unresolved, window passed) | resolved"
)


@router.get("/api/resolutions", tags=["across"])
def list_resolutions(
    request: Request, state: str = _STATES, who: Principal = Depends(reader)
) -> list[dict[str, Any]]:
    """Forecasts with their resolution, or the later events that may settle them (best first)."""
    return _resolutions(request, state)


@router.get("/resolutions", include_in_schema=False)
def resolutions_page(request: Request, state: str = _STATES, who: Principal = Depends(reader)):
    return page(request, "across_resolutions.html", _resolutions(request, state), who, state=state)


@router.get("/api/forecasts/{key:path}/evidence", tags=["across"])
def forecast_evidence(key: str, request: Request, who: Principal = Depends(reader)) -> list[dict[str, Any]]:
    """Later events that match the predicted event (type, actors, place, window), best first."""
    from ...across.forecasting import proposals

    with request.app.state.store.sessions() as session:
        try:
            return [p.to_dict() for p in proposals(session, key)]
        except SitrepError as exc:
            raise HTTPException(404, exc.message) from None


class ResolutionIn(BaseModel):
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


def _summary(request: Request, actor: str, since: date | None, until: date | None) -> dict[str, Any]:
    from ...across.summary import summary

    with request.app.state.store.sessions() as session:
        digest = summary(session, actor, since=since, until=until)
    return {**digest.to_dict(), "text": digest.text()}


@router.get("/api/summary", tags=["across"])
def get_summary(
    request: Request,
    actor: str = Query(..., min_length=1, max_length=200),
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    who: Principal = Depends(reader),
) -> dict[str, Any]:
    """A dated, sourced digest of one actor: key events by week, statements, open forecasts, contradictions."""
    return _summary(request, actor, since, until)


@router.get("/summary", include_in_schema=False)
def summary_page(
    request: Request,
    actor: str = "",
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    who: Principal = Depends(reader),
):
    data = _summary(request, actor, since, until) if actor.strip() else {}
    return page(request, "across_summary.html", data, who, actor=actor, since=since or "", until=until or "")


class ClusterDecisionIn(BaseModel):
    """Two events' fact keys (as /api/clusters lists them) and whether they tell one happening."""

    event_a: str = Field(..., min_length=1, max_length=300)
    event_b: str = Field(..., min_length=1, max_length=300)
    decision: Literal["merge", "split"]
    note: str | None = Field(None, max_length=2000)


@router.post(
    "/api/clusters/decisions",
    tags=["across"],
    status_code=201,
    responses={422: {"description": "Bad decision"}},
)
def decide_cluster(
    body: ClusterDecisionIn, request: Request, who: Principal = Depends(analyst)
) -> dict[str, Any]:
    """An analyst merges two events into one happening or splits them apart (audited; latest wins)."""
    from ...across.clustering import override

    if body.event_a == body.event_b:
        raise HTTPException(422, "give two different events")
    try:
        with request.app.state.store.transaction() as session:
            override(session, body.event_a, body.event_b, body.decision, note=body.note, by=who.name)
    except SitrepError as exc:
        raise HTTPException(422, exc.message) from None
    return {"event_a": body.event_a, "event_b": body.event_b, "decision": body.decision}
