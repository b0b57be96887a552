"""The kind of an event's actor or recipient (state forces, protesters, civilians ...), for ACLED.

Read from what the text names: a linked entity first (an army, a ministry, a country), then a
multi-word phrase ("riot police", "armed men"), then the phrase's head noun ("dozens of protesters"
-> protester). Then the event decides: residents who gather to protest are protesters, a country
that attacks stands for its armed forces. Word lists: ``knowledge/data/actor_kinds.yaml``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..knowledge import load_data
from ..model import ACTOR_KINDS, Document, Entity, Event

_WORD = re.compile(r"[\w'-]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Words that end an actor phrase's head: "protesters organized by KPRF", "residents of Tomsk".
_PHRASE_END = re.compile(
    r",|;|\(|\s(?:of|in|from|at|near|who|which|that|including|organi[sz]ed|led|living|with|for|on|"
    r"under|against|to|by|and|or)\s",
    re.IGNORECASE,
)
_QUALIFIERS = re.compile(r"\b(?:at least|at most|more than|less than|fewer than|up to)\b", re.IGNORECASE)
_OF = re.compile(r"\sof\s", re.IGNORECASE)
# Count words and quantifiers whose "of"-phrase holds the actor: "dozens of protesters".
_CONTAINERS = frozenset(
    [
        "group",
        "groups",
        "dozen",
        "dozens",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "number",
        "crowd",
        "crowds",
        "couple",
        "handful",
        "score",
        "scores",
        "few",
        "several",
        "some",
        "many",
        "most",
        "all",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "members",
        "member",
        "part",
        "majority",
        "lot",
        "lots",
    ]
)


@dataclass(frozen=True)
class KindLexicon:
    institutions: dict[str, str]  # institution -> kind
    entities: dict[str, str]  # entity id -> kind
    phrases: tuple[tuple[str, str], ...]  # (phrase, kind), longest first
    heads: dict[str, str]  # singular head noun -> kind
    entity_types: dict[str, str]
    by_event: dict[str, dict[str, dict[str, str]]]  # PLOVER type -> role -> own kind -> kind
    rioting_modes: frozenset[str]
    police_words: tuple[str, ...]
    place_recipients: dict[str, str]  # PLOVER type -> kind of a place it hits
    cyrillic_heads: dict[str, str] = field(default_factory=dict)  # Russian/Ukrainian lemma -> kind
    cyrillic_phrases: tuple[tuple[tuple[str, ...], str], ...] = ()  # (lemmas, kind), longest first
    cyrillic_police: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=1)
def kind_lexicon() -> KindLexicon:
    data = load_data("actor_kinds.yaml")
    invert = lambda table: {w.lower(): k for k, ws in (table or {}).items() for w in ws}  # noqa: E731
    phrases = sorted(invert(data.get("phrases")).items(), key=lambda p: -len(p[0]))
    cyrillic = data.get("cyrillic") or {}
    lexicon = KindLexicon(
        institutions=invert(data.get("institutions")),
        entities=invert(data.get("entities")),
        phrases=tuple(phrases),
        heads=invert(data.get("heads")),
        entity_types={k: v for k, v in (data.get("entity_types") or {}).items()},
        by_event={k: dict(v) for k, v in (data.get("by_event") or {}).items()},
        rioting_modes=frozenset(data.get("rioting_modes") or ()),
        police_words=tuple(str(w).lower() for w in data.get("police_words") or ()),
        place_recipients=dict(data.get("place_recipients") or {}),
        cyrillic_heads={_yo(w): k for k, ws in (cyrillic.get("heads") or {}).items() for w in ws},
        cyrillic_phrases=tuple(
            sorted(
                ((tuple(_yo(p).split()), k) for k, ps in (cyrillic.get("phrases") or {}).items() for p in ps),
                key=lambda p: -len(p[0]),
            )
        ),
        cyrillic_police=frozenset(_yo(w) for w in cyrillic.get("police_words") or ()),
    )
    _check(lexicon)
    return lexicon


def _check(lexicon: KindLexicon) -> None:
    from ..errors import KnowledgeBaseError

    kinds = [*lexicon.institutions.values(), *lexicon.entities.values(), *lexicon.heads.values()]
    kinds += [k for _, k in lexicon.phrases] + list(lexicon.entity_types.values())
    kinds += list(lexicon.place_recipients.values())
    kinds += [*lexicon.cyrillic_heads.values(), *(k for _, k in lexicon.cyrillic_phrases)]
    for roles in lexicon.by_event.values():
        for table in roles.values():
            kinds += [*table.keys(), *table.values()]
    unknown = sorted(set(kinds) - set(ACTOR_KINDS))
    if unknown:
        raise KnowledgeBaseError(f"actor_kinds.yaml: unknown actor kinds {unknown}; use {ACTOR_KINDS}")


def singular(word: str) -> str:
    """A plural noun folded to its singular, enough for the word lists ("militias", "policemen")."""
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


def head_word(text: str) -> str:
    """The head noun of an actor phrase: the last word before its first modifier or clause."""
    words = _WORD.findall(core_phrase(text))
    return singular(words[-1]) if words else ""


def core_phrase(text: str) -> str:
    """The actor phrase up to its head: "four relatives" of "four relatives of men arrested ..."."""
    text = _QUALIFIERS.sub(" ", text)
    for _ in range(3):
        core = _PHRASE_END.split(" " + text + " ", maxsplit=1)[0].strip()
        words = _WORD.findall(core)
        inner = _OF.split(text, maxsplit=1)
        if words and words[-1].lower() in _CONTAINERS and len(inner) == 2:
            text = inner[1]  # "dozens of protesters": the head is inside the "of" phrase
            continue
        return core
    return ""


def own_kind(text: str, entity: Entity | None, lexicon: KindLexicon, language: str | None = None) -> str:
    """The kind an actor phrase names, before its event is considered.

    A linked entity decides when the phrase is about it ("the Russian Defence Ministry", "Russia");
    a head noun of its own wins over an entity in a modifier ("Russian forces", "residents of Tomsk").
    """
    if _CYRILLIC.search(text):
        return _cyrillic_kind(text, entity, lexicon, language)
    head = head_word(text)
    if entity is not None and _names_head(entity, head):
        kind = _entity_kind(entity, lexicon)
        if kind:
            return kind
    folded = " " + " ".join(_WORD.findall(core_phrase(text).lower())) + " "
    for phrase, kind in lexicon.phrases:
        if f" {phrase} " in folded:
            return kind
    if head in lexicon.heads:
        return lexicon.heads[head]
    if entity is not None and _names_head(entity, head):
        return lexicon.entity_types.get(entity.type, "unknown")
    return "unknown"


def _cyrillic_kind(text: str, entity: Entity | None, lexicon: KindLexicon, language: str | None) -> str:
    """A Russian or Ukrainian phrase's kind: a listed phrase, else its first word with a listed lemma
    ("российские войска" -> войско), else the entity it names ("Минобороны России", "Зеленский")."""
    keys = [_word_lemmas(w, language) for w in _WORD.findall(text)]
    for words, kind in lexicon.cyrillic_phrases:
        n = len(words)
        if any(all(words[k] in keys[i + k] for k in range(n)) for i in range(len(keys) - n + 1)):
            return kind
    for word_keys in keys:
        found = next((lexicon.cyrillic_heads[k] for k in word_keys if k in lexicon.cyrillic_heads), None)
        if found:
            return found
    if entity is not None and _names_by_noun(entity, text):
        return _entity_kind(entity, lexicon) or lexicon.entity_types.get(entity.type, "unknown")
    return "unknown"


def _names_by_noun(entity: Entity, text: str) -> bool:
    """Whether the phrase names the entity itself ("Россия", "Минобороны России"), not only by the
    demonym of a modifier ("российского агента" is no state)."""
    if entity.type == "NORP":
        return False
    names = {entity.name, *entity.aliases, *(m.text for m in entity.mentions)}
    words = {w.casefold() for n in names for w in _WORD.findall(n)}
    return any(w.casefold() in words for w in _WORD.findall(text))


def _word_lemmas(word: str, language: str | None) -> frozenset[str]:
    """A Cyrillic word as written and under every lemma pymorphy3 gives it (Russian unless Ukrainian)."""
    from .slavic.gazetteer import word_keys

    try:
        return frozenset(_yo(k) for k in word_keys(word, "uk" if language == "uk" else "ru"))
    except (ImportError, ValueError, OSError):  # the optional Ukrainian dictionary is missing
        return frozenset({_yo(word.lower())})


def _yo(word: str) -> str:
    return str(word).lower().replace("ё", "е")


def _names_head(entity: Entity, head: str) -> bool:
    """Whether the entity is the phrase's head ("Russia", "the Defence Ministry"), not a modifier of it
    ("Belarusians living in Russia", "Leninist Komsomol of the Russian Federation")."""
    names = {entity.name, *entity.aliases, *(m.text for m in entity.mentions)}
    return any(head in (singular(w) for w in _WORD.findall(n.lower())) for n in names)


def _entity_kind(entity: Entity, lexicon: KindLexicon) -> str | None:
    if entity.id in lexicon.entities:
        return lexicon.entities[entity.id]
    institution = entity.attributes.get("institution") or _institution_of_id(entity.id)
    if institution in lexicon.institutions:
        return lexicon.institutions[institution]
    if entity.id.startswith(("country:", "place:")) or entity.type == "GPE":
        return "state"
    if entity.type == "PERSON" and entity.role:
        return "officials"
    if entity.type == "UNIT":
        return "state_forces"
    return None


def _institution_of_id(entity_id: str) -> str | None:
    """``org:defence-ministry-hun`` -> ``defence-ministry``: generic institutions carry their kind in the id."""
    if not entity_id.startswith("org:"):
        return None
    key = entity_id[4:]
    if len(key) > 4 and key[-4] == "-" and key[-3:].isalpha():
        return key[:-4]
    return None


def event_kind(kind: str, event: Event, role: str, lexicon: KindLexicon) -> str:
    """The kind an actor takes in this event: residents who protest are protesters."""
    table = lexicon.by_event.get(event.type, {}).get(role, {})
    kind = table.get(kind, kind)
    if role == "actor" and kind == "protesters" and _modes(event) & lexicon.rioting_modes:
        return "rioters"
    return kind


def _modes(event: Event) -> set[str]:
    return {m.strip() for m in (event.mode or "").replace(";", ",").split(",") if m.strip()}


def phrase_entity(document: Document, event: Event, text: str, ids: list[str]) -> Entity | None:
    """The linked entity an actor phrase names: one of the event's entities mentioned inside it."""
    folded = " " + " ".join(_WORD.findall(text.casefold())) + " "
    for entity_id in ids:
        entity = document.entity(entity_id)
        if entity is None:
            continue
        # A country an actor acts for is named by its demonym too ("российские войска" -> country:RUS)
        demonym = document.entity("norp:" + entity_id[8:]) if entity_id.startswith("country:") else None
        names = {entity.name, *entity.aliases, *(m.text for e in (entity, demonym) if e for m in e.mentions)}
        if any(n and f" {' '.join(_WORD.findall(n.casefold()))} " in folded for n in names):
            return entity
    return None


def _is_place(entity: Entity | None) -> bool:
    """A town or region (a capital too: what an attack hits is the city, not its government)."""
    if entity is None or entity.id.startswith(("country:", "norp:")):
        return False
    return entity.lat is not None


def is_police(text: str, entity: Entity | None, lexicon: KindLexicon, language: str | None = None) -> bool:
    """State forces ACLED names "Police Forces of X" rather than "Military Forces of X"."""
    if entity is not None and (entity.attributes.get("institution") or "") in ("interior-ministry", "police"):
        return True
    if _CYRILLIC.search(text):
        return any(_word_lemmas(w, language) & lexicon.cyrillic_police for w in _WORD.findall(text))
    folded = " " + " ".join(_WORD.findall(text.lower())) + " "
    return any(f" {w} " in folded for w in lexicon.police_words)


def set_actor_kinds(document: Document, event: Event, lexicon: KindLexicon | None = None) -> None:
    """Fill ``event.actor_kinds`` / ``recipient_kinds``: one kind per actor / recipient text."""
    lexicon = lexicon or kind_lexicon()
    for role, texts, ids in (
        ("actor", event.actor_texts, event.actors),
        ("recipient", event.recipient_texts, event.recipients),
    ):
        kinds = []
        for text in texts:
            entity = phrase_entity(document, event, text, ids)
            kind = own_kind(text, entity, lexicon, document.language)
            if role == "recipient" and kind == "state" and _is_place(entity):
                kind = lexicon.place_recipients.get(event.type, kind)
            kinds.append(event_kind(kind, event, role, lexicon))
        if role == "actor":
            event.actor_kinds = kinds
        else:
            event.recipient_kinds = kinds


def country_of(entity: Entity | None, text: str, kb) -> str | None:
    """ISO3 country of an actor phrase: its linked entity's, else the first country the phrase names."""
    if entity is not None:
        if entity.id.startswith(("country:", "norp:")):
            return entity.id.split(":", 1)[1][:3].upper()
        if entity.country:
            return entity.country
    if kb is not None and text:
        return kb.country_of(text)
    return None
