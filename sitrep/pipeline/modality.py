"""Modality: whether a clause asserts, reports, hedges, negates or predicts what it says.

Shared by the events, statements and forecasts stages. The public functions:

``modality(token: spacy.tokens.Token, document: Document | None = None) -> str``
    One of ``asserted | reported | hedged | negated | predicted`` for the clause headed by
    ``token`` (a verb, or a noun naming an event). Hedged, negated and predicted win over
    reported: a hedged claim inside a quote is still hedged. With a ``document``, a token inside
    a statement's content span (``content_start..content_end``) is reported.

``clause_modality(token: spacy.tokens.Token) -> str``
    The same from the parse alone: a reporting verb governing the clause ("..., officials said")
    gives ``reported``.

Cues are read up the chain of governing predicates, because English marks modality away from
the event word: "Lukashenko *denied* that troops *would* enter" negates "enter". The field's
known failure is over-coding hedged or hypothetical events as facts, so any cue on the chain
wins over assertion. The cue words live in ``knowledge/data/event_modality.yaml``.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..knowledge.lexicon import ModalityCues, load_modality_cues
from ..model import Document
from .syntax import sentence

ASSERTED, REPORTED, HEDGED, NEGATED, PREDICTED = "asserted", "reported", "hedged", "negated", "predicted"
_PRECEDENCE = (NEGATED, HEDGED, PREDICTED, REPORTED)

# Links through which a governing predicate's meaning reaches its complement.
_COMPLEMENT_DEPS = {
    "xcomp",
    "ccomp",
    "csubj",
    "dobj",
    "attr",
    "oprd",
    "acomp",
    "acl",
    "pcomp",
    "pobj",
    "conj",
}
_MAX_DEPTH = 10


def _norm(text: str) -> str:
    return text.lower().replace("\u2019", "'")


def _own_cues(token: Token, cues: ModalityCues) -> set[str]:
    """Cues attached to this predicate itself: auxiliaries, negation, hedging adverbs, 'if'."""
    found: set[str] = set()
    for child in token.children:
        word, dep = _norm(child.text), child.dep_
        if dep in ("aux", "auxpass"):
            if word in cues.hedged_aux:
                found.add(HEDGED)
            elif word in cues.predicted_aux:
                found.add(PREDICTED)
        if dep == "neg" or (dep in ("advmod", "det", "preconj") and word in cues.negation):
            found.add(NEGATED)
        elif (
            dep == "advmod"
            and word in cues.hedged_adverbs
            or dep == "mark"
            and word in cues.conditional_marks
        ):
            found.add(HEDGED)
        elif dep == "advmod" and word in cues.reported_adverbs:
            found.add(REPORTED)  # "allegedly beat": an attributed fact, coded as reported
        elif dep == "aux" and word == "to" and token.dep_ == "advcl":
            found.add(PREDICTED)  # a purpose clause: "to intensify its airstrikes"
        elif dep in ("nsubj", "nsubjpass") and any(
            _norm(g.text) in cues.negative_subjects and g.dep_ in ("preconj", "det") for g in child.children
        ):
            found.add(NEGATED)
    found |= _unreal(token, cues)
    if token.pos_ in ("NOUN", "PROPN"):
        for child in token.children:
            word = _norm(child.lemma_)
            words = {word, _norm(child.text)}  # "planned" is tagged with the lemma "plan"
            if child.dep_ in ("amod", "compound", "advmod"):
                if words & cues.predicted_modifiers:
                    found.add(PREDICTED)
                elif words & cues.hedged_modifiers:
                    found.add(HEDGED)
                elif words & cues.reported_modifiers:
                    found.add(REPORTED)
                elif words & cues.negated_modifiers:
                    found.add(NEGATED)
            elif child.dep_ == "det" and word == "no":
                found.add(NEGATED)
    return found


def _unreal(token: Token, cues: ModalityCues) -> set[str]:
    """Counterfactuals and inverted conditionals: "would have attacked", "Had Russia attacked, ...".

    Both say the act did not (or need not) happen, so they hedge it rather than predict it.
    """
    aux = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    words = {_norm(c.text) for c in aux}
    if token.tag_ == "VBN" and "have" in words and words & cues.counterfactual_aux:
        return {HEDGED}
    subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if token.dep_ == "advcl" and subject is not None:
        inverted = [
            c for c in (*aux, token) if _norm(c.text) in cues.inverted_conditionals and c.i < subject.i
        ]
        if inverted:
            return {HEDGED}
    return set()


def _sentence_cues(token: Token, cues: ModalityCues) -> set[str]:
    """A question asks rather than asserts; "Imagine X did Y" supposes it."""
    sent = sentence(token)
    last = next((t for t in reversed(sent) if not t.is_punct and not t.is_space), None)
    if last is not None and any(t.text == "?" for t in sent[last.i - sent.start + 1 :]):
        return {HEDGED}
    first = next((t for t in sent if not t.is_punct and not t.is_space), None)
    if first is not None and first.tag_ == "VB" and _norm(first.lemma_) in cues.hedged_governors:
        return {HEDGED}
    return set()


def _governor_cue(head: Token, cues: ModalityCues) -> str | None:
    """What a governing word does to the clause it governs ("plans to", "denied that")."""
    lemma = _norm(head.lemma_)
    if lemma in cues.negated_governors:
        return NEGATED
    if lemma in cues.hedged_governors:
        return HEDGED
    if lemma in cues.predicted_governors or _norm(head.text) == "going":  # "is going to attack"
        return PREDICTED
    if lemma in cues.reporting_verbs and head.pos_ in ("VERB", "AUX"):
        return REPORTED
    return None


def _is_complement_link(token: Token, cues: ModalityCues) -> bool:
    if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ == "NOUN":
        return True  # an event noun as subject: "a Russian attack would be a disaster"
    if token.dep_ == "prep":
        return _norm(token.text) in cues.complement_preps
    if token.dep_ == "conj":
        # A coordinated verb with its own subject or auxiliary is its own clause.
        return not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in token.children)
    return token.dep_ in _COMPLEMENT_DEPS or token.dep_ == "advcl"


def misparsed_predicate(token: Token) -> bool:
    """A sentence's own verb that the parser hung on a noun as a reduced relative.

    "A man protested alone outside the town hall", "About 30 people claiming to be relatives of
    mobilised men protested": the sentence has no verbal root, and the past-tense verb without
    auxiliary or subject is its predicate, not a description of the noun before it.
    """
    if token.dep_ != "acl" or token.tag_ not in ("VBD", "VBN"):
        return False
    if any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in token.children):
        return False
    root = token
    for _ in range(_MAX_ROOT_STEPS):
        if root.head.i == root.i:
            return root.pos_ not in ("VERB", "AUX")
        root = root.head
    return False


_MAX_ROOT_STEPS = 40


def clause_modality(token: Token) -> str:
    """Modality of the clause headed by ``token`` from the dependency parse alone."""
    cues = load_modality_cues()
    found = _own_cues(token, cues)
    current = token
    for _ in range(_MAX_DEPTH):
        head = current.head
        if head is current or not _is_complement_link(current, cues) or misparsed_predicate(current):
            break
        if current.dep_ != "conj":
            cue = _governor_cue(head, cues)
            if cue:
                found.add(cue)
        if any(c.dep_ == "prep" and _norm(c.text) in cues.source_preps for c in head.children):
            found.add(REPORTED)
        inherited = _own_cues(head, cues)
        if NEGATED in inherited and current.dep_ not in ("xcomp", "conj"):
            # "cannot prevent X from sending": the negation is the governor's, the complement is open.
            inherited = (inherited - {NEGATED}) | {HEDGED}
        found |= inherited
        current = head
    if any(c.dep_ == "prep" and _norm(c.text) in cues.source_preps for c in token.children):
        found.add(REPORTED)
    found |= _sentence_cues(token, cues)
    return next((m for m in _PRECEDENCE if m in found), ASSERTED)


def presupposed(token: Token, cues: ModalityCues) -> bool:
    """A definite event noun outside the subject: "since the invasion", "Russia's retreat from Kherson".

    The text takes such an act as given; the clause around it ("appears to hold back tears as
    Zelenskyy speaks on the Russian invasion") says nothing about whether it happened.
    """
    if token.pos_ not in ("NOUN", "PROPN") or token.dep_ in ("nsubj", "nsubjpass", "ROOT"):
        return False
    return any(
        c.dep_ == "poss" or (c.dep_ == "det" and _norm(c.text) in cues.presupposing_determiners)
        for c in token.children
    )


def modality(token: Token, document: Document | None = None) -> str:
    """asserted | reported | hedged | negated | predicted for the clause headed by ``token``."""
    cues = load_modality_cues()
    if presupposed(token, cues):
        own = _own_cues(token, cues)
        found = next((m for m in _PRECEDENCE if m in own), ASSERTED)
    else:
        found = clause_modality(token)
    if found in (HEDGED, NEGATED, PREDICTED):
        return found
    if document is not None and document.statement_at(token.idx) is not None:
        return REPORTED
    return found
