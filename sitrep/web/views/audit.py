"""The audit trail: who ingested, re-analysed or reviewed what, and when."""

# ruff: noqa: B008 - FastAPI declares parameters with Depends()/Query() defaults

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from .. import records
from ..auth import Principal, reader
from ..render import page
from .params import Page, paging

router = APIRouter()


def _audit(request: Request, kind: str | None, key: str | None, p: Page) -> list[dict[str, Any]]:
    with request.app.state.store.sessions() as session:
        return records.audit(session, kind=kind or None, key=key or None, limit=p.limit, offset=p.offset)


@router.get("/api/audit", tags=["review"])
def audit(
    request: Request,
    kind: str | None = Query(None, max_length=16),
    key: str | None = Query(None, max_length=500),
    p: Page = Depends(paging),
    who: Principal = Depends(reader),
) -> list[dict[str, Any]]:
    """Audit entries, newest first; a review's ``detail`` holds its before and after."""
    return _audit(request, kind, key, p)


@router.get("/audit", include_in_schema=False)
def audit_page(
    request: Request,
    kind: str | None = Query(None, max_length=16),
    key: str | None = Query(None, max_length=500),
    p: Page = Depends(paging),
    who: Principal = Depends(reader),
):
    return page(request, "audit.html", _audit(request, kind, key, p), who)
