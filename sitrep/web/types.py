"""Value types the API's schema and its validation agree on.

Pydantic's lax dates take numbers as Unix timestamps (``until=0`` is 1970-01-01) and several
ISO 8601 shapes; the schema promises ``format: date``, so only ``YYYY-MM-DD`` text is a date here.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise ValueError("a date in YYYY-MM-DD form")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_day)]
