"""The Russian and Ukrainian front end: the same stages as the English pipeline, the same model objects.

``slavic.parse`` reads the words (natasha for Russian, pymorphy3 for Ukrainian); the stages after it
read :class:`~sitrep.pipeline.slavic.parse.Parsed` and the knowledge files ``*_ru.yaml`` / ``*_uk.yaml``,
and link every name to the identities the English pipeline uses (``country:RUS``, ``place:kherson``).
"""

from __future__ import annotations

from . import entities, events, forecasts, parse, quantities, statements, times  # noqa: F401  (registers the stages)
