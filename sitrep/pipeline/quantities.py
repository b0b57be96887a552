"""Stage `quantities`: counts and amounts with their bounds, attached to the noun they count.

spaCy's CARDINAL/QUANTITY/MONEY entities miss or mislabel exactly the numbers war reporting turns on
("1940 wagons" comes out as a DATE, "36–44" as nothing), so the stage reads numbers token by token:
a number phrase (digits, number words, vague plurals, idioms), the qualifier in front of it
("at least", "between ... and"), then the counted noun after it, preferring the parse (nummod -> head)
and falling back to the contiguous noun run. spaCy's DATE/TIME/ORDINAL labels, the `times` stage and
the lexicon in ``knowledge/data/quantities.yaml`` keep years, dates, durations, ordinals, calibres and
model designators (T-72, S-300, FR4978) out. One left-to-right pass: linear in the document.

Decisions worth knowing (the lexicon documents each): an exact count fills ``value`` only; "at least"
and "more than" fill ``min``, "up to"/"at most"/"less than" fill ``max``, "nearly" fills ``value`` and
``max``; vague plurals ("thousands of") fill ``min`` with one unit of the word and leave ``max`` open;
"a ton of" and "a thousand times" are idioms for "many", kept as vague quantities with no bounds.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from ..knowledge import load_data
from ..model import Document, Quantity
from . import Resources, Stage, stage

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DIGITS_SUFFIX = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([a-z]+)$")
_DIGIT_RANGE = re.compile(
    r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)[-–—]((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)$"
)
_YEAR = re.compile(r"^\d{4}$")
_DESIGNATOR = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)+$")
_DASHES = ("-", "–", "—")
_NOUNISH = ("NOUN", "PROPN")
_COUNTABLE_TYPES = ("EQUIPMENT", "UNIT")  # item = what is counted; a GPE or NORP in the phrase is not it
_DETERMINERS = ("the", "its", "their", "his", "her", "our", "these", "those", "them", "whom", "which")


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``quantities.yaml``, lower-cased, phrases split into tokens."""

    units: dict[str, float]
    tens: dict[str, float]
    scales: dict[str, float]
    digit_suffixes: dict[str, float]
    qualifiers: dict[tuple[str, ...], tuple[str, str]]
    vague_plurals: dict[str, float]
    vague_multipliers: dict[tuple[str, ...], float]
    vague_idioms: tuple[tuple[str, ...], ...]
    time_units: frozenset[str]
    designator_units: frozenset[str]
    percent_words: tuple[tuple[str, ...], ...]
    currency_symbols: dict[str, str]
    currency_words: dict[tuple[str, ...], str]
    one_idioms: frozenset[str]
    identifier_words: frozenset[str]

    @functools.cached_property
    def starters(self) -> frozenset[str]:
        """Words a number phrase can begin with: every other token is skipped at the cost of a set lookup."""
        first = {seq[0] for seq in (*self.vague_idioms, *self.vague_multipliers)}
        return frozenset(
            {*self.units, *self.tens, *self.scales, *self.vague_plurals, *first, "a", "an", "half"}
        )


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    raw: dict[str, Any] = load_data("quantities.yaml")

    def words(phrase: str) -> tuple[str, ...]:
        return tuple(str(phrase).lower().split())

    return Lexicon(
        units={k: float(v) for k, v in raw["units"].items()},
        tens={k: float(v) for k, v in raw["tens"].items()},
        scales={k: float(v) for k, v in raw["scales"].items()},
        digit_suffixes={k: float(v) for k, v in raw["digit_suffixes"].items()},
        qualifiers={words(k): (v["qualifier"], v["bound"]) for k, v in raw["qualifiers"].items()},
        vague_plurals={k: float(v) for k, v in raw["vague_plurals"].items()},
        vague_multipliers={words(k): float(v) for k, v in raw["vague_multipliers"].items()},
        vague_idioms=tuple(tuple(w.lower() for w in seq) for seq in raw["vague_idioms"]),
        time_units=frozenset(str(w).lower() for w in raw["time_units"]),
        designator_units=frozenset(str(w).lower() for w in raw["designator_units"]),
        percent_words=tuple(words(p) for p in raw["percent_words"]),
        currency_symbols={str(k): str(v) for k, v in raw["currency_symbols"].items()},
        currency_words={words(k): str(v) for k, v in raw["currency_words"].items()},
        one_idioms=frozenset(str(w).lower() for w in raw["one_idioms"]),
        identifier_words=frozenset(str(w).lower() for w in raw["identifier_words"]),
    )


@dataclass
class _Core:
    """A bare number read at a token: its value, where it ends, and how it was written."""

    end: int
    value: float
    spelled: bool  # number words only, no digits
    scaled: bool  # carried a scale word ("million") or suffix ("bn")
    yearlike: bool  # four bare digits between 1000 and 2100


@dataclass
class _Phrase:
    """A number phrase before its counted noun: bounds, qualifier and token extent."""

    start: int
    end: int
    core_start: int
    value: float | None = None
    min: float | None = None
    max: float | None = None
    qualifier: str | None = None
    unit: str | None = None  # set by the phrase itself: percent, a currency code
    spelled: bool = False
    yearlike: bool = False
    of: bool = False  # vague plurals and idioms count the noun after "of"
    noun_at_end: bool = False  # idioms whose last token is the counted noun ("a thousand times")


@stage("quantities")
def make_quantities(resources: Resources) -> Stage:
    lexicon = load_lexicon()

    def run(document: Document) -> Document:
        if document.spacy_doc is not None:
            document.quantities = extract_quantities(document, lexicon)
        return document

    return run


def extract_quantities(document: Document, lexicon: Lexicon) -> list[Quantity]:
    """Every quantity of the parsed document, left to right."""
    doc: Doc = document.spacy_doc
    spans = _Spans(document)
    found: list[Quantity] = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        if not tok.text[0].isdigit() and tok.lower_ not in lexicon.starters:
            i += 1
            continue
        phrase = _read_phrase(doc, i, lexicon)
        if phrase is None:
            i += 1
            continue
        head, np_start = _counted_noun(doc, phrase, lexicon)
        if _accept(doc, spans, phrase, head, lexicon):
            found.append(_quantity(document, doc, spans, phrase, head, np_start))
            i = max(phrase.end, head.i + 1 if head is not None else 0)
        else:
            i = phrase.end
    return found


class _Spans:
    """Time spans and countable entity mentions sorted once, so each lookup is a bisection, not a scan."""

    _LONGEST_MENTION = 200  # characters; no equipment or unit name is longer

    def __init__(self, document: Document) -> None:
        times = sorted((t.span_start, t.span_end) for t in document.times)
        self.time_starts = [t[0] for t in times]
        self.time_reach: list[int] = []  # furthest end among the times starting at or before each one
        for _, end in times:
            self.time_reach.append(max(end, self.time_reach[-1] if self.time_reach else end))
        self.mentions = sorted(
            (m.start, m.end, e.id)
            for e in document.entities
            if e.type in _COUNTABLE_TYPES
            for m in e.mentions
        )
        self.mention_starts = [m[0] for m in self.mentions]

    def time_reach_before(self, end: int) -> int:
        """The furthest end of the time expressions starting before ``end`` (-1 when none)."""
        k = bisect.bisect_left(self.time_starts, end)
        return self.time_reach[k - 1] if k else -1

    def countable_at(self, start: int, end: int) -> str | None:
        """The equipment or unit entity with the widest mention overlapping ``[start, end)``."""
        best, best_overlap = None, 0
        k = bisect.bisect_left(self.mention_starts, end) - 1
        while k >= 0 and self.mentions[k][0] > start - self._LONGEST_MENTION:
            m_start, m_end, entity_id = self.mentions[k]
            overlap = min(end, m_end) - max(start, m_start)
            if overlap > best_overlap:
                best, best_overlap = entity_id, overlap
            k -= 1
        return best


# -- reading the number phrase -------------------------------------------------------------------


def _read_phrase(doc: Doc, i: int, lex: Lexicon) -> _Phrase | None:
    phrase = _read_idiom(doc, i, lex) or _read_vague(doc, i, lex)
    if phrase is None:
        phrase = _read_range_or_number(doc, i, lex)
    if phrase is None:
        return None
    _read_unit_words(doc, phrase, lex)
    return phrase


def _read_idiom(doc: Doc, i: int, lex: Lexicon) -> _Phrase | None:
    for seq in lex.vague_idioms:
        if _matches(doc, i, seq):
            if i > 0 and _core(doc, i - 1, lex) is not None:
                return None  # "5 tons of ammunition" is a measurement, not the idiom
            of = seq[-1] == "of"
            end = i + len(seq) - 1
            return _Phrase(start=i, end=end, core_start=i, qualifier="vague", of=of, noun_at_end=not of)
    return None


def _read_vague(doc: Doc, i: int, lex: Lexicon) -> _Phrase | None:
    low = doc[i].lower_
    if low in lex.vague_plurals and doc[i].pos_ != "VERB":  # "she scores", not "scores of"
        bound, j = lex.vague_plurals[low], i + 1
        # Chains multiply: "tens of thousands", "hundreds of millions".
        while j + 1 < len(doc) and doc[j].lower_ == "of" and doc[j + 1].lower_ in lex.vague_plurals:
            bound *= lex.vague_plurals[doc[j + 1].lower_]
            j += 2
        return _Phrase(start=i, end=j, core_start=i, min=bound, qualifier="vague", of=True)
    for seq, factor in lex.vague_multipliers.items():
        j = i + len(seq)
        if _matches(doc, i, seq) and j < len(doc) and doc[j].lower_ in lex.scales:
            bound = factor
            while j < len(doc) and doc[j].lower_ in lex.scales:
                bound *= lex.scales[doc[j].lower_]
                j += 1
            phrase = _Phrase(start=i, end=j, core_start=i, min=bound, qualifier="vague", spelled=True)
            phrase.of = j < len(doc) and doc[j].lower_ == "of"
            return phrase
    return None


def _read_range_or_number(doc: Doc, i: int, lex: Lexicon) -> _Phrase | None:
    single = _DIGIT_RANGE.match(doc[i].text)
    if single:
        lo, hi = _to_float(single.group(1)), _to_float(single.group(2))
        phrase = _Phrase(start=i, end=i + 1, core_start=i, min=lo, max=hi, qualifier="range")
        phrase.yearlike = all(_YEAR.match(g) and 1000 <= _to_float(g) <= 2100 for g in single.groups())
        _read_prefix(doc, phrase, lex)
        return phrase
    core = _core(doc, i, lex)
    if core is None:
        return None
    phrase = _Phrase(
        start=i, end=core.end, core_start=i, value=core.value, spelled=core.spelled, yearlike=core.yearlike
    )
    second = _range_end(doc, i, core, lex)
    if second is not None:
        lo = core.value
        if second.scaled and not core.scaled:
            lo *= _scale_of(doc, second, lex)  # "2 to 3 million"
        if second.value > lo:
            phrase.value, phrase.min, phrase.max, phrase.qualifier = None, lo, second.value, "range"
            phrase.end, phrase.spelled = second.end, core.spelled and second.spelled
            phrase.yearlike = core.yearlike and second.yearlike
    _read_prefix(doc, phrase, lex)
    return phrase


def _core(doc: Doc, i: int, lex: Lexicon) -> _Core | None:
    """A bare number at token ``i``: digits ("65,089", "1.5 million", "2bn") or words ("twenty-six")."""
    text = doc[i].text
    if _DIGITS.match(text):
        value, j = _to_float(text), i + 1
        scaled = False
        while j < len(doc) and doc[j].lower_ in lex.scales:
            value, j, scaled = value * lex.scales[doc[j].lower_], j + 1, True
        yearlike = not scaled and bool(_YEAR.match(text)) and 1000 <= value <= 2100
        return _Core(j, value, spelled=False, scaled=scaled, yearlike=yearlike)
    suffixed = _DIGITS_SUFFIX.match(text.lower())
    if suffixed and suffixed.group(2) in lex.digit_suffixes:
        value = _to_float(suffixed.group(1)) * lex.digit_suffixes[suffixed.group(2)]
        return _Core(i + 1, value, spelled=False, scaled=True, yearlike=False)
    return _words(doc, i, lex)


def _words(doc: Doc, i: int, lex: Lexicon) -> _Core | None:
    """Spelled-out numbers: "five", "twenty-six", "three hundred and fifty", "a dozen", "half a million"."""
    j, factor = i, 1.0
    if doc[j].lower_ == "half" and j + 2 < len(doc) and doc[j + 1].lower_ in ("a", "an"):
        j, factor = j + 1, 0.5
    if doc[j].lower_ in ("a", "an"):
        if j + 1 >= len(doc) or doc[j + 1].lower_ not in lex.scales:
            return None
        j += 1
    elif factor != 1.0:
        return None
    total, current, seen, scaled = 0.0, 0.0, False, False
    while j < len(doc):
        low = doc[j].lower_
        if low in lex.units or low in lex.tens:
            current += lex.units.get(low, 0.0) + lex.tens.get(low, 0.0)
        elif low in lex.scales:
            scale, scaled = lex.scales[low], True
            if scale < 1000:
                current = (current or 1.0) * scale
            else:
                total, current = total + (current or 1.0) * scale, 0.0
        elif low in _DASHES and seen and _glued(doc, j) and doc[j + 1].lower_ in lex.units:
            pass  # "twenty-six"
        elif (
            low == "and"
            and seen
            and scaled
            and j + 1 < len(doc)
            and (doc[j + 1].lower_ in lex.units or doc[j + 1].lower_ in lex.tens)
        ):
            pass  # "three hundred and fifty"
        else:
            break
        seen, j = True, j + 1
    if not seen:
        return None
    return _Core(j, (total + current) * factor, spelled=True, scaled=scaled, yearlike=False)


def _range_end(doc: Doc, i: int, first: _Core, lex: Lexicon) -> _Core | None:
    """The upper end of "36-44", "36 to 44", "two or three", "between 36 and 44"."""
    j = first.end
    if j + 1 >= len(doc):
        return None
    link = doc[j].lower_
    if link == "and" and _prev_word(doc, i) != "between":
        return None
    if link not in ("and", "to", "or", *_DASHES):
        return None
    return _core(doc, j + 1, lex)


def _read_prefix(doc: Doc, phrase: _Phrase, lex: Lexicon) -> None:
    """Extend the phrase leftwards over a currency symbol, "between"/"from", then a qualifier."""
    s = phrase.start
    if s > 0 and doc[s - 1].text in lex.currency_symbols:
        phrase.unit, s = lex.currency_symbols[doc[s - 1].text], s - 1
    if phrase.qualifier == "range" and s > 0 and doc[s - 1].lower_ in ("between", "from"):
        s -= 1
    elif phrase.qualifier is None:
        for n in (3, 2, 1):
            words = tuple(t.lower_ for t in doc[max(0, s - n) : s])
            if len(words) == n and words in lex.qualifiers:
                # "over"/"under"/"above" as prepositions of place are no qualifiers ("flew over 20 km" is).
                if n == 1 and words[0] in ("over", "under", "above", "below") and doc[s - 1].dep_ == "prep":
                    break
                name, bound = lex.qualifiers[words]
                _apply_bound(phrase, name, bound)
                s -= n
                break
    phrase.start = s


def _apply_bound(phrase: _Phrase, name: str, bound: str) -> None:
    n = phrase.value
    phrase.qualifier = name
    if bound == "min":
        phrase.value, phrase.min = None, n
    elif bound == "max":
        phrase.value, phrase.max = None, n
    elif bound == "nearly":
        phrase.max = n


def _read_unit_words(doc: Doc, phrase: _Phrase, lex: Lexicon) -> None:
    """Percent and currency words right after the number: "15 percent", "300 rubles"."""
    j = phrase.end
    for seq in lex.percent_words:
        if _matches(doc, j, seq):
            phrase.unit, phrase.end = "percent", j + len(seq)
            return
    for seq, code in lex.currency_words.items():
        if _matches(doc, j, seq):
            phrase.unit, phrase.end = code, j + len(seq)
            return


# -- the counted noun --------------------------------------------------------------------------


def _counted_noun(doc: Doc, phrase: _Phrase, lex: Lexicon) -> tuple[Token | None, int]:
    """The head noun the phrase counts and the token where its noun phrase starts."""
    if phrase.noun_at_end:
        return doc[phrase.end], phrase.end
    if phrase.unit is not None:
        return None, phrase.end  # "15%", "$1.5 billion": the unit is named already
    j = phrase.end
    if phrase.of:
        if j >= len(doc) or doc[j].lower_ != "of":
            return None, j
        j += 1
        if j < len(doc) and doc[j].lower_ in _DETERMINERS:
            j += 1
    elif j < len(doc) and doc[j].lower_ == "of":
        return None, j  # "one of them", "five of the ten"
    run = _noun_run(doc, j)
    nouns = [t for t in run if t.pos_ in _NOUNISH or _DESIGNATOR.match(t.text)]
    if not nouns:
        return None, j
    parsed = doc[phrase.end - 1].head  # nummod -> the counted noun, when the parse has it right
    head = parsed if parsed in nouns else _first_noun_group_end(run, nouns)
    return head, j


def _noun_run(doc: Doc, j: int) -> list[Token]:
    """Contiguous adjectives, nouns, designators and hyphen compounds from ``j``, within one sentence."""
    run: list[Token] = []
    k = j
    while k < len(doc) and len(run) < 8:
        tok = doc[k]
        if run and tok.is_sent_start:
            break
        if tok.pos_ in ("ADJ", *_NOUNISH) or _DESIGNATOR.match(tok.text):
            run.append(tok)
        elif tok.text in _DASHES and run and _glued(doc, k):
            run.extend((tok, doc[k + 1]))
            k += 1
        elif tok.tag_ in ("VBN", "VBG") and k + 1 < len(doc) and doc[k + 1].pos_ in ("ADJ", *_NOUNISH):
            run.append(tok)
        else:
            break
        k += 1
    return run


def _first_noun_group_end(run: list[Token], nouns: list[Token]) -> Token:
    """The last noun of the first group of adjacent nouns: "Ural trucks" -> trucks."""
    head = nouns[0]
    for tok in run[run.index(head) + 1 :]:
        if tok not in nouns and tok.text not in _DASHES:
            break
        if tok in nouns:
            head = tok
    return head


# -- what is not a quantity --------------------------------------------------------------------


def _accept(doc: Doc, spans: _Spans, phrase: _Phrase, head: Token | None, lex: Lexicon) -> bool:
    """False for dates, durations, times, ordinals, designators, calibres and identifiers."""
    core = doc[phrase.core_start]
    last = doc[phrase.end - 1]
    if _designator_context(doc, phrase, lex):
        return False
    if head is not None and head.lower_ in lex.time_units:
        return False  # "two to three months", "3 November": the times stage owns these
    if phrase.end < len(doc) and doc[phrase.end].lower_ in lex.time_units:
        return False  # "5 pm", "10 a.m."
    plural_head = head is not None and head.tag_ in ("NNS", "NNPS") and head.ent_type_ not in ("DATE", "TIME")
    if any(t.ent_type_ in ("DATE", "TIME") for t in doc[phrase.core_start : phrase.end]) and not plural_head:
        return False  # spaCy's DATE is right about "November 3", wrong about "1940 wagons"
    if any(t.ent_type_ == "ORDINAL" for t in (core, last)):
        return False
    if phrase.yearlike and not plural_head:
        return False  # "in 2020", "the 2022 invasion"
    if not _clear_of_times(doc, spans, phrase, head):
        return False
    if head is None and phrase.unit is None:
        if phrase.spelled or phrase.qualifier == "vague" and phrase.min is None:
            return False  # "one of them", "no one": a spelled number needs something it counts
        if phrase.start > 0 and doc[phrase.start - 1].pos_ in _NOUNISH:
            return False  # "Flight 17", "Article 5"
    # "at one point", "one another": figures of speech, not counts.
    return not (phrase.value == 1 and phrase.spelled and head is not None and head.lower_ in lex.one_idioms)


def _designator_context(doc: Doc, phrase: _Phrase, lex: Lexicon) -> bool:
    """Numbers that name rather than count: "F-16" split by the tokenizer, "155 mm", "72-year-old"."""
    s, e = phrase.core_start, phrase.end
    if s > 0 and not doc[s - 1].whitespace_ and (doc[s - 1].is_alpha or doc[s - 1].text in _DASHES):
        return True  # glued to a letter or a dash before it: part of a name or a code
    if s > 0 and doc[s - 1].lower_ in lex.identifier_words:
        return True
    if s > 1 and (doc[s - 2].lower_ + doc[s - 1].lower_) in lex.identifier_words:
        return True  # "No." split into "No" "."
    if e < len(doc) and doc[e].lower_ in lex.designator_units:
        return True
    # "72-year-old", "1,000-strong": an attribute, not a count.
    return e < len(doc) and doc[e].text in _DASHES and _glued(doc, e) and doc[e + 1].is_alpha


def _clear_of_times(doc: Doc, spans: _Spans, phrase: _Phrase, head: Token | None) -> bool:
    """A number inside a time expression of the `times` stage counts only a noun outside it."""
    start, end = doc[phrase.start].idx, doc[phrase.end - 1].idx + len(doc[phrase.end - 1])
    reach = spans.time_reach_before(end)
    return reach <= (head.idx if head is not None else start)


# -- building the Quantity ---------------------------------------------------------------------


def _quantity(
    document: Document, doc: Doc, spans: _Spans, phrase: _Phrase, head: Token | None, np_start: int
) -> Quantity:
    start = doc[phrase.start].idx
    last = head if head is not None else doc[phrase.end - 1]
    end = last.idx + len(last)
    unit, item = phrase.unit, None
    if head is not None:
        # Common nouns lower-cased ("Tanks" = "tanks"); names and designators as written ("Su-25s").
        designator = bool(_DESIGNATOR.match(head.text))
        unit = head.lower_ if head.pos_ == "NOUN" and not designator else head.text
        item = spans.countable_at(doc[np_start].idx, end)
    return Quantity(
        text=document.text[start:end],
        start=start,
        end=end,
        value=phrase.value,
        min=phrase.min,
        max=phrase.max,
        qualifier=phrase.qualifier,
        unit=unit,
        item=item,
    )


# -- small helpers -----------------------------------------------------------------------------


def _matches(doc: Doc, i: int, seq: tuple[str, ...]) -> bool:
    return i + len(seq) <= len(doc) and all(doc[i + k].lower_ == w for k, w in enumerate(seq))


def _glued(doc: Doc, k: int) -> bool:
    """Token ``k`` touches both neighbours without whitespace ("twenty-six", "Tor-M2")."""
    return 0 < k < len(doc) - 1 and not doc[k - 1].whitespace_ and not doc[k].whitespace_


def _prev_word(doc: Doc, i: int) -> str:
    return doc[i - 1].lower_ if i > 0 else ""


def _scale_of(doc: Doc, core: _Core, lex: Lexicon) -> float:
    return lex.scales.get(doc[core.end - 1].lower_, 1.0)


def _to_float(text: str) -> float:
    return float(text.replace(",", ""))
