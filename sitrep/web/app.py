"""The application factory: one store, one set of routes, limits and error pages.

``create_app(url)`` is what ``sitrep serve`` runs and what tests drive with FastAPI's TestClient.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..store import open_store
from .auth import Keys
from .render import SECURITY_HEADERS, wants_json

HERE = Path(__file__).resolve().parent
MAX_BODY = 2 * 1024 * 1024  # one article as JSON; a larger body is refused with 413 before it is read


class LimitsAndTwins:
    """ASGI middleware: bodies over ``max_body`` get 413; ``/page.json`` is served as ``/page`` in JSON.

    The size check covers both a declared Content-Length and a body that streams past the limit.
    """

    def __init__(self, app, max_body: int) -> None:
        self.app, self.max_body = app, max_body

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"]
        if path.endswith(".json") and not path.startswith(("/static/", "/api/", "/openapi")):
            scope = {**scope, "path": path[: -len(".json")] or "/", "sitrep_json": True}
            scope["raw_path"] = scope["path"].encode()
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (
            not (length.isascii() and length.isdigit()) or int(length) > self.max_body
        ):
            return await _too_large(send, self.max_body)
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await _too_large(send, self.max_body)


class SecurityHeaders:
    """ASGI middleware: the CSP and its companions on every answer (pages, API, static files, errors)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


# Swagger UI sets element styles as it draws; its scripts still come from this server only.
DOCS_CSP = SECURITY_HEADERS["Content-Security-Policy"].replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)


def _docs(request: Request):
    """The API's description in the vendored Swagger UI (works offline)."""
    from .render import TEMPLATES

    return TEMPLATES.TemplateResponse(
        request, "docs.html", {}, headers={**SECURITY_HEADERS, "Content-Security-Policy": DOCS_CSP}
    )


class _TooLarge(StarletteHTTPException):
    """Raised from inside ``receive``: FastAPI passes HTTP exceptions through its body parsing."""

    def __init__(self) -> None:
        super().__init__(413, "request body over the size limit")


async def _too_large(send, limit: int) -> None:
    body = f'{{"detail":"request body over the limit of {limit} bytes"}}'.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def create_app(
    store_url: str | None,
    *,
    public_read: bool = False,
    pipeline: Any = None,
    max_body: int = MAX_BODY,
    allow_private_urls: bool = False,
) -> FastAPI:
    """The sitrep web app over the store at ``store_url``.

    ``pipeline`` (tests) replaces the spaCy pipeline that ingest otherwise loads on first use;
    ``public_read`` lets requests without a token read (never write).
    """
    # Swagger UI is served from the vendored copy (``/docs``, below), never from a CDN; no ReDoc.
    app = FastAPI(title="sitrep", version=_version(), description=__doc__, docs_url=None, redoc_url=None)
    app.state.store = open_store(store_url)
    app.state.public_read = public_read
    app.state.keys = Keys()
    app.state.pipeline = pipeline
    app.state.pipeline_lock = threading.Lock()
    app.state.allow_private_urls = allow_private_urls
    app.state.max_body = max_body
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    from .views import ROUTERS

    for router in ROUTERS:
        app.include_router(router)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_middleware(LimitsAndTwins, max_body=max_body)
    app.add_middleware(SecurityHeaders)
    app.add_api_route("/docs", _docs, methods=["GET"], include_in_schema=False)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    threading.Thread(target=_warm, name="sitrep-warm", daemon=True).start()
    return app


def settle_memory() -> None:
    """For a long-running server: load what every page shares, then exempt it from garbage collection.

    A page over a few thousand facts makes ~100,000 short-lived objects; with the knowledge base and
    the model tables in the tracked heap, each full collection they trigger walked all of it (200 ms,
    the map's p95). Frozen, the shared heap is never walked again, and a larger first generation lets
    a request's objects die young instead of being promoted.
    """
    import gc

    _warm()
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def _warm() -> None:
    """Build, off the request path, what the first map would otherwise wait for (capitals: 0.7 s)."""
    from .views.explore import capitals

    capitals()


class FieldError(BaseModel):
    field: str
    message: str


class ErrorOut(BaseModel):
    """Every error answer: a message to show, and for a validation error each bad field."""

    detail: str
    errors: list[FieldError] | None = None


_ERRORS = {
    400: "The body is not valid JSON text (for example not UTF-8)",
    401: "No token, or an invalid or revoked one",
    403: "The token's role is too small (or a browser write without its CSRF token)",
    404: "No such item",
    413: "Request body over the size limit",
    422: "Invalid input; `errors` names each bad field",
}


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, with the error answers this app really gives declared on every API operation.

    Errors share one body (``ErrorOut``), not FastAPI's default validation error, because the
    handlers below answer ``{"detail": message, "errors": [...]}``.
    """
    if app.openapi_schema:
        return app.openapi_schema
    schema = FastAPI.openapi(app)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, definition in ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}").items():
        if name == "$defs":
            components.update(definition)
    components["ErrorOut"] = {
        k: v
        for k, v in ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}").items()
        if k != "$defs"
    }
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for path, operations in schema.get("paths", {}).items():
        for op in operations.values():
            codes = [422]
            if path != "/api/whoami":
                codes += [401, 403]
            if "{" in path:
                codes.append(404)
            if "requestBody" in op:
                codes += [400, 413]
            responses = op.setdefault("responses", {})
            for code in codes:
                responses.setdefault(str(code), {"description": _ERRORS[code]})
            for code, entry in responses.items():
                if code.isdigit() and int(code) >= 400:
                    entry["content"] = error
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    app.openapi_schema = schema
    return schema


async def _http_error(request: Request, exc: StarletteHTTPException):
    if exc.status_code == 405:
        exc.headers = {**(exc.headers or {}), "Allow": _allowed(request)}
    if exc.status_code == 401 and not request.url.path.startswith("/api/") and not wants_json(request):
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    if not request.url.path.startswith("/api/") and not wants_json(request):
        from .render import error_page

        return error_page(request, exc.status_code, str(exc.detail))
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)


def _allowed(request: Request) -> str:
    """Every method some route serves at this path: Starlette's 405 names only the first route's."""
    path = request.url.path
    methods = {m for r in _routes(request.app.routes) if r.path_regex.match(path) for m in r.methods or ()}
    return ", ".join(sorted(methods))


def _routes(routes):
    """Routes with methods, looking inside included routers (FastAPI keeps them whole)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _routes(inner.routes)
        elif getattr(route, "methods", None) and hasattr(route, "path_regex"):
            yield route


async def _validation_error(request: Request, exc: RequestValidationError):
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body"), "message": e.get("msg", "")}
        for e in exc.errors()
    ]
    message = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return JSONResponse({"detail": message or "invalid request", "errors": errors}, status_code=422)


def _version() -> str:
    from .. import __version__

    return __version__
