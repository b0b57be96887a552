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

from ..model import Event, name_of
from ..store import facts
from ..store.tables import EntityRow
from .contradictions import Contradiction, contradictions
from .forecasting import states
from .state import StoredCluster, cluster_page


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
    found = cluster_page(session, since=since, until=until, min_reports=1, limit=None).items
    mine = [c for c in found if any(_involves(e, c.names, ids, countries) for e in c.events)]
    clashes = [
        x
        for x in contradictions(session, since=since, until=until, limit=None).items
        if x.cluster in {c.id for c in mine}
    ]
    weeks: dict[str, list[dict]] = defaultdict(list)
    for c in sorted(mine, key=lambda c: (c.start or date.max, c.id)):
        if c.start is None:
            continue
        year, week, _ = c.start.isocalendar()
        weeks[f"{year}-W{week:02d}"].append(_event_line(c))
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


def _involves(e: Event, names: facts.Page, ids: set[str], countries: set[str]) -> bool:
    """The actor, or someone of its country, acts or is acted on."""
    for p in e.actors + e.recipients:
        entity = names.entity(p)
        if p in ids or (entity is not None and entity.country in countries):
            return True
    return False


def _event_line(c: StoredCluster) -> dict:
    best = min(c.events, key=lambda e: (e.time is None, e.stored.key))
    return {
        "cluster": c.id,
        "key": best.stored.key,
        "document": best.stored.document,
        "date": _iso(c.start),
        "type": c.type,
        "sentence": best.evidence.sentence.strip(),
        "sources": c.sources,
        "reports": len(c.documents),
        "independent": c.independent,
        "grade": c.grade,
    }


def _clash(c: Contradiction) -> dict:
    return c.to_dict()


def _src(source) -> str:
    return f"{source.source or source.title or source.document}, {_iso(source.published) or 'undated'}"


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
