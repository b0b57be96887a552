"""What an expression is anchored on: tense of its clause, quoted speech, sentence, genre.

The spaCy parse is used only for tense, and only for expressions whose year depends on it.
Quotes and sentences are found with cheap regexes so the stage also runs without a parse.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from .lexicon import lexicon

_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n\s*\n|\n(?=[A-Z])")
_QUOTE = re.compile(r"“[^”]{1,3000}”|\"[^\"\n]{1,3000}\"")
_FUTURE_AUX = {"will", "shall", "'ll", "’ll", "wo"}
_MODALS = {"might", "may", "could", "would", "should", "can", "must", "ought"}
# Verbs whose object lies ahead even in the past tense ('were expected to join in April').
_HISTORY_YEARS = 6
_ARGUMENTS = {"dobj", "nsubj", "nsubjpass", "attr", "appos"}
_CUE_REACH = 10  # tokens back from 'in 40 years' to its superlative
_FUTURE_LEMMAS = {"expect", "plan", "schedule", "intend", "hope", "aim", "due", "set", "prepare", "propose"}


class Sentences:
    """Sentence boundaries of a text, for 'same sentence' questions."""

    def __init__(self, text: str, spacy_doc: Any = None) -> None:
        if spacy_doc is not None and spacy_doc.has_annotation("SENT_START"):
            self.starts = [s.start_char for s in spacy_doc.sents]
        else:
            self.starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]

    def index(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def start_of(self, offset: int) -> int:
        return self.starts[self.index(offset)]


class Quotes:
    """Spans of quoted speech: “…” pairs, or straight double quotes paired in order."""

    def __init__(self, text: str) -> None:
        self.spans = (
            [(m.start(), m.end()) for m in _QUOTE.finditer(text)] if ('"' in text or "“" in text) else []
        )
        self._starts = [s for s, _ in self.spans]

    def at(self, offset: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.spans[i][0] < offset < self.spans[i][1]:
            return self.spans[i]
        return None


def tense(spacy_doc: Any, start: int, end: int) -> str | None:
    """'past', 'future' or None (present or unknown) for the clause governing ``[start, end)``."""
    verb = governing_verb(spacy_doc, start, end)
    t = None if verb is None else verb_tense(verb[0])
    return t if t in ("past", "future") else None


def direction(spacy_doc: Any, start: int, end: int) -> str | None:
    """Which side of the reference a yearless date ('24 February', 'Friday') lies on: a policy name.

    'past' or 'future' when the verb that governs the date says so; 'nearest_even' when the verb
    plans in the past ('was scheduled for Friday': ahead of the planning, on either side of today);
    'nearest_past' when the date modifies a noun under a past verb ('the invasion on 24 February
    changed everything': the noun's own time, most often earlier); None when nothing tells.
    """
    verb = governing_verb(spacy_doc, start, end)
    if verb is None:
        return None
    tok, nominal = verb
    t = verb_tense(tok)
    if nominal == "possessive":
        return "nearest_past"  # 'Saturday's car bombing': a noun's own time, told because it happened
    if nominal:  # the verb's tense reaches a noun's date only loosely
        return {"past": "nearest_past", "future": "future"}.get(t or "")
    if t == "planned_past":
        return "nearest_even"
    if t == "present":
        return "nearest_even"
    return t


def governing_verb(spacy_doc: Any, start: int, end: int) -> tuple[Any, bool | str] | None:
    """The finite verb up the tree from ``[start, end)``, and whether the date is a noun's.

    A date is a noun's when the path passes through a noun, when it is the verb's argument ('set
    Nov. 10 as the deadline') rather than its adjunct, or ('possessive') when it owns a noun.
    """
    if spacy_doc is None:
        return None
    span = spacy_doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span.root
    nominal: bool | str = "possessive" if tok.dep_ == "poss" else tok.dep_ in _ARGUMENTS
    for _ in range(10):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "amod" and not _non_finite(tok):
            return tok, nominal
        if tok.head is tok:
            return None
        tok = tok.head
        nominal = nominal or (
            tok.pos_ in ("NOUN", "PROPN")
            and tok.ent_type_ not in ("DATE", "TIME")  # 'Monday and Tuesday': a date, not a noun's
            and not span.start <= tok.i < span.end
        )
    return None


def verb_tense(tok: Any) -> str | None:
    """'past', 'future', 'planned_past' ('was expected to', 'had been due to') or None for a verb."""
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in auxes}
    past = tok.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxes) or words & {"has", "have", "had"}
    planner = _planner(tok)
    if planner is not None:
        return "planned_past" if _is_past(planner) else "future"
    if words & _FUTURE_AUX or ("going" in words and any(c.lower_ == "to" for c in auxes)):
        return "future"
    if words & _MODALS and not words & {"have", "had"}:
        return "future"
    if _is_to_infinitive_future(tok):
        return "future"
    if past:
        return "past"
    if tok.tag_ == "VBN" and (words & {"was", "were"} or not auxes):
        return "past"  # 'the record set on Aug. 6', 'was shelled on Friday'
    if tok.tag_ == "MD":
        return "future"
    if tok.tag_ in ("VBZ", "VBP") and not auxes:
        return "present"
    return None


def _planner(tok: Any) -> Any:
    """The verb of planning that puts ``tok``'s time ahead: 'expected to sign', 'scheduled for Friday'."""
    if tok.dep_ == "xcomp" and tok.head.lemma_ in _FUTURE_LEMMAS:
        return tok.head
    if tok.lemma_ not in _FUTURE_LEMMAS:
        return None
    if tok.lemma_ in ("due", "schedule", "plan") or any(
        c.dep_ == "xcomp" or c.dep_ == "prep" and c.lower_ == "for" for c in tok.children
    ):
        return tok
    return None


def _is_past(tok: Any) -> bool:
    auxes = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    if auxes & _FUTURE_AUX or auxes & _MODALS:
        return False
    return (
        tok.tag_ == "VBD"
        or bool(auxes & {"was", "were", "had", "has", "have"})
        or (tok.tag_ == "VBN" and tok.dep_ == "acl")
    )


def _is_to_infinitive_future(tok: Any) -> bool:
    """'is to resume trading on Tuesday': be + to-infinitive names what lies ahead."""
    head = tok.head
    return (
        tok.dep_ == "xcomp"
        and head.lemma_ == "be"
        and head.tag_ in ("VBZ", "VBP")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    )


def _non_finite(tok: Any) -> bool:
    """A participle or infinitive without auxiliaries ('began withdrawing'): its tense is its head's."""
    if tok.tag_ not in ("VBG", "VB", "VBN") or tok.dep_ in ("ROOT",):
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        return False
    return (
        tok.dep_ in ("xcomp", "acl", "advcl", "relcl", "ccomp", "pcomp", "conj")
        and tok.tag_ != "VBN"
        or tok.dep_ == "xcomp"
    )


def is_narrative(years: list[int], anchor_year: int | None, deictic: int = 0) -> bool:
    """Whether bare dates follow the story (history) rather than the publication date (news).

    A text whose explicit years lie mostly well before its date tells a story: 'in April'
    then means April of the year last mentioned.
    """
    if anchor_year is None:
        return True
    if len(years) < _HISTORY_YEARS:  # a news story names a few years of background; a history, many
        return False
    old = sum(1 for y in years if y < anchor_year - 3) / len(years)
    # News also talks about its own week ('yesterday', 'on Friday'); a history hardly ever does.
    return old >= 0.6 and deictic <= max(2, len(years) // 10) or old >= 0.85 and len(years) >= 10


def span_of_past(spacy_doc: Any, text: str, start: int) -> bool:
    """Whether a superlative or 'first' before ``start`` makes 'in 40 years' the span up to now.

    'the highest inflation in 40 years', 'for the first time in eight years', 'the only visit in a
    decade': the words look back over the span, whatever the tense. Read from the tagger's JJS/RBS
    within the clause when there is a parse, else from the cue words of ``time_words.yaml``.
    """
    cues = lexicon()["span_of_past_cues"]
    if spacy_doc is None:
        clause = re.split(r"[,;:.!?]", text[max(0, start - 80) : start])[-1]
        return any(w in cues for w in re.findall(r"[a-z]+", clause.lower()))
    span = spacy_doc.char_span(start, start, alignment_mode="expand")
    i = span.start if span is not None else None
    if i is None:
        return False
    for tok in reversed(spacy_doc[max(0, i - _CUE_REACH) : i]):
        if tok.is_punct or tok.is_sent_end:
            return False
        if tok.tag_ in ("JJS", "RBS") or tok.lower_ in cues:
            return True
    return False
