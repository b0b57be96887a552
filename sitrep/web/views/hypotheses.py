"""Competing hypotheses: the ACH matrix, its weekly history as an SVG chart, analysts' edits, and watch.

Thin readings of ``sitrep.hypotheses`` (the CLI reads the same functions): pages answer their JSON twin
with what the API gives, and edits go through ``edit`` so they are audited and survive re-analysis.
Triggers are recorded when reports are stored (an after-ingest hook, whichever face stored them), so
no page writes when it is read.
"""

# ruff: noqa: B008 - FastAPI declares parameters with Depends()/Query() defaults

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from ...errors import SitrepError
from ..auth import Principal, analyst, reader, require
from ..charts import history_chart
from ..render import TEMPLATES, page
from ..types import Body, IsoDate
from .facts import _local

router = APIRouter()
NEW_DAYS = 7  # the navigation badge counts triggers recorded in the last week


# -- sets and the matrix ----------------------------------------------------------------------------------


def _known(session, name: str) -> None:
    from ...hypotheses import set_names

    if name not in set_names(session):
        raise HTTPException(404, f"no hypothesis set named {name!r}")


def _sets(request: Request) -> list[dict[str, Any]]:
    from ...hypotheses import get_set, set_names

    with request.app.state.store.sessions() as session:
        out = []
        for name in set_names(session):
            spec = get_set(session, name)
            out.append(
                {
                    "name": name,
                    "question": spec.question,
                    "hypotheses": len(spec.hypotheses),
                    "indicators": len(spec.indicators),
                }
            )
    return out


@router.get("/api/hypotheses", tags=["hypotheses"])
def list_sets(request: Request, who: Principal = Depends(reader)) -> list[dict[str, Any]]:
    """Stored hypothesis sets (load one with ``sitrep hypotheses init``)."""
    return _sets(request)


@router.get("/hypotheses", include_in_schema=False)
def sets_page(request: Request, who: Principal = Depends(reader)):
    return page(request, "hypotheses_sets.html", _sets(request), who)


def _matrix(request: Request, name: str, as_of: date | None) -> dict[str, Any]:
    from ...hypotheses import matrix

    with request.app.state.store.sessions() as session:
        _known(session, name)
        return matrix(session, name, as_of).to_dict()


@router.get("/api/hypotheses/{name}", tags=["hypotheses"], responses={404: {"description": "No such set"}})
def get_matrix(
    name: str,
    request: Request,
    as_of: IsoDate | None = Query(None, description="Only evidence published by this day."),
    who: Principal = Depends(reader),
) -> dict[str, Any]:
    """The ACH matrix, scored: rows with cells and evidence, weighted inconsistency, posteriors, sensitivity."""
    return _matrix(request, name, as_of)


@router.get("/hypotheses/{name}", include_in_schema=False)
def matrix_page(name: str, request: Request, as_of: IsoDate | None = None, who: Principal = Depends(reader)):
    from ...hypotheses.schema import CODES, LEVELS

    data = _matrix(request, name, as_of)
    return page(
        request,
        "hypotheses_matrix.html",
        data,
        who,
        codes=CODES,
        levels=LEVELS,
        sensitive=set(data["sensitive"]),
    )


# -- history ----------------------------------------------------------------------------------------------


def _history(request: Request, name: str, until: date | None) -> list[dict[str, Any]]:
    from ...hypotheses import series

    with request.app.state.store.sessions() as session:
        _known(session, name)
        return [p.to_dict() for p in series(session, name, until)]


@router.get("/api/hypotheses/{name}/history", tags=["hypotheses"])
def get_history(
    name: str, request: Request, as_of: IsoDate | None = None, who: Principal = Depends(reader)
) -> list[dict[str, Any]]:
    """The scores at the end of each ISO week (Sunday), from the first matching publication."""
    return _history(request, name, as_of)


@router.get("/hypotheses/{name}/history", include_in_schema=False)
def history_page(name: str, request: Request, as_of: IsoDate | None = None, who: Principal = Depends(reader)):
    from ...hypotheses import get_set

    points = _history(request, name, as_of)
    with request.app.state.store.sessions() as session:
        spec = get_set(session, name)
    ids = [h.id for h in spec.hypotheses]
    return page(
        request,
        "hypotheses_history.html",
        points,
        who,
        name=name,
        question=spec.question,
        hypotheses=[(h.id, h.text) for h in spec.hypotheses],
        chart=history_chart(points, ids, "posterior"),
        chart_inc=history_chart(points, ids, "inconsistency"),
    )


# -- analysts' edits --------------------------------------------------------------------------------------


class RowEdit(Body):
    """Any of: cells to change, a new weight, dismiss or restore; each change is one audited edit."""

    cells: dict[str, Literal["CC", "C", "N", "I", "II"]] = Field(default_factory=dict)
    relevance: Literal["high", "medium", "low"] | None = None
    credibility: Literal["high", "medium", "low"] | None = None
    dismissed: bool | None = None
    note: str | None = Field(None, max_length=2000)


def _edit(request: Request, name: str, row_id: str, body: RowEdit, who: Principal) -> dict[str, Any]:
    """Apply only what differs from the row as it stands, so a resubmitted form adds no noise."""
    from ...hypotheses import edit, matrix
    from ...hypotheses.sets import find_row

    try:
        with request.app.state.store.transaction() as session:
            _known(session, name)
            row = find_row(session, name, row_id)
            made = []
            for hid, code in body.cells.items():
                if row.cells.get(hid) != code:
                    edit(
                        session,
                        name,
                        row.key,
                        "cell",
                        hypothesis=hid,
                        value={"code": code},
                        note=body.note,
                        actor=who.name,
                    )
                    made.append(f"cell {hid}")
            weight = {
                k: v
                for k, v in (("relevance", body.relevance), ("credibility", body.credibility))
                if v is not None and getattr(row, k) != v
            }
            if weight:
                edit(session, name, row.key, "weight", value=weight, note=body.note, actor=who.name)
                made.append("weight")
            if body.dismissed is not None and body.dismissed != row.dismissed:
                action = "dismiss" if body.dismissed else "restore"
                edit(session, name, row.key, action, note=body.note, actor=who.name)
                made.append(action)
            session.flush()
            after = next(r for r in matrix(session, name).rows if r.key == row.key)
    except SitrepError as exc:
        status = 404 if exc.message.startswith(("no row", "no hypothesis set")) else 422
        raise HTTPException(status, exc.message) from None
    return {"changed": made, "row": after.to_dict()}


@router.patch(
    "/api/hypotheses/{name}/rows/{row_id}",
    tags=["hypotheses"],
    responses={404: {"description": "No such set or row"}, 422: {"description": "Bad value"}},
)
def edit_row(name: str, row_id: str, body: RowEdit, request: Request, who: Principal = Depends(analyst)):
    """Change cells, reweight, dismiss or restore a row (by its ``r-…`` id or key); audited as ``ach.*``."""
    return _edit(request, name, row_id, body, who)


@router.post("/hypotheses/{name}/edit", include_in_schema=False)
async def edit_form(name: str, request: Request):
    """The matrix page's in-place edit form: CSRF-checked, then back to the matrix."""
    form = await request.form()
    who = require(request, "analyst", csrf=str(form.get("csrf", "")))
    cells = {k[5:]: str(v).upper() for k, v in form.multi_items() if k.startswith("cell-") and str(v)}
    dismissed = {"dismiss": True, "restore": False}.get(str(form.get("action") or ""))
    try:
        body = RowEdit(
            cells=cells,
            relevance=str(form.get("relevance") or "") or None,
            credibility=str(form.get("credibility") or "") or None,
            dismissed=dismissed,
            note=str(form.get("note") or "") or None,
        )
    except ValueError:
        raise HTTPException(422, "cells take CC, C, N, I or II; weights high, medium or low") from None
    await run_in_threadpool(_edit, request, name, str(form.get("row", "")), body, who)
    target = _local(str(form.get("next") or f"/hypotheses/{name}"))
    return RedirectResponse(target, status_code=303)


# -- watch ------------------------------------------------------------------------------------------------


def _watch(request: Request, since: date | None, sets: list[str] | None) -> list[dict[str, Any]]:
    from ...hypotheses import triggers

    with request.app.state.store.sessions() as session:
        return [t.to_dict() for t in triggers(session, since, names=sets or None)]


@router.get("/api/watch", tags=["hypotheses"])
def watch(
    request: Request,
    since: IsoDate | None = Query(None, description="Recorded on or after this day."),
    sets: str | None = Query(None, alias="set", description="Only these hypothesis sets (comma-separated)."),
    who: Principal = Depends(reader),
) -> list[dict[str, Any]]:
    """Facts that newly matched an indicator (recorded once each, newest first; not those present at load)."""
    return _watch(request, since, _names(sets))


def _names(value: str | None) -> list[str] | None:
    names = [n.strip() for n in (value or "").split(",") if n.strip()]
    return names or None


@router.get("/watch", include_in_schema=False)
def watch_page(
    request: Request,
    since: IsoDate | None = None,
    sets: str | None = Query(None, alias="set"),
    who: Principal = Depends(reader),
):
    return page(
        request, "hypotheses_watch.html", _watch(request, since, _names(sets)), who, since=since or ""
    )


def new_triggers(request: Request) -> int:
    """The navigation badge: triggers recorded in the last week. Never breaks a page (0 on any failure)."""
    from sqlalchemy import func, select

    from ...store.tables import HypothesisTrigger
    from ...store.write import now

    try:
        with request.app.state.store.sessions() as session:
            since = now() - timedelta(days=NEW_DAYS)
            return int(
                session.scalar(
                    select(func.count())
                    .select_from(HypothesisTrigger)
                    .where(HypothesisTrigger.initial.is_(False), HypothesisTrigger.detected_at >= since)
                )
                or 0
            )
    except Exception:  # noqa: BLE001 - a badge must not turn a page into an error
        return 0


TEMPLATES.env.globals["watch_count"] = new_triggers
