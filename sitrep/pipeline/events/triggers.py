"""Triggers: which words name an event and with which sense.

A trigger is a verb (with its particle or preposition: "pull back", "call for"), a predicate
adjective ("willing to send"), or a noun naming an event ("talks", "airstrikes"), either under a
light verb ("hold talks", "lift the curfew") or on its own with a named participant. The sense
is chosen by the classes of its object and subject: "send troops" is MOBILIZE, "send tanks" AID.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Token

from ...knowledge.lexicon import NOT_AN_EVENT, Nominal, Sense
from .actors import patient, subject_heads
from .context import SUBJECT_DEPS, Candidate, Context
from .roles import has_participants


class Triggers:
    """Finds the candidates of one document; remembers the nouns a light verb has taken."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.lex = ctx.lex
        self.consumed: set[int] = set()  # event nouns already realised by their verb

    def verb(self, token: Token) -> list[Candidate]:
        if self.ctx.lemma(token) not in self.lex.known_verbs:
            return []  # every key starts with the lemma: none can be in a lexicon ("say", "be", "have")
        keys = self._keys(token)
        objects = self._objects(token, keys)
        if self._idiom(token, keys[:-1], objects):
            return []  # "took charge of": the words of a light verb and an event noun, not the event
        nominal = self._occurrence(token, keys) or self._nominal_object(token, keys, objects)
        if nominal:
            return [nominal] if nominal.sense.type != NOT_AN_EVENT else []
        for key in keys:
            senses = self.lex.verbs.get(key)
            if senses:
                sense = self._match(senses, token, objects)
                if sense and sense.type == NOT_AN_EVENT:
                    return []  # "fight for their lives", "meet the needs": the words, not the act
                if sense:
                    return [Candidate(token, sense, _trigger_tokens(self.ctx, token, key), objects)]
        return []

    def _idiom(self, token: Token, keys: list[str], objects: list[Token]) -> bool:
        """A multi-word key whose matching reading is no event ("take charge", "fight for one's life")."""
        for key in keys:
            senses = self.lex.verbs.get(key)
            if senses:
                sense = self._match(senses, token, objects)
                return sense is not None and sense.type == NOT_AN_EVENT
        return False

    def adjective(self, token: Token) -> list[Candidate]:
        sense = self._match(self.lex.adjectives[token.lemma_.lower()], token, [])
        return [Candidate(token, sense, [token])] if sense else []

    def standalone(self, token: Token) -> Candidate | None:
        """An event noun on its own: "the meeting between Putin and Lukashenko", "Russian airstrikes"."""
        if token.i in self.consumed or token.dep_ == "compound":
            return None
        nominal = self.lex.nominals.get(token.lower_) or self.lex.nominals.get(token.lemma_.lower())
        if nominal is None or not nominal.standalone:
            return None
        sense = self._nominal_sense(nominal, token)
        if sense is None:
            return None
        if not has_participants(self.ctx, token, sense.type) and not (
            nominal.standalone_place and self._placed(token, sense.type)
        ):
            return None
        sense = self._by_sense(nominal, token, sense)
        if sense.type == NOT_AN_EVENT:
            return None  # "a campaign rally"
        return Candidate(token, sense, [token], nominal=token)

    def _by_sense(self, nominal: Nominal, noun: Token, sense: Sense) -> Sense:
        """ "a strike by workers": the sense its "by" phrase names."""
        if not nominal.by_subject:
            return sense
        by = [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" for p in c.children]
        classes = self.ctx.classes(by)
        return next((s for c, s in nominal.by_subject.items() if c in classes), sense)

    def _occurrence(self, token: Token, keys: list[str]) -> Candidate | None:
        """ "a picket took place in Omsk", "clashes broke out": the subject event happened."""
        if not any(k in self.lex.occurrence for k in keys):
            return None
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.pos_ not in ("NOUN", "PROPN"):
            return None
        nominal, noun = self._nominal_of(subject)
        if nominal is None:
            return None
        sense = self._nominal_sense(nominal, noun)
        if sense is None:
            return None
        self.consumed.add(noun.i)
        return Candidate(token, self._by_sense(nominal, noun, sense), [noun], objects=[], nominal=noun)

    def _keys(self, token: Token) -> list[str]:
        """Lexicon keys to try, most specific first: "pull back", "launch strikes", "fire on", "pull"."""
        lemma = self.ctx.lemma(token)
        particles = self.ctx.grammar.particles
        keys = [f"{lemma} {c.lower_}" for c in token.children if c.dep_ == "prt" or c.lower_ in particles]
        keys += [f"{lemma} {c.lemma_.lower()}" for c in token.children if c.dep_ == "dobj"]
        keys += [f"{lemma} {c.lower_}" for c in token.children if c.dep_ in ("prep", "agent", "dative")]
        return [*keys, lemma]

    # -- nominal triggers ---------------------------------------------------------------------
    def _placed(self, noun: Token, kind: str) -> bool:
        """The event noun names where it happened: "a demonstration in Moscow"."""
        preps = (c for c in noun.children if c.dep_ == "prep" and self.lex.role(kind, c.lower_) == "location")
        return any(self.ctx.is_place(p) for prep in preps for p in prep.children if p.dep_ == "pobj")

    def _nominal_object(self, token: Token, keys: list[str], objects: list[Token]) -> Candidate | None:
        """The verb realises or ends the event its object names: "hold talks", "lift the curfew"."""
        if not objects:
            return None
        nominal, noun = self._nominal_of(objects[0])
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
        if sense is not None and nominal.by_subject and not (ends and nominal.end):
            subject_classes = self.ctx.classes(subject_heads(self.ctx, token)[0])
            sense = next((s for c, s in nominal.by_subject.items() if c in subject_classes), sense)
        if sense is None or (not ends and not self._realises(lights, sense)):
            return None
        self.consumed.add(noun.i)
        return Candidate(token, sense, [token, noun], objects=[], nominal=noun)

    def _realises(self, lights: list[str], sense: Sense) -> bool:
        """Whether one of the light verbs may realise an event of this type ("use force", not "use the ceasefire")."""
        allowed = [self.lex.light_types.get(k) for k in lights]
        return any(a is None or sense.type in a for a in allowed)

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
            entity = self.ctx.entity(owner)
            if entity is not None and entity.type in ("GPE", "NORP"):
                return True
        return False

    # -- senses -------------------------------------------------------------------------------
    def _match(self, senses: Iterable[Sense], token: Token, objects: list[Token]) -> Sense | None:
        """The first sense whose conditions (object, subject, complement, cue) the clause meets."""
        object_classes = self.ctx.classes(objects) if objects else frozenset({"none"})
        subject_classes = self.ctx.classes(subject_heads(self.ctx, token)[0])
        for sense in senses:
            if sense.object and not sense.object & object_classes:
                continue
            if sense.not_object & object_classes:
                continue
            if sense.subject and not sense.subject & subject_classes:
                continue
            if sense.complement is not None:
                clause = any(c.dep_ in ("xcomp", "ccomp") for c in token.children)
                that = any(
                    c.dep_ == "ccomp" and any(g.dep_ in ("mark", "nsubj", "nsubjpass") for g in c.children)
                    for c in token.children
                )
                if (sense.complement and not clause) or (sense.complement is False and that):
                    continue
            if sense.cue and not self._clause_has(token, sense.cue):
                continue
            return sense
        return None

    def _clause_has(self, token: Token, cue: frozenset[str]) -> bool:
        """Whether a cue word occurs in the clause the trigger completes ("declare ... occupied")."""
        head = token.head if token.dep_ in ("pcomp", "xcomp") else token
        head = head.head if head.dep_ == "prep" else head
        window = self.ctx.grammar.clause_window_tokens
        start, end = max(head.left_edge.i, head.i - window), min(head.right_edge.i + 1, head.i + window + 1)
        return any(t.lemma_.lower() in cue or t.lower_ in cue for t in self.ctx.doc[start:end])

    # -- objects ------------------------------------------------------------------------------
    def _objects(self, token: Token, keys: list[str]) -> list[Token]:
        """The object heads of a verb: direct object, passive subject, relative head or "for X"."""
        relatives = self.ctx.grammar.relative_pronouns
        obj = next((c for c in token.children if c.dep_ == "dobj"), None)
        if obj is None:
            obj = patient(token)
        relative = token.dep_ == "relcl" and token.head.pos_ in ("NOUN", "PROPN")
        no_subject = not any(c.dep_ in SUBJECT_DEPS for c in token.children)
        passive_relative = any(c.dep_ == "nsubjpass" and c.lower_ in relatives for c in token.children)
        if obj is None and relative and (no_subject or passive_relative):
            obj = token.head
        if obj is None:
            obj = self._prepositional_object(token, keys)
        if obj is None:
            return []
        obj = self._uncontain(obj)
        return [obj, *[self._uncontain(c) for c in obj.conjuncts]]

    def _prepositional_object(self, token: Token, keys: list[str]) -> Token | None:
        """ "call for X", "fire on X": the object sits in the preposition of a two-word trigger."""
        for key in keys:
            words = key.split()
            if len(words) == 2 and key in self.lex.verbs:
                prep = key_preposition(self.ctx, token, words[1])
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
                if obj is not None:
                    return obj
        return None

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


def key_preposition(ctx: Context, token: Token, word: str) -> Token | None:
    """The preposition of a two-word trigger ("go on", "fire at"): after the verb, not a date.

    "On 10 May, workers went on strike": the opening "On" names the time, not the strike.
    """
    found = None
    for child in token.children:
        if child.dep_ not in ("prep", "prt", "dative") or child.lower_ != word:
            continue
        if any(ctx.is_time(p) or p.ent_type_ in ("DATE", "TIME") for p in child.children if p.dep_ == "pobj"):
            continue
        if child.i > token.i:
            return child
        found = found or child
    return found


def _trigger_tokens(ctx: Context, token: Token, key: str) -> list[Token]:
    words = key.split()[1:]
    if not words:
        return [token]
    extra = [c for c in token.children if c.dep_ in ("prt", "dobj", "advmod") and c.lower_ in words]
    prep = key_preposition(ctx, token, words[0])
    extra += [prep] if prep is not None else []
    return [token, *sorted(extra, key=lambda t: abs(t.i - token.i))[:1]]


def object_groups(ctx: Context, candidate: Candidate) -> list[list[Token]]:
    """One event per counted object ("94 tanks, 36-44 trucks"); uncounted ones stay together."""
    objects = candidate.objects
    if len(objects) < 2:
        return [objects]
    counted = [[o] for o in objects if ctx.own_quantity(o)]
    rest = [o for o in objects if not ctx.own_quantity(o)]
    return counted + ([rest] if rest else [])


def drop_nested(candidates: list[Candidate]) -> list[Candidate]:
    """One event per act: "calls for declaring X occupied" is one accusation, not two.

    A complement (pcomp, xcomp, ccomp) whose type an ancestor trigger already has is part of
    that act, and so is a trigger another trigger's sense needs as its cue. Linear in the
    tokens: each token's inherited types are computed once, from its head's.
    """
    at: dict[int, set[str]] = {}
    for c in candidates:
        at.setdefault(c.token.i, set()).add(c.sense.type)
    cues = Counter(word for c in candidates for word in c.sense.cue)
    above: dict[int, frozenset[str]] = {}  # token index -> types of triggers on its proper ancestors
    keep = []
    for c in candidates:
        lemma = c.token.lemma_.lower()  # cues are model lemmas, as _clause_has reads them
        own_cue = 1 if lemma in c.sense.cue else 0
        if cues[lemma] - own_cue > 0:
            continue
        if c.token.dep_ in ("pcomp", "xcomp", "ccomp") and c.sense.type in _types_above(c.token, at, above):
            continue
        keep.append(c)
    return keep


def _types_above(token: Token, at: dict[int, set[str]], above: dict[int, frozenset[str]]) -> frozenset[str]:
    """The types of triggers on the token's proper ancestors, memoised so each token is walked once."""
    path: list[Token] = []
    while token.i not in above and token.head.i != token.i:
        path.append(token)
        token = token.head
    if token.i not in above:  # the root: nothing above it
        above[token.i] = frozenset()
    inherited = above[token.i]
    for t in reversed(path):
        head = t.head
        inherited = above[head.i] | frozenset(at.get(head.i, ()))
        above[t.i] = inherited
    return inherited
