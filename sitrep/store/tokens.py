"""API tokens of the web face: created, found, listed and revoked here, for the CLI and the server alike.

Tokens are ``secrets.token_urlsafe`` values; the database keeps only their SHA-256, so a copy of the
database grants nothing. Roles are ordered: reader (GET) < analyst (review, ingest) < admin (tokens).
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from .engine import Store
from .tables import ApiToken
from .write import now

ROLES = ("reader", "analyst", "admin")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(store: Store, name: str, role: str) -> str:
    """A new token for ``name`` with ``role``. The token itself is returned once and never stored."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    token = secrets.token_urlsafe(32)
    with store.transaction() as session:
        session.add(
            ApiToken(name=name, role=role, token_hash=hash_token(token), created_at=now(), revoked=False)
        )
    return token


def find_token(store: Store, token: str) -> ApiToken | None:
    """The live token row for a presented token, or None (unknown or revoked)."""
    with store.sessions() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    return row if row is not None and not row.revoked else None


def token_by_id(store: Store, token_id: int) -> ApiToken | None:
    with store.sessions() as session:
        row = session.get(ApiToken, token_id)
    return row if row is not None and not row.revoked else None


def list_tokens(store: Store) -> list[ApiToken]:
    """Every token row, revoked ones too, oldest first (holders and roles; the hashes stay inside)."""
    with store.sessions() as session:
        return list(session.scalars(select(ApiToken).order_by(ApiToken.id)))


def revoke_token(store: Store, token_id: int) -> bool:
    """Revoke a token; False when there is no such token."""
    with store.transaction() as session:
        row = session.get(ApiToken, token_id)
        if row is None:
            return False
        row.revoked = True
    return True
