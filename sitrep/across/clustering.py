"""Event merging: reports of one happening from many documents become one cluster, explainably.

Two events from different documents are the same happening when they have the same PLOVER type, no
field disagrees outright (actors, recipients, place, time) and at least two fields agree positively
(actors, recipients, place, quantity), their time windows overlapping. Explicit dates a few days apart
are allowed when actors and place agree: that is a date contradiction, not two happenings. A differing
quantity never splits a cluster either; it is a contradiction too (see ``contradictions``).

Blocking keeps it sub-quadratic: events are only compared inside a block of one type, one ISO week
and one party (an actor's country, else its id; a specific place), and inside a block only while their
time windows overlap (a sweep in date order). Links are single-link with a veto: two groups join only if
no pair across them conflicts. Analysts override with ``merge`` / ``split`` decisions (``cluster_overrides``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.facts import haversine_km
from ..store.tables import ClusterOverride
from ..store.write import now
from ._common import AcrossError, analyst, audit
from .events import EventFact

NEAR_KM = 100.0  # places this close are one place (a city and its suburbs, a front sector)
DATE_SLACK = timedelta(days=3)  # explicit dates this far apart may be one happening misdated
QUANTITY_TOLERANCE = 0.1  # relative difference of counts that still agree
MAX_WEEKS = 10  # an event dated by a longer interval is blocked by its first weeks only
SYMMETRIC = {"CONSULT", "COOPERATE", "AGREE"}  # who met whom: the order of the parties says nothing
MIN_AGREEMENT = 2


@dataclass
class Comparison:
    """Which fields of two events agree, differ (allowed) or conflict (not the same happening)."""

    agreed: list[str] = field(default_factory=list)
    differs: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    @property
    def same(self) -> bool:
        return not self.conflicts and len([a for a in self.agreed if a != "time"]) >= MIN_AGREEMENT


@dataclass
class Link:
    a: str
    b: str
    agreed: list[str]
    differs: list[str]
    by: str = "machine"  # machine | analyst


@dataclass
class Cluster:
    """One happening as told by several reports."""

    id: str
    type: str
    start: date | None
    end: date | None
    events: list[EventFact]
    links: list[Link]
    grade: str = ""  # Admiralty grade: best outlet reliability, credibility earned by corroboration

    @property
    def documents(self) -> list[str]:
        return list(dict.fromkeys(e.document for e in self.events))

    @property
    def sources(self) -> list[str]:
        return sorted({e.source or "(unknown outlet)" for e in self.events})

    @property
    def corroboration(self) -> int:
        """Independent reports: distinct outlets, and copies of one wire story count once."""
        return independent(self.events)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "type": self.type,
            "start": _iso(self.start),
            "end": _iso(self.end),
            "corroboration": self.corroboration,
            "grade": self.grade,
            "sources": self.sources,
            "documents": self.documents,
            "events": [
                {
                    "key": e.key,
                    "document": e.document,
                    "source": e.source,
                    "modality": e.modality,
                    "start": _iso(e.start),
                    "end": _iso(e.end),
                    "sentence": e.sentence,
                }
                for e in self.events
            ],
            "links": [
                {"a": k.a, "b": k.b, "agreed": k.agreed, "differs": k.differs, "by": k.by} for k in self.links
            ],
        }


def independent(events: Iterable[EventFact]) -> int:
    outlets: set[str] = set()
    stories: set[str] = set()
    n = 0
    for e in events:
        outlet = (e.source or f"?{e.document}").casefold()
        if outlet in outlets or e.story in stories:
            continue
        outlets.add(outlet)
        stories.add(e.story)
        n += 1
    return n


# -- comparing two events -------------------------------------------------------------------------------


def compare(a: EventFact, b: EventFact) -> Comparison:
    """Field by field, the way an analyst would set two reports side by side."""
    c = Comparison()
    if a.type != b.type:
        c.conflicts.append("type")
        return c
    if a.type in SYMMETRIC:
        _parties(c, "parties", a.actors + a.recipients, b.actors + b.recipients, a, b)
    else:
        _parties(c, "actors", a.actors, b.actors, a, b)
        _parties(c, "recipients", a.recipients, b.recipients, a, b)
    _place(c, a, b)
    _time(c, a, b)
    _quantity(c, a, b)
    return c


def _parties(
    c: Comparison, name: str, xs: tuple[str, ...], ys: tuple[str, ...], a: EventFact, b: EventFact
) -> None:
    if not xs or not ys:
        return
    if set(xs) & set(ys):
        c.agreed.append(name)
    elif {a.party_key(x) for x in xs} & {b.party_key(y) for y in ys}:
        c.agreed.append(f"{name} (country)")
    else:
        c.conflicts.append(name)


def _place(c: Comparison, a: EventFact, b: EventFact) -> None:
    p, q = a.place, b.place
    if p is None or q is None:
        return
    if p.id == q.id:
        c.agreed.append("place")
    elif p.specific and q.specific and None not in (p.lat, q.lat):
        km = haversine_km(p.lat, p.lon, q.lat, q.lon)
        (c.agreed if km <= NEAR_KM else c.conflicts).append(f"place ({km:.0f} km)")
    elif p.country and q.country and p.country != q.country:
        c.conflicts.append("place (country)")


def _time(c: Comparison, a: EventFact, b: EventFact) -> None:
    wa, wb = a.window, b.window
    if wa is None or wb is None:
        return
    if wa[0] <= wb[1] and wb[0] <= wa[1]:
        c.agreed.append("time")
        return
    gap = max(wa[0], wb[0]) - min(wa[1], wb[1])
    located = any(x.startswith("place") for x in c.agreed)
    parties = any(x.startswith(("actors", "parties")) for x in c.agreed)
    if a.explicit and b.explicit and gap <= DATE_SLACK and located and parties:
        c.differs.append("date")
    else:
        c.conflicts.append("time")


def _quantity(c: Comparison, a: EventFact, b: EventFact) -> None:
    if a.quantity is None or b.quantity is None:
        return
    (alo, ahi, au), (blo, bhi, bu) = a.quantity, b.quantity
    if au and bu and au != bu:
        return  # different things counted: nothing to compare
    if quantities_agree((alo, ahi), (blo, bhi)):
        c.agreed.append("quantity")
    else:
        c.differs.append("quantity")


def quantities_agree(x: tuple[float, float], y: tuple[float, float]) -> bool:
    """Ranges overlap, or the values are within ``QUANTITY_TOLERANCE`` of each other."""
    gap = max(x[0], y[0]) - min(x[1], y[1])
    if gap <= 0:
        return True
    return gap / max(x[1], y[1]) <= QUANTITY_TOLERANCE


# -- blocking ---------------------------------------------------------------------------------------------


def block_keys(e: EventFact) -> list[tuple]:
    """Blocks of an event: (type, ISO week, party) for each week its window (plus slack) touches."""
    window = e.window
    if window is None:
        return []
    parties = {("a", e.party_key(x)) for x in e.actors}
    if e.type in SYMMETRIC:
        parties |= {("a", e.party_key(x)) for x in e.recipients}
    if e.place is not None and e.place.specific:
        parties.add(("@", e.place.id))
    if not parties:
        parties = {("r", e.party_key(x)) for x in e.recipients}
    weeks = []
    day = window[0] - timedelta(days=window[0].weekday())
    last = window[1] + DATE_SLACK
    while day <= last and len(weeks) < MAX_WEEKS:
        weeks.append(day.toordinal() // 7)
        day += timedelta(days=7)
    return [(e.type, w, p) for w in weeks for p in parties]


# -- clustering ----------------------------------------------------------------------------------------------


class _Groups:
    """Union-find whose unions are vetoed when any pair across the two groups conflicts."""

    def __init__(self, events: list[EventFact]) -> None:
        self.parent = list(range(len(events)))
        self.members = [[n] for n in range(len(events))]
        self.events = events

    def find(self, n: int) -> int:
        while self.parent[n] != n:
            self.parent[n] = self.parent[self.parent[n]]
            n = self.parent[n]
        return n

    def union(self, a: int, b: int, forbidden: set[frozenset[str]], check: bool = True) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if check and not self._compatible(ra, rb, forbidden):
            return False
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members[rb])
        self.members[rb] = []
        return True

    def _compatible(self, ra: int, rb: int, forbidden: set[frozenset[str]]) -> bool:
        ev = self.events
        for x in self.members[ra]:
            for y in self.members[rb]:
                if frozenset((ev[x].key, ev[y].key)) in forbidden or compare(ev[x], ev[y]).conflicts:
                    return False
        return True


def cluster(events: list[EventFact], overrides: Iterable[tuple[str, str, str]] = ()) -> list[Cluster]:
    """Clusters of ``events`` (singletons included); ``overrides`` are (key_a, key_b, merge|split)."""
    forced: list[tuple[str, str]] = []
    forbidden: set[frozenset[str]] = set()
    for a, b, decision in overrides:
        (forced.append((a, b)) if decision == "merge" else forbidden.add(frozenset((a, b))))
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for n, e in enumerate(events):
        for key in block_keys(e):
            blocks[key].append(n)
    groups = _Groups(events)
    links: list[Link] = []
    for members in blocks.values():
        if len(members) > 1:
            _link_block(events, members, groups, links, forbidden)
    index = {e.key: n for n, e in enumerate(events)}
    for a, b in forced:
        if a in index and b in index:
            groups.union(index[a], index[b], forbidden, check=False)
            links.append(Link(a, b, ["analyst"], [], by="analyst"))
    return _assemble(events, groups, links)


def _link_block(events, members: list[int], groups: _Groups, links: list[Link], forbidden) -> None:
    """Compare events of one block whose windows overlap (plus slack), sweeping in date order."""
    members = sorted(members, key=lambda n: events[n].window[0])
    active: list[int] = []
    for n in members:
        e = events[n]
        lo = e.window[0]
        active = [m for m in active if events[m].window[1] + DATE_SLACK >= lo]
        for m in active:
            other = events[m]
            if other.document == e.document or groups.find(m) == groups.find(n):
                continue
            if frozenset((e.key, other.key)) in forbidden:
                continue
            c = compare(other, e)
            if c.same and groups.union(m, n, forbidden):
                links.append(Link(other.key, e.key, c.agreed, c.differs))
        active.append(n)


def _assemble(events: list[EventFact], groups: _Groups, links: list[Link]) -> list[Cluster]:
    by_root: dict[int, list[Link]] = defaultdict(list)
    index = {e.key: n for n, e in enumerate(events)}
    for link in links:
        by_root[groups.find(index[link.a])].append(link)
    out = []
    for root, members in enumerate(groups.members):
        if not members:
            continue
        evs = sorted((events[n] for n in members), key=lambda e: (e.start or date.max, e.key))
        starts = [e.start for e in evs if e.start and e.explicit] or [e.start for e in evs if e.start]
        ends = [e.end or e.start for e in evs if e.start and e.explicit] or [e.end for e in evs if e.end]
        key = min(e.key for e in evs)
        out.append(
            Cluster(
                id=hashlib.sha1(key.encode()).hexdigest()[:10],
                type=evs[0].type,
                start=min(starts, default=None),
                end=max(ends, default=None),
                events=evs,
                links=by_root.get(root, []),
            )
        )
    out.sort(key=lambda c: (c.start or date.max, c.id))
    return out


# -- from the store ----------------------------------------------------------------------------------------------


def overrides(session: Session) -> list[tuple[str, str, str]]:
    rows = session.scalars(select(ClusterOverride).where(ClusterOverride.active).order_by(ClusterOverride.id))
    return [(r.event_a, r.event_b, r.decision) for r in rows]


def clusters(
    session: Session, *, since: date | None = None, until: date | None = None, min_reports: int = 2
) -> list[Cluster]:
    """Clusters of stored events told by at least ``min_reports`` documents."""
    from .events import load_events
    from .reliability import cluster_grade, grades

    found = cluster(load_events(session, since=since, until=until), overrides(session))
    outlets = grades(session, "source")
    found = [c for c in found if len(c.documents) >= min_reports]
    for c in found:
        c.grade = str(cluster_grade(c.sources, c.corroboration, outlets))
    return found


def override(
    session: Session,
    event_a: str,
    event_b: str,
    decision: str,
    *,
    note: str | None = None,
    by: str | None = None,
) -> None:
    """Record an analyst's ``merge`` or ``split`` of two events (audited); the latest decision wins."""
    if decision not in ("merge", "split"):
        raise AcrossError(f"decision {decision!r} is not 'merge' or 'split'")
    a, b = sorted((event_a, event_b))
    by = analyst(by)
    for old in session.scalars(
        select(ClusterOverride).where(
            ClusterOverride.event_a == a, ClusterOverride.event_b == b, ClusterOverride.active
        )
    ):
        old.active = False
    session.add(
        ClusterOverride(
            event_a=a, event_b=b, decision=decision, note=note, analyst=by, created_at=now(), active=True
        )
    )
    audit(session, by, f"cluster {decision}", "event", f"{a} {b}", {"note": note})
    session.flush()


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
