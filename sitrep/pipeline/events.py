"""Stage `events`: PLOVER events from the dependency parse and the verb lexicons.

A trigger is a verb (with its particle: "pull back", "call for") or a noun naming an event
("talks", "airstrikes"). The lexicon (``knowledge/data/event_*.yaml``) maps it to a PLOVER type
and mode, choosing by the class of its object: "send troops" is MOBILIZE, "send tanks to X" is
AID. Roles come from the parse: the subject (or passive agent) is the actor, the indirect object
or "to X" the recipient or the location depending on the type. Modality comes from
:mod:`sitrep.pipeline.modality`, because the field's known failure is coding hedged, negated
and hypothetical events as facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from spacy.tokens import Span, Token

from ..knowledge.lexicon import EventLexicon, Nominal, Sense, load_event_lexicon, load_modality_cues
from ..model import Document, Entity, Event, Quantity, TimeExpression
from . import Resources, Stage, stage
from .attach import attached_time
from .modality import PREDICTED, REPORTED, modality
from .syntax import sentence

ACTOR_TYPES = ("PERSON", "ORG", "GPE", "NORP", "UNIT")
_ACTOR_CLASSES = frozenset({"persons", "leaders", "actors", "captives", "crowds", "diplomats", "inspectors"})
_MATERIAL_CLASSES = frozenset({"materiel", "platforms", "troops", "police", "relief", "money"})
_OBJECT_CONTROL = {
    "urge",
    "ask",
    "order",
    "force",
    "press",
    "pressure",
    "persuade",
    "tell",
    "call",
    "allow",
    "enable",
    "permit",
    "help",
    "encourage",
    "invite",
    "instruct",
    "compel",
}
_RELATIVE = {"that", "which", "who", "whom"}
_DOCUMENT_NOUNS = {
    "resolution",
    "statement",
    "report",
    "letter",
    "declaration",
    "decree",
    "bill",
    "law",
    "communique",
    "proposal",
    "plan",
    "motion",
    "document",
    "note",
    "message",
    "order",
}
_VERBAL_TYPES = {"ACCUSE", "REQUEST", "REJECT", "THREATEN"}
# Types whose direct object is the one acted upon (PLOVER's target), not a thing moved or given.
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
}
_FORCE_TYPES = {"ASSAULT", "COERCE"}
_VICTIM_CLASSES = frozenset(
    {"persons", "captives", "crowds", "troops", "police", "property", "media", "leaders"}
)
# Types whose recipient may sit in the complement clause: "agreed to send aid to X", "threatened to hit X".
_COMPLEMENT_TARGET = {"AGREE", "REQUEST", "THREATEN", "REJECT", "CONCEDE", "PROTEST", "SUPPORT"}
_PLACES = ("GPE", "LOC", "FAC")
_TARGET_PREPS = {"to", "for", "with", "against", "on", "at"}
_SUBJ = ("nsubj", "nsubjpass", "csubj")
_RELATIVE_PREPS = ("after", "following", "before")
_NEAR = timedelta(days=30)  # "shortly after X" reaches this far past X


@stage("events")
def make_events(resources: Resources) -> Stage:
    lexicon = load_event_lexicon()  # parsed once, shared by every document

    def run(document: Document) -> Document:
        if document.spacy_doc is not None:
            document.events = _Extractor(document, lexicon).run()
            _countries_for_demonyms(document, resources)
        return document

    return run


@dataclass
class _Candidate:
    """A typed trigger before its roles are read."""

    token: Token  # the predicate whose clause the event lives in
    sense: Sense
    trigger: list[Token]
    objects: list[Token] = field(default_factory=list)  # object heads (conjuncts included)
    nominal: Token | None = None  # the event noun, for nominal triggers


class _Extractor:
    def __init__(self, document: Document, lexicon: EventLexicon) -> None:
        self.document = document
        self.doc = document.spacy_doc
        self.lex = lexicon
        self.consumed: set[int] = set()
        self.events: list[Event] = []
        self.dated: dict[str, Event] = {}  # latest dated event per kind, for "after this conference"

    # -- driver ---------------------------------------------------------------------------
    def run(self) -> list[Event]:
        candidates: list[_Candidate] = []
        title_end = self.document.body_start if self.document.title else 0
        for sent in self.doc.sents:
            if _is_heading(sent) or sent.end_char <= title_end:
                continue  # headings and the title summarise what the body reports
            for token in sent:
                if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
                    candidates.extend(self._verb(token))
                elif token.pos_ == "ADJ" and token.lemma_.lower() in self.lex.adjectives:
                    candidates.extend(self._adjective(token))
            for token in sent:
                if token.i not in self.consumed and token.pos_ in ("NOUN", "PROPN"):
                    candidate = self._standalone(token)
                    if candidate:
                        candidates.append(candidate)
        candidates = self._drop_nested(candidates)
        for candidate in candidates:
            for group in self._object_groups(candidate):
                self._emit(candidate, group)
        self._inherit_roles()
        return self.events

    def _inherit_roles(self) -> None:
        """Elided roles carry over: "Belarus has sent Russia equipment. Belarus provided 94 tanks".

        An AID without recipient, or a MOBILIZE without location, takes it from the previous event
        of the same type and actor within the two sentences before.
        """
        for i, event in enumerate(self.events):
            if event.type not in ("AID", "MOBILIZE", "RETREAT") or not (event.actors or event.actor_texts):
                continue
            if event.recipients or event.recipient_texts if event.type == "AID" else event.location:
                continue
            # A withdrawal undoes the deployment before it: "raised its presence along the border, then
            # reduced that deployment" withdraws from the border.
            source = "MOBILIZE" if event.type == "RETREAT" else event.type
            for prior in reversed(self.events[:i]):
                if event.evidence.sentence_start - prior.evidence.sentence_start > 600:
                    break
                same = (
                    prior.actors and prior.actors == event.actors
                ) or prior.actor_texts == event.actor_texts
                if (
                    prior.type != source
                    or not same
                    or (
                        prior.evidence.sentence_start == event.evidence.sentence_start
                        and source == event.type
                    )
                ):
                    continue
                if event.type == "AID" and (prior.recipients or prior.recipient_texts):
                    event.recipients, event.recipient_texts = (
                        list(prior.recipients),
                        list(prior.recipient_texts),
                    )
                    break
                if event.type in ("MOBILIZE", "RETREAT") and prior.location:
                    event.location = prior.location
                    break

    # -- triggers -------------------------------------------------------------------------
    def _keys(self, token: Token) -> list[str]:
        lemma = token.lemma_.lower()
        keys = [f"{lemma} {c.lower_}" for c in token.children if c.dep_ == "prt" or c.lower_ == "back"]
        keys += [f"{lemma} {c.lemma_.lower()}" for c in token.children if c.dep_ == "dobj"]
        keys += [f"{lemma} {c.lower_}" for c in token.children if c.dep_ in ("prep", "agent", "dative")]
        return [*keys, lemma]

    def _verb(self, token: Token) -> list[_Candidate]:
        keys = self._keys(token)
        objects = self._objects(token, keys)
        nominal = self._nominal_object(token, keys, objects)
        if nominal:
            return [nominal]
        for key in keys:
            senses = self.lex.verbs.get(key)
            if senses:
                sense = self._match(senses, token, objects)
                if sense:
                    return [_Candidate(token, sense, self._trigger_tokens(token, key), objects)]
        return []

    def _adjective(self, token: Token) -> list[_Candidate]:
        sense = self._match(self.lex.adjectives[token.lemma_.lower()], token, [])
        return [_Candidate(token, sense, [token])] if sense else []

    def _trigger_tokens(self, token: Token, key: str) -> list[Token]:
        words = key.split()[1:]
        extra = [
            c for c in token.children if c.dep_ in ("prt", "prep", "dobj", "advmod") and c.lower_ in words
        ]
        return [token, *extra[:1]]

    def _nominal_object(self, token: Token, keys: list[str], objects: list[Token]) -> _Candidate | None:
        """The verb realises or ends the event its object names: "hold talks", "lift the curfew"."""
        if not objects:
            return None
        obj = objects[0]
        nominal, noun = self._nominal_of(obj)
        if nominal is None:
            return None
        ends = any(k in self.lex.end for k in keys)
        lights = [k for k in keys if k in self.lex.light]
        if ends and nominal.end:
            sense = nominal.end
        elif lights or ends:
            if nominal.only_light and not any(k in nominal.only_light for k in lights):
                return None
            sense = self._nominal_sense(nominal, noun)
        else:
            return None
        if sense is None:
            return None
        self.consumed.add(noun.i)
        return _Candidate(token, sense, [token, noun], objects=[], nominal=noun)

    def _nominal_of(self, token: Token) -> tuple[Nominal | None, Token]:
        frame = token.lemma_.lower() in self.lex.frames
        for candidate in (token, *[c for c in token.children if c.dep_ == "compound" and frame]):
            for key in (candidate.lower_, candidate.lemma_.lower()):
                if key in self.lex.nominals:
                    return self.lex.nominals[key], token if candidate is token else candidate
        return None, token

    def _nominal_sense(self, nominal: Nominal, noun: Token) -> Sense | None:
        for child in noun.children:
            if child.dep_ in ("compound", "amod", "nmod"):
                for key in (child.lower_, child.lemma_.lower()):
                    if key in nominal.modifiers:
                        return nominal.modifiers[key]
        head = noun.head  # "strike" as compound of "attack"
        if noun.dep_ == "compound" and head.lemma_.lower() in nominal.modifiers:
            return nominal.modifiers[head.lemma_.lower()]
        if "state" in nominal.modifiers and self._state_owned(noun):
            return nominal.modifiers["state"]  # "Moscow would continue its strikes": not a labour strike
        return None if nominal.only_with else nominal.sense

    def _state_owned(self, noun: Token) -> bool:
        """The noun belongs to a state: a country or capital possesses it, or is the subject of its verb."""
        owners = [c for c in noun.children if c.dep_ == "poss"]
        if not owners or owners[0].pos_ == "PRON":
            verb = noun.head
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                verb = verb.head
            owners = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        for owner in owners:
            entity = self._entity(owner)
            if entity is not None and entity.type in ("GPE", "NORP"):
                return True
        return False

    def _standalone(self, token: Token) -> _Candidate | None:
        """An event noun on its own: "the meeting between Putin and Lukashenko", "Russian airstrikes"."""
        if token.dep_ == "compound":
            return None
        nominal = self.lex.nominals.get(token.lower_) or self.lex.nominals.get(token.lemma_.lower())
        if nominal is None or not nominal.standalone:
            return None
        sense = self._nominal_sense(nominal, token)
        if sense is None or not self._nominal_participants(token, sense.type):
            return None
        return _Candidate(token, sense, [token], nominal=token)

    def _match(self, senses: Iterable[Sense], token: Token, objects: list[Token]) -> Sense | None:
        object_classes = self._classes(objects)
        subject_classes = self._classes(self._subject_heads(token)[0])
        for sense in senses:
            if sense.object and not sense.object & object_classes:
                continue
            if sense.subject and not sense.subject & subject_classes:
                continue
            if sense.complement is not None:
                clause = any(c.dep_ in ("xcomp", "ccomp") for c in token.children)
                that = any(
                    c.dep_ == "ccomp" and any(g.dep_ in ("mark", "nsubj") for g in c.children)
                    for c in token.children
                )
                if (sense.complement and not clause) or (sense.complement is False and that):
                    continue
            if sense.cue and not sense.cue & self._clause_lemmas(token):
                continue
            return sense
        return None

    def _clause_lemmas(self, token: Token) -> set[str]:
        head = token.head if token.dep_ in ("pcomp", "xcomp") else token
        head = head.head if head.dep_ == "prep" else head
        return {t.lemma_.lower() for t in head.subtree} | {t.lower_ for t in head.subtree}

    def _classes(self, tokens: Iterable[Token]) -> frozenset[str]:
        found: set[str] = set()
        for token in tokens:
            for t in (token, *[c for c in token.children if c.dep_ == "compound"]):
                found |= self.lex.classes_of(t.lemma_) | self.lex.classes_of(t.lower_)
            entity = self._entity(token)
            if entity and entity.type == "EQUIPMENT":
                cls = str(entity.attributes.get("class", "")).lower()
                air = any(w in cls for w in ("aircraft", "helicopter", "drone", "ship", "vessel", "fighter"))
                found.add("platforms" if air else "materiel")
            elif entity and entity.type in ACTOR_TYPES or token.ent_type_ in ACTOR_TYPES:
                found.add("actors")
        return frozenset(found)

    # -- objects --------------------------------------------------------------------------
    def _objects(self, token: Token, keys: list[str]) -> list[Token]:
        obj = next((c for c in token.children if c.dep_ == "dobj"), None)
        if obj is None:
            obj = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
        relative = token.dep_ == "relcl" and token.head.pos_ in ("NOUN", "PROPN")
        no_subject = not any(c.dep_ in _SUBJ for c in token.children)
        passive_relative = any(c.dep_ == "nsubjpass" and c.lower_ in _RELATIVE for c in token.children)
        if obj is None and relative and (no_subject or passive_relative):
            obj = token.head
        if obj is None:
            for key in keys:  # "call for X", "fire on X": the object sits in the preposition
                words = key.split()
                if len(words) == 2 and key in self.lex.verbs:
                    prep = next(
                        (c for c in token.children if c.dep_ == "prep" and c.lower_ == words[1]), None
                    )
                    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
                    if obj is not None:
                        break
        if obj is None:
            return []
        obj = self._uncontain(obj)
        return [obj, *[self._uncontain(c) for c in obj.conjuncts]]

    def _uncontain(self, token: Token) -> Token:
        """The counted noun inside a container: "a ton of military equipment" -> equipment."""
        for _ in range(3):
            if token.lemma_.lower() not in self.lex.containers and token.lower_ not in self.lex.containers:
                break
            of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
            if pobj is None:
                break
            token = pobj
        return token

    def _object_groups(self, candidate: _Candidate) -> list[list[Token]]:
        """One event per counted object ("94 tanks, 36-44 trucks"); uncounted ones stay together."""
        objects = candidate.objects
        if len(objects) < 2:
            return [objects]
        counted = [[o] for o in objects if self._own_quantity(o)]
        rest = [o for o in objects if not self._own_quantity(o)]
        return counted + ([rest] if rest else [])

    def _own_quantity(self, token: Token) -> Quantity | None:
        start, end = token.left_edge.idx, token.idx + len(token)
        for q in self.document.quantities:
            if q.start < end and q.end > start:
                return q
        return None

    # -- roles ----------------------------------------------------------------------------
    def _subject_heads(self, token: Token, depth: int = 0) -> tuple[list[Token], bool]:
        """The subject phrase heads of a predicate and whether it is passive without agent."""
        if depth > 6:
            return [], False
        subj = next((c for c in token.children if c.dep_ in ("nsubj", "csubj")), None)
        if subj is not None and self._across_paragraph(subj, token):
            return [], False  # a heading parsed as the subject of the first sentence
        if subj is not None:
            if subj.lower_ in _RELATIVE and token.dep_ == "relcl":
                return self._relative_subject(token.head, depth)
            if subj.lower_ == "it" and token.pos_ == "ADJ":  # "it is difficult to invade": no one
                return [], False
            return [subj, *subj.conjuncts], False
        agent = next((c for c in token.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return [pobj, *pobj.conjuncts], False
        if any(c.dep_ == "nsubjpass" for c in token.children):
            return [], True
        head, dep = token.head, token.dep_
        if head is token:
            return [], False
        if dep in ("xcomp", "advcl", "acomp") or (dep == "ccomp" and head.pos_ == "ADJ"):
            if head.lemma_.lower() in _OBJECT_CONTROL:
                obj = next((c for c in head.children if c.dep_ in ("dobj", "dative")), None)
                if obj is not None:
                    return [obj, *obj.conjuncts], False
            return self._subject_heads(head, depth + 1)
        if dep == "conj":
            return self._subject_heads(head, depth + 1)
        if dep == "pcomp" and head.dep_ == "prep":
            obj = next((c for c in head.head.children if c.dep_ == "dobj"), None)
            if obj is not None and head.lower_ in ("from", "of", "for"):  # "prevent X from", "accuse X of"
                return [obj, *obj.conjuncts], False
            return self._subject_heads(head.head, depth + 1)
        if dep == "relcl":
            return self._relative_subject(head, depth)
        return [], False

    def _across_paragraph(self, a: Token, b: Token) -> bool:
        lo, hi = sorted((a.i, b.i))
        return any("\n" in t.text for t in self.doc[lo:hi])

    def _relative_subject(self, noun: Token, depth: int) -> tuple[list[Token], bool]:
        """Documents speak for whoever issued them: "a resolution that calls for ..."."""
        if noun.lemma_.lower() in _DOCUMENT_NOUNS and noun.head is not noun:
            return self._subject_heads(noun.head, depth + 1)
        return [noun], False

    def _entity(self, token: Token) -> Entity | None:
        return self.document.entity_at(token.idx, token.idx + len(token))

    def _actor(self, head: Token) -> tuple[str | None, str]:
        """Entity id and surface text of an actor phrase, preferring entities near its head."""
        if head.pos_ == "PRON":
            head = self._antecedent(head) or head
        text = self._phrase(head).text
        order = [head]
        order += [c for c in head.children if c.dep_ in ("compound", "amod", "poss", "nmod")]
        order += [c for c in head.children if c.dep_ == "appos"]
        for prep in (
            c for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "in", "from", "for")
        ):
            order += [c for c in prep.children if c.dep_ == "pobj"]
        for token in order:
            entity = self._entity(token)
            if entity is not None and entity.type in ACTOR_TYPES:
                return entity.id, text
            if token.pos_ == "PRON" and token.dep_ == "poss" and token is not head:
                antecedent = self._antecedent(token)
                if antecedent is not None:
                    return self._actor(antecedent)[0], text
        return None, text

    def _phrase(self, head: Token) -> Span:
        lefts = [c for c in head.lefts if c.dep_ not in ("cc", "conj", "punct", "preconj")]
        keep = [c for c in head.rights if c.dep_ in ("prep", "compound", "nummod", "amod", "flat")]
        start = min([head.i, *[c.left_edge.i for c in lefts]])
        end = max([head.i, *[c.right_edge.i for c in keep]]) + 1
        breaks = [t.i for t in self.doc[start:end] if t.i < head.i and "\n" in t.text_with_ws]
        return self.doc[(max(breaks) + 1 if breaks else start) : end]

    def _antecedent(self, pronoun: Token) -> Token | None:
        """The nearest earlier subject that fits the pronoun; pronouns in clauses reach their governor."""
        word = pronoun.lower_
        wanted = {
            "he": ("PERSON",),
            "him": ("PERSON",),
            "his": ("PERSON",),
            "she": ("PERSON",),
            "her": ("PERSON",),
            "it": ("GPE", "ORG", "NORP"),
            "its": ("GPE", "ORG", "NORP"),
            "itself": ("GPE", "ORG"),
        }.get(word, ACTOR_TYPES)
        sent_start = sentence(pronoun).start
        previous = sent_start
        for _ in range(2):
            previous = sentence(self.doc[previous - 1]).start if previous > 0 else 0
        fallback = None
        for i in range(pronoun.i - 1, previous - 1, -1):
            t = self.doc[i]
            if t.pos_ == "PRON":
                continue
            entity = self._entity(t)
            etype = entity.type if entity else t.ent_type_
            if etype not in wanted:
                continue
            if t.dep_ in _SUBJ or t.head.dep_ in _SUBJ:
                return t
            fallback = fallback or t
        return fallback

    def _roles(self, candidate: _Candidate, objects: list[Token]) -> dict[str, list]:
        kind = candidate.sense.type
        roles: dict[str, list] = {"actors": [], "recipients": [], "location": []}
        subjects, passive = self._subject_heads(candidate.token)
        if candidate.nominal is not None and candidate.nominal is candidate.token:
            self._nominal_roles(candidate.token, kind, roles)
        for head in subjects:
            roles["actors"].append(self._actor(head))
        if not subjects and passive:  # "More Russian troops were dispatched": Russia, from the modifier
            subj = next((c for c in candidate.token.children if c.dep_ == "nsubjpass"), None)
            modifiers = [c for c in subj.children if c.dep_ in ("amod", "compound", "poss")] if subj else []
            for mod in modifiers:
                entity_id, _ = self._actor(mod)
                if entity_id or mod.ent_type_ in ACTOR_TYPES:
                    roles["actors"].append((entity_id, mod.text))
        for child in candidate.token.children:
            if (
                child.dep_ == "dative"
                and child.pos_ != "ADP"
                or child.dep_ == "dobj"
                and not objects
                and self._is_actorish(child)
            ):
                roles["recipients"].append(self._actor(child))
        places = self._object_targets(kind, objects, roles)
        if kind in ("ACCUSE", "PROTEST", "REJECT") and not roles["recipients"]:
            # "complained over Israeli raids": the complaint is about its perpetrator
            about = [
                c for c in candidate.token.children if c.dep_ == "prep" and c.lower_ in ("over", "about")
            ]
            self._object_targets("ACCUSE", [t for p in about for t in p.children if t.dep_ == "pobj"], roles)
        preps = [
            c
            for c in candidate.token.children
            if c.dep_ == "prep" or (c.dep_ == "dative" and c.pos_ == "ADP")
        ]
        if candidate.nominal is not None and candidate.nominal is not candidate.token:
            preps += [c for c in candidate.nominal.children if c.dep_ == "prep"]
            if kind in _OBJECT_TARGET and kind not in ("CONSULT", "PROTEST"):  # "its invasion of X"
                of = [c for p in preps if p.lower_ == "of" for c in p.children if c.dep_ == "pobj"]
                places += self._object_targets(kind, of, roles)
        if kind not in ("AID", "MOBILIZE", "RETREAT"):  # "shared evidence with X", "closed its border with X"
            preps += [
                c
                for h in objects
                for c in h.children
                if c.dep_ == "prep" and self.lex.role(kind, c.lower_) == "recipient"
            ]
        self._prep_roles(preps, kind, roles)
        roles["location"] += places
        if not roles["location"] and candidate.token.dep_ == "conj":
            self._shared_location(candidate.token, kind, roles)
        if kind in _COMPLEMENT_TARGET and not roles["recipients"]:
            roles["recipients"] = self._complement_recipients(candidate.token, kind)
        if kind in _VERBAL_TYPES and not roles["recipients"]:
            roles["recipients"] = self._clause_entities(candidate.token, subjects)
        return roles

    def _shared_location(self, token: Token, kind: str, roles: dict[str, list]) -> None:
        """Coordinated clauses share a fronted place: "In the north, roads were blocked and troops dug in"."""
        head, first = token, sentence(token)[0]
        while head.dep_ == "conj" and head.head is not head:
            head = head.head
            fronted = [c for c in head.children if c.dep_ == "prep" and c.i < head.i]
            if first.dep_ == "prep" and first.head.pos_ in ("VERB", "AUX") and first not in fronted:
                fronted.append(first)  # the sentence's opening phrase, wherever the parser hung it
            found: dict[str, list] = {"actors": [], "recipients": [], "location": []}
            self._prep_roles(fronted, kind, found)
            if found["location"]:
                roles["location"] += found["location"]
                return

    def _object_targets(self, kind: str, objects: list[Token], roles: dict[str, list]) -> list:
        """The object is whom the act is done to: "accused Kyiv", "praised Turkey's efforts", "shelled X".

        Returns place objects of force, which are also where it happened ("shelled Kharkiv").
        """
        places: list[tuple[str | None, str]] = []
        for head in objects:
            classes = self._classes([head])
            forceful = kind in _FORCE_TYPES
            if forceful and self._is_place(head) and (self._actor(head)[0] or head.ent_type_ in _PLACES):
                roles["recipients"].append(self._actor(head))  # "shelled Kharkiv": target and place
                places.append(self._actor(head))
                continue
            if classes & _MATERIAL_CLASSES and not (forceful and classes & {"troops", "police"}):
                continue
            if self._is_actorish(head):
                roles["recipients"].append(self._actor(head))
                continue
            if kind not in _OBJECT_TARGET:
                continue
            owner = self._owner(head)
            if owner is not None:
                roles["recipients"].append(self._actor(owner))
            elif forceful and self._is_place(head):
                pair = self._actor(head)
                roles["recipients"].append(pair)
                if pair[0] or head.ent_type_ in ("GPE", "LOC", "FAC"):  # a named place, not "roads"
                    places.append(pair)
            elif forceful and (classes & _VICTIM_CLASSES or self._actor(head)[0]):
                roles["recipients"].append(self._actor(head))
        return places

    def _owner(self, head: Token) -> Token | None:
        """Whose thing the object is: "Turkey's efforts", "positions of the rebels", "a camp for refugees"."""
        for child in head.children:
            if child.dep_ == "poss" and child.pos_ != "PRON" and self._named(child):
                return child
        owning = ("of", "for") if self._classes([head]) & {"places", "property"} else ("of",)
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in owning):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                if self._is_actorish(pobj) or self._actor(pobj)[0]:  # "withdrawal of Serbian forces"
                    return pobj
        return None

    def _is_place(self, token: Token) -> bool:
        entity = self._entity(token)
        if entity is not None:
            return entity.type in ("GPE", "LOC")
        return token.ent_type_ in ("GPE", "LOC", "FAC") or bool(self._classes([token]) & {"places", "roads"})

    def _complement_recipients(self, token: Token, kind: str, depth: int = 0) -> list[tuple[str | None, str]]:
        """An offer, demand or threat is aimed at whom the act it names is aimed at.

        "agreed to provide aid for Romania", "offered to hand them over to Britain", "went on hunger
        strike to protest Sweden's decision": the recipient sits in the complement clause.
        """
        if depth > 3:
            return []
        deps = ("xcomp", "ccomp", "advcl") if kind in ("PROTEST", "AGREE") or depth else ("xcomp", "ccomp")
        found: list[tuple[str | None, str]] = []
        for clause in (c for c in token.children if c.dep_ in deps and c.pos_ in ("VERB", "AUX")):
            subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if (
                kind == "REQUEST"
                and clause.dep_ == "ccomp"
                and subject is not None
                and (self._is_actorish(subject) or self._actor(subject)[0])
            ):
                return [self._actor(subject)]  # "demanded that Hamas renounce ...": asked of Hamas
            objects = [o for o in clause.children if o.dep_ in ("dobj", "dative") and o.pos_ != "ADP"]
            for head in (o2 for o in objects for o2 in (o, *o.conjuncts)):
                owner = head if self._is_actorish(head) else self._owner(head)
                if owner is not None:
                    found.append(self._actor(owner))
            preps = [
                c for c in clause.children if c.dep_ == "prep" or (c.dep_ == "dative" and c.pos_ == "ADP")
            ]
            preps += [c for o in objects for c in o.children if c.dep_ == "prep"]
            for prep in (p for p in preps if p.lower_ in _TARGET_PREPS):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    for head in (pobj, *pobj.conjuncts):
                        owner = head if self._is_actorish(head) or self._is_place(head) else self._owner(head)
                        if owner is not None and not self._is_time(owner):
                            found.append(self._actor(owner))
            if not found:  # "agreed to set up a centre in Tokyo", "to withdraw from Lebanon"
                found = [
                    self._actor(t)
                    for p in preps
                    if p.lower_ in ("in", "into", "from")
                    for t in p.children
                    if t.dep_ == "pobj" and self._is_place(t) and not self._is_time(t)
                ]
            found += self._complement_recipients(clause, kind, depth + 1) if not found else []
            if found:
                break
        return found

    def _prep_roles(self, preps: list[Token], kind: str, roles: dict[str, list]) -> None:
        for prep in preps:
            role = self.lex.role(kind, prep.lower_)
            if role is None:
                continue
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                if pobj.ent_type_ in ("DATE", "TIME") or self._is_time(pobj):
                    continue
                for head in (pobj, *pobj.conjuncts):
                    entity_id, text = self._actor(head)
                    entity = self.document.entity(entity_id)
                    place = (entity is not None and entity.type in ("GPE", "LOC")) or head.ent_type_ in (
                        "GPE",
                        "LOC",
                        "FAC",
                    )
                    if role == "recipient" and (entity_id or self._is_actorish(head)):
                        if kind in ("MOBILIZE",) and place:
                            roles["location"].append((entity_id, text))
                        else:
                            roles["recipients"].append((entity_id, text))
                    elif role == "location" or (role == "recipient" and place):
                        roles["location"].append((entity_id, text))
                    elif role == "recipient" and kind in _OBJECT_TARGET:  # "fire against guerrilla camps"
                        roles["location"] += self._object_targets(kind, [head], roles)

    def _is_time(self, token: Token) -> bool:
        return any(t.span_start <= token.idx < t.span_end for t in self.document.times)

    def _nominal_roles(self, noun: Token, kind: str, roles: dict[str, list]) -> None:
        for child in noun.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod") and self._named(child):
                roles["actors"].append(self._actor(child))
            elif child.dep_ == "prep" and child.lower_ in ("between", "among"):
                named = [
                    t for t in child.subtree if self._named(t) and t.pos_ != "PRON" and self._entity_end(t)
                ]
                roles["actors"] += [self._actor(t) for t in named]
            elif child.dep_ == "prep" and child.lower_ in ("by", "of"):
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    for head in (pobj, *pobj.conjuncts):
                        actor = child.lower_ != "of" or kind in ("CONSULT", "PROTEST")
                        roles["actors" if actor else "recipients"].append(self._actor(head))

    def _nominal_participants(self, noun: Token, kind: str) -> bool:
        roles: dict[str, list] = {"actors": [], "recipients": [], "location": []}
        self._nominal_roles(noun, kind, roles)
        return bool(roles["actors"] or roles["recipients"])

    def _entity_end(self, token: Token) -> bool:
        """The last token of a named actor that is no demonym ("Belarusian leader Alexander Lukashenko")."""
        entity = self._entity(token)
        if (entity.type if entity else token.ent_type_) == "NORP":
            return False
        following = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
        if following is None:
            return True
        return self._entity(following) is not entity if entity else following.ent_iob_ != "I"

    def _named(self, token: Token) -> bool:
        """A named actor (entity or NER), or a possessive pronoun that points to one."""
        entity = self._entity(token)
        if entity is not None:
            return entity.type in ACTOR_TYPES
        return token.ent_type_ in ACTOR_TYPES or (token.pos_ == "PRON" and token.dep_ == "poss")

    def _is_actorish(self, token: Token) -> bool:
        entity = self._entity(token)
        if entity is not None:
            return entity.type in ACTOR_TYPES
        if token.pos_ == "PRON":
            return token.lower_ in ("its", "their", "his", "her", "it", "they", "he", "she", "them", "him")
        return token.ent_type_ in ACTOR_TYPES or bool(self._classes([token]) & _ACTOR_CLASSES)

    def _clause_entities(self, token: Token, subjects: list[Token]) -> list[tuple[str | None, str]]:
        skip = {t.i for s in subjects for t in s.subtree}
        found: list[tuple[str | None, str]] = []
        for t in self._clause(token):
            if t.i in skip or t.i == token.i:
                continue
            entity = self._entity(t)
            if entity is not None and entity.type in ACTOR_TYPES:
                pair = (entity.id, t.text)
            elif entity is None and t.ent_type_ in ACTOR_TYPES and t.ent_iob_ == "B":
                pair = (None, t.text)
            else:
                continue
            if all(e != pair[0] or (e is None and x != pair[1]) for e, x in found):
                found.append(pair)
        return found[:3]

    # -- clause, time, quantities ---------------------------------------------------------
    def _clause(self, token: Token) -> list[Token]:
        """The predicate's subtree without coordinated clauses of their own."""
        cut: set[int] = set()
        for child in token.children:
            if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
                cut |= {t.i for t in child.subtree}
        return [t for t in token.subtree if t.i not in cut]

    def _time(self, token: Token, clause: list[Token]) -> TimeExpression | None:
        """The time the trigger's clause governs most closely; a nominal trigger takes its verb's."""
        if not self.document.times or not clause:
            return None
        predicate = token
        while predicate.pos_ not in ("VERB", "AUX") and predicate.head.i != predicate.i:
            predicate = predicate.head
        return attached_time(predicate, self.document.times)

    def _relative_time(self, token: Token) -> TimeExpression | None:
        """ "shortly after this conference": the time of the earlier event the phrase refers back to.

        Only a definite phrase ("this", "that", "the") refers back; "after a meeting" names a new one.
        """
        predicate = token
        while predicate.pos_ not in ("VERB", "AUX") and predicate.head.i != predicate.i:
            predicate = predicate.head
        for prep, near in self._relative_preps(predicate):
            word = prep.lower_
            noun = next((c for c in prep.children if c.dep_ in ("pobj", "dobj")), None)
            if noun is None or not any(
                c.dep_ == "det" and c.lower_ in ("this", "that", "the") for c in noun.children
            ):
                continue
            lemma = noun.lemma_.lower()
            if lemma not in self.lex.anaphora and lemma not in self.lex.nominals:
                continue
            earlier = self._referent(lemma, prep.idx)
            if earlier is None or earlier.time is None:
                continue
            start, end = self._relative_interval(word != "before", near is not None, earlier.time)
            if start is None and end is None:
                continue
            first = min(prep.left_edge.i, prep.i, near.i if near is not None else prep.i)
            span_start, span_end = self.doc[first].idx, noun.idx + len(noun)
            value = (
                f"{start.isoformat() if start else 'XXXX-XX-XX'}/{end.isoformat() if end else 'XXXX-XX-XX'}"
            )
            return TimeExpression(
                self.document.text[span_start:span_end],
                span_start,
                span_end,
                "DATE",
                value,
                start,
                end,
                anchor="previous",
            )
        return None

    def _relative_preps(self, predicate: Token) -> list[tuple[Token, Token | None]]:
        """Each "after/before/following" phrase of the predicate, with the word that makes it close.

        "shortly after X" (advmod of the preposition or just before it), "Days before X" (the parser
        hangs the preposition on "Days").
        """
        found: list[tuple[Token, Token | None]] = []
        for child in predicate.children:
            if child.dep_ in ("advmod", "npadvmod") and child.lower_ in self.lex.near:
                found += [
                    (p, child) for p in child.children if p.dep_ == "prep" and p.lower_ in _RELATIVE_PREPS
                ]
            if child.dep_ != "prep" or child.lower_ not in _RELATIVE_PREPS:
                continue
            near = next(
                (c for c in child.children if c.dep_ in ("advmod", "npadvmod") and c.lower_ in self.lex.near),
                None,
            )
            before = self.doc[child.i - 1] if child.i > 0 else None
            if (
                near is None
                and before is not None
                and before.lower_ in self.lex.near
                and before.pos_ == "ADV"
            ):
                near = before
            found.append((child, near))
        return found

    def _referent(self, lemma: str, before: int) -> Event | None:
        """The most recent earlier event of the same kind with a date, else the most recent dated one.

        Looked up in the indexes `_remember` keeps, so the cost per event stays constant.
        """
        nominal = self.lex.nominals.get(lemma)
        keys = [f"class:{self.lex.anaphora[lemma]}"] if lemma in self.lex.anaphora else []
        keys.append(f"lemma:{lemma}")
        keys += (
            [f"type:{nominal.sense.type}"] if nominal is not None and lemma not in self.lex.anaphora else []
        )
        for key in keys:
            event = self.dated.get(key)
            if event is not None and event.evidence.start < before:
                return event
        event = self.dated.get("any")
        return event if event is not None and event.evidence.start < before else None

    def _remember(self, event: Event, head: str) -> None:
        """Index a dated event under its kind, its trigger lemma and its type for later references."""
        if event.time is None or (event.time.start is None and event.time.end is None):
            return
        kind = self.lex.anaphora.get(head)
        for key in (f"class:{kind}" if kind else "", f"lemma:{head}", f"type:{event.type}", "any"):
            self.dated[key] = event

    def _relative_interval(self, after: bool, near: bool, anchor: TimeExpression) -> tuple:
        """after X: X's end to a month later (shortly after) or to publication; before X: the mirror."""
        if after:
            if anchor.end is None:
                return None, None
            published = self.document.published or self.document.published_latest
            return anchor.end, (anchor.end + _NEAR if near else published)
        if anchor.start is None:
            return None, None
        return (anchor.start - _NEAR if near else None), anchor.start

    def _quantities(self, clause: list[Token]) -> list[Quantity]:
        if not clause:
            return []
        start, end = clause[0].idx, clause[-1].idx + len(clause[-1])
        return [q for q in self.document.quantities if q.start < end and q.end > start]

    # -- assembly -------------------------------------------------------------------------
    def _drop_nested(self, candidates: list[_Candidate]) -> list[_Candidate]:
        """One event per act: "calls for declaring X occupied" is one accusation, not two."""
        keep = []
        for c in candidates:
            inner = any(
                o is not c
                and o.sense.type == c.sense.type
                and c.token.i != o.token.i
                and c.token.i in {t.i for t in o.token.subtree}
                and c.token.dep_ in ("pcomp", "xcomp", "ccomp")
                for o in candidates
            )
            cue = any(o is not c and c.token.lemma_.lower() in o.sense.cue for o in candidates)
            if not inner and not cue:
                keep.append(c)
        return keep

    def _emit(self, candidate: _Candidate, objects: list[Token]) -> None:
        sense, token = candidate.sense, candidate.token
        roles = self._roles(candidate, objects)
        clause = self._clause(token)
        start = min(t.idx for t in candidate.trigger)
        end = max(t.idx + len(t) for t in candidate.trigger)
        items, item_texts, quantity = self._items(objects)
        mood = modality(token, self.document)
        statement = self.document.statement_at(start)
        event = Event(
            id=f"ev{len(self.events) + 1}",
            type=sense.type,
            evidence=self.document.evidence(start, end),
            trigger=self.document.text[start:end],
            mode=self._mode(candidate, objects),
            context=list(sense.context),
            actors=_ids(roles["actors"]),
            recipients=_ids(roles["recipients"]),
            actor_texts=_texts(roles["actors"]),
            recipient_texts=_texts(roles["recipients"]),
            location=next((i for i, _ in roles["location"] if i), None),  # an entity id, never free text
            items=items,
            item_texts=item_texts,
            quantity=quantity,
            quantities=self._quantities(clause),
            time=self._time(token, clause) or self._relative_time(token),
            modality=mood,
            statement=statement.id if statement else None,
        )
        self._remember(event, (candidate.nominal or token).lemma_.lower())
        self.events.append(event)
        self._intent(candidate, event)

    def _intent(self, candidate: _Candidate, event: Event) -> None:
        """PLOVER codes announced future cooperation as AGREE and future retreats as CONCEDE."""
        kind = self.lex.future_as.get(event.type)
        if kind is None or event.modality != PREDICTED or not (event.actors or event.actor_texts):
            return
        cues = load_modality_cues()
        token = candidate.token
        aux = any(
            c.dep_ == "aux" and c.lower_.replace("\u2019", "'") in cues.intent_cues for c in token.children
        )
        governed = token.dep_ == "xcomp" and token.head.lemma_.lower() in cues.intent_cues
        if not (aux or governed):
            return
        reported = bool(event.statement) or self._reported(token)
        if not reported and (self._hypothetical(token) or self._conditional(token)):
            return  # "Russia would attack", "If X, Poland will close the border": no one announced it
        mode = self.lex.threaten_modes.get(event.type) if kind == "THREATEN" else None
        derived = Event(**{**event.__dict__, "id": f"ev{len(self.events) + 1}", "type": kind, "mode": mode})
        derived.modality = REPORTED if event.statement or self._reported(token) else "asserted"
        self.events.append(derived)

    def _hypothetical(self, token: Token) -> bool:
        """ "would"/"could" alone: the writer's supposition, not an announced intention."""
        aux = {c.lower_.replace("\u2019", "'") for c in token.children if c.dep_ == "aux"}
        return bool(aux) and not aux & {"will", "shall", "'ll", "wo", "going", "to"}

    def _conditional(self, token: Token) -> bool:
        cues = load_modality_cues()
        return any(
            c.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in cues.conditional_marks for m in c.children)
            for c in token.children
        )

    def _reported(self, token: Token) -> bool:
        cues = load_modality_cues()
        return any(a.lemma_.lower() in cues.reporting_verbs for a in token.ancestors)

    def _items(self, objects: list[Token]) -> tuple[list[str], list[str], Quantity | None]:
        items: list[str] = []
        texts: list[str] = []
        quantity = None
        for head in objects:
            if not self._classes([head]) & _MATERIAL_CLASSES and not self._equipment(head):
                continue
            equipment = self._equipment(head)
            if equipment:
                items += [e for e in equipment if e not in items]
            else:
                texts.append(head.text)
            quantity = quantity or self._own_quantity(head)
        return items, texts, quantity

    def _equipment(self, head: Token) -> list[str]:
        found = []
        for t in self.doc[head.left_edge.i : head.i + 1]:
            entity = self._entity(t)
            if entity is not None and entity.type == "EQUIPMENT" and entity.id not in found:
                found.append(entity.id)
        return found

    def _mode(self, candidate: _Candidate, objects: list[Token]) -> str | None:
        sense = candidate.sense
        if sense.type == "MOBILIZE" and sense.mode == "troops":
            classes = self._classes(objects)
            if "platforms" in classes or ("materiel" in classes and "troops" not in classes):
                return "weapons"
        if sense.type != "ASSAULT" or sense.mode not in (None, "heavy-weapons"):
            return sense.mode
        token = candidate.token
        near = [*objects, *[c for c in token.children if c.dep_ in _SUBJ]]
        for prep in (c for c in token.children if c.dep_ in ("prep", "agent") and c.lower_ in ("with", "by")):
            near += [c for c in prep.children if c.dep_ == "pobj"]
        for head in near:
            for t in (head, *head.children):
                mode = self.lex.assault_modes.get(t.lemma_.lower()) or self.lex.assault_modes.get(t.lower_)
                if mode:
                    return mode
        return sense.mode


def _countries_for_demonyms(document: Document, resources: Resources) -> None:
    """ "Russian troops" act for Russia: one identity in networks and queries, not norp:RUS beside country:RUS.

    The NORP entity stays for the mention itself; the event points to the country, which is added
    (without mentions: the text names only the demonym) when the document lacks it.
    """
    known = {e.id: e for e in document.entities}

    def country_id(entity_id: str | None) -> str | None:
        entity = known.get(entity_id or "")
        if entity is None or entity.type != "NORP" or not entity.country:
            return entity_id
        key = f"country:{entity.country}"
        if key not in known:
            entry = resources.kb.country(entity.country)
            if entry is None:
                return entity_id
            known[key] = Entity(
                id=entry.key,
                name=entry.name,
                type=entry.type,
                country=entry.country,
                aliases=[a for a in entry.aliases if a != entry.name],
                kb_id=entry.key,
                lat=entry.lat,
                lon=entry.lon,
            )
            document.entities.append(known[key])
        return key

    for event in document.events:
        event.actors = _unique([country_id(i) for i in event.actors])
        event.recipients = _unique([country_id(i) for i in event.recipients])
        event.location = country_id(event.location) if event.location in known else event.location


def _unique(ids: list[str | None]) -> list[str]:
    out: list[str] = []
    for i in ids:
        if i and i not in out:
            out.append(i)
    return out


def _is_heading(sent: Span) -> bool:
    """A section heading ("Russian military deployment in Belarus"): no verb, no final stop.

    It names a topic the paragraphs below report on; coding it as an undated event of its own
    would count every reported event twice.
    """
    words = [t for t in sent if not t.is_space]
    if not words or words[-1].text in (".", "!", "?", '"', "”", "'", "’"):
        return False
    return not any(t.pos_ in ("VERB", "AUX") for t in words)


def _ids(pairs: list[tuple[str | None, str]]) -> list[str]:
    out: list[str] = []
    for entity_id, _ in pairs:
        if entity_id and entity_id not in out:
            out.append(entity_id)
    return out


def _texts(pairs: list[tuple[str | None, str]]) -> list[str]:
    out: list[str] = []
    for _, text in pairs:
        if text and text not in out:
            out.append(text)
    return out
