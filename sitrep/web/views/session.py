"""Signing in and out of the browser UI, and the admin's token API."""

# ruff: noqa: B008 - FastAPI declares parameters with Depends()/Query() defaults

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from pydantic import Field
from sqlalchemy import select

from ...store.tables import ApiToken
from ...store.tokens import create_token, find_token
from ..auth import SESSION_COOKIE, Principal, admin, principal
from ..render import html
from ..types import Body
from .facts import _local

router = APIRouter()


@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: str = "/"):
    return html(request, "login.html", {"next": _local(next), "failed": False})


@router.post("/login", include_in_schema=False)
async def login(request: Request):
    """A token typed once becomes a signed session cookie (HttpOnly, SameSite=Strict)."""
    form = await request.form()
    keys = request.app.state.keys
    if not keys.csrf_ok(request, str(form.get("csrf", ""))):
        raise HTTPException(403, "missing or wrong CSRF token: reload the login page")
    row = find_token(request.app.state.store, str(form.get("token", "")).strip())
    target = _local(str(form.get("next") or "/"))
    if row is None:
        return html(request, "login.html", {"next": target, "failed": True}, status=401)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE, keys.session_value(row.id), httponly=True, samesite="strict", path="/"
    )
    return response


@router.post("/logout", include_in_schema=False)
async def logout(request: Request):
    form = await request.form()
    if not request.app.state.keys.csrf_ok(request, str(form.get("csrf", ""))):
        raise HTTPException(403, "missing or wrong CSRF token")
    request.app.state.keys.end_session(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


class TokenIn(Body):
    name: str = Field(..., min_length=1, max_length=200)
    role: Literal["reader", "analyst", "admin"]


@router.post("/api/tokens", status_code=201, tags=["tokens"])
def new_token(body: TokenIn, request: Request, who: Principal = Depends(admin)) -> dict[str, Any]:
    """A new token (admin only). The token is in this answer once; only its hash is stored."""
    token = create_token(request.app.state.store, body.name, body.role)
    return {"name": body.name, "role": body.role, "token": token}


@router.get("/api/tokens", tags=["tokens"])
def tokens(request: Request, who: Principal = Depends(admin)) -> list[dict[str, Any]]:
    """Token holders and roles (never the tokens)."""
    with request.app.state.store.sessions() as session:
        rows = session.scalars(select(ApiToken).order_by(ApiToken.id))
        return [
            {
                "id": t.id,
                "name": t.name,
                "role": t.role,
                "created_at": t.created_at.isoformat(),
                "revoked": t.revoked,
            }
            for t in rows
        ]


@router.get("/api/whoami", tags=["tokens"])
def whoami(request: Request) -> dict[str, Any]:
    """Who the server takes the caller to be, and whether reads are open without a token."""
    who = principal(request)
    return {"name": who.name, "role": who.role, "public_read": request.app.state.public_read}
