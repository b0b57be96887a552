"""What every part of the events stage reads: the document, its parse, the lexicons, and lookups on them."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import ORTH
from spacy.tokens import Span, Token

from ...knowledge.lexicon import EventLexicon, Sense
from ...model import Document, Entity, Quantity, TimeExpression

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
        self._entities: dict[int, Entity | None] = {}
        self._time_tokens: set[int] | None = None
        self._times: list[TimeExpression] | None = None
        self._time_starts: list[int] = []
        self._quantities: list[Quantity] | None = None
        self._quantity_starts: list[int] = []
        self._longest_quantity = 0
        self._breaks: list[int] | None = None

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
        """The entity a token names; looked up once per token (references and pronouns revisit tokens)."""
        if token.i not in self._entities:
            self._entities[token.i] = self.document.entity_at(token.idx, token.idx + len(token))
        return self._entities[token.i]

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
        """Whether the token lies inside a time expression (a set of token indices, built once)."""
        if self._time_tokens is None:
            self._time_tokens = set()
            for t in self.document.times:
                span = self.doc.char_span(t.span_start, t.span_end, alignment_mode="expand")
                self._time_tokens.update(range(span.start, span.end) if span is not None else ())
        return token.i in self._time_tokens

    def times_near(self, token: Token) -> list[TimeExpression]:
        """The document's times starting within a window of characters around the token: what a
        predicate can govern, found by bisection so a long sentence's many dates cost no more."""
        if self._times is None:
            self._times = sorted(self.document.times, key=lambda t: t.span_start)
            self._time_starts = [t.span_start for t in self._times]
        reach = self.grammar.time_window_chars
        lo = bisect_left(self._time_starts, token.idx - reach)
        hi = bisect_right(self._time_starts, token.idx + reach)
        return self._times[lo:hi]

    def quantities_in(self, start: int, end: int) -> list[Quantity]:
        """The quantities overlapping ``[start, end)``, found by bisection over their offsets."""
        if self._quantities is None:
            self._quantities = sorted(self.document.quantities, key=lambda q: q.start)
            self._quantity_starts = [q.start for q in self._quantities]
            self._longest_quantity = max((q.end - q.start for q in self._quantities), default=0)
        hi = bisect_left(self._quantity_starts, end)
        lo = bisect_left(self._quantity_starts, start - self._longest_quantity)
        return [q for q in self._quantities[lo:hi] if q.end > start]

    def own_quantity(self, token: Token) -> Quantity | None:
        """The count on this noun phrase ("94 tanks"), if the quantities stage found one."""
        start = max(token.left_edge.i, token.i - self.grammar.clause_window_tokens)
        found = self.quantities_in(self.doc[start].idx, token.idx + len(token))
        return found[0] if found else None

    def clause_range(self, token: Token) -> tuple[int, int]:
        """Token indices ``[start, end)`` of the predicate's clause: its subtree up to its first coordinated
        clause, within a window of tokens either side (subtrees are spans of a projective parse)."""
        window = self.grammar.clause_window_tokens
        end = token.right_edge.i + 1
        for child in token.rights:
            if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
                end = min(end, child.left_edge.i)
                break
        start = max(token.left_edge.i, token.i - window)
        return start, max(min(end, token.i + window + 1), token.i + 1)

    def clause(self, token: Token) -> Span:
        start, end = self.clause_range(token)
        return self.doc[start:end]

    def across_paragraph(self, a: Token, b: Token) -> bool:
        """Whether a paragraph break lies between two tokens (break positions found once)."""
        if self._breaks is None:
            # Each distinct word form asked once, not a Token made per word.
            forms, at = np.unique(self.doc.to_array([ORTH]).reshape(-1), return_inverse=True)
            strings = self.doc.vocab.strings
            breaks = np.array(["\n" in strings[int(f)] for f in forms.tolist()], dtype=bool)
            self._breaks = np.flatnonzero(breaks[at]).tolist()
        lo, hi = sorted((a.i, b.i))
        k = bisect_left(self._breaks, lo)
        return k < len(self._breaks) and self._breaks[k] < hi


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
