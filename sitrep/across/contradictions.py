"""Reports that disagree, each disagreement with both sentences, their outlets and grades.

A contradiction is only ever between independent reports of one happening (a cluster), on one
attribute, or between a happening and its denial:

* **count**: the same thing counted differently, bounds and qualifiers respected ("about 4,000" and
  "up to 9,000" troops differ; "at least 10" and "12" dead do not). Ranked first: casualties, then
  forces (``across.yaml``, ``count_groups``), then anything else counted.
* **denial**: a negated event that matches a happening as a report of it would ("Iran denied that it
  supplied drones to Russia" against "Iran supplied drones to Russia in August"); each denial is set
  against the happenings it matches best, never against everything of its type.
* **date**, **place**, **actor**: reports of one happening that give different days, places or
  perpetrators, where the rest agreed strongly enough to call it one happening (see ``clustering``).

One contradiction per cluster and attribute: the two reports furthest apart stand for their sides,
and the other reports on each side are listed with them. Copies of one story never contradict each other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import combinations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..knowledge import load_knowledge_base
from ..model import Event
from ..store import facts
from ..store.tables import ContradictionRow
from .clustering import Cluster, ClusterIndex, compare, distance_km, independent_groups
from .keys import EventKey, rules


@dataclass
class Contradiction:
    kind: str  # count | denial | date | place | actor
    rank: int  # lower first: 1 casualties, 2 forces, 3 other counts and denials, 4 dates ...
    detail: str
    cluster: str
    a: str  # event keys: one side and the other (for a denial, ``b`` is the denial)
    b: str
    others_a: list[str] = field(default_factory=list)
    others_b: list[str] = field(default_factory=list)
    day: date | None = None
    # Filled when read from the store for a face:
    event_a: Event | None = None
    event_b: Event | None = None
    names: facts.Page | None = None
    speaker: str | None = None  # who denied, for a denial read from a statement

    @property
    def date(self) -> date | None:
        return self.day

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "rank": self.rank,
            "detail": self.detail,
            "cluster": self.cluster,
            "date": self.day.isoformat() if self.day else None,
            "speaker": self.speaker,
            "a": side(self.event_a, self.a, self.others_a),
            "b": side(self.event_b, self.b, self.others_b),
        }


def side(e: Event | None, key: str, others: list[str]) -> dict:
    s = e.stored if e is not None else None
    return {
        "key": key,
        "document": s.document if s else None,
        "source": s.source if s else None,
        "grade": s.grade if s else None,
        "published": s.published.isoformat() if s and s.published else None,
        "type": e.type if e else None,
        "modality": e.modality if e else None,
        "start": s.date_start.isoformat() if s and s.date_start else None,
        "sentence": e.evidence.sentence.strip() if e else "",
        "also": list(others),
    }


# -- inside one cluster ---------------------------------------------------------------------------------


def in_cluster(c: Cluster) -> list[Contradiction]:
    """Counts, dates, places and perpetrators that differ between independent reports of one happening."""
    if len(c.members) < 2:
        return []
    report = independent_groups(c.members)
    differs = {d for link in c.links for d in link.differs}
    out = _counts(c, report)
    for kind, clash, gap in (
        ("date", _dates_clash, lambda x, y: abs(x.lo - y.lo)),
        ("place", _places_clash, lambda x, y: distance_km(x.place, y.place)),
        ("actor", _actors_clash, lambda x, y: 0),
    ):
        if kind != "date" and kind not in differs:
            continue  # a cluster only holds different places or actors when a link tolerated them
        pairs = [
            (x, y) for x, y in combinations(c.members, 2) if report[x.key] != report[y.key] and clash(x, y)
        ]
        if pairs:
            x, y = sorted(max(pairs, key=lambda p: gap(*p)), key=lambda m: (m.lo, m.key))
            out.append(_make(kind, rules().ranks[kind], _describe(kind, x, y), c, x, y, clash))
    return out


def _counts(c: Cluster, report: dict[str, int]) -> list[Contradiction]:
    by_thing: dict[str, list[EventKey]] = defaultdict(list)
    for m in c.members:
        if m.count is not None:
            by_thing[m.count.thing].append(m)
    out = []
    for _thing, ms in sorted(by_thing.items()):
        pairs = [
            (x, y) for x, y in combinations(ms, 2) if report[x.key] != report[y.key] and _counts_clash(x, y)
        ]
        if not pairs:
            continue
        x, y = max(pairs, key=lambda p: _count_gap(*p))
        x, y = sorted((x, y), key=lambda m: (m.count.lo, m.key))
        detail = f"{x.count.text} vs {y.count.text}"
        out.append(_make("count", x.count.rank, detail, c, x, y, _counts_clash, ms))
    return out


def _make(kind, rank, detail, c: Cluster, x: EventKey, y: EventKey, clash, pool=None) -> Contradiction:
    """The contradiction with the reports on each side: those that agree with one and clash with the other."""
    pool = c.members if pool is None else pool
    rest = [m for m in pool if m.key not in (x.key, y.key)]
    return Contradiction(
        kind,
        rank,
        detail,
        c.id,
        x.key,
        y.key,
        [m.key for m in rest if clash(m, y) and not clash(m, x)],
        [m.key for m in rest if clash(m, x) and not clash(m, y)],
        c.start,
    )


def _counts_clash(x: EventKey, y: EventKey) -> bool:
    a, b = x.count, y.count
    return a is not None and b is not None and a.thing == b.thing and (a.hi < b.lo or b.hi < a.lo)


def _count_gap(x: EventKey, y: EventKey) -> float:
    a, b = x.count, y.count
    return max(a.lo, b.lo) - min(a.hi, b.hi)


def _dates_clash(x: EventKey, y: EventKey) -> bool:
    fore = x.precise and y.precise and not x.background and not y.background
    return fore and (x.hi < y.lo or y.hi < x.lo)


def _places_clash(x: EventKey, y: EventKey) -> bool:
    p, q = x.place, y.place
    if p is None or q is None or not (p.pinned and q.pinned) or p.id == q.id:
        return False
    return distance_km(p, q) > max(p.radius_km, q.radius_km)


def _actors_clash(x: EventKey, y: EventKey) -> bool:
    return bool(x.actor_countries and y.actor_countries and not x.actor_countries & y.actor_countries)


def _describe(kind: str, x: EventKey, y: EventKey) -> str:
    if kind == "date":
        return f"{_span(x)} vs {_span(y)}"
    if kind == "place":
        return f"{_name(x.place.id)} vs {_name(y.place.id)} ({distance_km(x.place, y.place):.0f} km apart)"
    return f"{_names(x.actor_countries)} vs {_names(y.actor_countries)}"


def _span(e: EventKey) -> str:
    return e.start.isoformat() if e.lo == e.hi else f"{e.start.isoformat()}..{e.end.isoformat()}"


def _name(entity_id: str) -> str:
    entry = load_knowledge_base().get(entity_id)
    return entry.name if entry else entity_id.split(":", 1)[-1]


def _names(countries: frozenset[str]) -> str:
    return ", ".join(sorted(_name(f"country:{c}") for c in countries))


# -- denials ----------------------------------------------------------------------------------------------


MAX_DENIED = 3  # a denial is set against at most this many happenings, the best matches


def denials(clusters: Sequence[Cluster], denied: Sequence[EventKey]) -> list[Contradiction]:
    """Each denial against the happenings it matches best, as a report of them would match."""
    index = ClusterIndex(clusters)
    need = rules().denial_threshold
    out = []
    for d in denied:
        best = []
        for c in index.candidates(d):
            top = None
            for m in c.members[:50]:
                if m.document == d.document or m.published > d.published:
                    continue  # a denial answers what was reported before it
                cmp = compare(d, m)
                if (
                    d.type == m.type
                    and cmp.same(need)
                    and _anchored(cmp)
                    and (top is None or cmp.score > top[0])
                ):
                    top = (cmp.score, m, cmp)
            if top is not None:
                best.append((top, c))
        if not best:
            continue
        high = max(t[0] for t, _ in best)
        chosen = sorted((x for x in best if x[0][0] == high), key=lambda x: (-len(x[1].members), x[1].id))
        for (_score, m, cmp), c in chosen[:MAX_DENIED]:
            reports = len(set(independent_groups(c.members).values()))
            detail = f"told by {reports} report(s), denied; agreed: {', '.join(cmp.agreed)}"
            others = [x.key for x in c.members if x.key != m.key]
            out.append(
                Contradiction(
                    "denial", rules().ranks["denial"], detail, c.id, m.key, d.key, others, [], c.start
                )
            )
    return out


def _anchored(c) -> bool:
    """A denial names what it denies: the same person or place, or both sides' countries."""
    pinned = any(a.startswith("place") and "country" not in a and "region" not in a for a in c.agreed)
    return c.named or "dyad" in c.agreed or pinned


# -- from the store -------------------------------------------------------------------------------------------


def contradictions(
    session: Session,
    *,
    since: date | None = None,
    until: date | None = None,
    kind: str | None = None,
    cluster: str | None = None,
    limit: int | None = 100,
    offset: int = 0,
) -> facts.Page[Contradiction]:
    """Stored contradictions, most important first (casualty and force counts, then denials, dates,
    places, actors; newest first within a rank), with both events read through the one reader of facts.

    A contradiction one of whose events an analyst rejected is left out of the page (not of the total)."""
    from .state import memory

    mem = memory(session)
    if mem is not None:
        chosen = [
            c
            for c in mem.contradictions
            if (not since or (c.day and c.day >= since))
            and (not until or (c.day and c.day <= until))
            and (not kind or c.kind == kind)
            and (not cluster or c.cluster == cluster)
        ]
        chosen.sort(key=lambda c: (c.rank, -(c.day or date.min).toordinal(), c.cluster, c.a, c.b))
        total, found = len(chosen), chosen[offset : offset + limit if limit else None]
    else:
        query = select(ContradictionRow)
        if since:
            query = query.where(ContradictionRow.day >= since)
        if until:
            query = query.where(ContradictionRow.day <= until)
        if kind:
            query = query.where(ContradictionRow.kind == kind)
        if cluster:
            query = query.where(ContradictionRow.cluster_id == cluster)
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        order = (ContradictionRow.rank, ContradictionRow.day.desc(), ContradictionRow.id)
        query = query.order_by(*order).offset(offset)
        found = [_from_row(r) for r in session.scalars(query.limit(limit) if limit else query)]
    found = [replace(c) for c in found]
    attach(session, found)
    found = [c for c in found if c.event_a is not None and c.event_b is not None]
    return facts.Page(found, total=total, offset=offset, limit=limit)


def _from_row(r: ContradictionRow) -> Contradiction:
    return Contradiction(
        r.kind,
        r.rank,
        r.detail,
        r.cluster_id,
        r.event_a,
        r.event_b,
        list(r.others_a),
        list(r.others_b),
        r.day,
    )


def attach(session: Session, found: list[Contradiction]) -> None:
    """Both events of each contradiction, decisions applied, and the speaker of each denial."""
    keys = sorted({k for c in found for k in (c.a, c.b)})
    if not keys:
        return
    page = facts.events(session, facts.EventFilter(keys=keys), limit=None)
    by_key = {e.stored.key: e for e in page.items}
    speakers = _speakers(session, [by_key[c.b] for c in found if c.kind == "denial" and c.b in by_key])
    for c in found:
        c.event_a, c.event_b, c.names = by_key.get(c.a), by_key.get(c.b), page
        if c.kind == "denial" and c.event_b is not None:
            c.speaker = speakers.get(c.b)


def _speakers(session: Session, denying: list[Event]) -> dict[str, str]:
    """Who denied: the speaker of the statement each negated event was read from."""
    wanted = [e for e in denying if e.statement]
    out: dict[str, str] = {}
    for doc in {e.stored.document for e in wanted}:
        said = facts.statements(session, document=doc, limit=None)
        by_id = {s.id: s for s in said.items}
        for e in wanted:
            s = by_id.get(e.statement) if e.stored.document == doc else None
            if s is not None:
                out[e.stored.key] = s.speaker_text or s.speaker or ""
    return out


def contradicted(session: Session, cluster_ids: list[str]) -> set[str]:
    """The clusters among these that hold a contradiction (their credibility is at best 3)."""
    if not cluster_ids:
        return set()
    rows = session.scalars(
        select(ContradictionRow.cluster_id).where(ContradictionRow.cluster_id.in_(cluster_ids)).distinct()
    )
    return set(rows)
