"""Errors of the store, in sitrep's one hierarchy (codes E1xx)."""

from __future__ import annotations

from ..errors import SitrepError


class StoreError(SitrepError):
    """The database cannot be used as asked: wrong revision, unreachable, not a sitrep database."""

    code = "E101"
