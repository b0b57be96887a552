"""Event merging: reports of one happening from many documents become one cluster, explainably.

Two happenings (asserted or reported events; hedged, predicted and negated ones never join) are one
when they are of one family of types, nothing about them conflicts, and what agrees weighs enough
(``across.yaml``, ``weights`` and ``threshold``): their own dates to the day, the same place or one
within the distance its size allows, the same named people, the same countries on each side, the same
weapon, the same count, the same sentence copied. An event the text does not date is dated by its
article as a bound: it agrees with a date, it does not confirm one. Families differ in what identifies a
happening: a strike by where it fell, a delivery or a meeting by who and whom.

**Blocking** keeps it near-linear: an event is put under a few anchors (its family with a grid cell
around its place, a named party, a weapon, its pair of countries) and, inside each anchor, events are
swept in date order and compared only while their windows overlap (at most ``NEIGHBOURS`` back). A pair sharing several anchors
is compared under the first only. **Merging** takes the agreeing pairs strongest first and joins their
groups unless the groups, taken whole, disagree on the time (the intersection of their windows), the
place or the parties: a chain of weak links cannot carry a strike in Bakhmut into one on Kyiv.

Every link keeps what agreed and what differed; an analyst's ``merge``/``split`` (``cluster_overrides``)
wins over the machine.
"""

from __future__ import annotations

import gc
import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.facts import Page
from ..store.tables import ClusterOverride
from ..store.write import now
from ._common import AcrossError, analyst, audit
from .keys import FORECAST, HAPPENING, EventKey, Place, family_rule, rules

if TYPE_CHECKING:
    from .state import StoredCluster

CELL_DEGREES = 1.0  # blocking grid: a degree of latitude is 111 km
NEAR_CELLS = 4  # a place is put under the cells its radius covers, at most this many in each direction
# Sorted neighbourhood: in a crowded block (one town shelled every day, a hundred reports a day) an event
# is compared with this many events before it in date order, not with all whose windows overlap: the
# comparisons grow with the input, not with its square; copies and close reports still meet.
NEIGHBOURS = 48
WIDE = "D"  # the anchor of countries alone: too wide to compare happenings under, enough for a denial


@dataclass
class Comparison:
    """Which fields of two events agree (with their weight), differ (allowed) or conflict."""

    agreed: list[str] = field(default_factory=list)
    differs: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    score: int = 0
    named: bool = False  # a named party agreed

    def add(self, what: str, weight: int) -> None:
        self.agreed.append(what)
        self.score += weight

    def same(self, threshold: int | None = None) -> bool:
        """One happening: nothing conflicts, at most one detail besides counts differs, enough agrees."""
        if threshold is None:
            threshold = rules().threshold + (
                rules().undated_extra if "time (by article)" in self.agreed else 0
            )
        others = [d for d in self.differs if d != "count"]
        return not self.conflicts and len(others) <= 1 and self.score >= threshold


@dataclass
class Link:
    a: str
    b: str
    agreed: list[str]
    differs: list[str]
    score: int = 0
    by: str = "machine"  # machine | analyst

    def to_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "agreed": self.agreed, "differs": self.differs, "by": self.by}


@dataclass
class Cluster:
    """One happening as told by one or more reports: its members' keys and the links that joined them."""

    id: str
    family: str
    type: str
    start: date | None
    end: date | None
    members: list[EventKey]
    links: list[Link]

    @property
    def documents(self) -> list[str]:
        return list(dict.fromkeys(m.document for m in self.members))

    @property
    def independent(self) -> int:
        return independent(self.members)


# -- comparing two events --------------------------------------------------------------------------------


def compare(a: EventKey, b: EventKey) -> Comparison:
    """Field by field, the way an analyst sets two reports side by side."""
    c = Comparison()
    w = rules().weights
    if a.family != b.family:
        c.conflicts.append("type")
        return c
    if a.fingerprint and a.fingerprint == b.fingerprint and a.type == b.type:
        c.add("same sentence", w["copy"])
    _time(c, a, b)
    _parties(c, a, b)
    if a.items & b.items:
        c.add("items", w["items"])
    _count(c, a, b)
    _place(c, a, b)
    _tolerate(c)
    return c


def _time(c: Comparison, a: EventKey, b: EventKey) -> None:
    w = rules().weights
    if any(x.kind == HAPPENING and not x.datable for x in (a, b)):
        c.conflicts.append("time (undatable)")
        return
    if a.lo <= b.hi and b.lo <= a.hi:
        said = family_rule(a.family).get("needs_day") and FORECAST not in (a.kind, b.kind)
        copied = a.fingerprint and a.fingerprint == b.fingerprint
        if said and not (a.precise and b.precise) and not copied:
            c.conflicts.append("time (no day)")
            return
        if a.precise and b.precise:
            c.add("time (day)", w["time_day"])
        elif a.own_time and b.own_time:
            c.add("time", w["time_coarse"])
        else:
            c.agreed.append("time (by article)")
        return
    gap = max(a.lo, b.lo) - min(a.hi, b.hi)
    if a.precise and b.precise and gap <= family_rule(a.family)["date_slack_days"]:
        c.differs.append("date")
    else:
        c.conflicts.append("time")


def _parties(c: Comparison, a: EventKey, b: EventKey) -> None:
    w = rules().weights
    rule = family_rule(a.family)
    if rule.get("symmetric"):
        roles = [
            (
                "parties",
                a.actors | a.recipients,
                b.actors | b.recipients,
                a.actor_countries | a.recipient_countries,
                b.actor_countries | b.recipient_countries,
            )
        ]
    else:
        roles = [
            ("actors", a.actors, b.actors, a.actor_countries, b.actor_countries),
            ("recipients", a.recipients, b.recipients, a.recipient_countries, b.recipient_countries),
        ]
    countries = 0
    for name, xa, xb, ca, cb in roles:
        if xa & xb:
            # Who acted identifies a meeting or a delivery; a strike is told by where it fell.
            c.add(name, w["party"] if rule["identity"] == "parties" else w["party"] - 1)
            c.named = True
            countries += 1
        elif ca & cb:
            c.add(f"{name} (country)", w["party_country"])
            countries += 1
        elif ca and cb:
            c.conflicts.append(name)
    if rule["identity"] == "parties" and countries == len(roles) and not rule.get("symmetric"):
        c.add("dyad", w["dyad"])


def _count(c: Comparison, a: EventKey, b: EventKey) -> None:
    x, y = a.count, b.count
    if x is None or y is None or x.thing != y.thing:
        return
    if x.lo <= y.hi and y.lo <= x.hi:
        c.add("count", rules().weights["quantity"])
    else:
        c.differs.append("count")


def _place(c: Comparison, a: EventKey, b: EventKey) -> None:
    p, q = a.place, b.place
    if p is None or q is None:
        return
    w = rules().weights
    full = w["place"] if family_rule(a.family)["identity"] == "place" else w["place"] - 1
    if p.id == q.id:
        if p.pinned:
            c.add("place", full)
        else:
            c.add("place (country)" if p.lat is None else "place (region)", w["place_country"])
    elif p.lat is not None and q.lat is not None:
        km = distance_km(p, q)
        if km > max(p.radius_km, q.radius_km):
            c.conflicts.append(f"place ({km:.0f} km)")
        elif p.pinned and q.pinned:
            c.add(f"place ({km:.0f} km)", full)
        else:  # a town inside the oblast another report names: compatible, hardly identifying
            c.add("place (region)", w["place_country"])
    elif p.country and q.country and p.country != q.country:
        c.conflicts.append("place (country)")
    elif not p.pinned and not q.pinned and p.country and p.country == q.country:
        c.add("place (country)", w["place_country"])


def _tolerate(c: Comparison) -> None:
    """A misplaced meeting or a disputed perpetrator is one happening told differently, when the rest
    agrees strongly: the conflict becomes a difference (a contradiction), not a veto."""
    t = rules().tolerate
    for conflict in list(c.conflicts):
        if conflict.startswith("place (") and "country" not in conflict and c.named and c.score >= t["place"]:
            c.conflicts.remove(conflict)
            c.differs.append("place")
        elif conflict == "actors" and c.score >= t["actor"]:
            c.conflicts.remove(conflict)
            c.differs.append("actor")


def distance_km(p: Place, q: Place) -> float:
    return haversine_km(p.lat, p.lon, q.lat, q.lon)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


# -- blocking ---------------------------------------------------------------------------------------------


def anchors(e: EventKey) -> tuple:
    """The blocks of an event: (family, anchor) for every anchor that could carry it past the threshold."""
    out: set[tuple] = set()
    f = e.family
    p = e.place
    if p is not None and p.pinned:
        out.update((f, "@", cell) for cell in _cells(p))
    elif p is not None and p.lat is not None:
        out.add((f, "@", p.id))
    out.update((f, "n", x) for x in e.actors | e.recipients)
    out.update((f, "i", x) for x in e.items)
    targets = e.recipient_countries | ({p.country} if p is not None and not p.pinned and p.country else set())
    dyads = {(x, y) for x in e.actor_countries or ("",) for y in targets or ("",)} - {("", "")}
    if e.fingerprint:
        out.add((f, "s", e.fingerprint))
    for d in dyads:
        out.add((f, WIDE, d))  # denials and forecasts find happenings by their countries alone
        if family_rule(f)["identity"] == "parties" or e.count is not None:
            out.add((f, "d", d, e.count.thing if e.count else ""))
        if e.precise and all(d):  # both sides' countries identify a strike only with its day
            out.add((f, "d", d, e.lo))
    return tuple(sorted(out, key=repr))


BUCKET_DAYS = 30
MAX_BUCKETS = 13  # a forecast's window of a year; longer windows are looked up by their first year


def timed_anchors(e: EventKey) -> list[tuple]:
    """The anchors of an event in each 30-day bucket its window (plus a few days' slack) reaches: where the
    store and the index of clusters look events up, so that a lookup never spans all of time."""
    last = min(e.hi + 3, e.lo + BUCKET_DAYS * MAX_BUCKETS) // BUCKET_DAYS
    return [(*a, b) for a in anchors(e) for b in range(e.lo // BUCKET_DAYS, last + 1)]


def _cells(p: Place) -> list[tuple[int, int]]:
    dlat = min(NEAR_CELLS, math.ceil(p.radius_km / 111.0 / CELL_DEGREES))
    dlon_km = 111.0 * max(0.2, math.cos(math.radians(p.lat)))
    dlon = min(NEAR_CELLS, math.ceil(p.radius_km / dlon_km / CELL_DEGREES))
    y, x = int(p.lat // CELL_DEGREES), int(p.lon // CELL_DEGREES)
    # A place lies in its own cell; its radius reaches the neighbours only when it nears them.
    ys = {y} | {int((p.lat + s * p.radius_km / 111.0) // CELL_DEGREES) for s in (-1, 1)}
    xs = {x} | {int((p.lon + s * p.radius_km / dlon_km) // CELL_DEGREES) for s in (-1, 1)}
    ys = {v for v in ys if abs(v - y) <= dlat}
    xs = {v for v in xs if abs(v - x) <= dlon}
    return [(a, b) for a in sorted(ys) for b in sorted(xs)]


def candidate_pairs(keys: Sequence[EventKey]) -> Iterable[tuple[int, int]]:
    """Pairs of happenings from different documents that share a block and whose windows overlap
    (plus the family's date slack); each pair once."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    marks = []
    for n, e in enumerate(keys):
        mine = tuple(a for a in anchors(e) if a[1] != WIDE)
        marks.append(mine)
        for a in mine:
            blocks[a].append(n)
    for anchor, members in blocks.items():
        if len(members) < 2:
            continue
        slack = family_rule(anchor[0])["date_slack_days"]
        members.sort(key=lambda n: keys[n].lo)
        active: list[int] = []
        for n in members:
            e = keys[n]
            active = [m for m in active[-NEIGHBOURS:] if keys[m].hi + slack >= e.lo]
            for m in active:
                if keys[m].document == e.document:
                    continue
                if _first_shared(marks[m], marks[n]) == anchor:
                    yield (m, n) if m < n else (n, m)
            active.append(n)


def _first_shared(x: tuple, y: tuple) -> tuple | None:
    shared = set(x).intersection(y)
    return min(shared, key=repr) if shared else None


# -- merging ---------------------------------------------------------------------------------------------


class _Group:
    """What a group of events agrees on, for the veto: the intersection of windows, places, countries."""

    __slots__ = ("lo", "hi", "places", "actors", "recipients", "family")

    def __init__(self, e: EventKey) -> None:
        self.family = e.family
        self.lo, self.hi = e.lo, e.hi
        self.places = [e.place] if e.place is not None and e.place.pinned else []
        if family_rule(e.family).get("symmetric"):  # who met whom: one set of parties
            self.actors, self.recipients = set(e.actor_countries | e.recipient_countries), set()
        else:
            self.actors, self.recipients = set(e.actor_countries), set(e.recipient_countries)

    def fits(self, other: _Group, link: Comparison) -> bool:
        slack = family_rule(self.family)["date_slack_days"]
        if max(self.lo, other.lo) > min(self.hi, other.hi) + slack:
            return False
        if "place" not in link.differs:
            for p in self.places:
                for q in other.places:
                    if p.id != q.id and distance_km(p, q) > max(p.radius_km, q.radius_km):
                        return False
        if "actor" not in link.differs and self.actors and other.actors and not self.actors & other.actors:
            return False
        return not (self.recipients and other.recipients and not self.recipients & other.recipients)

    def absorb(self, other: _Group) -> None:
        self.lo, self.hi = max(self.lo, other.lo), min(self.hi, other.hi)
        if self.lo > self.hi:  # joined across a tolerated date difference: keep both days
            self.lo, self.hi = min(self.lo, self.hi), max(self.lo, self.hi)
        known = {p.id for p in self.places}
        self.places += [p for p in other.places if p.id not in known][:8]
        self.actors |= other.actors
        self.recipients |= other.recipients


class _Merger:
    def __init__(self, keys: Sequence[EventKey]) -> None:
        self.keys = keys
        self.parent = list(range(len(keys)))
        self.groups: dict[int, _Group] = {}

    def find(self, n: int) -> int:
        while self.parent[n] != n:
            self.parent[n] = self.parent[self.parent[n]]
            n = self.parent[n]
        return n

    def group(self, root: int) -> _Group:
        g = self.groups.get(root)
        if g is None:
            g = self.groups[root] = _Group(self.keys[root])
        return g

    def union(self, a: int, b: int, link: Comparison | None) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        ga, gb = self.group(ra), self.group(rb)
        if link is not None and not ga.fits(gb, link):
            return False
        if ra > rb:
            ra, rb, ga, gb = rb, ra, gb, ga
        self.parent[rb] = ra
        ga.absorb(gb)
        self.groups.pop(rb, None)
        return True


def links(keys: Sequence[EventKey], pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Agreeing pairs as (score, i, j): what the merge step takes, strongest first."""
    out = []
    for i, j in pairs:
        c = compare(keys[i], keys[j])
        if c.same():
            out.append((c.score, i, j))
    return out


def cluster(
    keys: Sequence[EventKey],
    overrides: Iterable[tuple[str, str, str]] = (),
    *,
    pairs: Iterable[tuple[int, int, int]] | None = None,
) -> list[Cluster]:
    """Clusters of the happenings among ``keys`` (singletons included; denials and forecasts are left
    out). ``overrides``: (key_a, key_b, merge|split). ``pairs``: agreeing pairs computed elsewhere
    (on Dask), as :func:`links` gives them, over the same ``keys``."""
    with _no_gc():
        return _cluster([k for k in keys if k.kind == HAPPENING], overrides, pairs)


@contextmanager
def _no_gc() -> Iterator[None]:
    """Millions of small objects and no cycles among them: the cyclic collector would walk them all again
    and again (time growing with the square of the input); it is paused while clustering."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _cluster(keys: list[EventKey], overrides, pairs) -> list[Cluster]:
    forced, forbidden = [], set()
    for a, b, decision in overrides:
        (forced.append((a, b)) if decision == "merge" else forbidden.add(frozenset((a, b))))
    scored = links(keys, candidate_pairs(keys)) if pairs is None else list(pairs)
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    merger = _Merger(keys)
    made: list[Link] = []
    for _score, i, j in scored:
        a, b = keys[i], keys[j]
        if forbidden and frozenset((a.key, b.key)) in forbidden:
            continue
        if merger.find(i) == merger.find(j):
            continue
        c = compare(a, b)
        if merger.union(i, j, c):
            made.append(Link(a.key, b.key, c.agreed, c.differs, c.score))
    index = {k.key: n for n, k in enumerate(keys)}
    for a, b in forced:
        if a in index and b in index and merger.union(index[a], index[b], None):
            made.append(Link(a, b, ["analyst"], [], by="analyst"))
    if forbidden:
        _undo_forbidden(keys, merger, made, forbidden)
    return _assemble(keys, merger, made)


def _undo_forbidden(keys, merger: _Merger, made: list[Link], forbidden: set[frozenset[str]]) -> None:
    """A split decision holds even when other links would chain the two events together: such a cluster
    is rebuilt from its links leaving out every link that would join the forbidden pair."""
    groups: dict[int, list[int]] = defaultdict(list)
    for n in range(len(keys)):
        groups[merger.find(n)].append(n)
    index = {k.key: n for n, k in enumerate(keys)}
    for members in groups.values():
        names = {keys[n].key for n in members}
        if not any(pair <= names for pair in forbidden):
            continue
        for n in members:
            merger.parent[n] = n
            merger.groups.pop(n, None)
        kept = []
        for link in [k for k in made if k.a in names]:
            ra, rb = merger.find(index[link.a]), merger.find(index[link.b])
            side_a = {keys[n].key for n in members if merger.find(n) == ra}
            side_b = {keys[n].key for n in members if merger.find(n) == rb}
            if any(frozenset((x, y)) in forbidden for x in side_a for y in side_b):
                continue
            merger.union(index[link.a], index[link.b], None)
            kept.append(link)
        made[:] = [k for k in made if k.a not in names] + kept


def _assemble(keys: Sequence[EventKey], merger: _Merger, made: list[Link]) -> list[Cluster]:
    members: dict[int, list[EventKey]] = defaultdict(list)
    for n, k in enumerate(keys):
        members[merger.find(n)].append(k)
    index = {k.key: n for n, k in enumerate(keys)}
    by_root: dict[int, list[Link]] = defaultdict(list)
    for link in made:
        by_root[merger.find(index[link.a])].append(link)
    out = []
    for root, evs in members.items():
        if len(evs) == 1:
            e = evs[0]
            start, end = date.fromordinal(e.lo), date.fromordinal(e.hi)
            out.append(Cluster(_hash(e.key), e.family, e.type, start, end, evs, []))
            continue
        evs.sort(key=lambda e: (e.lo, e.key))
        start, end = dating(evs)
        out.append(
            Cluster(
                id=cluster_id(evs),
                family=evs[0].family,
                type=Counter(e.type for e in evs).most_common(1)[0][0],
                start=start,
                end=end,
                members=evs,
                links=by_root.get(root, []),
            )
        )
    out.sort(key=lambda c: (c.start, c.id))
    return out


def cluster_id(members: Iterable[EventKey]) -> str:
    """Stable while its earliest-keyed member stays: the hash of the smallest member key."""
    return _hash(min(m.key for m in members))


def _hash(key: str) -> str:
    return hashlib.sha1(key.encode()).hexdigest()[:12]


def dating(members: Sequence[EventKey]) -> tuple[date | None, date | None]:
    """When the happening was: the tightest own dates of its reports (background mentions and dates
    only bounded by an article do not date it unless nothing else does)."""
    for pick in (
        lambda e: e.own_time and not e.background and e.precise,
        lambda e: e.own_time and not e.background,
        lambda e: not e.own_time,
        lambda e: True,
    ):
        chosen = [e for e in members if pick(e)]
        if chosen:
            lo, hi = max(e.lo for e in chosen), min(e.hi for e in chosen)
            if lo > hi:  # reports disagree on the date: the span they give
                lo, hi = min(e.lo for e in chosen), max(e.hi for e in chosen)
            return date.fromordinal(lo), date.fromordinal(hi)
    return None, None


def independent(members: Iterable[EventKey]) -> int:
    """Independent reports: documents, counting once those of one outlet, copies of one story and
    documents that tell it in the same sentence (one wire text in several outlets)."""
    return len(set(independent_groups(members).values()))


def independent_groups(members: Iterable[EventKey]) -> dict[str, int]:
    """Each member's report: members of one outlet, one story or one copied sentence share a number."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    members = list(members)
    for m in members:
        for tag in (f"o:{m.outlet}", f"s:{m.story}", f"f:{m.fingerprint}" if m.fingerprint else None):
            if tag:
                a, b = find(f"d:{m.document}"), find(tag)
                if a != b:
                    parent[a] = b
    roots: dict[str, int] = {}
    return {m.key: roots.setdefault(find(f"d:{m.document}"), len(roots)) for m in members}


class ClusterIndex:
    """Clusters by the anchors of their members: where a denial or a forecast looks for what it
    denies or foresees."""

    def __init__(self, clusters: Sequence[Cluster]) -> None:
        self.by_anchor: dict[tuple, list[Cluster]] = defaultdict(list)
        for c in clusters:
            seen: set[tuple] = set()
            for m in c.members:
                for a in timed_anchors(m):
                    if a not in seen:
                        seen.add(a)
                        self.by_anchor[a].append(c)

    def candidates(self, e: EventKey) -> list[Cluster]:
        found: dict[str, Cluster] = {}
        for a in timed_anchors(e):
            for c in self.by_anchor.get(a, ()):
                found.setdefault(c.id, c)
        return list(found.values())


# -- the faces' entry points -----------------------------------------------------------------------------------


def clusters(
    session: Session,
    *,
    since: date | None = None,
    until: date | None = None,
    min_reports: int = 2,
    limit: int | None = 50,
    offset: int = 0,
) -> Page[StoredCluster]:
    """Happenings told by at least ``min_reports`` independent reports, newest first, one page of them
    (``page.total``: how many in all), each with its events, links and grade."""
    from .state import cluster_page

    return cluster_page(
        session, since=since, until=until, min_reports=min_reports, limit=limit, offset=offset
    )


def override(
    session: Session,
    event_a: str,
    event_b: str,
    decision: str,
    *,
    note: str | None = None,
    by: str | None = None,
) -> None:
    """Record an analyst's ``merge`` or ``split`` of two events (audited; the latest decision wins) and
    recluster around them."""
    from .state import built, update_events

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
    session.info.pop("across", None)
    if built(session):
        update_events(session, [a, b])
