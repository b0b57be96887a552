"""The audit trail: who ingested, re-analysed or reviewed what, and when.

It names reviewers, their notes and the paths articles were read from: it needs a token even on a
server started with ``--public-read``.
"""

# ruff: noqa: B008 - FastAPI declares parameters with Depends()/Query() defaults

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy import func, select

from ...store.tables import AuditEntry
from ..auth import Principal, signed_in_reader
from ..render import page
from .params import Page, paging, query_args

router = APIRouter()


def _audit(request: Request, kind: str | None, key: str | None, p: Page) -> dict[str, Any]:
    query = select(AuditEntry)
    if kind:
        query = query.where(AuditEntry.target_kind == kind)
    if key:
        query = query.where(AuditEntry.target_key == key)
    with request.app.state.store.sessions() as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.scalars(query.order_by(AuditEntry.id.desc()).offset(p.offset).limit(p.limit))
        items = [
            {
                "id": a.id,
                "at": a.at.isoformat(),
                "actor": a.actor,
                "action": a.action,
                "target_kind": a.target_kind,
                "target_key": a.target_key,
                "detail": a.detail,
            }
            for a in rows
        ]
    return {"total": total, "offset": p.offset, "limit": p.limit, "items": items}


@router.get("/api/audit", tags=["review"])
def audit(
    request: Request,
    kind: str | None = Query(None, max_length=16),
    key: str | None = Query(None, max_length=500),
    p: Page = Depends(paging),
    who: Principal = Depends(signed_in_reader),
) -> dict[str, Any]:
    """Audit entries, newest first; a review's ``detail`` holds its before and after. Needs a token."""
    return _audit(request, kind or None, key or None, p)


@router.get("/audit", include_in_schema=False)
def audit_page(
    request: Request,
    kind: str | None = Query(None, max_length=16),
    key: str | None = Query(None, max_length=500),
    p: Page = Depends(paging),
    who: Principal = Depends(signed_in_reader),
):
    data = _audit(request, kind or None, key or None, p)
    return page(request, "audit.html", data, who, args=query_args(request.query_params))
