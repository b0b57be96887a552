"""The ``acled`` stage: each event's ACLED event type, sub-event type and actor columns.

An ACLED coder reads the predicate, its arguments and who the actors are: residents who gather
are protesters, police who detain them make the protest one "with intervention", Russian forces
taking a Ukrainian village overtake territory and Ukrainian forces taking it back regain it. The
rules are data (``knowledge/data/acled.yaml``, after ACLED's public codebook); this stage gathers
the facts they read, runs them, and joins what ACLED codes as one event: a protest and the arrests
that ended it, or two mentions of the same protest. It runs after every stage that sets an
event's place and date.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from typing import NamedTuple

from ..model import Document, Event
from . import Resources, Stage, stage
from .acled_actors import actor_columns
from .acled_rules import AcledRules, EventFacts, acled_rules, classify
from .actor_kinds import country_of, kind_lexicon, phrase_entity, set_actor_kinds, singular
from .slavic.lexicon import load_slavic_lexicon

PROTEST_SEVERITY = ("Peaceful protest", "Protest with intervention", "Excessive force against protesters")


@stage("acled")
def _acled(resources: Resources) -> Stage:
    rules, kinds = acled_rules(), kind_lexicon()

    def run(document: Document) -> Document:
        code_events(document, rules, resources.kb)
        return document

    del kinds  # loaded here so a malformed word list fails when the pipeline is built
    return run


def code_events(document: Document, rules: AcledRules | None = None, kb=None) -> None:
    """Set the actor kinds, ACLED types and ACLED actor columns of every event of ``document``."""
    rules = rules or acled_rules()
    for event in document.events:
        set_actor_kinds(document, event, kind_lexicon())
    home = document_country(document)
    facts = [_facts(document, event, rules, kb, home) for event in document.events]
    for f in facts:
        types = classify(f, rules)
        f.event.acled_event_type, f.event.acled_sub_event_type = types or (None, None)
    _merge_mentions(facts, rules)
    _link_interventions(facts, rules)
    for f in facts:
        f.event.acled_actors = actor_columns(document, f, rules, kb) if f.event.acled_event_type else {}


# -- the facts rules read ------------------------------------------------------------------------


class _Reading(NamedTuple):
    """What the parse says about an event's trigger."""

    trigger: frozenset[str]  # lemmas and lower-cased words of the trigger
    sentence: frozenset[str]  # the same of its sentence
    topic: bool = False  # inside what another act is about, or background ("protesting against the invasion")
    attempt: bool = False  # what someone tried to do ("trying to disperse")
    governor: int | None = None  # offset of the predicate it elaborates ("opened fire, killing two")
    plural_noun: bool = False  # the trigger is a plural event noun ("attacks")


def _facts(document: Document, event: Event, rules: AcledRules, kb, home: str | None) -> EventFacts:
    reading = _read(document, event, rules)
    items = {singular(w) for text in (*event.item_texts, *event.recipient_texts) for w in text.split()}
    items |= {i.split(":", 1)[-1].replace("-", " ") for i in event.items}
    facts = EventFacts(
        event,
        trigger=reading.trigger,
        sentence=reading.sentence,
        items=frozenset(w.lower() for w in items),
        topic=reading.topic,
        sentence_index=_sentence_index(document, event),
        attempt=reading.attempt,
        governor=reading.governor,
        campaign=reading.plural_noun and event.time is None and rules.plural_nouns_need_a_date,
        age_days=_age_days(document, event),
        language=document.language,
    )
    place = document.entity(event.location)
    facts.placed = place is not None or any(_is_place(document.entity(r)) for r in event.recipients)
    facts.country = (place.country if place else None) or home
    facts.actor_country = _actor_country(document, event, kb)
    if facts.actor_country and place is not None and place.country:
        facts.territory = "own" if facts.actor_country == place.country else "foreign"
    return facts


# Dependencies by which a predicate elaborates the one it hangs on: "fired, killing two", "threw
# stones and smashed a car", "dispersed the rally, detaining 12".
_ELABORATING = ("advcl", "xcomp", "conj", "acl")


def _read(document: Document, event: Event, rules: AcledRules) -> _Reading:
    doc = document.spacy_doc
    if doc is None:
        words = event.trigger.lower().split()
        return _Reading(
            frozenset(words) | {singular(w) for w in words}, _plain_words(event.evidence.sentence)
        )
    span = doc.char_span(event.evidence.start, event.evidence.end, alignment_mode="expand")
    trigger = _glossed(document, {w for t in span or () for w in (t.lemma_.lower(), t.lower_)})
    sentence = _sentence_words(document, event)
    if not span:
        return _Reading(frozenset(trigger), frozenset(sentence))
    head = span[0]
    return _Reading(
        frozenset(trigger),
        frozenset(sentence),
        topic=_is_topic(head, rules) or (event.type != "PROTEST" and _is_background(head)),
        attempt=head.head.lemma_.lower() in rules.intervention.attempt,
        governor=head.head.idx if head.dep_ in _ELABORATING and head.head is not head else None,
        plural_noun=len(span) == 1 and head.tag_ in ("NNS", "NNPS"),
    )


def _sentence_words(document: Document, event: Event) -> frozenset[str]:
    """Lemmas and words of the event's sentence, read once per sentence (a long one has many events)."""
    cache = document.__dict__.setdefault("_acled_sentence_words", {})
    start = event.evidence.sentence_start
    if start not in cache:
        doc = document.spacy_doc
        sent = doc.char_span(start, start + len(event.evidence.sentence), alignment_mode="expand")
        cache[start] = frozenset(
            _glossed(document, {w for t in sent or () for w in (t.lemma_.lower(), t.lower_)})
        )
    return cache[start]


def _glossed(document: Document, words: set[str]) -> set[str]:
    """Russian and Ukrainian words with their English glosses (``glosses`` of ``event_verbs_{ru,uk}.yaml``):
    the rules name triggers and cues in English, "обстрелять" is read as "shell"."""
    if document.language not in ("ru", "uk"):
        return words
    glosses = load_slavic_lexicon(document.language).glosses
    return words | {g for w in words for g in glosses.get(w.replace("ё", "е"), ())}


def _plain_words(text: str) -> frozenset[str]:
    words = text.lower().replace(",", " ").replace(".", " ").split()
    return frozenset(words) | {singular(w) for w in words}


def _is_topic(token, rules: AcledRules) -> bool:
    """The trigger sits inside what another act is about: "protesting against the invasion"."""
    for ancestor in token.ancestors:
        if ancestor.lemma_.lower() in rules.topic_governors or ancestor.lower_ in rules.topic_governors:
            return True
    return False


def _age_days(document: Document, event: Event) -> int | None:
    """Days from the end of the event's own time to its report's publication (latest possible)."""
    reported = document.published or document.published_latest
    end = event.time.end or event.time.start if event.time else None
    if not (reported and end) or end.year < _PLAUSIBLE_YEAR:
        return None  # "around 1000 people" read as a year is a misreading, not history
    return (reported - end).days


_PLAUSIBLE_YEAR = 1800


def _is_place(entity) -> bool:
    return entity is not None and entity.lat is not None and not entity.id.startswith(("country:", "norp:"))


def _is_background(token) -> bool:
    """A past participle describing a noun is background: "men arrested for ...", "the mobilization announced
    on 21 September". (A present one is not: "police detained people protesting against the war"; nor
    is a protest, which the parser often reads so: "residents gathered in Kostroma ...".)"""
    return token.dep_ == "acl" and token.tag_ == "VBN"


def _sentence_index(document: Document, event: Event) -> int:
    bounds = document._sentence_starts()
    if not bounds:
        return event.evidence.sentence_start
    return bisect_right(bounds[0], event.evidence.start) - 1


def _actor_country(document: Document, event: Event, kb) -> str | None:
    """The country of the event's first actor: its entity's, or the one its phrase names ("Russian")."""
    if not event.actor_texts:
        return None
    text = event.actor_texts[0]
    entity = phrase_entity(document, event, text, event.actors)
    return country_of(entity, text, kb)


def document_country(document: Document) -> str | None:
    """The country a report is about: where its places are, else the country it names most."""
    places: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    for entity in document.entities:
        if not entity.country:
            continue
        weight = max(1, len(entity.mentions))
        if entity.lat is not None and not entity.id.startswith("country:"):
            places[entity.country] += weight
        elif entity.id.startswith("country:"):
            countries[entity.country] += weight
    for counts in (places, countries):
        if counts:
            return counts.most_common(1)[0][0]
    return None


# -- what ACLED codes as one event -----------------------------------------------------------------


def _link_interventions(facts: list[EventFacts], rules: AcledRules) -> None:
    """A protest and the arrests or dispersal that ended it are one ACLED event, the protest's."""
    iv = rules.intervention
    for n, f in enumerate(facts):
        if not _is_intervention(f, rules):
            continue
        protest = _protest_before(facts, n, iv.within_sentences)
        if protest is not None and not _same_day(protest.event, f.event):
            protest = None  # "... who was arrested in 2020": an earlier arrest, the protest's topic
        if protest is None:
            if f.event.acled_event_type == "Protests" and _excessive(f, rules):
                f.event.acled_sub_event_type = PROTEST_SEVERITY[2]
            continue
        severity = 2 if _excessive(f, rules) else 1
        if protest.event.acled_event_type == "Protests":
            current = PROTEST_SEVERITY.index(protest.event.acled_sub_event_type or PROTEST_SEVERITY[0])
            protest.event.acled_sub_event_type = PROTEST_SEVERITY[max(current, severity)]
        protest.intervener = protest.intervener or f.event
        f.event.acled_event_type = f.event.acled_sub_event_type = None


def _is_intervention(f: EventFacts, rules: AcledRules) -> bool:
    """Forces acting on a crowd: an arrest, a dispersal, force; an attempt at one counts too."""
    iv, event = rules.intervention, f.event
    if event.type not in ("COERCE", "ASSAULT") or f.topic:
        return False
    if event.modality not in rules.modalities and not (f.attempt and event.modality == "predicted"):
        return False
    if set(event.recipient_kinds) & rules.armed:
        return False
    if not set(event.actor_kinds) & iv.forces:
        unnamed = not event.actor_texts and any(p <= f.trigger for p in iv.unnamed_force)
        if not unnamed:
            return False
    return any(phrase <= f.trigger for phrase in iv.triggers)


def _same_day(a: Event, b: Event) -> bool:
    """No own dates that differ: an event without a time of its own goes with any."""
    da, db = (e.time.start if e.time else None for e in (a, b))
    return not (da and db and da != db)


def _protest_before(facts: list[EventFacts], n: int, within: int) -> EventFacts | None:
    """The protest an intervention broke up: told before it, or in its own sentence ("police detained
    three protesters who gathered ...")."""
    here = facts[n].sentence_index
    before = (facts[k] for k in range(n - 1, -1, -1))  # facts are in document order: stop at the window
    after = (facts[k] for k in range(n + 1, len(facts)))
    for f in [
        *_while(before, lambda f: here - f.sentence_index <= within),
        *_while(after, lambda f: f.sentence_index <= here),
    ]:
        if f.sentence_index > here or here - f.sentence_index > within:
            continue
        if f.event.acled_event_type in ("Protests", "Riots") and f.event.type == "PROTEST":
            return f
    return None


def _while(items, keep):
    for item in items:
        if not keep(item):
            return
        yield item


def _excessive(f: EventFacts, rules: AcledRules) -> bool:
    iv = rules.intervention
    return bool(iv.excessive & f.sentence) and not iv.excessive_not & f.sentence


def _merge_mentions(facts: list[EventFacts], rules: AcledRules) -> None:
    """Mentions of one event close together ("gathered ..., protesting ...") code one ACLED event."""
    _absorb_elaborations(facts)
    groups: list[list[EventFacts]] = []
    for f in facts:
        if not f.event.acled_event_type:
            continue
        last = groups[-1][-1] if groups else None
        if last is not None and _same_event(last, f, rules.same_event_within):
            groups[-1].append(f)
        else:
            groups.append([f])
    for group in groups:
        if len(group) < 2:
            continue
        keep = max(group, key=_completeness)
        for f in group:
            if f is keep:
                continue
            if keep.event.acled_event_type == "Protests" and f.event.acled_event_type == "Protests":
                ranks = [PROTEST_SEVERITY.index(x.event.acled_sub_event_type or "") for x in (keep, f)]
                keep.event.acled_sub_event_type = PROTEST_SEVERITY[max(ranks)]
            keep.intervener = keep.intervener or f.intervener
            f.event.acled_event_type = f.event.acled_sub_event_type = None


def _absorb_elaborations(facts: list[EventFacts]) -> None:
    """ "Police opened fire on protesters, killing two": the killing is part of the shooting."""
    coded = {f.event.evidence.start: f for f in facts if f.event.acled_event_type}
    for f in facts:
        main = coded.get(f.governor) if f.governor is not None else None
        if main is None or main is f or not f.event.acled_event_type or not main.event.acled_event_type:
            continue
        if main.event.location and f.event.location and main.event.location != f.event.location:
            continue  # "shelled Kharkiv and struck Kyiv": two events
        keep, drop = (f, main) if _placed(f) > _placed(main) else (main, f)
        keep.event.acled_event_type = main.event.acled_event_type  # the main predicate's type
        keep.event.acled_sub_event_type = main.event.acled_sub_event_type
        drop.event.acled_event_type = drop.event.acled_sub_event_type = None
        coded[keep.event.evidence.start] = keep


def _placed(f: EventFacts) -> tuple[bool, bool]:
    return f.event.location is not None, f.event.time is not None


def _same_event(a: EventFacts, b: EventFacts, within: int) -> bool:
    ea, eb = a.event, b.event
    if ea.acled_event_type != eb.acled_event_type or b.sentence_index - a.sentence_index > within:
        return False
    if ea.location and eb.location and ea.location != eb.location:
        return False
    return a.sentence_index == b.sentence_index or _same_day(ea, eb)


def _completeness(f: EventFacts) -> tuple:
    e = f.event
    return (
        e.type == "PROTEST",
        e.location is not None,
        e.time is not None,
        bool(e.actor_texts),
        -f.sentence_index,
    )
