"""Modality of a Russian or Ukrainian clause: asserted, reported, hedged, negated or predicted.

Cues are their own words (``event_modality_{ru,uk}.yaml``): "не" before the predicate negates it;
"может", "вероятно", "можливо", "нібито" hedge it; the future tense ("вступит", "перекине", "будет
наступать") or a governing "планирует", "має намір" predicts it; "если", "якщо", "бы" make it
hypothetical (hedged); "опроверг, что ...", "заперечив, що ..." negate what they govern. A clause inside
a statement's content is reported unless a stronger cue says otherwise.
"""

from __future__ import annotations

from ...model import Document
from .lexicon import SlavicLexicon
from .parse import Parsed, Word

ASSERTED, REPORTED, HEDGED, NEGATED, PREDICTED = "asserted", "reported", "hedged", "negated", "predicted"
_BOUNDARY = {"что", "що", "чтобы", "щоб", ";", ":", "."}


def modality(
    trigger: Word, result: Parsed, lexicon: SlavicLexicon, document: Document, clause: list[Word]
) -> str:
    """The modality of the clause headed by ``trigger``; the strongest cue wins (negated > hedged > predicted)."""
    before = _before(trigger, clause)
    lemmas = {w.lemma for w in before} | {w.lower for w in before} | _parenthetical(trigger, result)
    cues = lexicon.cues
    if _negated(trigger, result, cues) or _governed(trigger, result, cues["negated"]):
        return NEGATED
    statement = document.statement_at(trigger.start)
    if statement is not None and statement.modality == NEGATED:
        return NEGATED
    if (
        lemmas & cues["hedged"]
        or lemmas & cues["conditional"]
        or _conditional(trigger, result, cues)
        or _governed(trigger, result, cues["hedged"])
    ):
        return HEDGED
    if statement is not None and statement.modality == HEDGED:
        return HEDGED
    if (
        _future(trigger, before, cues)
        or lemmas & cues["predicted"]
        or _governed(trigger, result, cues["predicted"])
    ):
        return PREDICTED
    if statement is not None or _reported(trigger, result, cues):
        return REPORTED
    return ASSERTED


def _parenthetical(trigger: Word, result: Parsed) -> set[str]:
    """Sentence adverbs before the predicate with no other verb between ("Вероятно, Белоруссия передала")."""
    found: set[str] = set()
    for w in reversed([w for w in result.sentence_of(trigger) if w.i < trigger.i]):
        if w.pos in ("VERB", "AUX") or w.lower in _BOUNDARY:
            break
        if w.pos in ("ADV", "PART", "ADJ"):
            found |= {w.lemma, w.lower}
    return found


def _before(trigger: Word, clause: list[Word]) -> list[Word]:
    """The clause's words up to the trigger, from the nearest clause boundary on."""
    out: list[Word] = []
    for w in clause:
        if w.i >= trigger.i:
            break
        if w.lower in _BOUNDARY:
            out = []
            continue
        out.append(w)
    return out


def _negated(trigger: Word, result: Parsed, cues: dict[str, frozenset[str]]) -> bool:
    """ "не" right before the predicate or before the modal or auxiliary that governs it."""
    k = trigger.i - 1
    while k >= 0 and result.words[k].sent == trigger.sent:
        word = result.words[k]
        if word.lower in cues["negation"]:
            return True
        if word.pos in ("VERB", "AUX") and (
            word.lemma in cues["hedged"]
            or word.lemma in cues["future_aux"]
            or word.lemma in cues["predicted"]
            or word.lemma in cues.get("ability", frozenset())
        ):
            k -= 1
            continue
        if word.pos in ("ADV", "PART") and word.lower not in cues["negation"]:
            k -= 1
            continue
        return False
    return False


def _future(trigger: Word, before: list[Word], cues: dict[str, frozenset[str]]) -> bool:
    if trigger.feats.get("Tense") == "Fut":
        return True
    return trigger.feats.get("VerbForm") == "Inf" and any(
        w.lemma in cues["future_aux"] and w.feats.get("Tense") == "Fut" for w in before[-3:]
    )


def _governed(trigger: Word, result: Parsed, words: frozenset[str]) -> bool:
    """A governing predicate ("отказалась передать", "опроверг, что ... вступит") up the tree or before it.

    Russian reads natasha's heads; Ukrainian the nearest verb before an infinitive or before "що".
    """
    if result.has_syntax:
        node, depth = trigger, 0
        while node.head >= 0 and depth < 4:
            if node.dep not in ("xcomp", "ccomp", "csubj", "conj", "advcl") and depth > 0:
                break
            node = result.words[node.head]
            depth += 1
            if node.lemma in words:
                return True
        return False
    sentence = result.sentence_of(trigger)
    for w in reversed([w for w in sentence if w.i < trigger.i]):
        if w.pos in ("VERB", "AUX", "ADJ") and w.lemma in words:
            return trigger.feats.get("VerbForm") == "Inf" or any(
                x.lower in ("що", "что") for x in sentence if w.i < x.i < trigger.i
            )
        if w.pos in ("VERB",) and w.feats.get("VerbForm") == "Fin" and w.lemma not in words:
            return False
    return False


def _conditional(trigger: Word, result: Parsed, cues: dict[str, frozenset[str]]) -> bool:
    """The predicate sits in an "если"/"якщо" clause, or under "бы"."""
    sentence = result.sentence_of(trigger)
    for w in reversed([w for w in sentence if w.i < trigger.i]):
        if w.lower in cues["conditional"]:
            return True
        if w.text in (".", ";") or (
            w.pos in ("VERB",) and w.feats.get("VerbForm") == "Fin" and w.i != trigger.i
        ):
            return False
    return False


def _reported(trigger: Word, result: Parsed, cues: dict[str, frozenset[str]]) -> bool:
    sentence = " ".join(w.lower for w in result.sentence_of(trigger))
    return any(phrase in sentence for phrase in cues["reported"])
