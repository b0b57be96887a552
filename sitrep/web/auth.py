"""Who is asking: bearer tokens for the API, a signed session cookie and CSRF tokens for the forms.

Tokens live in the store (:mod:`sitrep.store.tokens`, hashed). Roles are ordered: reader (GET) <
analyst (review, ingest) < admin (tokens).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
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
    """The server's secret for CSRF tokens and its table of open sessions.

    Sessions live on the server: the cookie holds only a random session id, and signing out removes
    it, so a copied cookie is worthless afterwards. Both are new at every start (restarts log everyone
    out); one ``sitrep serve`` process holds them.
    """

    def __init__(self, secret: bytes | None = None) -> None:
        self.secret = secret or secrets.token_bytes(32)
        self._sessions: dict[str, tuple[int, float]] = {}  # session id -> (token id, expiry)
        self._lock = threading.Lock()

    def sign(self, value: str) -> str:
        return hmac.new(self.secret, value.encode("utf-8"), hashlib.sha256).hexdigest()

    def session_value(self, token_id: int) -> str:
        """A new session for a token: the cookie's value."""
        sid = secrets.token_urlsafe(32)
        with self._lock:
            now_ = time.time()
            self._sessions = {k: v for k, v in self._sessions.items() if v[1] > now_}
            self._sessions[sid] = (token_id, now_ + SESSION_SECONDS)
        return sid

    def session_token_id(self, value: str) -> int | None:
        with self._lock:
            found = self._sessions.get(value)
        if found is None or found[1] < time.time():
            return None
        return found[0]

    def end_session(self, value: str | None) -> None:
        """Signing out: the session is gone on the server, whatever copies of the cookie exist."""
        if value:
            with self._lock:
                self._sessions.pop(value, None)

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


def signed_in_reader(request: Request) -> Principal:
    """A reader who showed a token (or signed in): even with ``--public-read``, the audit trail names
    reviewers, their notes and server paths, which the public does not see."""
    who = principal(request)
    if who.role is None:
        raise HTTPException(
            401,
            "the audit trail needs a token, even on a public server",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return require(request, "reader")


def analyst(request: Request) -> Principal:
    return require(request, "analyst")


def admin(request: Request) -> Principal:
    return require(request, "admin")
