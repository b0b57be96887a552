"""The views, one module per group; each module's ``router`` holds its API route and its page."""

from __future__ import annotations

from . import across, audit, documents, explore, facts, hypotheses, session

ROUTERS = [
    session.router,
    documents.router,
    facts.router,
    explore.router,
    audit.router,
    across.router,
    hypotheses.router,
]
