"""Stage ``slavic.events``: PLOVER events from Russian and Ukrainian verbs and nouns, with roles from case.

A trigger is a verb of ``event_verbs_{ru,uk}.yaml`` (or a verb with the words of a multi-word key
after it: "нанести удар") or an event noun with a participant ("российские удары по Киеву"). Roles
come from grammatical case and prepositions, which mark them in both languages: the nominative is
the actor, the accusative the patient (target or thing moved), the dative the recipient, "в/у/на" with
the locative the location and with the accusative the destination, "по"/"против" the target, "из"
the instrument. A passive turns them round ("был обстрелян российскими войсками"). Identities are the
English pipeline's: "российские войска" act for ``country:RUS``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...knowledge.lexicon import Sense, load_event_lexicon
from ...model import Document, Entity, Event, Quantity, TimeExpression
from .. import Resources, Stage, stage
from ..events.relevance import mark_relevance
from .clauses import Argument, arguments, clause, substantive_participle
from .lexicon import SlavicLexicon, load_slavic_lexicon
from .modality import modality
from .parse import Parsed, Word, parsed

# Types whose accusative object is the one acted upon (PLOVER's target), not a thing moved or given.
_OBJECT_TARGET = {
    "ASSAULT",
    "COERCE",
    "SUPPORT",
    "ACCUSE",
    "REQUEST",
    "REJECT",
    "CONSULT",
    "THREATEN",
    "SANCTION",
    "PROTEST",
    "CONCEDE",
    "COOPERATE",
    "AGREE",
}
_MATERIAL = frozenset({"materiel", "platforms", "troops", "relief", "money", "captives", "information"})
_PARTICIPANT_KINDS = ("country:", "norp:", "person:", "org:", "place:")
_PLACE_KINDS = ("place:", "country:")


@dataclass
class _Trigger:
    word: Word
    sense: Sense
    words: list[Word]  # every word of the trigger ("нанесли удар")
    nominal: bool = False
    converse: bool = False  # the subject receives ("получила от России")
    light: bool = False  # a light verb realises the event its object names ("начали наступление")
    occurred: Word | None = None  # the event noun an occurrence verb reports ("прошла акция протеста")


@stage("slavic.events")
def make_events(resources: Resources) -> Stage:
    def run(document: Document) -> Document:
        result = parsed(document)
        if result is not None:
            document.events = _Extractor(document, result, load_slavic_lexicon(result.language)).run()
            _countries_for_demonyms(document, resources)
            mark_relevance(document, _SlavicClasses(document.language or "ru", load_event_lexicon()))
        return document

    return run


class _Extractor:
    def __init__(self, document: Document, result: Parsed, lexicon: SlavicLexicon) -> None:
        self.document, self.result, self.lex = document, result, lexicon
        self.events: list[Event] = []

    def run(self) -> list[Event]:
        title_end = self.document.body_start if self.document.title else 0
        for first, end in self.result.sentences:
            words = self.result.words[first:end]
            if words[-1].end <= title_end:
                continue
            used: set[int] = set()
            for word in words:
                trigger = self._verb(word, words)
                if trigger is not None:
                    used.update(w.i for w in trigger.words)
                    self._emit(trigger)
            for word in words:
                if word.i not in used and word.pos == "NOUN":
                    self._nominal(word)
        return self.events

    # -- triggers ------------------------------------------------------------------------------------
    def _verb(self, word: Word, sentence: list[Word]) -> _Trigger | None:
        if word.pos not in ("VERB", "AUX") or substantive_participle(word):
            return None  # "20 протестующих": a participle standing for a noun is no predicate
        occurred = self._occurrence(word)
        if occurred is not None:
            return occurred
        for lemma in word.lemmas:
            for rest, senses in self.lex.phrases.get(lemma, ()):
                found = _follows(word, rest, sentence)
                if found is not None:
                    sense = self._match(senses, word)
                    if sense:
                        return _Trigger(word, sense, [word, *found])
            senses = self.lex.verbs.get(lemma)
            if senses:
                sense = self._match(senses, word)
                if sense:
                    return _Trigger(word, sense, [word])
            if lemma in self.lex.converse:
                sense = self._match(self.lex.converse[lemma], word)
                if sense:
                    return _Trigger(word, sense, [word], converse=True)
            if lemma in self.lex.light:
                return self._light(word)
        return None

    def _occurrence(self, word: Word) -> _Trigger | None:
        """ "в Москве прошла акция протеста", "відбувся мітинг": the subject event happened.

        The event noun is the nominative after or before the verb, or the genitive it governs
        ("акция протеста"); the verb's own phrases give the place and date.
        """
        if not set(word.lemmas) & self.lex.occurrence:
            return None
        for arg in self._args(word):
            if arg.prep or "Nom" not in arg.cases:
                continue
            heads = [arg.head]
            if arg.end < len(self.result.words) and arg.end <= word.i + 6:
                heads.append(self.result.words[arg.end])  # "акция протеста"
            for head in heads:
                sense = next((self.lex.nominals[x] for x in head.lemmas if x in self.lex.nominals), None)
                if sense is not None:
                    return _Trigger(word, sense, [head], light=True, occurred=head)
        return None

    def _light(self, word: Word) -> _Trigger | None:
        """ "начали наступление", "провели учения": the object's event, with the verb's roles."""
        for obj in self._objects(word, self._args(word), passive=False):
            sense = next((self.lex.nominals[x] for x in obj.head.lemmas if x in self.lex.nominals), None)
            if sense is not None:
                return _Trigger(word, sense, [word, obj.head], light=True)
        return None

    def _nominal(self, word: Word) -> None:
        """An event noun makes an event only with a participant: a nationality, a target, an actor."""
        sense = next((self.lex.nominals[x] for x in word.lemmas if x in self.lex.nominals), None)
        if sense is None:
            return
        trigger = _Trigger(word, sense, [word], nominal=True)
        roles = self._roles(trigger)
        place = sense.type == "ASSAULT" and roles["location"]
        if roles["actors"] or roles["recipients"] or place:
            self._emit(trigger, roles)

    def _match(self, senses: tuple[Sense, ...], word: Word) -> Sense | None:
        args = self._args(word)
        objects = self._objects(word, args, passive=_passive(word))
        subject = self._subject(word, args, passive=_passive(word))
        object_classes = frozenset().union(*(self._classes(a) for a in objects)) if objects else frozenset()
        subject_classes = self._classes(subject) if subject else frozenset()
        for sense in senses:
            if sense.object and not sense.object & object_classes:
                continue
            if sense.not_object & object_classes:
                continue
            if sense.subject and not sense.subject & subject_classes:
                continue
            return sense
        return None

    def _classes(self, arg: Argument) -> frozenset[str]:
        found = set(arg.classes)
        entity = self.document.entity(arg.entity) if arg.entity else None
        if entity is not None and entity.type == "EQUIPMENT":
            cls = str(entity.attributes.get("class", "")).lower()
            air = any(w in cls for w in ("aircraft", "helicopter", "drone", "ship", "vessel", "fighter"))
            found.add("platforms" if air else "materiel")
        elif entity is not None and entity.type in ("PERSON", "ORG", "GPE", "NORP"):
            found.add("actors")
            if entity.type == "PERSON":
                found.add("leaders")
        if arg.entity and arg.entity.startswith("place:"):
            found.add("places")
        return frozenset(found)

    # -- roles ---------------------------------------------------------------------------------------
    def _args(self, word: Word) -> list[Argument]:
        own = clause(self.result, word)
        return [a for a in arguments(self.result, own, self.lex, {word.i}) if not (a.first <= word.i < a.end)]

    def _subject(self, word: Word, args: list[Argument], passive: bool) -> Argument | None:
        """The nominative phrase (the instrumental agent of a passive); an entity before the verb first."""
        if passive:
            return next(
                (
                    a
                    for a in args
                    if not a.prep and a.cases == {"Ins"} or (not a.prep and "Ins" in a.cases and a.entity)
                ),
                None,
            )
        nominative = [a for a in args if not a.prep and "Nom" in a.cases and self._may_act(a)]
        before = [a for a in nominative if a.first < word.i]
        if before:
            named = [a for a in before if a.entity or a.norp]
            return (named or before)[-1]
        only = [a for a in nominative if a.first > word.i and a.cases == {"Nom"}]
        if only:
            return only[0]
        counted = [
            a for a in args if not a.prep and "Gen" in a.cases and self._counted(a) and self._may_act(a)
        ]
        # "прибыли 9 тысяч российских военных": a count is the subject, the phrase after it says who.
        counted += [a for c in counted for a in args if a.first == c.end and "Gen" in a.cases and not a.prep]
        named = [a for a in counted if a.entity or a.norp]
        return (named or counted or [None])[0]

    def _coordinated(self, subject: Argument, args: list[Argument]) -> list[Argument]:
        """ "Белоруссия и Россия проведут": nominatives joined to the subject by "и", "і", "та"."""
        out = []
        for a in args:
            if a is subject or a.prep or "Nom" not in a.cases or not (a.entity or a.norp):
                continue
            lo, hi = (a, subject) if a.first < subject.first else (subject, a)
            between = self.result.words[lo.end : hi.first]
            if len(between) == 1 and between[0].lower in ("и", "і", "та", "й"):
                out.append(a)
        return out

    def _may_act(self, arg: Argument) -> bool:
        if arg.head.pos == "PRON":
            return False
        return bool(
            arg.entity or arg.norp or arg.classes & {"troops", "leaders", "actors", "persons", "police"}
        )

    def _objects(self, word: Word, args: list[Argument], passive: bool) -> list[Argument]:
        """Accusative phrases after the verb (and counted genitives: "20 танков"); a passive's subject."""
        if passive:
            return [a for a in args if not a.prep and "Nom" in a.cases][:1]
        found = []
        for a in args:
            if a.prep or a.first < word.i and not (self.result.language == "ru" and a.cases == {"Acc"}):
                continue
            counted = "Gen" in a.cases and self._counted(a)
            reflexive = a.cases == {"Ins"} and word.lemma.endswith(("ся", "сь"))  # "обменялись пленными"
            if "Acc" in a.cases or counted or reflexive:
                found.append(a)
        return found

    def _counted(self, arg: Argument) -> bool:
        k = arg.first - 1
        return (
            k >= 0
            and self.result.words[k].pos == "NUM"
            or any(w.pos == "NUM" for w in self.result.words[arg.first : arg.head.i])  # "20 протестующих"
            or any(q.start <= arg.head.start < q.end for q in self.document.quantities)
        )

    def _roles(self, trigger: _Trigger) -> dict[str, list]:
        word, sense = trigger.word, trigger.sense
        args = self._args(word)
        passive = _passive(word)
        roles: dict[str, list] = {
            "actors": [],
            "recipients": [],
            "location": [],
            "items": [],
            "instrument": [],
        }
        subject = None if trigger.nominal or trigger.occurred else self._subject(word, args, passive)
        if trigger.nominal:
            subject = self._nominal_actor(word, args) or self._clause_subject(word)
        if subject is not None and trigger.converse:
            roles["recipients"].append(subject)
        elif subject is not None:
            # "Турция и ООН договорились": coordinated actors in the order the text names them
            roles["actors"] += sorted([subject, *self._coordinated(subject, args)], key=lambda a: a.first)
        objects = (
            [] if trigger.nominal else [a for a in self._objects(word, args, passive) if a is not subject]
        )
        if trigger.light:
            objects = [o for o in objects if o.head is not trigger.words[-1]]
        for obj in objects:
            if sense.type in _OBJECT_TARGET and not self._classes(obj) & {
                "materiel",
                "platforms",
                "relief",
                "money",
            }:
                roles["recipients"].append(obj)
            else:
                roles["items"].append(obj)
        for a in args:
            if a is subject or a in objects or (a.norp and trigger.nominal and a.end == word.i):
                continue
            if trigger.occurred is not None and a.first <= trigger.occurred.i < a.end + 1:
                continue  # the event noun itself
            if self._apposed_equipment(a, objects):
                roles["items"].append(a)
                continue
            role = self._prep_role(sense.type, a)
            if trigger.converse and any(f"{a.prep}+{c}" in self.lex.converse_actor for c in a.cases):
                roles["actors"].append(a)
            elif role == "recipient":
                roles["recipients"].append(a)
            elif role == "location":
                roles["location"].append(a)
            elif role == "destination":
                key = "recipients" if sense.type == "AID" and self._is_actor(a) else "location"
                roles[key].append(a)
            elif role == "instrument":
                roles["instrument"].append(a)
        return roles

    def _apposed_equipment(self, arg: Argument, objects: list[Argument]) -> bool:
        """ "комплексы «Тор-М2»": a named system right after the object names what the object is."""
        if not (arg.entity or "").startswith("equipment:"):
            return False
        between = lambda o: self.result.words[o.end : arg.first]  # noqa: E731
        return any(0 <= arg.first - o.end <= 2 and all(w.pos == "PUNCT" for w in between(o)) for o in objects)

    def _clause_subject(self, word: Word) -> Argument | None:
        """The subject of the verb an event noun depends on, when that verb is no event itself
        ("Япония объявила о санкциях")."""
        if self.result.has_syntax:
            verb, steps = word, 0
            while verb.pos != "VERB" and verb.head >= 0 and steps < 4:
                verb, steps = self.result.words[verb.head], steps + 1
            verbs = [verb] if verb.pos == "VERB" else []
        else:
            own = clause(self.result, word)
            verbs = [w for w in own if w.pos == "VERB" and w.i < word.i and w.feats.get("VerbForm") == "Fin"]
        if not verbs or any(x in self.lex.verbs for x in verbs[-1].lemmas):
            return None
        return self._subject(verbs[-1], self._args(verbs[-1]), passive=_passive(verbs[-1]))

    def _nominal_actor(self, word: Word, args: list[Argument]) -> Argument | None:
        """ "российские удары": the nationality adjective of the noun itself, else none."""
        k = word.i - 1
        while k >= 0 and self.result.words[k].pos == "ADJ":
            entity = self.result.entity_ids.get(k, "")
            if entity.startswith("norp:"):
                w = self.result.words[k]
                return Argument(k, k + 1, w, None, frozenset(), None, entity, frozenset(), w.text)
            k -= 1
        return None

    def _prep_role(self, event_type: str, arg: Argument) -> str | None:
        if arg.prep is None:
            if arg.cases == {"Dat"} or (
                "Dat" in arg.cases and self._is_actor(arg) and not {"Nom", "Acc"} & arg.cases
            ):
                return self.lex.role(event_type, "Dat")
            return None
        for case in arg.key_cases:
            role = self.lex.role(event_type, f"{arg.prep}+{case}")
            if role:
                return role
        return None

    def _is_actor(self, arg: Argument) -> bool:
        entity = arg.entity or arg.norp or ""
        return entity.startswith(("country:", "person:", "org:", "norp:")) or bool(
            arg.classes & {"actors", "leaders"}
        )

    # -- the event -----------------------------------------------------------------------------------
    def _emit(self, trigger: _Trigger, roles: dict[str, list] | None = None) -> None:
        roles = roles or self._roles(trigger)
        word = trigger.word
        start, end = min(w.start for w in trigger.words), max(w.end for w in trigger.words)
        own = clause(self.result, word)
        items, item_texts, quantity = self._items(roles["items"])
        actors = [self._identity(a) for a in roles["actors"]]
        recipients = [self._identity(a) for a in roles["recipients"]]
        locations = [self._identity(a) for a in roles["location"]]
        location = next((i for i in locations if i and i.startswith(_PLACE_KINDS)), None)
        if location is None and (trigger.sense.type == "ASSAULT" or trigger.sense.mode == "visit"):
            location = next((i for i in recipients if i and i.startswith("place:")), None)
        statement = self.document.statement_at(start)
        event = Event(
            id=f"ev{len(self.events) + 1}",
            type=trigger.sense.type,
            evidence=self.document.evidence(start, end),
            trigger=self.document.text[start:end],
            mode=self._mode(trigger, roles),
            context=list(trigger.sense.context),
            actors=_unique(actors),
            recipients=_unique(recipients),
            actor_texts=_unique_texts(roles["actors"]),
            recipient_texts=_unique_texts(roles["recipients"]),
            location=location,
            items=items,
            item_texts=item_texts,
            quantity=quantity,
            quantities=self._quantities(own),
            time=self._time(word, own),
            modality=modality(word, self.result, self.lex, self.document, own),
            statement=statement.id if statement else None,
        )
        self.events.append(event)

    def _identity(self, arg: Argument) -> str | None:
        if arg.entity and arg.entity.startswith(_PARTICIPANT_KINDS):
            return arg.entity
        return arg.norp

    def _items(self, objects: list[Argument]) -> tuple[list[str], list[str], Quantity | None]:
        items: list[str] = []
        texts: list[str] = []
        quantity = None
        for arg in objects:
            classes = self._classes(arg)
            if not classes & _MATERIAL:
                continue
            if arg.entity and arg.entity.startswith("equipment:"):
                items.append(arg.entity)
            else:
                texts.append(arg.head.text)
            quantity = quantity or next(
                (q for q in self.document.quantities if q.start <= arg.head.start < q.end), None
            )
        return _unique(items), texts, quantity

    def _quantities(self, own: list[Word]) -> list[Quantity]:
        if not own:
            return []
        start, end = own[0].start, own[-1].end
        return [q for q in self.document.quantities if q.start < end and q.end > start]

    def _time(self, word: Word, own: list[Word]) -> TimeExpression | None:
        """A time inside the clause, nearest the trigger; else one in the sentence outside other clauses."""
        if not self.document.times:
            return None
        spans = [(w.start, w.end) for w in own]
        inside = [t for t in self.document.times if any(a <= t.span_start < b for a, b in spans)]
        if inside:
            return min(inside, key=lambda t: abs(t.span_start - word.start))
        sentence = self.result.sentence_of(word)
        s_start, s_end = sentence[0].start, sentence[-1].end
        near = [t for t in self.document.times if s_start <= t.span_start < s_end and t.type == "DATE"]
        if len(near) == 1 and near[0].span_start < word.start:
            return near[0]
        return None

    def _mode(self, trigger: _Trigger, roles: dict[str, list]) -> str | None:
        sense = trigger.sense
        if sense.type == "MOBILIZE" and sense.mode == "troops":
            classes = (
                frozenset().union(*(self._classes(a) for a in roles["items"]))
                if roles["items"]
                else frozenset()
            )
            if "platforms" in classes or ("materiel" in classes and "troops" not in classes):
                return "weapons"
        if sense.type != "ASSAULT" or sense.mode not in (None, "heavy-weapons"):
            return sense.mode
        for arg in [*roles["instrument"], *roles["actors"]]:
            for key in (*arg.head.lemmas, arg.head.lower):
                if key in self.lex.assault_modes:
                    return self.lex.assault_modes[key]
        return sense.mode


def _follows(word: Word, rest: tuple[str, ...], sentence: list[Word]) -> list[Word] | None:
    """The words of a multi-word key after the verb, in order, within four words each."""
    found: list[Word] = []
    position = word.i
    for lemma in rest:
        nxt = next(
            (
                w
                for w in sentence
                if position < w.i <= position + 4 and (lemma in w.lemmas or w.lower == lemma)
            ),
            None,
        )
        if nxt is None:
            return None
        found.append(nxt)
        position = nxt.i
    return found


def _passive(word: Word) -> bool:
    return word.feats.get("Voice") == "Pass" or (
        word.feats.get("VerbForm") == "Part" and word.feats.get("Variant") == "Short"
    )


def _unique(ids: list[str | None]) -> list[str]:
    out: list[str] = []
    for i in ids:
        if i and i not in out:
            out.append(i)
    return out


def _unique_texts(args: list[Argument]) -> list[str]:
    return _unique([a.text for a in args])


class _SlavicClasses:
    """The noun classes of a Russian or Ukrainian head word, for the relevance rules (the class names are
    the English lexicon's: troops, police, crowds, persons ...)."""

    def __init__(self, language: str, english) -> None:
        self.language, self.english = language, english

    def classes_of(self, word: str) -> frozenset[str]:
        from .gazetteer import word_keys

        if not word or not word[0].isalpha() or word.isascii():
            return self.english.classes_of(word)
        try:
            keys = word_keys(word, self.language)
        except (ImportError, ValueError, OSError):
            keys = (word.lower(),)
        return load_slavic_lexicon(self.language).classes_of(tuple(k.replace("ё", "е") for k in keys))


def _countries_for_demonyms(document: Document, resources: Resources) -> None:
    """ "российские войска" act for Russia: the event points to country:RUS, as the English stage does.

    The NORP entity keeps its mention; the country is added without mentions when the text never names it.
    """
    known = {e.id: e for e in document.entities}

    def country(entity_id: str | None) -> str | None:
        entity = known.get(entity_id or "")
        if entity is None or entity.type != "NORP" or not entity.country:
            return entity_id
        key = f"country:{entity.country}"
        if key not in known:
            entry = resources.kb.get(key)
            if entry is None:
                return entity_id
            known[key] = Entity(
                id=entry.key,
                name=entry.name,
                type=entry.type,
                country=entry.country,
                kb_id=entry.key,
                aliases=[a for a in entry.aliases if a != entry.name],
            )
            document.entities.append(known[key])
        return key

    for event in document.events:
        event.actors = _unique([country(i) for i in event.actors])
        event.recipients = _unique([country(i) for i in event.recipients])
        event.location = country(event.location) if event.location in known else event.location
