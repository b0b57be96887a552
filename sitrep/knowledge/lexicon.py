"""Event and modality lexicons, loaded once from the YAML files in ``data/``.

The verb, noun and modality lists are data so an analyst can extend them without reading the
code that applies them (``sitrep.pipeline.events`` and ``sitrep.pipeline.modality``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from ..errors import KnowledgeBaseError
from ..model import PLOVER_TYPES
from ._load import read_yaml

NOT_AN_EVENT = "none"  # a sense that stops the search: "fight for their lives", "meet the needs"


@dataclass(frozen=True)
class Sense:
    """One reading of a trigger: the PLOVER type and mode it gives, and when it applies.

    ``type`` is ``none`` for a reading that is no event at all ("fight for their lives"); the
    object class ``none`` matches a clause without object ("the two leaders met").
    """

    type: str
    mode: str | None = None
    context: tuple[str, ...] = ()
    object: frozenset[str] = frozenset()  # noun classes the object must belong to
    not_object: frozenset[str] = frozenset()  # noun classes the object must not belong to
    subject: frozenset[str] = frozenset()  # noun classes the subject must belong to
    cue: frozenset[str] = frozenset()  # lemmas one of which must occur in the clause
    complement: bool | None = None  # True: needs a clausal complement; False: must have no that-clause


@dataclass(frozen=True)
class Nominal:
    """A noun that names an event ("talks", "airstrikes"), with its reversal ("lift the curfew")."""

    lemma: str
    sense: Sense
    standalone: bool = False  # makes an event without a verb when a participant is named
    standalone_place: bool = False  # ... or a place ("a demonstration in Moscow")
    end: Sense | None = None  # the type when an `end` verb governs it
    modifiers: dict[str, Sense] = field(default_factory=dict)  # "hunger" strike, "air" strike
    only_with: bool = False  # fires only with one of `modifiers`
    only_light: frozenset[str] = frozenset()  # when set, only these light verbs realise it
    by_subject: dict[str, Sense] = field(default_factory=dict)  # "workers staged a strike": by subject class


@dataclass(frozen=True)
class EventGrammar:
    """The function words and groups roles are read through (``event_grammar.yaml``)."""

    type_groups: dict[str, frozenset[str]]  # "force" -> {ASSAULT, COERCE}
    class_groups: dict[str, frozenset[str]]  # "material" -> {materiel, platforms, ...}
    preps: dict[str, frozenset[str]]  # "actor_of" -> {of, in, from, for}
    platform_words: frozenset[str]
    object_control: frozenset[str]
    relative_pronouns: frozenset[str]
    document_nouns: frozenset[str]
    actor_pronouns: frozenset[str]
    pronoun_antecedents: dict[str, tuple[str, ...]]  # pronoun -> entity types it may refer to
    expletive_subjects: frozenset[str]
    particles: frozenset[str]
    referring_determiners: frozenset[str]
    plural_pronouns: frozenset[str]
    agency: dict[str, frozenset[str]]  # agent_classes, instrument_types ... (see event_grammar.yaml)
    reference_window_sentences: int
    reference_window_tokens: int
    clause_window_tokens: int = 80
    time_window_chars: int = 1000
    # (ending, replacements): readings of an inflected verb form ("raped" -> "rape", "carried" -> "carry")
    verb_endings: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def types(self, group: str) -> frozenset[str]:
        return self.type_groups[group]

    def classes(self, group: str) -> frozenset[str]:
        return self.class_groups[group]

    def prep(self, use: str) -> frozenset[str]:
        return self.preps[use]


@dataclass(frozen=True)
class EventLexicon:
    verbs: dict[str, tuple[Sense, ...]]
    adjectives: dict[str, tuple[Sense, ...]]
    roles: dict[str, dict[str, str]]
    classes: dict[str, frozenset[str]]  # class -> lemmas
    lemma_classes: dict[str, frozenset[str]]  # lemma -> classes
    containers: frozenset[str]
    frames: frozenset[str]
    light: frozenset[str]
    end: frozenset[str]
    nominals: dict[str, Nominal]
    assault_modes: dict[str, str]  # instrument lemma -> ASSAULT mode
    threaten_modes: dict[str, str]
    future_as: dict[str, str]
    grammar: EventGrammar
    anaphora: dict[str, str] = field(default_factory=dict)  # event word -> class ("conference" -> meeting)
    near: frozenset[str] = frozenset()  # "shortly after": the words that make "after X" close to X
    occurrence: frozenset[str] = frozenset()  # "a picket took place": verbs whose subject event happens
    light_types: dict[str, frozenset[str]] = field(default_factory=dict)  # "use": only ASSAULT, COERCE ...

    @functools.cached_property
    def known_verbs(self) -> frozenset[str]:
        """Every verb lemma a trigger or an event noun's verb starts with: what a lemma must be to count."""
        keys = (*self.verbs, *self.adjectives, *self.light, *self.end, *self.occurrence)
        return frozenset(k.split()[0] for k in keys)

    def classes_of(self, lemma: str) -> frozenset[str]:
        return self.lemma_classes.get(lemma.lower(), frozenset())

    def role(self, event_type: str, prep: str, mode: str | None = None) -> str | None:
        """Whether a preposition's object is the recipient or the location of this event type.

        A table for the type and mode ("RETREAT/withdraw": "to X" is a destination) wins over the type's.
        """
        table = self.roles.get(f"{event_type}/{mode}") or self.roles.get(event_type, self.roles["default"])
        return table.get(prep.lower())

    def keywords(self) -> dict[str, Sense]:
        """Every trigger lemma with its first sense: what a syntax-free keyword tagger would use."""
        out: dict[str, Sense] = {}
        for key, senses in self.verbs.items():
            if senses[0].type != NOT_AN_EVENT:
                out.setdefault(key.split()[0], senses[0])
        for lemma, nominal in self.nominals.items():
            if not nominal.only_with:
                out.setdefault(lemma, nominal.sense)
        return out


@dataclass(frozen=True)
class ModalityCues:
    hedged_aux: frozenset[str]
    predicted_aux: frozenset[str]
    negation: frozenset[str]
    hedged_adverbs: frozenset[str]
    reported_adverbs: frozenset[str]
    predicted_adverbs: frozenset[str]
    predicted_governors: frozenset[str]
    negated_governors: frozenset[str]
    hedged_governors: frozenset[str]
    predicted_modifiers: frozenset[str]
    hedged_modifiers: frozenset[str]
    reported_modifiers: frozenset[str]
    negated_modifiers: frozenset[str]
    conditional_marks: frozenset[str]
    reporting_verbs: frozenset[str]
    intent_cues: frozenset[str]
    announcing_aux: frozenset[str]
    complement_preps: frozenset[str]
    inverted_conditionals: frozenset[str]
    counterfactual_aux: frozenset[str]
    negative_subjects: frozenset[str]
    source_preps: frozenset[str]
    presupposing_determiners: frozenset[str]


def _words(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [value]
    return frozenset(str(v).lower() for v in value)


def _sense(raw: dict[str, Any], where: str) -> Sense:
    kind = raw.get("type")
    if kind not in PLOVER_TYPES and kind != NOT_AN_EVENT:
        raise KnowledgeBaseError(f"{where}: unknown PLOVER type {kind!r}; use one of {PLOVER_TYPES}")
    context = raw.get("context")
    return Sense(
        type=kind,
        mode=raw.get("mode"),
        context=tuple([context] if isinstance(context, str) else context or ()),
        object=_words(raw.get("object")),
        not_object=_words(raw.get("not_object")),
        subject=_words(raw.get("subject")),
        cue=_words(raw.get("cue")),
        complement=raw.get("complement"),
    )


def _senses(table: dict[str, Any], where: str) -> dict[str, tuple[Sense, ...]]:
    return {str(k).lower(): tuple(_sense(s, f"{where}:{k}") for s in v) for k, v in (table or {}).items()}


def _nominal(lemma: str, raw: dict[str, Any]) -> Nominal:
    where = f"event_nouns.yaml:nominals:{lemma}"
    return Nominal(
        lemma=lemma,
        sense=_sense(raw, where),
        standalone=bool(raw.get("standalone", False)),
        standalone_place=bool(raw.get("standalone_place", False)),
        end=_sense(raw["end"], where + ":end") if raw.get("end") else None,
        modifiers={str(k).lower(): _sense(v, f"{where}:{k}") for k, v in (raw.get("with") or {}).items()},
        only_with=bool(raw.get("only_with", False)),
        only_light=_words(raw.get("only_light")),
        by_subject={
            str(k).lower(): _sense(v, f"{where}:{k}") for k, v in (raw.get("by_subject") or {}).items()
        },
    )


def _groups(data: dict[str, Any], section: str, upper: bool = False) -> dict[str, frozenset[str]]:
    table = data.get(section) or {}
    if not isinstance(table, dict):
        raise KnowledgeBaseError(f"event_grammar.yaml: `{section}` must be a mapping of name -> words")
    return {str(k): frozenset(w.upper() for w in _words(v)) if upper else _words(v) for k, v in table.items()}


def load_event_grammar() -> EventGrammar:
    """The event grammar (``event_grammar.yaml``); read once through the lexicon."""
    data = read_yaml("event_grammar.yaml")
    types = _groups(data, "type_groups", upper=True)
    unknown = sorted(t for group in types.values() for t in group if t not in PLOVER_TYPES)
    if unknown:
        raise KnowledgeBaseError(f"event_grammar.yaml: unknown PLOVER type(s) {unknown} in `type_groups`")
    antecedents = data.get("pronoun_antecedents") or {}
    return EventGrammar(
        type_groups=types,
        class_groups=_groups(data, "class_groups"),
        preps=_groups(data, "preps"),
        pronoun_antecedents={str(k).lower(): tuple(v) for k, v in antecedents.items()},
        agency={
            k: frozenset(w.upper() for w in v) if k.endswith("_types") else v
            for k, v in _groups(data, "agency").items()
        },
        reference_window_sentences=int(data.get("reference_window_sentences", 3)),
        reference_window_tokens=int(data.get("reference_window_tokens", 300)),
        clause_window_tokens=int(data.get("clause_window_tokens", 80)),
        time_window_chars=int(data.get("time_window_chars", 1000)),
        verb_endings=tuple(
            (str(end), tuple(str(r) for r in (reps if isinstance(reps, list) else [reps])))
            for end, reps in (data.get("verb_endings") or {}).items()
        ),
        **{
            name: _words(data.get(name))
            for name in (
                "platform_words",
                "object_control",
                "relative_pronouns",
                "document_nouns",
                "actor_pronouns",
                "expletive_subjects",
                "particles",
                "referring_determiners",
                "plural_pronouns",
            )
        },
    )


@functools.lru_cache(maxsize=1)
def load_event_lexicon() -> EventLexicon:
    """The event lexicon (verbs, nouns, roles); parsed once per process."""
    verbs, nouns = read_yaml("event_verbs.yaml"), read_yaml("event_nouns.yaml")
    classes = {name: _words(lemmas) for name, lemmas in nouns.get("classes", {}).items()}
    lemma_classes: dict[str, set[str]] = {}
    for name, lemmas in classes.items():
        for lemma in lemmas:
            lemma_classes.setdefault(lemma, set()).add(name)
    roles = {k: {str(p).lower(): r for p, r in v.items()} for k, v in verbs.get("roles", {}).items()}
    if "default" not in roles:
        raise KnowledgeBaseError("event_verbs.yaml: `roles` needs a `default` table")
    assault_modes = {w.lower(): mode for mode, ws in nouns.get("assault_modes", {}).items() for w in ws}
    return EventLexicon(
        verbs=_senses(verbs.get("verbs"), "event_verbs.yaml"),
        adjectives=_senses(verbs.get("adjectives"), "event_verbs.yaml:adjectives"),
        roles=roles,
        classes=classes,
        lemma_classes={k: frozenset(v) for k, v in lemma_classes.items()},
        containers=_words(nouns.get("containers")),
        frames=_words(nouns.get("frames")),
        light=_words(nouns.get("light")),
        end=_words(nouns.get("end")),
        nominals={str(k).lower(): _nominal(str(k).lower(), v) for k, v in nouns.get("nominals", {}).items()},
        assault_modes=assault_modes,
        threaten_modes=dict(nouns.get("threaten_modes", {})),
        future_as=dict(nouns.get("future_as", {})),
        anaphora={w.lower(): name for name, ws in nouns.get("anaphora", {}).items() for w in ws},
        near=_words(nouns.get("near")),
        occurrence=_words(nouns.get("occurrence")),
        light_types={
            str(k).lower(): frozenset(w.upper() for w in _words(v))
            for k, v in (nouns.get("light_types") or {}).items()
        },
        grammar=load_event_grammar(),
    )


@functools.lru_cache(maxsize=1)
def load_modality_cues() -> ModalityCues:
    """The modality cue lists; parsed once per process."""
    data = read_yaml("event_modality.yaml")
    try:
        return ModalityCues(**{name: _words(data.get(name)) for name in ModalityCues.__dataclass_fields__})
    except TypeError as exc:  # pragma: no cover - a renamed key
        raise KnowledgeBaseError(f"event_modality.yaml: {exc}") from exc
