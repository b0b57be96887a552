"""What every part of the events stage reads: the document, its parse, the lexicons, and lookups on them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Token

from ...knowledge.lexicon import EventLexicon, Sense
from ...model import Document, Entity, Quantity

ACTOR_TYPES = ("PERSON", "ORG", "GPE", "NORP", "UNIT")  # entity types that can act
PLACE_TYPES = ("GPE", "LOC", "FAC")  # spaCy labels of places
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")


class Context:
    """One document under extraction: its text, parse, entities and the event lexicon."""

    def __init__(self, document: Document, lexicon: EventLexicon) -> None:
        self.document = document
        self.doc = document.spacy_doc
        self.lex = lexicon
        self.grammar = lexicon.grammar
        self._lemmas: dict[int, str] = {}

    def lemma(self, token: Token) -> str:
        """The token's lemma, lower-cased; a verb the model lemmatised into no known verb is read from its form.

        spaCy's small model gives "rap" for "raped" and "stag" for "staged": when the lemma is no verb
        of the lexicons, the first reading of the word's own form that is one wins ("raped" -> "rape").
        """
        found = self._lemmas.get(token.i)
        if found is None:
            found = token.lemma_.lower()
            verb = token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")
            if verb and found not in self.lex.known_verbs:
                found = next(
                    (r for r in _readings(token.lower_, self.grammar) if r in self.lex.known_verbs), found
                )
            self._lemmas[token.i] = found
        return found

    def entity(self, token: Token) -> Entity | None:
        return self.document.entity_at(token.idx, token.idx + len(token))

    def classes(self, tokens: Iterable[Token]) -> frozenset[str]:
        """The noun classes of these heads (with their compounds); equipment and named actors count."""
        found: set[str] = set()
        for token in tokens:
            for t in (token, *[c for c in token.children if c.dep_ == "compound"]):
                found |= self.lex.classes_of(t.lemma_) | self.lex.classes_of(t.lower_)
            if token.lemma_.lower() in self.lex.nominals or token.lower_ in self.lex.nominals:
                found.add("events")  # "war", "the protest": an event, not someone who can act
            entity = self.entity(token)
            if entity and entity.type == "EQUIPMENT":
                cls = str(entity.attributes.get("class", "")).lower()
                air = any(w in cls for w in self.grammar.platform_words)
                found.add("platforms" if air else "materiel")
            elif entity and entity.type in ACTOR_TYPES or token.ent_type_ in ACTOR_TYPES:
                found.add("actors")
        return frozenset(found)

    def is_place(self, token: Token) -> bool:
        entity = self.entity(token)
        if entity is not None:
            return entity.type in ("GPE", "LOC")
        return token.ent_type_ in PLACE_TYPES or bool(self.classes([token]) & self.grammar.classes("place"))

    def named(self, token: Token) -> bool:
        """A named actor (entity or NER), or a possessive pronoun that points to one."""
        entity = self.entity(token)
        if entity is not None:
            return entity.type in ACTOR_TYPES
        return token.ent_type_ in ACTOR_TYPES or (token.pos_ == "PRON" and token.dep_ == "poss")

    def is_actorish(self, token: Token) -> bool:
        """A named actor, a pronoun that stands for one, or a noun of an actor class ("the rebels")."""
        entity = self.entity(token)
        if entity is not None:
            return entity.type in ACTOR_TYPES
        if token.pos_ == "PRON":
            return token.lower_ in self.grammar.actor_pronouns
        return token.ent_type_ in ACTOR_TYPES or bool(self.classes([token]) & self.grammar.classes("actor"))

    def is_time(self, token: Token) -> bool:
        return any(t.span_start <= token.idx < t.span_end for t in self.document.times)

    def own_quantity(self, token: Token) -> Quantity | None:
        """The count on this noun phrase ("94 tanks"), if the quantities stage found one."""
        start, end = token.left_edge.idx, token.idx + len(token)
        for q in self.document.quantities:
            if q.start < end and q.end > start:
                return q
        return None

    def clause(self, token: Token) -> list[Token]:
        """The predicate's subtree without coordinated clauses of their own."""
        cut: set[int] = set()
        for child in token.children:
            if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
                cut |= {t.i for t in child.subtree}
        return [t for t in token.subtree if t.i not in cut]

    def across_paragraph(self, a: Token, b: Token) -> bool:
        lo, hi = sorted((a.i, b.i))
        return any("\n" in t.text for t in self.doc[lo:hi])


def _readings(form: str, grammar) -> list[str]:
    """Possible lemmas of an inflected verb form: "raped" -> rape, rap; "planned" -> plann, plan."""
    out = [form]
    for ending, replacements in grammar.verb_endings:
        if form.endswith(ending) and len(form) > len(ending) + 1:
            stem = form[: -len(ending)]
            out += [stem + r for r in replacements]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # "planned" -> "plan"
    return out


@dataclass
class Candidate:
    """A typed trigger before its roles are read."""

    token: Token  # the predicate whose clause the event lives in
    sense: Sense
    trigger: list[Token]
    objects: list[Token] = field(default_factory=list)  # object heads (conjuncts included)
    nominal: Token | None = None  # the event noun, for nominal triggers
