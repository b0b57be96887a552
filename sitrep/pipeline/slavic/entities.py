"""Stage ``slavic.entities``: Russian and Ukrainian names linked to the English pipeline's identities.

The gazetteer (:mod:`.gazetteer`) finds known names in any case form; natasha's NER adds the Russian
people, places and organisations the knowledge base does not know, named by their Latin spelling
(``person:kirill-ivanov``). A state body takes the country beside it: "Минобороны России" and
"российское Минобороны" are both ``org:defence-ministry-rus``. A surname after the full name joins it.
"""

from __future__ import annotations

from typing import Any

from ...knowledge import KBEntry, load_data, slug
from ...model import Document, Entity, Mention
from .. import Resources, Stage, stage
from .gazetteer import Match, gazetteer
from .parse import Parsed, Word, parsed

_NER_TYPES = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"}
_ID_PREFIX = {"PERSON": "person", "GPE": "place", "ORG": "org"}


@stage("slavic.entities")
def make_entities(resources: Resources) -> Stage:
    def run(document: Document) -> Document:
        result = parsed(document)
        if result is not None:
            document.entities = _Linker(document, result, resources.kb).run()
        return document

    return run


class _Linker:
    def __init__(self, document: Document, result: Parsed, kb: Any) -> None:
        self.document, self.result, self.kb = document, result, kb
        self.entities: dict[str, Entity] = {}
        self.surnames: dict[str, str] = {}  # lemma of a surname -> person id

    def run(self) -> list[Entity]:
        words = self.result.words
        matches = gazetteer(self.result.language).find(words)
        used: set[int] = set()
        skip: set[int] = set()
        people = {i for first, end, kind in self.result.names if kind == "PER" for i in range(first, end)}
        for n, match in enumerate(matches):
            if n in skip or (match.name.kind == "place" and people.issuperset(range(match.first, match.end))):
                continue  # NER reads "Иван Петренко" as a person: "Иван" is no town
            if match.name.kind == "institution":
                match, partner = self._institution(matches, n)
                if partner is not None:
                    skip.add(partner)
                if match is None:
                    continue
            self._link(match.first, match.end, match.name.key)
            used.update(range(match.first, match.end))
        for first, end, kind in self.result.names:
            if not used.intersection(range(first, end)):
                self._unknown(first, end, _NER_TYPES.get(kind, "ORG"))
        self.result.entity_ids = {
            i: e.id for e in self.entities.values() for m in e.mentions for i in self._word_range(m)
        }
        return sorted(self.entities.values(), key=lambda e: e.mentions[0].start)

    # -- state bodies --------------------------------------------------------------------------
    def _institution(self, matches: list[Match], n: int) -> tuple[Match | None, int | None]:
        """The body of a kind and the country beside it: the next name (genitive) or the word before."""
        match = matches[n]
        kind = match.name.key.split(":", 1)[1]
        for other in (n + 1, n - 1):
            if not 0 <= other < len(matches):
                continue
            near = matches[other]
            gap = near.first - match.end if other > n else match.first - near.end
            if gap != 0 or near.name.kind not in ("country", "norp"):
                continue
            iso3 = near.name.key.split(":", 1)[1]
            entry = self.kb.institution(kind, iso3)
            if entry is not None:
                first, end = min(match.first, near.first), max(match.end, near.end)
                return Match(first, end, match.name.__class__(entry.key, "org")), other
        words = self.result.words[match.first : match.end]
        self._unknown(match.first, match.end, "ORG", name=" ".join(w.text for w in words))
        return None, None

    # -- entities --------------------------------------------------------------------------------
    def _link(self, first: int, end: int, key: str) -> None:
        kind, _, rest = key.partition(":")
        entry = self.kb.get(key) or _norp_entry(self.kb, rest) if kind == "norp" else self.kb.get(key)
        if entry is None:
            return
        entity = self.entities.get(entry.key)
        if entity is None:
            entity = self.entities[entry.key] = _from_entry(entry)
        self._mention(entity, first, end)
        if entity.type == "PERSON":
            self.surnames.setdefault(self.result.words[end - 1].lemma, entity.id)

    def _unknown(self, first: int, end: int, label: str, name: str | None = None) -> None:
        words = self.result.words[first:end]
        if label == "PERSON" and len(words) == 1 and words[0].lemma in self.surnames:
            entity = self.entities[self.surnames[words[0].lemma]]
            self._mention(entity, first, end)
            return
        name = name or " ".join(_nominative(w) for w in words)
        entity_id = f"{_ID_PREFIX.get(label, 'org')}:{slug(transliterate(name, self.result.language))}"
        entity = self.entities.get(entity_id)
        if entity is None:
            entry = self.kb.get(entity_id)  # "Соледар" -> place:soledar, a known identity: take its data
            known = entry is not None and entry.type == label
            entity = _from_entry(entry) if known else Entity(id=entity_id, name=name, type=label)
            self.entities[entity_id] = entity
        self._mention(entity, first, end)
        if label == "PERSON" and len(words) > 1:
            self.surnames.setdefault(words[-1].lemma, entity_id)

    def _mention(self, entity: Entity, first: int, end: int) -> None:
        words = self.result.words
        start, stop = words[first].start, words[end - 1].end
        entity.mentions.append(Mention(start, stop, self.document.text[start:stop]))

    def _word_range(self, mention: Mention) -> range:
        return range(self.result.word_starting(mention.start), self.result.word_ending(mention.end) + 1)


def _from_entry(entry: KBEntry) -> Entity:
    attributes = {
        k: v
        for k, v in entry.attributes.items()
        if v is not None and k not in ("prose_name", "source", "geonameid")
    }
    return Entity(
        id=entry.key,
        name=entry.name,
        type=entry.type,
        aliases=[a for a in entry.aliases if a != entry.name],
        role=entry.role,
        country=None if entry.type == "EQUIPMENT" else entry.country,
        lat=entry.lat,
        lon=entry.lon,
        kb_id=entry.key,
        attributes=attributes,
    )


def _norp_entry(kb: Any, iso3: str) -> KBEntry | None:
    """A country without English demonyms in the data still gets its NORP identity."""
    country = kb.get(f"country:{iso3}")
    if country is None:
        return None
    return KBEntry(f"norp:{iso3}", country.name, "NORP", country=iso3)


def _nominative(word: Word) -> str:
    """The dictionary form of a name's word, capitalised as written ("Кирилла" -> "Кирилл")."""
    lemma = word.lemma if word.lemma and word.lemma.isalpha() else word.text
    if word.text.isupper() and len(word.text) > 1:
        return word.text
    return lemma[:1].upper() + lemma[1:] if word.text[:1].isupper() else lemma


def transliterate(text: str, language: str) -> str:
    table: dict[str, str] = load_data(f"names_{language}.yaml").get("transliteration") or {}
    return "".join(table.get(ch, table.get(ch.lower(), ch)) for ch in text.lower())
