"""Value types the API's schema and its validation agree on.

Pydantic's lax dates take numbers as Unix timestamps (``until=0`` is 1970-01-01) and several
ISO 8601 shapes; the schema promises ``format: date``, so only ``YYYY-MM-DD`` text is a date here.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, model_validator

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise ValueError("a date in YYYY-MM-DD form")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_day)]


def unicode_problem(value: Any, where: str = "") -> str | None:
    """Where a JSON value holds a lone surrogate (``"\\ud800"`` is valid JSON, but no character), or None.

    Such text cannot be encoded as UTF-8: the store and the parser would fail on it deep inside.
    """
    if isinstance(value, str):
        for n, ch in enumerate(value):
            if "\ud800" <= ch <= "\udfff":
                return (
                    f"{where or 'body'}: invalid Unicode: a lone surrogate U+{ord(ch):04X} at character {n}"
                )
        return None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list | tuple):
        items = enumerate(value)
    else:
        return None
    for key, inner in items:
        found = unicode_problem(key, where) if isinstance(key, str) else None
        found = found or unicode_problem(inner, f"{where}.{key}" if where else str(key))
        if found:
            return found
    return None


class Body(BaseModel):
    """A request body: text that is no valid Unicode is refused (422 naming the field), never a 500."""

    @model_validator(mode="before")
    @classmethod
    def _valid_unicode(cls, data: Any) -> Any:
        problem = unicode_problem(data)
        if problem:
            raise ValueError(problem)
        return data
