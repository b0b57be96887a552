"""Stage ``slavic.times``: Russian and Ukrainian time expressions, anchored on the publication date."""

from __future__ import annotations

from collections.abc import Callable

from ...model import Document
from ...timex.slavic import tag_times_slavic
from .. import Resources, Stage, stage
from .parse import Parsed, Word, parsed


@stage("slavic.times")
def make_times(resources: Resources) -> Stage:
    def run(document: Document) -> Document:
        result = parsed(document)
        if result is None:
            return document
        anchor = document.published_range
        if anchor is not None and anchor[0] == anchor[1]:
            anchor = anchor[0]  # type: ignore[assignment]
        document.times = tag_times_slavic(
            document.analysis_text, result.language, anchor, tense_reader(result)
        )
        return document

    return run


def tense(word: Word, result: Parsed) -> str | None:
    """past / future / None for a verb: natasha's Tense, the future "будет"/"буде", a governing "планирует"."""
    value = word.feats.get("Tense")
    if value == "Past":
        return "past"
    if value == "Fut":
        return "future"
    if word.feats.get("VerbForm") == "Inf":
        before = result.words[max(0, word.i - 2) : word.i]
        if any(w.lemma in ("быть", "бути") and w.feats.get("Tense") == "Fut" for w in before):
            return "future"
    return None


def tense_reader(result: Parsed) -> Callable[[int], str | None]:
    """offset -> the tense of the verb nearest to it in its sentence."""
    starts = [w.start for w in result.words]

    def at(offset: int) -> str | None:
        from bisect import bisect_right

        i = max(0, bisect_right(starts, offset) - 1)
        if not result.words:
            return None
        sentence = result.sentence_of(result.words[i])
        verbs = [w for w in sentence if w.pos in ("VERB", "AUX") and tense(w, result)]
        if not verbs:
            return None
        nearest = min(verbs, key=lambda w: abs(w.start - offset))
        return tense(nearest, result)

    return at
