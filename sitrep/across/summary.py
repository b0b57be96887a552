"""A situation summary for one actor: dated, sourced, graded; what an analyst reads first in the morning.

Key events are clusters (one happening, many reports) the actor takes part in, by ISO week, each with its
sources and the credibility corroboration earns it (see ``reliability.corroborated``). Statements are
those of the actor or of speakers of its country; forecasts those made by them or naming the actor.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..model import name_of
from ..store import facts
from ..store.tables import EntityRow
from .clustering import Cluster, cluster, overrides
from .contradictions import Contradiction, denials, in_clusters
from .events import load_events
from .forecasting import states
from .reliability import cluster_grade, grades


@dataclass
class Summary:
    actor: str
    since: date | None
    until: date | None
    weeks: dict[str, list[dict]] = field(default_factory=dict)  # ISO week -> key events
    statements: dict[str, list[dict]] = field(default_factory=dict)  # speaker -> statements
    forecasts: list[dict] = field(default_factory=list)
    contradictions: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "actor": self.actor,
            "since": _iso(self.since),
            "until": _iso(self.until),
            "weeks": self.weeks,
            "statements": self.statements,
            "forecasts": self.forecasts,
            "contradictions": self.contradictions,
        }

    def text(self) -> str:
        """The digest as plain text (Markdown), dated and sourced line by line."""
        span = f"{_iso(self.since) or 'the beginning'} to {_iso(self.until) or 'today'}"
        out = [f"# Situation: {self.actor}, {span}", "", "## Key events by week"]
        for week, items in self.weeks.items():
            out.append(f"### {week}")
            out += [
                f"- {i['date']} {i['type']}: {i['sentence']} [{', '.join(i['sources'])}; "
                f"{i['reports']} report(s), grade {i['grade']}]"
                for i in items
            ]
        out += ["", "## Statements by speaker"]
        for speaker, items in self.statements.items():
            out.append(f"### {speaker}")
            out += [f"- {i['date']} {i['act']}: {i['content']} [{i['source']}]" for i in items]
        out += ["", "## Open forecasts"]
        out += [
            f"- {f['by'] or '?'} ({f['made']}, window {f['window']}, {f['status']}): {f['claim']} "
            f"[{f['source']}]"
            for f in self.forecasts
        ] or ["- none"]
        out += ["", "## Contradictions"]
        out += [
            f'- {c["kind"]} {c["detail"]}: "{c["a"]["sentence"]}" [{c["a"]["source"]}] vs '
            f'"{c["b"]["sentence"]}" [{c["b"]["source"]}]'
            for c in self.contradictions
        ] or ["- none"]
        return "\n".join(out) + "\n"


def summary(
    session: Session,
    actor: str,
    *,
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
) -> Summary:
    ids = set(facts.resolve(session, actor))
    countries = {c for c in session.scalars(select(EntityRow.country).where(EntityRow.id.in_(ids))) if c}
    out = Summary(actor, since, until)
    events = load_events(session, since=since, until=until)
    found = cluster(events, overrides(session))
    mine = [
        c
        for c in found
        if any(_involves(e.actors + e.recipients, e.countries, ids, countries) for e in c.events)
    ]
    outlet_grades = grades(session, "source")
    contradicted = set()
    negated = load_events(session, since=since, until=until, modalities=("negated",))
    clashes = in_clusters([c for c in mine if len(c.documents) > 1])
    clashes += [d for d in denials(events, negated) if _involves(d.a.actors, d.a.countries, ids, countries)]
    contradicted = {c.cluster for c in clashes if c.cluster}
    weeks: dict[str, list[dict]] = defaultdict(list)
    for c in mine:
        if c.start is None:
            continue
        year, week, _ = c.start.isocalendar()
        weeks[f"{year}-W{week:02d}"].append(_event_line(c, outlet_grades, c.id in contradicted))
    out.weeks = dict(sorted(weeks.items()))
    names = dict(session.execute(select(EntityRow.id, EntityRow.country)).all())
    said = facts.statements(session, since=since, until=until, limit=None)
    for s in reversed(said.items):
        if s.speaker in ids or names.get(s.speaker) in countries:
            out.statements.setdefault(name_of(said, s.speaker, s.speaker_text), []).append(
                {
                    "key": s.stored.key,
                    "document": s.stored.document,
                    "date": _iso(s.stored.date_start),
                    "act": s.act,
                    "content": s.content,
                    "source": _src(s.stored),
                }
            )
    words = {actor.casefold()}
    foreseen = facts.forecasts(session, today=today, limit=None)
    status = states(session, foreseen.items, today or date.today())
    for f in foreseen.items:
        by = name_of(foreseen, f.by) or None
        if status[f.stored.key].startswith("resolved") or not (
            f.by in ids or by == actor or any(w in f.claim.casefold() for w in words)
        ):
            continue
        window = f"{_iso(f.window_start) or '…'}..{_iso(f.window_end) or '…'}"
        out.forecasts.append(
            {
                "key": f.stored.key,
                "document": f.stored.document,
                "by": by,
                "made": _iso(f.made),
                "window": window,
                "status": status[f.stored.key],
                "claim": f.claim,
                "source": _src(f.stored),
            }
        )
    out.contradictions = [_clash(c) for c in clashes]
    return out


def _involves(
    parties: tuple[str, ...], countries_of: dict[str, str], ids: set[str], countries: set[str]
) -> bool:
    return any(p in ids or countries_of.get(p) in countries for p in parties)


def _event_line(c: Cluster, outlet_grades: dict, contradicted: bool) -> dict:
    best = min(c.events, key=lambda e: (not e.explicit, e.key))
    grade = cluster_grade(c.sources, c.corroboration, outlet_grades, contradicted)
    return {
        "cluster": c.id,
        "key": best.key,
        "document": best.document,
        "date": _iso(c.start),
        "type": c.type,
        "sentence": best.sentence,
        "sources": c.sources,
        "reports": len(c.documents),
        "grade": str(grade),
    }


def _clash(c: Contradiction) -> dict:
    return c.to_dict()


def _src(source) -> str:
    return f"{source.source or source.title or source.document}, {_iso(source.published) or 'undated'}"


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
