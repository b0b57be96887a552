"""The web face: a REST API and a server-rendered analyst's UI over the store.

Every HTML page has a JSON twin at the same address (``.json`` or ``Accept: application/json``),
as in Datasette: the UI is a thin reading of the API, not a second program.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
