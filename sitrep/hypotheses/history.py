"""Time travel: the matrix from the facts known by a date, and its series week by week.

Known by a date means published by then: a fact reported on 1 December about October is not
known on 1 November. The series matches every indicator once and filters by publication date in
Python, so a year of weeks costs one set of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from .sets import assemble, find, get_set


@dataclass
class Point:
    date: date
    leading: str
    inconsistency: dict[str, float]
    posterior: dict[str, float]
    rows: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "leading": self.leading,
            "rows": self.rows,
            "inconsistency": {h: round(v, 4) for h, v in self.inconsistency.items()},
            "posterior": {h: round(v, 4) for h, v in self.posterior.items()},
        }


def weeks(first: date, last: date) -> list[date]:
    """Sundays (ISO week ends) from the week of ``first`` to the week of ``last``."""
    day = first + timedelta(days=6 - first.weekday())
    out = []
    while True:
        out.append(day)
        if day >= last:
            return out
        day += timedelta(days=7)


def series(session: Session, name: str, until: date | None = None) -> list[Point]:
    """The matrix at the end of each week from the first matching fact's publication to ``until``."""
    spec = get_set(session, name)
    found = find(session, spec, until)
    dated = [f.stored.published for _, f in found if f.stored and f.stored.published]
    if not dated:
        return []
    out = []
    for day in weeks(min(dated), until or max(dated)):
        known = [(i, f) for i, f in found if f.stored and f.stored.published and f.stored.published <= day]
        m = assemble(session, spec, known, day)
        active = sum(1 for r in m.rows if not r.dismissed)
        out.append(Point(day, m.leading, m.scores.inconsistency, m.scores.posterior, active))
    return out
