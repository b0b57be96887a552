"""The views, one module per group; each module's ``router`` holds its API route and its page."""

from __future__ import annotations

from . import audit, documents, explore, facts, session

ROUTERS = [session.router, documents.router, facts.router, explore.router, audit.router]
