"""The after-ingest hooks: work that must see every change to the stored facts, whichever face made it.

``config.AFTER_INGEST`` names them (``"module:function"``, loaded by name so the store never imports
the layers above it). Each takes ``(session, document_keys)`` and runs in a transaction of its own
after an ingest, a re-analysis, or an analyst's review of a fact of those documents (a rejected event
leaves its cluster, an entity merge joins the clusters of both names).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from ..config import AFTER_INGEST
from .engine import Store


def run(store: Store, keys: Sequence[str], names: Sequence[str] = AFTER_INGEST) -> dict[str, Any]:
    """Every hook once over the documents ``keys``; what each returned, by name."""
    out: dict[str, Any] = {}
    if not keys:
        return out
    for name in names:
        module, _, function = name.partition(":")
        hook = getattr(importlib.import_module(module), function)
        with store.transaction() as session:
            out[name] = hook(session, list(dict.fromkeys(keys)))
    return out
