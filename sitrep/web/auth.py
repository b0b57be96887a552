"""Who is asking: bearer tokens for the API, a signed session cookie and CSRF tokens for the forms.

Tokens live in the store (:mod:`sitrep.store.tokens`, hashed). Roles are ordered: reader (GET) <
analyst (review, ingest) < admin (tokens).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from fastapi import HTTPException, Request

from ..store import Store
from ..store.tokens import ROLES, find_token
from ..store.tokens import token_by_id as _token_by_id

SESSION_COOKIE = "sitrep_session"
CSRF_COOKIE = "sitrep_csrf"
SESSION_SECONDS = 12 * 3600


@dataclass(frozen=True)
class Principal:
    name: str
    role: str | None  # None: anonymous
    via: str  # token | session | anonymous

    def can(self, role: str) -> bool:
        return self.role is not None and ROLES.index(self.role) >= ROLES.index(role)


ANONYMOUS = Principal("anonymous", None, "anonymous")


class Keys:
    """The server's signing secret for sessions and CSRF; new at every start, so restarts log everyone out."""

    def __init__(self, secret: bytes | None = None) -> None:
        self.secret = secret or secrets.token_bytes(32)

    def sign(self, value: str) -> str:
        return hmac.new(self.secret, value.encode("utf-8"), hashlib.sha256).hexdigest()

    def session_value(self, token_id: int) -> str:
        payload = f"{token_id}.{int(time.time()) + SESSION_SECONDS}"
        return f"{payload}.{self.sign('session:' + payload)}"

    def session_token_id(self, value: str) -> int | None:
        payload, _, sig = value.rpartition(".")
        token_id, _, expires = payload.partition(".")
        if not hmac.compare_digest(sig, self.sign("session:" + payload)):
            return None
        if (
            not (token_id.isascii() and expires.isascii() and token_id.isdigit() and expires.isdigit())
            or int(expires) < time.time()
        ):
            return None
        return int(token_id)

    def csrf_for(self, nonce: str) -> str:
        return self.sign("csrf:" + nonce)

    def csrf_ok(self, request: Request, given: str | None) -> bool:
        nonce = request.cookies.get(CSRF_COOKIE)
        return bool(nonce and given) and hmac.compare_digest(self.csrf_for(nonce), given or "")


def principal(request: Request) -> Principal:
    """The caller: a bearer token, else the session cookie, else anonymous. A bad token is a 401."""
    store: Store = request.app.state.store
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        row = find_token(store, token.strip()) if scheme.lower() == "bearer" else None
        if row is None:
            raise HTTPException(401, "invalid or revoked token", headers={"WWW-Authenticate": "Bearer"})
        return Principal(row.name, row.role, "token")
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        token_id = request.app.state.keys.session_token_id(cookie)
        row = _token_by_id(store, token_id) if token_id is not None else None
        if row is not None:
            return Principal(row.name, row.role, "session")
    return ANONYMOUS


def require(request: Request, role: str, csrf: str | None = None) -> Principal:
    """The caller if it holds ``role``: 401 without credentials, 403 with too small a role.

    Reads without a token pass only when the server runs with ``--public-read``. A write through the
    browser session also needs the CSRF token (header ``X-CSRF-Token``), since cookies travel by
    themselves; a bearer header does not.
    """
    who = principal(request)
    if who.role is None:
        if role == "reader" and request.app.state.public_read:
            return who
        raise HTTPException(
            401, "a token is required: Authorization: Bearer <token>", headers={"WWW-Authenticate": "Bearer"}
        )
    if not who.can(role):
        raise HTTPException(403, f"this needs the {role} role; {who.name} is {who.role}")
    if who.via == "session" and request.method not in ("GET", "HEAD", "OPTIONS"):
        given = csrf if csrf is not None else request.headers.get("x-csrf-token")
        if not request.app.state.keys.csrf_ok(request, given):
            raise HTTPException(403, "missing or wrong CSRF token")
    return who


def reader(request: Request) -> Principal:
    return require(request, "reader")


def analyst(request: Request) -> Principal:
    return require(request, "analyst")


def admin(request: Request) -> Principal:
    return require(request, "admin")
