"""Clauses and their noun phrases, read from case and prepositions: what events and statements take roles from.

A clause is the words a predicate governs. Russian has natasha's tree: the predicate's subtree without
the clauses hanging off it, plus the subject it shares with the verb it is coordinated with or
complements. Ukrainian has no tree: the sentence is cut at punctuation and at subordinators, and a
piece without a finite verb ("У вівторок, 1 листопада,") joins the clause of its nearest verb.

An :class:`Argument` is a noun phrase of the clause: its head, the preposition before it, its cases,
the entity it names and the lexicon classes of its head ("войска" is troops). The cases of a
Ukrainian word are every case any of its readings allows; word order settles what case cannot.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import SlavicLexicon
from .parse import Parsed, Word

_CLAUSE_DEPS = {"ccomp", "advcl", "parataxis", "acl:relcl", "csubj", "acl"}
_CUT_PUNCT = {";", ":", "—", "–", "(", ")", "«", "»", '"', "“", "”"}
_NOMINAL = {"NOUN", "PROPN", "PRON"}
_MODIFIER = {"ADJ", "DET", "NUM"}


@dataclass
class Argument:
    first: int  # word index of the phrase's first word
    end: int  # past its last word
    head: Word
    prep: str | None
    cases: frozenset[str]
    entity: str | None  # entity id of the head (or of the whole phrase)
    norp: str | None  # entity id of a nationality adjective in the phrase ("российские войска")
    classes: frozenset[str]
    text: str

    @property
    def key_cases(self) -> list[str]:
        return [c for c in ("Acc", "Loc", "Gen", "Dat", "Ins", "Nom") if c in self.cases]


def is_finite(word: Word) -> bool:
    return word.pos in ("VERB", "AUX") and word.feats.get("VerbForm") in (None, "Fin")


def clause(result: Parsed, trigger: Word) -> list[Word]:
    """The words of ``trigger``'s clause, in text order."""
    if result.has_syntax:
        return _tree_clause(result, trigger)
    return _chunk_clause(result, trigger)


def _tree_clause(result: Parsed, trigger: Word) -> list[Word]:
    words = result.sentence_of(trigger)
    children: dict[int, list[Word]] = {}
    for w in words:
        children.setdefault(w.head, []).append(w)
    keep: list[Word] = []
    stack = [trigger]
    while stack:
        node = stack.pop()
        keep.append(node)
        for child in children.get(node.i, ()):
            if child.dep in _CLAUSE_DEPS or (child.dep == "conj" and child.pos in ("VERB", "AUX")):
                continue
            stack.append(child)
    if not any(w.dep.startswith("nsubj") for w in keep if w.head == trigger.i) and trigger.head >= 0:
        governor = result.words[trigger.head]
        if trigger.dep in ("conj", "xcomp") or governor.pos in ("VERB", "AUX"):
            for child in children.get(governor.i, ()):
                if child.dep.startswith("nsubj"):
                    keep += _subtree(child, children)
    return sorted({w.i: w for w in keep}.values(), key=lambda w: w.i)


def _subtree(word: Word, children: dict[int, list[Word]]) -> list[Word]:
    out, stack = [], [word]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(children.get(node.i, ()))
    return out


def _chunk_clause(result: Parsed, trigger: Word) -> list[Word]:
    """Pieces between commas and subordinators; verbless pieces join the nearest piece with a verb."""
    words = result.sentence_of(trigger)
    pieces: list[list[Word]] = [[]]
    for w in words:
        if w.text in _CUT_PUNCT or w.text == ",":
            pieces.append([])
            continue
        if w.pos == "SCONJ" or (w.pos in ("CCONJ",) and pieces[-1] and _has_verb(pieces[-1])):
            pieces.append([])
        pieces[-1].append(w)
    pieces = [p for p in pieces if p]
    index = next(n for n, p in enumerate(pieces) if trigger in p)
    out = list(pieces[index])
    for step in (-1, 1):
        n = index + step
        while 0 <= n < len(pieces) and not _has_verb(pieces[n]):
            nearer = _nearest_verb_piece(pieces, n)
            if nearer != index:
                break
            out += pieces[n]
            n += step
    return sorted(out, key=lambda w: w.i)


def _has_verb(piece: list[Word]) -> bool:
    return any(w.pos in ("VERB", "AUX") and w.feats.get("VerbForm") in ("Fin", "Inf") for w in piece)


def _nearest_verb_piece(pieces: list[list[Word]], n: int) -> int:
    """Leading verbless pieces belong to the clause after them; trailing ones to the clause before."""
    for m in range(n + 1, len(pieces)):
        if _has_verb(pieces[m]):
            return m
    for m in range(n - 1, -1, -1):
        if _has_verb(pieces[m]):
            return m
    return n


def arguments(result: Parsed, words: list[Word], lexicon: SlavicLexicon, skip: set[int]) -> list[Argument]:
    """The noun phrases of a clause: each noun or named entity, with the modifiers before it."""
    out: list[Argument] = []
    entity_of = result.entity_ids
    i = 0
    while i < len(words):
        w = words[i]
        if w.i in skip or not (_nounish(w, lexicon) or w.i in entity_of or w.pos in _MODIFIER):
            i += 1
            continue
        j = i
        while (
            j < len(words)
            and words[j].pos in _MODIFIER
            and words[j].i not in skip
            and _plain_modifier(words[j], entity_of)
        ):
            j += 1
        if j >= len(words) or not (_nounish(words[j], lexicon) or words[j].i in entity_of):
            last = words[j - 1] if j > i else None
            if last is not None and last.pos == "ADJ" and lexicon.classes_of(last.lemmas):
                j -= 1  # an adjective standing for a noun: "українські військові", "мирные"
            else:
                i = max(j, i + 1)
                continue
        end = j + 1
        entity = entity_of.get(words[j].i)
        while (
            entity
            and end < len(words)
            and entity_of.get(words[end].i) == entity
            and words[end].i == words[end - 1].i + 1
        ):
            end += 1
        out.append(_argument(result, words, i, j, end, lexicon))
        i = end
    return out


def _nounish(word: Word, lexicon: SlavicLexicon) -> bool:
    """A noun, or a participle standing for one: "20 протестующих" (protesters), "задержанные"."""
    return word.pos in _NOMINAL or (substantive_participle(word) and bool(lexicon.classes_of(word.lemmas)))


def substantive_participle(word: Word) -> bool:
    """A full (not short) participle with a case: a description or a noun, never the clause's verb."""
    return (
        word.pos in ("VERB", "AUX")
        and word.feats.get("VerbForm") == "Part"
        and word.feats.get("Variant") != "Short"
        and bool(word.cases)
    )


def _plain_modifier(word: Word, entity_of: dict[int, str]) -> bool:
    entity = entity_of.get(word.i)
    return entity is None or entity.startswith("norp:")


def _argument(
    result: Parsed, words: list[Word], first: int, head_at: int, end: int, lexicon: SlavicLexicon
) -> Argument:
    head = words[end - 1] if result.entity_ids.get(words[head_at].i) else words[head_at]
    entity = result.entity_ids.get(words[head_at].i)
    norp = next(
        (
            result.entity_ids[w.i]
            for w in words[first:head_at]
            if result.entity_ids.get(w.i, "").startswith("norp:")
        ),
        None,
    )
    prep = _preposition(result, words[first])
    text = result.text_between(words[first], words[end - 1])
    cases = head.cases
    if words[head_at].cases and entity:
        cases = words[head_at].cases & head.cases or words[head_at].cases
    return Argument(
        first=words[first].i,
        end=words[end - 1].i + 1,
        head=head,
        prep=prep,
        cases=cases,
        entity=entity,
        norp=norp,
        classes=lexicon.classes_of((*words[head_at].lemmas, words[head_at].lower)),
        text=text,
    )


def _preposition(result: Parsed, first: Word) -> str | None:
    """The preposition right before a phrase (a quote mark may sit between)."""
    k = first.i - 1
    while k >= 0 and result.words[k].text in ("«", '"', "“"):
        k -= 1
    if k >= 0 and result.words[k].pos == "ADP" and result.words[k].sent == first.sent:
        return result.words[k].lower
    return None
