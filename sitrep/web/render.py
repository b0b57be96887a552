"""Answering a page request: the template, or the same data as JSON (the page's twin)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..model import name_of, names_of
from .auth import ANONYMOUS, CSRF_COOKIE, Principal, principal

# Bidirectional embeddings, overrides and isolates: in article text they can make a sentence read
# backwards or hide what follows ("Trojan source"). Shown as U+FFFD, so one character stays one and
# the reader's offsets hold. Marks (U+200E, U+200F, U+061C) only set a direction and stay.
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)], "\ufffd")


def neutralise(value: Any) -> Any:
    """Every value a template prints, before escaping: bidi controls become U+FFFD."""
    if isinstance(value, str):
        cleaned = value.translate(BIDI_CONTROLS)
        return value if cleaned == value else type(value)(cleaned) if isinstance(value, Markup) else cleaned
    return value


TEMPLATES = Jinja2Templates(
    env=Environment(
        loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),  # every template, always
        finalize=neutralise,
    )
)
TEMPLATES.env.globals.update(name_of=name_of, names_of=names_of)
TEMPLATES.env.filters["bidi"] = neutralise
# Defence in depth behind escaping: no inline script runs, nothing loads from elsewhere.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def wants_json(request: Request) -> bool:
    """``/page.json`` or ``Accept: application/json`` (and not HTML) asks for the JSON twin."""
    if request.scope.get("sitrep_json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def page(
    request: Request, template: str, data: dict[str, Any], who: Principal | None = None, **context: Any
) -> Any:
    """The JSON twin (``data``) or the HTML page rendered from ``data`` and ``context``."""
    if wants_json(request):
        return JSONResponse(data)
    return html(request, template, {"data": data, **context}, who)


def html(
    request: Request, template: str, context: dict[str, Any], who: Principal | None = None, status: int = 200
) -> HTMLResponse:
    nonce = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
    if who is None:
        try:
            who = principal(request)
        except Exception:  # noqa: BLE001 - a bad bearer header on an error page is still anonymous
            who = ANONYMOUS
    context = {
        "request": request,
        "who": who,
        "csrf": request.app.state.keys.csrf_for(nonce),
        "public_read": request.app.state.public_read,
        **context,
    }
    response = TEMPLATES.TemplateResponse(
        request, template, context, status_code=status, headers=SECURITY_HEADERS
    )
    if CSRF_COOKIE not in request.cookies:
        response.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="strict", path="/")
    return response


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return html(request, "error.html", {"status": status, "message": message}, status=status)
