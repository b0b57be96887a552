"""The Russian and Ukrainian word lists, read once per language from ``knowledge/data/*_{ru,uk}.yaml``.

Senses use the English lexicon's :class:`~sitrep.knowledge.lexicon.Sense`, so both front ends type
events alike; keys are lemmas (ё written е). A verb key of several words ("нанести удар", "вступить
в войну") fires when the other words follow the verb in its clause.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from ...errors import KnowledgeBaseError
from ...knowledge import load_data
from ...knowledge.lexicon import Sense
from ...model import PLOVER_TYPES


@dataclass(frozen=True)
class SlavicLexicon:
    language: str
    verbs: dict[str, tuple[Sense, ...]]
    phrases: dict[str, tuple[tuple[tuple[str, ...], tuple[Sense, ...]], ...]]  # first lemma -> (rest, senses)
    nominals: dict[str, Sense]
    converse: dict[str, tuple[Sense, ...]]  # verbs whose subject is the recipient ("получить")
    converse_actor: frozenset[str]  # "от+Gen": where the giver of a converse verb stands
    light: frozenset[str]  # verbs that make the event their object names ("начать наступление")
    assault_modes: dict[str, str]
    lemma_classes: dict[str, frozenset[str]]
    roles: dict[str, dict[str, str]]
    cues: dict[str, frozenset[str]]  # negation, hedged, predicted, negated, future_aux, conditional, reported
    acts: dict[str, dict[str, str]]
    attributions: tuple[str, ...]
    role_nouns: frozenset[str]
    venues: dict[str, tuple[str, ...]]
    qualifiers: dict[str, str]
    multipliers: dict[str, float]
    vague: dict[str, float]
    not_units: frozenset[str]
    numbers: dict[str, float]
    occurrence: frozenset[str] = frozenset()  # "прошла акция протеста": verbs whose subject event happened
    glosses: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lemma -> English words

    def classes_of(self, lemmas: tuple[str, ...]) -> frozenset[str]:
        found: frozenset[str] = frozenset()
        for lemma in lemmas:
            found |= self.lemma_classes.get(lemma, frozenset())
        return found

    def role(self, event_type: str, key: str) -> str | None:
        """recipient | location | destination | origin | instrument for "prep+Case" (or a bare case)."""
        table = self.roles.get(event_type, self.roles["default"])
        return table.get(key)


def _lemma(text: Any) -> str:
    return str(text).lower().replace("ё", "е")


def _sense(raw: dict[str, Any], where: str) -> Sense:
    kind = raw.get("type")
    if kind not in PLOVER_TYPES:
        raise KnowledgeBaseError(f"{where}: unknown PLOVER type {kind!r}; use one of {PLOVER_TYPES}")
    context = raw.get("context")

    def words(value: Any) -> frozenset[str]:
        items = [value] if isinstance(value, str) else value or ()
        return frozenset(_lemma(v) for v in items)

    return Sense(
        type=kind,
        mode=raw.get("mode"),
        context=tuple([context] if isinstance(context, str) else context or ()),
        object=words(raw.get("object")),
        subject=words(raw.get("subject")),
    )


@functools.lru_cache(maxsize=2)
def load_slavic_lexicon(language: str) -> SlavicLexicon:
    events = load_data(f"event_verbs_{language}.yaml")
    where = f"event_verbs_{language}.yaml"
    verbs: dict[str, tuple[Sense, ...]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], tuple[Sense, ...]]]] = {}
    for key, raw in (events.get("verbs") or {}).items():
        senses = tuple(_sense(s, f"{where}:{key}") for s in raw)
        words = tuple(_lemma(w) for w in str(key).split())
        if len(words) == 1:
            verbs[words[0]] = senses
        else:
            phrases.setdefault(words[0], []).append((words[1:], senses))
    classes: dict[str, set[str]] = {}
    for name, lemmas in (events.get("classes") or {}).items():
        for lemma in lemmas:
            classes.setdefault(_lemma(lemma).split()[-1], set()).add(name)
    modality = load_data(f"event_modality_{language}.yaml")
    speech = load_data(f"speech_acts_{language}.yaml")
    quantities = load_data(f"quantities_{language}.yaml")
    numbers = load_data(f"time_words_{language}.yaml").get("numbers") or {}
    return SlavicLexicon(
        language=language,
        verbs=verbs,
        phrases={k: tuple(v) for k, v in phrases.items()},
        nominals={
            _lemma(k): _sense(v, f"{where}:nominals:{k}") for k, v in (events.get("nominals") or {}).items()
        },
        converse={
            _lemma(k): tuple(_sense(s, f"{where}:converse:{k}") for s in v)
            for k, v in (events.get("converse") or {}).items()
        },
        converse_actor=frozenset(str(k) for k in events.get("converse_actor") or ()),
        light=frozenset(_lemma(w) for w in events.get("light") or ()),
        assault_modes={
            _lemma(w): mode for mode, ws in (events.get("assault_modes") or {}).items() for w in ws
        },
        lemma_classes={k: frozenset(v) for k, v in classes.items()},
        roles={k: {str(p): str(r) for p, r in v.items()} for k, v in (events.get("roles") or {}).items()},
        cues={k: frozenset(_lemma(w) for w in v or ()) for k, v in modality.items()},
        acts={_lemma(k): v for k, v in (speech.get("acts") or {}).items()},
        attributions=tuple(_lemma(a) for a in speech.get("attributions") or ()),
        role_nouns=frozenset(_lemma(w) for w in speech.get("role_nouns") or ()),
        venues={str(k): tuple(str(p).lower() for p in v) for k, v in (speech.get("venues") or {}).items()},
        qualifiers={_lemma(k): str(v) for k, v in (quantities.get("qualifiers") or {}).items()},
        multipliers={_lemma(k): float(v) for k, v in (quantities.get("multipliers") or {}).items()},
        vague={_lemma(k): float(v) for k, v in (quantities.get("vague") or {}).items()},
        not_units=frozenset(_lemma(w) for w in quantities.get("not_units") or ()),
        numbers={_lemma(k): float(v) for k, v in numbers.items() if isinstance(v, (int, float))},
        occurrence=frozenset(_lemma(w) for w in events.get("occurrence") or ()),
        glosses={_lemma(k): tuple(str(v).lower().split()) for k, v in (events.get("glosses") or {}).items()},
    )
