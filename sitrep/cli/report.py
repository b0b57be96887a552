"""``sitrep report``: the situation report over the bundled samples (or any files)."""

from __future__ import annotations
