"""The knowledge base: every known identity indexed by its names, plus the rules that resolve phrases."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from . import _divisions, _load, _places
from ._load import KBEntry
from ._text import clean, compact, fold, norm, slug

# Places that may stand for their country in running prose ("accused Kyiv of ...") or in a role
# ("Kharkiv governor"): capitals, curated conflict places and big cities.
_COUNTRY_WORD_PLACE_MIN_POPULATION = 500_000
_WORD = re.compile(r"[A-Za-zÀ-ÿĀ-žА-я][\w.'’\-]*")


@dataclass(frozen=True)
class Pattern:
    """A name the gazetteer matches in text: its lookup key and whether case must match."""

    text: str
    key: str  # normalised alias: the index key that yields the KB entries
    case_sensitive: bool
    kind: str  # country | norp | place | equipment | org | person


class KnowledgeBase:
    """Countries, places, equipment, organisations and people, indexed by every name they go by."""

    def __init__(self) -> None:
        self.entries: dict[str, KBEntry] = {}
        self._names: dict[str, list[str]] = defaultdict(list)  # norm(alias) -> keys, best first
        self._compact: dict[str, list[str]] = defaultdict(list)  # compact(designator) -> equipment keys
        self._country_words: dict[str, str] = {}  # norm(name/adjective/people) -> ISO3
        self._exact_country_words: dict[str, str] = {}  # "US", "UK": only in this case
        self._demonyms: dict[str, str] = {}
        self._place_words: dict[str, str] = {}  # norm(place) -> ISO3, places that can stand for a country
        self._generic: dict[str, str] = {}  # norm(generic institution name) -> kind
        self._claims: dict[tuple[str, str], str] = {}  # (kind, ISO3) -> key of the named body
        self.institutions: dict[str, dict[str, Any]] = {}
        self.designator_prefixes: dict[str, str] = {}
        self.needs_context: frozenset[str] = frozenset()
        self.not_equipment: frozenset[str] = frozenset()
        self.cue_nouns: dict[str, str] = {}  # noun after a name that marks equipment -> class
        self.role_nouns: frozenset[str] = frozenset()
        self.role_modifiers: frozenset[str] = frozenset()
        self.person_titles: frozenset[str] = frozenset()  # "mr", "rep", "sen": a person's name follows
        self.locative_prepositions: frozenset[str] = frozenset()  # "in", "near": a place follows
        self._patterns: list[Pattern] = []
        self.place_index: _places.PlaceIndex | None = None  # set by build()

    # -- building ---------------------------------------------------------------------------
    def add(self, entry: KBEntry, *, pattern: bool = True) -> None:
        """Index an entry under its name and aliases; earlier entries win ties for a name."""
        self.entries[entry.key] = entry
        for name in (entry.name, *entry.aliases):
            self._index_name(name, entry.key)
            if pattern:
                self._patterns.append(Pattern(name, norm(name), _case_sensitive(name, entry), entry.kind))
        if entry.type == "EQUIPMENT":
            for name in (entry.name, *entry.aliases):
                if any(ch.isdigit() for ch in name) and entry.key not in self._compact[compact(name)]:
                    self._compact[compact(name)].append(entry.key)

    def _index_name(self, name: str, key: str) -> None:
        if key.startswith("place:"):
            return  # places are indexed by the place index, under looser spellings
        normalised = norm(name)
        for k in (normalised,) if name.isascii() else (normalised, norm(fold(name))):
            if key not in self._names[k]:
                self._names[k].append(key)

    # -- lookups ------------------------------------------------------------------------------
    def get(self, key: str | None) -> KBEntry | None:
        return self.entries.get(key) if key else None

    def lookup(self, name: str, kinds: Iterable[str] | None = None) -> list[KBEntry]:
        """Every entry going by ``name`` (case-insensitive), best first; ``kinds`` filters by key prefix.
        People, countries, organisations and equipment come before places of the same name."""
        keys = self._names.get(norm(name)) or self._names.get(norm(fold(name))) or []
        wanted = set(kinds) if kinds else None
        if self.place_index is not None and (wanted is None or "place" in wanted):
            places = self.place_index.loose.get(self.place_index.spelling.loose(name), ())
            keys = [*keys, *(k for k in places if k not in keys)]
        return [self.entries[k] for k in keys if wanted is None or k.split(":", 1)[0] in wanted]

    def keys_for(self, normalised: str) -> list[str]:
        keys = list(self._names.get(normalised, ()))
        if self.place_index is not None:
            keys += [
                k
                for k in self.place_index.loose.get(self.place_index.spelling.loose(normalised), ())
                if k not in keys
            ]
        return keys

    def country(self, name_or_code: str) -> KBEntry | None:
        """The country entry for an ISO3 code, a name ("Britain") or an adjective ("Belarusian")."""
        if len(name_or_code) == 3 and name_or_code.isupper() and f"country:{name_or_code}" in self.entries:
            return self.entries[f"country:{name_or_code}"]
        iso3 = self._exact_country_words.get(clean(name_or_code)) or self._country_words.get(
            norm(name_or_code)
        )
        return self.entries.get(f"country:{iso3}") if iso3 else None

    def demonym_country(self, word: str) -> str | None:
        """ISO3 of a nationality adjective or people noun: "Belarusian" -> "BLR", "Poles" -> "POL"."""
        return self._demonyms.get(norm(word))

    def country_of(self, text: str) -> str | None:
        """ISO3 of the first country a phrase names, by name, adjective or place; None if none.

        "chief of Belarus' security service KGB" -> "BLR"; "the Ukrainian Armed Forces" -> "UKR";
        "Kharkiv regional governor" -> "UKR". Country words win over place names.
        """
        found = self.countries_in(text)
        if found:
            return found[0]
        for _, _, words in self._ngrams(text):
            iso3 = self._place_words.get(norm(words))
            if iso3:
                return iso3
        return None

    def countries_in(self, text: str) -> list[str]:
        """ISO3 codes of every country named in ``text`` by name or adjective, in order of mention."""
        out: list[str] = []
        for _, _, words in self._ngrams(text):
            iso3 = self._country_word(words)
            if iso3 and iso3 not in out:
                out.append(iso3)
        return out

    def country_span(self, text: str) -> tuple[int, int, str] | None:
        """The first country word in ``text`` as (start, end, ISO3)."""
        for start, end, words in self._ngrams(text):
            iso3 = self._country_word(words)
            if iso3:
                return start, end, iso3
        return None

    def _country_word(self, words: str) -> str | None:
        return self._exact_country_words.get(clean(words)) or self._country_words.get(norm(words))

    def _ngrams(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Capitalised word n-grams (longest first at each position): where country words can be."""
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        for i, (start, _) in enumerate(spans):
            if not text[start].isupper():
                continue
            for n in range(min(5, len(spans) - i), 0, -1):
                end = spans[i + n - 1][1]
                yield start, end, text[start:end]

    def place(self, name: str, prefer: Iterable[str] = ()) -> KBEntry | None:
        """The place a name most likely means: a preferred country first, then by score (size, fame)."""
        found = self.places(name, prefer)
        return found[0] if found else None

    def places(self, name: str, prefer: Iterable[str] = ()) -> list[KBEntry]:
        order = {iso3: i for i, iso3 in enumerate(prefer)}
        index = self._index()
        ranked = index.rank(name, index.candidates(name, transliteration=False), _places.PlaceContext())
        ranked.sort(key=lambda c: (order.get(c.entry.country or "", len(order)), -c.score))
        return [c.entry for c in ranked]

    def region(self, phrase: str) -> _places.Region | None:
        """The first-level divisions or the country a region phrase names ("Kharkivs'ka oblast", "Gomel")."""
        return self._index().region(phrase, self._country_name)

    def resolve_place(
        self,
        name: str,
        region: str | _places.Region | None = None,
        *,
        local: Iterable[str] = (),
        article: dict[str, float] | None = None,
    ) -> _places.Candidate | None:
        """The place ``name`` means, read as reports write it: ``region`` is the phrase after the comma
        ("Kamyanka", "Kharkiv Oblast"); ``local`` the countries named in the sentence; ``article`` each
        country's share of the article's mentions. Spellings meet by transliteration when no name matches
        ("Kurakhovka" = "Kurakhivka"). Returns the best candidate (``.entry``, ``.how``, ``.score``); the
        region's own entry when no place of that name lies in it; None when nothing matches."""
        index = self._index()
        if isinstance(region, str):
            region = index.region(region, self._country_name)
        context = _places.PlaceContext(region, tuple(local), article or {})
        return index.resolve(name, context)

    def place_by_lemma(self, lemma: str, *, local: Iterable[str] = ()) -> KBEntry | None:
        """A place by a lemma in any script the gazetteer indexes: "харків", "Харьков", "київ", "Kharkiv".
        For the Russian and Ukrainian reader: lemmatise the inflected form ("Харкові" -> "харків") first."""
        found = self.resolve_place(lemma, local=local)
        return found.entry if found else None

    def well_known(self, entry: KBEntry) -> bool:
        """A place a reader knows without being told where it is: curated, a capital, a division, or big."""
        if entry.kind != "place":
            return True
        attrs = entry.attributes
        return (
            entry.curated
            or "capital_of" in attrs
            or attrs.get("precision") == "admin1"
            or entry.population >= self._index().well_known_population
        )

    def division_of(self, entry: KBEntry) -> KBEntry | None:
        """The first-level division (oblast, federal subject, voblast, state) a place lies in; a city that
        is a division of its own (Kyiv, Moscow, Sevastopol) is its own."""
        code = entry.attributes.get("admin1_code")
        division = self._index().divisions.get(code) if code else None
        return self.entries.get(division.key) if division is not None and division.key else None

    def _country_name(self, phrase: str) -> str | None:
        entry = self.country(phrase)
        return entry.key.split(":", 1)[1] if entry is not None and entry.kind == "country" else None

    def _index(self) -> _places.PlaceIndex:
        if self.place_index is None:
            raise RuntimeError("knowledge base built without places")
        return self.place_index

    def person(self, name: str) -> KBEntry | None:
        found = self.lookup(name, ("person",))
        return found[0] if found else None

    def equipment(self, name: str) -> KBEntry | None:
        """A system by any alias or designator spelling ("MiG-31k", "Tor M2", "T-72As")."""
        found = self.lookup(name, ("equipment",))
        if not found and name.endswith("s"):
            found = self.lookup(name[:-1], ("equipment",))  # "Ural trucks", "Javelins"
        if found:
            return found[0]
        key = compact(name)
        keys = self._compact.get(key) or (self._compact.get(key[:-1]) if key.endswith("s") else None)
        return self.entries[keys[0]] if keys else None

    def equipment_family(self, designator: str) -> KBEntry | None:
        """The known system an unknown variant belongs to: "T-64BV2" -> T-64BV, "Su-25SM3" -> Su-25."""
        key = compact(designator)
        for n in range(len(key) - 1, 2, -1):
            head, rest = key[:n], key[n:]
            if head[-1].isdigit() and rest[0].isdigit():
                continue
            if head in self._compact:
                return self.entries[self._compact[head][0]]
        return None

    def designator_class(self, designator: str) -> str | None:
        """Equipment class implied by a designator's prefix ("BMP-" -> infantry fighting vehicle)."""
        prefix = re.split(r"[-\s]", designator, maxsplit=1)[0].lower()
        return self.designator_prefixes.get(prefix)

    def organisation(self, name: str) -> KBEntry | None:
        """A named body by alias, or a state institution by kind and country ("the Hungarian MoD")."""
        found = self.lookup(name, ("org",))
        if found:
            return found[0]
        resolved = self.institution_of(name)
        return self.institution(*resolved) if resolved and resolved[1] else None

    def institution_of(self, phrase: str) -> tuple[str, str | None] | None:
        """(kind, ISO3) of a phrase naming a state body: "Ukraine's General Staff" -> (general-staff, UKR)."""
        text = clean(phrase)
        span = self.country_span(text)
        iso3 = None
        if span:
            start, end, iso3 = span
            text = text[:start] + " " + text[end:]
            text = re.sub(r"\s(?:of|for)(?:\s+the)?\s*$", "", text.strip() + " ").strip()
            text = re.sub(r"^(?:'s?|’s?)\s*", "", text.strip())
        kind = self._generic.get(norm(text))
        return (kind, iso3) if kind else None

    def institution(self, kind: str, iso3: str) -> KBEntry | None:
        """The body of ``kind`` for a country: the named one if the data has it, else a synthesised one."""
        claimed = self._claims.get((kind, iso3))
        if claimed:
            return self.entries[claimed]
        spec, country = self.institutions.get(kind), self.country(iso3)
        if spec is None or country is None:
            return None
        key = f"org:{kind}-{iso3.lower()}"
        if key not in self.entries:
            name = spec["name"].format(country=country.attributes.get("prose_name", country.name))
            self.add(KBEntry(key, name, "ORG", country=iso3, attributes={"institution": kind}), pattern=False)
        return self.entries[key]

    def patterns(self) -> list[Pattern]:
        """Every name the gazetteer should look for in text."""
        return list(self._patterns)


def _case_sensitive(name: str, entry: KBEntry) -> bool:
    """Acronyms ("US", "KGB") and plain words ("Patriot") must match as written; designators need not."""
    if entry.type == "EQUIPMENT":
        return not any(ch.isdigit() for ch in name) and not (name.isupper() and len(name) > 3)
    return True


def build() -> KnowledgeBase:
    """Load every data file and gazetteer into one indexed knowledge base."""
    kb = KnowledgeBase()
    people = _load.read_people()
    for entry in people:  # people first: a person's surname outranks a same-named place
        kb.add(entry)
    _add_countries(kb)
    organisations, kb.institutions = _load.read_organisations()
    for entry in organisations:
        kb.add(entry)
    for kind, spec in kb.institutions.items():
        for generic in spec.get("generic") or ():
            kb._generic.setdefault(norm(generic), kind)
    for entry in kb.entries.values():
        inst = entry.attributes.get("institution")
        if inst and entry.country:
            kb._claims.setdefault((inst, entry.country), entry.key)
    equipment, rules = _load.read_equipment()
    for entry in equipment:
        kb.add(entry)
    kb.designator_prefixes = {str(k).lower(): str(v) for k, v in (rules["designator_prefixes"] or {}).items()}
    kb.needs_context = frozenset(norm(w) for w in rules["needs_context"] or ())
    kb.not_equipment = frozenset(compact(w) for w in rules["not_equipment"] or ())
    kb.cue_nouns = {str(k).lower(): str(v) for k, v in (rules["cue_nouns"] or {}).items()}
    kb.role_nouns, kb.role_modifiers, kb.person_titles = _load.read_roles()
    kb.locative_prepositions = frozenset(str(p) for p in _places.read_settings()["locative_prepositions"])
    _add_places(kb)
    return kb


def _add_countries(kb: KnowledgeBase) -> None:
    for row in _load.read_countries():
        names = tuple(dict.fromkeys(clean(n) for n in (row.short_name, *row.names) if clean(n)))
        prose = f"the {row.short_name}" if _takes_article(row.short_name) else row.short_name
        kb.add(
            KBEntry(
                f"country:{row.iso3}",
                row.short_name,
                "GPE",
                names[1:],
                country=row.iso3,
                attributes={"iso3": row.iso3, "prose_name": prose},
            )
        )
        for n in names:
            exact = n.replace(".", "").isupper() and len(n.replace(".", "")) <= 4
            (kb._exact_country_words if exact else kb._country_words)[clean(n) if exact else norm(n)] = (
                row.iso3
            )
        words = row.adjectives + row.people
        if words:
            kb.add(KBEntry(f"norp:{row.iso3}", words[0], "NORP", words[1:], country=row.iso3))
            for w in words:
                kb._country_words.setdefault(norm(w), row.iso3)
                kb._demonyms.setdefault(norm(w), row.iso3)


_PLURAL_COUNTRY_NAMES = {
    "Netherlands",
    "Philippines",
    "Bahamas",
    "Gambia",
    "Maldives",
    "Seychelles",
    "Marshall Islands",
    "Solomon Islands",
    "Holy See",
    "Comoros",
}


def _takes_article(short_name: str) -> bool:
    """ "the United States", "the Czech Republic", "the Netherlands"; but "Ukraine", "Belarus"."""
    words = set(short_name.split())
    return bool(words & {"United", "Republic", "Union"}) or short_name in _PLURAL_COUNTRY_NAMES


def _add_places(kb: KnowledgeBase) -> None:
    """Curated places, GeoNames populated places and first-level divisions, indexed every way they are written."""
    import pycountry

    settings = _places.read_settings()
    index = kb.place_index = _places.PlaceIndex(settings, kb.entries)
    iso2_to_iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    focus = frozenset(iso2_to_iso3.get(c, c) for c in index.focus)
    index.focus3 = focus
    pattern_min = int(settings["pattern_min_population"])
    curated = _load.read_curated_places()
    cities = sorted(_load.read_geonames_cities(iso2_to_iso3, settings), key=lambda e: -e.population)
    twins = _merge_twins(curated, cities)
    for (
        entry
    ) in curated:  # a curated region, sea or facility has no census: it is known to reporting all the same
        if "geonameid" not in entry.attributes:
            entry.population = max(entry.population, index.well_known_population)
            entry.prominence = max(entry.prominence, index.weights.famous_min_names)
    for entry in curated:
        kb.add(entry)
        index.add(entry, skeleton=entry.country in focus)
    for city in cities:  # a curated place answers to its GeoNames twin's names too (not searched in text)
        entry = twins.get(id(city))
        if entry is not None:
            for n in (city.name, *city.aliases):
                kb._index_name(n, entry.key)
            index.add(entry, (city.name, *city.aliases), skeleton=entry.country in focus)
    for entry in curated:
        if entry.country and entry.type == "GPE":
            for n in (entry.name, *entry.aliases):
                kb._place_words.setdefault(norm(n), entry.country)
    used_keys = set(kb.entries)
    for city in cities:
        if id(city) in twins:
            continue
        city.key = _city_key(city, used_keys)
        used_keys.add(city.key)
        kb.add(city, pattern=False)
        index.add(city, skeleton=city.country in focus)
        capital = "capital_of" in city.attributes
        if (
            city.population >= 1_000_000
            or capital
            or (city.population >= pattern_min and city.country in focus)
        ):
            kb._patterns.append(Pattern(city.name, norm(city.name), True, "place"))
            if city.population >= _COUNTRY_WORD_PLACE_MIN_POPULATION or capital:
                kb._place_words.setdefault(norm(city.name), city.country or "")
    _admin1_of_curated(curated, cities)
    _divisions.add_divisions(kb, settings, iso2_to_iso3, curated, focus)
    _capital_coordinates(kb)


def _merge_twins(curated: list[KBEntry], cities: list[KBEntry]) -> dict[int, KBEntry]:
    """GeoNames places that a curated entry already stands for (by id); the entry takes their figures."""
    taken: dict[str, list[KBEntry]] = defaultdict(list)
    for entry in curated:
        for n in (entry.name, *entry.aliases):
            taken[norm(fold(n))].append(entry)
    twins: dict[int, KBEntry] = {}
    for city in cities:  # most populous first: the first twin found is the place itself
        entry = next(
            (
                e
                for n in (city.name, *city.aliases)
                for e in taken.get(norm(fold(n)), ())
                if _same_place(city, e)
            ),
            None,
        )
        if entry is None:
            continue
        twins[id(city)] = entry
        if "geonameid" not in entry.attributes:
            entry.population, entry.prominence = city.population, city.prominence
            entry.attributes["geonameid"] = city.attributes["geonameid"]
            if city.attributes.get("admin1_code"):
                entry.attributes["admin1_code"] = city.attributes["admin1_code"]
    return twins


def _admin1_of_curated(curated: list[KBEntry], cities: list[KBEntry]) -> None:
    """A curated place without a GeoNames twin lies in the division of the nearest populated place."""
    grid: dict[tuple[int, int], list[KBEntry]] = defaultdict(list)
    for city in cities:
        if city.attributes.get("admin1_code"):
            grid[(int(city.lat // 1), int(city.lon // 1))].append(city)
    for entry in curated:
        if "admin1_code" in entry.attributes or entry.lat is None or entry.lon is None or not entry.country:
            continue
        if entry.attributes.get("kind") in _NOT_IN_ONE_DIVISION:
            continue
        cell = (int(entry.lat // 1), int(entry.lon // 1))
        near = [
            c
            for dy in (-1, 0, 1)
            for dx in (-1, 0, 1)
            for c in grid.get((cell[0] + dy, cell[1] + dx), ())
            if c.country == entry.country
        ]
        if near:
            nearest = min(near, key=lambda c: (c.lat - entry.lat) ** 2 + (c.lon - entry.lon) ** 2)
            entry.attributes["admin1_code"] = nearest.attributes["admin1_code"]


# Curated kinds that span divisions or none: they get no admin1.
_NOT_IN_ONE_DIVISION = frozenset(
    {"region", "sea", "river", "border", "continent", "strait", "oblast", "republic"}
)


def _capital_coordinates(kb: KnowledgeBase) -> None:
    """A country located as a whole stands at its capital, never at the middle of its outline."""
    for entry in kb.entries.values():
        iso3 = entry.attributes.get("capital_of")
        if not iso3 or entry.lat is None:
            continue
        country = kb.entries.get(f"country:{iso3}")
        if country is not None and (country.lat is None or entry.curated):
            country.lat, country.lon = entry.lat, entry.lon
            country.attributes["precision"] = "country"
            country.attributes["coordinates"] = "capital"


def _same_place(a: KBEntry, b: KBEntry) -> bool:
    if a.country != b.country or a.lat is None or b.lat is None:
        return False
    return abs(a.lat - b.lat) < 0.3 and abs((a.lon or 0) - (b.lon or 0)) < 0.3


def _city_key(city: KBEntry, used: set[str]) -> str:
    base = f"place:{slug(city.name)}"
    if base not in used:
        return base
    with_country = f"{base}-{(city.country or 'xx').lower()}"
    return with_country if with_country not in used else f"{with_country}-{city.attributes['geonameid']}"
