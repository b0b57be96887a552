"""Stage ``slavic.quantities``: counts in digits or words, with bounds, attached to the noun they count.

"20 танков", "65 тисяч боєприпасів", "не менее 94 танков", "36–44 грузовика", "два-три батальона",
"тысячи военных". The counted noun is the first noun after the number (past its adjectives); its unit
is written in the nominative plural ("танки"), as English writes "tanks". Years, dates and clock
times are no counts.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ...model import Document, Quantity
from .. import Resources, Stage, stage
from .gazetteer import analyser
from .lexicon import SlavicLexicon, load_slavic_lexicon
from .parse import Parsed, Word, parsed

_DIGITS = re.compile(r"^\d+(?:[.,]\d+)?$")
_RANGE = re.compile(r"^(\d+)[-–—](\d+)$")
_MONTHS_OR_YEAR = ("months:", "year")


@stage("slavic.quantities")
def make_quantities(resources: Resources) -> Stage:
    def run(document: Document) -> Document:
        result = parsed(document)
        if result is not None:
            document.quantities = find_quantities(result, load_slavic_lexicon(result.language), document)
        return document

    return run


def find_quantities(result: Parsed, lexicon: SlavicLexicon, document: Document) -> list[Quantity]:
    out: list[Quantity] = []
    words = result.words
    times = [(t.span_start, t.span_end) for t in document.times]
    i = 0
    while i < len(words):
        read = _number_at(words, i, lexicon)
        if read is None:
            i += 1
            continue
        low, high, end, vague = read
        if any(a <= words[i].start < b for a, b in times):
            i = end
            continue
        unit_word = _counted(words, end, lexicon)
        if unit_word is None:
            i = end
            continue
        qualifier, first = _qualifier(words, i, lexicon)
        if vague:
            qualifier = "vague"
        elif high != low:
            qualifier = qualifier or "range"
        start, stop = words[first].start, unit_word.end
        out.append(
            Quantity(
                text=result.text[start:stop],
                start=start,
                end=stop,
                value=None if vague or high != low else low,
                min=low if high != low or qualifier in ("at least", "more than") else None,
                max=high if high != low or qualifier in ("at most", "less than") else None,
                qualifier=qualifier,
                unit=plural(unit_word, result.language),
                item=result.entity_ids.get(unit_word.i),
            )
        )
        i = end
    return out


def _number_at(words: list[Word], i: int, lexicon: SlavicLexicon) -> tuple[float, float, int, bool] | None:
    """(low, high, index past the number, vague) for a number starting at word ``i``."""
    w = words[i]
    text = w.text.replace("\u00a0", "")
    match = _RANGE.match(text)
    if match:
        low, high, end = float(match.group(1)), float(match.group(2)), i + 1
    elif _DIGITS.match(text):
        low, end = float(text.replace(",", ".")), i + 1
        while (
            end < len(words)
            and _DIGITS.match(words[end].text)
            and len(words[end].text) == 3
            and words[end].start - words[end - 1].end == 1
            and w.text.isdigit()
            and len(w.text) <= 3
        ):
            low, end = low * 1000 + float(words[end].text), end + 1  # "65 089": a space groups thousands
        high = low
        if end + 1 < len(words) and words[end].text in ("-", "–", "—") and _DIGITS.match(words[end + 1].text):
            high, end = float(words[end + 1].text.replace(",", ".")), end + 2
    else:
        word_number = _word_number(w, lexicon)
        if word_number is None:
            vague = next((lexicon.vague[x] for x in w.lemmas if x in lexicon.vague), None)
            if vague is None or w.lower in lexicon.multipliers:
                return None
            return vague, vague, i + 1, True
        low = high = word_number
        end = i + 1
        if end + 1 < len(words) and words[end].text in ("-", "–") and _word_number(words[end + 1], lexicon):
            high, end = _word_number(words[end + 1], lexicon) or low, end + 2
        elif "-" in w.text:
            parts = [_word_number_text(p, lexicon) for p in w.text.split("-")]
            if all(parts) and len(parts) == 2:
                low, high = parts  # type: ignore[assignment]
    if end < len(words):
        factor = next(
            (
                lexicon.multipliers[x]
                for x in (*words[end].lemmas, words[end].lower.rstrip("."))
                if x in lexicon.multipliers
            ),
            None,
        )
        if factor:
            low, high, end = low * factor, high * factor, end + 1
            if end < len(words) and words[end].text == ".":
                end += 1
    return low, high, end, False


def _word_number(word: Word, lexicon: SlavicLexicon) -> float | None:
    for lemma in (*word.lemmas, word.lower):
        if lemma in lexicon.numbers:
            return lexicon.numbers[lemma]
    if "-" in word.text:
        parts = [_word_number_text(p, lexicon) for p in word.text.split("-")]
        if len(parts) == 2 and all(parts):
            return parts[0]
    return None


def _word_number_text(text: str, lexicon: SlavicLexicon) -> float | None:
    lower = text.lower().replace("ё", "е")
    if lower in lexicon.numbers:
        return lexicon.numbers[lower]
    for reading in analyser(lexicon.language).parse(lower)[:3]:
        if reading.normal_form.replace("ё", "е") in lexicon.numbers:
            return lexicon.numbers[reading.normal_form.replace("ё", "е")]
    return None


def _counted(words: list[Word], end: int, lexicon: SlavicLexicon) -> Word | None:
    """The noun a number counts: the next noun, past adjectives; never a month, a year or a unit of measure."""
    k = end
    while (
        k < len(words)
        and k - end < 4
        and words[k].pos in ("ADJ", "DET", "NUM")
        and words[k].sent == words[end - 1].sent
    ):
        k += 1
    if k >= len(words) or words[k].sent != words[end - 1].sent:
        return None
    word = words[k]
    if word.pos not in ("NOUN", "PROPN"):
        last = words[k - 1] if k > end else None
        if last is None or last.pos != "ADJ" or not lexicon.classes_of(last.lemmas):
            return None
        word = last  # an adjective standing for a noun: "20 тисяч військових"
    if set(word.lemmas) & lexicon.not_units or word.lower.rstrip(".") in lexicon.not_units:
        return None
    if _is_month(word, lexicon.language):
        return None
    return word


@functools.lru_cache(maxsize=2)
def _months(language: str) -> frozenset[str]:
    from ...knowledge import load_data

    return frozenset(str(m) for m in (load_data(f"time_words_{language}.yaml").get("months") or {}))


def _is_month(word: Word, language: str) -> bool:
    return bool(set(word.lemmas) & _months(language))


def _qualifier(words: list[Word], i: int, lexicon: SlavicLexicon) -> tuple[str | None, int]:
    """A phrase before the number ("не менее", "понад") and the index of its first word."""
    for size in (3, 2, 1):
        if i - size < 0:
            continue
        phrase = " ".join(w.lower for w in words[i - size : i])
        if phrase in lexicon.qualifiers and words[i - size].sent == words[i].sent:
            return lexicon.qualifiers[phrase], i - size
    return None, i


@functools.lru_cache(maxsize=50_000)
def _plural(lemma: str, language: str) -> str:
    for reading in analyser(language).parse(lemma)[:3]:
        if reading.tag.POS == "NOUN":
            form: Any = reading.inflect({"nomn", "plur"})
            if form is not None:
                return str(form.word)
    return lemma


def plural(word: Word, language: str) -> str:
    """The counted noun in the nominative plural: "танков" -> "танки", "боєприпасів" -> "боєприпаси"."""
    return _plural(word.lemma, language)
