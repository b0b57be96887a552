"""The comparison key of one stored event: what setting two reports side by side needs, nothing more.

Computed from the model's :class:`~sitrep.model.Event` as the store's one reader returns it (reviews,
edits and entity merges applied) and the page that names its entities. It is not a second shape of a
stored event: it holds no text, and the faces show the events themselves. A key is small (slots,
day numbers, frozensets) so a million of them fit in memory for blocking.

What the key decides, from ``across.yaml``:

* **kind**: asserted and reported events are *happenings*; negated ones *denials*; hedged and
  predicted ones *forecasts*, never happenings.
* **window** (``lo``..``hi``, day ordinals): the event's own time at its precision, else its article's
  publication as a bound (it happened in the few days before). A window longer than a month ("in
  2014", "since March") dates no happening (``datable`` is false); an own time well before publication
  is a *background* mention ("in February" in an October article) and does not date a cluster.
* **place**: the event's location, else (for families identified by place) a recipient that is a
  place; with coordinates and a radius set by the kind of place (a plant 5 km, a city 25, an oblast 150).
  A country is no place to pin a happening to: it agrees or conflicts only as a country.
* **parties**: named people and organisations (``actors``) and every party's country
  (``actor_countries``); a capital or a ministry acting stands for its country.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy.orm import Session

from ..knowledge import load_data, load_knowledge_base
from ..model import Entity, Event, Forecast, Quantity
from ..store import facts

HAPPENING, DENIAL, FORECAST, NEGATION = "happening", "denial", "forecast", "negation"
KIND_OF_MODALITY = {
    "asserted": HAPPENING,
    "reported": HAPPENING,
    "negated": NEGATION,  # a denial only when read from a statement of denial (see ``key_of``)
    "hedged": FORECAST,
    "predicted": FORECAST,
}
INFINITY = float("inf")


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    lat: float | None
    lon: float | None
    country: str | None
    radius_km: float
    pinned: bool  # a town, a plant, an oblast: not a whole country or continent


@dataclass(frozen=True, slots=True)
class Count:
    """A count as a reader takes it: the interval of values it allows, and what it counts."""

    lo: float
    hi: float
    thing: str  # the group of words ("troops") or the counted noun itself
    rank: int  # 1 casualties, 2 forces, 3 anything else
    text: str = ""  # as the report gives it: "up to 9,000 troops"


@dataclass(slots=True)
class EventKey:
    key: str  # the event's fact key
    document: str
    story: str  # the first copy of the wire story this document repeats, else the document
    outlet: str  # casefolded outlet name, else "?" + document
    kind: str  # happening | denial | forecast
    type: str
    family: str
    lo: int  # window, day ordinals, inclusive
    hi: int
    own_time: bool  # the text dates it
    precise: bool  # own time to within a few days
    datable: bool  # the window is short enough to date a happening
    background: bool  # own time well before the article: mentioned, not reported
    actors: frozenset[str]  # named people and organisations
    recipients: frozenset[str]
    actor_countries: frozenset[str]
    recipient_countries: frozenset[str]
    place: Place | None
    items: frozenset[str]
    count: Count | None
    fingerprint: int  # the sentence, normalised: copies of one story share it
    published: int = 0  # day ordinal of the article (what a denial can answer)

    @property
    def start(self) -> date:
        return date.fromordinal(self.lo)

    @property
    def end(self) -> date:
        return date.fromordinal(self.hi)


# -- the rules, read once -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    families: dict[str, dict[str, Any]]
    family_of: dict[str, str]
    time: dict[str, Any]
    radius: dict[str, float]
    pinned: frozenset[str]
    weights: dict[str, int]
    threshold: int
    undated_extra: int
    denial_threshold: int
    forecast_threshold: int
    tolerate: dict[str, int]
    counts: dict[str, Any]
    count_group: dict[str, tuple[str, int]]
    ranks: dict[str, int]


@cache
def rules() -> Rules:
    raw = load_data("across.yaml")
    families = raw["families"]
    groups = {w: (name, g["rank"]) for name, g in raw["count_groups"].items() for w in g["words"]}
    return Rules(
        families=families,
        family_of={t: name for name, f in families.items() for t in f["types"]},
        time=raw["time"],
        radius=raw["place_radius_km"],
        pinned=frozenset(raw["pinned_kinds"]),
        weights=raw["weights"],
        threshold=raw["threshold"],
        undated_extra=raw["undated_extra"],
        denial_threshold=raw["denial_threshold"],
        forecast_threshold=raw["forecast_threshold"],
        tolerate=raw["tolerate"],
        counts=raw["counts"],
        count_group=groups,
        ranks=raw["ranks"],
    )


def family_of(event_type: str) -> str:
    return rules().family_of.get(event_type, event_type.lower())


_DEFAULT_FAMILY = {"identity": "parties", "date_slack_days": 0}


def family_rule(family: str) -> dict[str, Any]:
    return _FAMILIES.get(family) or _family_rule(family)


@cache
def _family_rule(family: str) -> dict[str, Any]:
    found = rules().families.get(family, _DEFAULT_FAMILY)
    _FAMILIES[family] = found
    return found


_FAMILIES: dict[str, dict[str, Any]] = {}


# -- from an Event --------------------------------------------------------------------------------------


def key_of(
    event: Event,
    names: facts.Page | None = None,
    *,
    window: tuple[date, date] | None = None,
    denied: bool = False,
    sentence_place: Place | None = None,
) -> EventKey:
    """The comparison key of a stored event (``event.stored`` set); ``window`` replaces its time
    (a forecast's window). ``denied``: the event was read from a statement of denial ("Iran denied that
    it supplied drones"); a negated event elsewhere ("reluctant to provide aid", "vowed never to
    recognise") denies nothing a report asserted and is left out of the comparison. ``sentence_place``:
    the one place the event's sentence names, for an event the pipeline gave no place."""
    s = event.stored
    assert s is not None, "across reports compare stored events"
    names = names or facts.Page([])
    family = family_of(event.type)
    lo, hi, own, background = _window(event, window)
    r = rules().time
    span = hi - lo + 1
    actors, actor_countries = _parties(event.actors, names)
    recipients, recipient_countries = _parties(event.recipients, names)
    place = _place(event, names, family) or sentence_place
    if place is not None and family_rule(family)["identity"] == "place" and not recipient_countries:
        # A strike in Odesa is a strike on Ukraine, whoever the sentence names as its target.
        recipient_countries = frozenset({place.country}) if place.country else recipient_countries
    return EventKey(
        key=s.key,
        document=s.document,
        story=s.copy_of or s.document,
        outlet=_norm(s.source) or f"?{s.document}",
        kind=DENIAL if denied and event.modality == "negated" else KIND_OF_MODALITY[event.modality],
        type=event.type,
        family=family,
        lo=lo,
        hi=hi,
        own_time=own,
        precise=own and span <= r["precise_days"],
        datable=span <= r["max_span_days"],
        background=background,
        actors=actors,
        recipients=recipients,
        actor_countries=actor_countries,
        recipient_countries=recipient_countries,
        place=place,
        items=frozenset(i for i in event.items if i),
        count=count_of(_main_count(event)),
        fingerprint=fingerprint(event.evidence.sentence),
        published=(s.published or s.date_end or date.fromordinal(hi)).toordinal(),
    )


def _window(event: Event, window: tuple[date, date] | None) -> tuple[int, int, bool, bool]:
    """Day ordinals of when it happened, whether the text dates it, whether that date is background."""
    r = rules().time
    s = event.stored
    published = s.published or s.date_end or s.date_start
    if window is not None:
        return window[0].toordinal(), window[1].toordinal(), True, False
    t = event.time
    if t is not None and t.start is not None and t.value not in r["undated_values"]:
        start = t.start
        end = t.end or published or start
        end = max(end, start)
        background = bool(published and (published - end).days > r["background_days"])
        return start.toordinal(), end.toordinal(), True, background
    end = s.date_end or published or date(1970, 1, 1)
    lag = r["denial_lookback_days"] if event.modality == "negated" else r["reporting_lag_days"]
    return (end - timedelta(days=lag)).toordinal(), end.toordinal(), False, False


def _parties(ids: list[str], names: facts.Page) -> tuple[frozenset[str], frozenset[str]]:
    """Named people and organisations, and the countries of every party."""
    named, countries = set(), set()
    for i in ids:
        e = names.entity(i)
        country = _country(e, i)
        if country:
            countries.add(country)
        if _named(e, i):
            named.add(i)
    return frozenset(named), frozenset(countries)


def _named(entity: Entity | None, entity_id: str) -> bool:
    """A party that is someone in particular: a person, a unit, an organisation of no one country."""
    if entity_id.startswith(("country:", "norp:", "place:")):
        return False
    if entity is None:
        return entity_id.startswith("person:")
    return entity.type in ("PERSON", "UNIT") or (entity.type == "ORG" and not entity.country)


def _country(entity: Entity | None, entity_id: str) -> str | None:
    if entity is not None and entity.country:
        return entity.country
    return entity_id.split(":", 1)[1].upper() if entity_id.startswith(("country:", "norp:")) else None


def _place(event: Event, names: facts.Page, family: str) -> Place | None:
    """Where: the location when it is a place or country; for families identified by place, else a
    recipient that is a place ("Russia struck Kyiv")."""
    candidates = [event.location] if event.location else []
    if family_rule(family)["identity"] == "place":
        candidates += [r for r in event.recipients if r.startswith("place:")]
    for pid in candidates:
        if pid.startswith(
            ("place:", "country:")
        ):  # a person or an organisation read as a location is no place
            return _place_of(pid, names.entity(pid))
    return None


def _place_of(pid: str, e: Entity | None) -> Place | None:
    if pid.startswith("country:"):
        return Place(pid, None, None, _country(e, pid), INFINITY, False)
    if not pid.startswith("place:"):
        return None
    kind = _place_kind(pid)
    r = rules()
    pinned = kind in r.pinned and e is not None and e.lat is not None
    radius = r.radius.get(kind, r.radius["default"])
    return Place(pid, e.lat if e else None, e.lon if e else None, _country(e, pid), radius, pinned)


@cache
def _place_kind(place_id: str) -> str:
    entry = load_knowledge_base().get(place_id)
    return (entry.attributes or {}).get("kind", "default") if entry else "default"


def _main_count(event: Event) -> Quantity | None:
    """The event's count, else the one count of its clause the pipeline did not attach ("Up to 9,000
    Russian troops arrived": the subject's count)."""
    if event.quantity is not None:
        return event.quantity
    counted = [q for q in event.quantities if q.unit and _thing(q.unit)[1] < 3] or event.quantities
    return counted[0] if len(counted) == 1 else None


# -- counts ---------------------------------------------------------------------------------------------


def count_of(q: Quantity | None) -> Count | None:
    """The values a count allows, bounds and qualifiers respected (see ``across.yaml``, ``counts``)."""
    if q is None:
        return None
    c = rules().counts
    how = c["qualifiers"].get(q.qualifier or "", "exact")
    v = q.value
    if how == "range" and q.min is not None and q.max is not None:
        lo, hi = q.min, q.max
    elif how == "vague" and (q.min or v):
        lo = q.min or v
        hi = lo * c["vague_span"]
    elif how == "at_least" and (q.min or v):
        lo, hi = q.min or v, INFINITY
    elif how == "at_most" and (q.max or v):
        lo, hi = 0.0, q.max or v
    elif how == "up_to" and (q.max or v):
        hi = q.max or v
        lo = hi * c["up_to"]
    elif how == "nearly" and (q.max or v):
        hi = q.max or v
        lo = hi * (1 - c["about"])
    elif how == "about" and v:
        lo, hi = v * (1 - c["about"]), v * (1 + c["about"])
    elif v is not None:
        r = _rounding(v)
        lo, hi = v - r, v + r
    else:
        return None
    thing, rank = _thing(q.unit)
    if not thing:
        return None
    return Count(lo, hi, thing, rank, " ".join(q.text.split()))


def _rounding(v: float) -> float:
    """Half the step of a round number's last significant digit: "4,000" is 3,500..4,500; "84" exact."""
    if v != int(v) or v < 100:
        return 0.0
    n, step = int(v), 1
    while n % 10 == 0:
        n //= 10
        step *= 10
    return step / 2 if step > 1 else 0.0


def _thing(unit: str | None) -> tuple[str, int]:
    words = re.findall(r"[a-z]+", (unit or "").casefold())
    if not words:
        return "", 3
    head = words[-1]
    group = rules().count_group.get(head) or rules().count_group.get(head.rstrip("s"))
    return group if group else (head.rstrip("s"), 3)


# -- text ---------------------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]{3,}|\d+")


MIN_COPY_WORDS = 8  # shorter sentences ("Russia struck Kyiv on Monday.") are written alike independently


def fingerprint(sentence: str) -> int:
    """The sentence's words (three letters or more, and numbers) as a set: copies share it."""
    words = sorted(set(_WORD.findall(sentence.casefold())))
    return zlib.crc32(" ".join(words).encode()) if len(words) >= MIN_COPY_WORDS else 0


def _norm(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


# -- from the store -------------------------------------------------------------------------------------------


def event_keys(
    session: Session, flt: facts.EventFilter | None = None, chunk: int = 5000
) -> Iterator[tuple[Event, EventKey]]:
    """Stored events and their keys, read through the one reader of facts (rejected ones left out)."""
    denials: dict[str, set[str]] = {}
    for page in facts.event_pages(session, flt, chunk=chunk):
        places = _sentence_places(session, page)
        for e in page.items:
            where = places.get((e.stored.document, e.evidence.sentence_start))
            if where is not None and (where.id in e.actors or e.modality not in ("asserted", "reported")):
                where = None  # "Moscow denies ...": a capital that acts is no place; a claim is not pinned
            if family_rule(family_of(e.type))["identity"] != "place":
                where = None
            yield e, key_of(e, page, denied=_in_denial(session, e, denials), sentence_place=where)


def _sentence_places(session: Session, page: facts.Page) -> dict[tuple[str, int], Place]:
    """The one pinned place each sentence of these events names (a sentence naming two names none):
    where an event happened when the pipeline did not attach it ("a strike on Kramatorsk killed ten")."""
    spans = {(e.stored.document, e.evidence.sentence_start, len(e.evidence.sentence)) for e in page.items}
    mentions = facts.place_mentions(session, sorted({d for d, _, _ in spans}))
    out = {}
    for doc, start, length in spans:
        found = {e.id: e for at, e in mentions.get(doc, ()) if start <= at < start + length}
        if len(found) == 1:
            ((pid, entity),) = found.items()
            place = _place_of(pid, entity)
            if place is not None and place.pinned:
                out[(doc, start)] = place
    return out


def _in_denial(session: Session, e: Event, cache: dict[str, set[str]]) -> bool:
    """Whether a negated event was read from a statement of denial (its statement's force is negated)."""
    if e.modality != "negated" or not e.statement:
        return False
    doc = e.stored.document
    if doc not in cache:
        said = facts.statements(session, document=doc, limit=None)
        cache[doc] = {s.id for s in said.items if s.modality == "negated"}
    return e.statement in cache[doc]


def as_forecast(k: EventKey, forecast: Forecast) -> EventKey:
    """A predicted event's key with the forecast's window (from the day it was made) as its time."""
    start = forecast.window_start or forecast.made or k.start
    end = max(start, forecast.window_end or start)
    span = (end - start).days + 1
    return replace(
        k,
        kind=FORECAST,
        lo=start.toordinal(),
        hi=end.toordinal(),
        own_time=True,
        precise=span <= rules().time["precise_days"],
        datable=True,
        background=False,
    )
