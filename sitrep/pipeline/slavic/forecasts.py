"""Stage ``slavic.forecasts``: predicted and hedged Russian and Ukrainian claims with a resolution window.

A forecast is a clause whose predicate is predicted or hedged (:mod:`.modality`): "может создать ... через
два-три месяца", "не буде наступати", "планує перекинути". Its window is the first time expression
in the clause, resolved again on the day the claim was made (the statement's date, else publication):
"через два-три месяца" said on 2022-11-03 is 2023-01-03 .. 2023-02-03. Denied claims are no forecasts.
"""

from __future__ import annotations

from datetime import date

from ...model import Document, Forecast, Statement
from ...timex.slavic import tag_times_slavic
from .. import Resources, Stage, stage
from .clauses import clause
from .lexicon import load_slavic_lexicon
from .modality import HEDGED, NEGATED, PREDICTED, modality
from .parse import Word, parsed

_LINKING = {"быть", "бути", "являться", "стать", "стати"}


@stage("slavic.forecasts")
def make_forecasts(resources: Resources) -> Stage:
    def run(document: Document) -> Document:
        result = parsed(document)
        if result is None:
            return document
        lexicon = load_slavic_lexicon(result.language)
        forecasts: list[Forecast] = []
        covered: set[int] = set()
        for word in result.words:
            if (
                word.pos != "VERB"
                or word.lemma in lexicon.cues["hedged"] | lexicon.cues["future_aux"] | _LINKING
            ):
                continue
            if word.lemma in lexicon.cues["predicted"] or word.lemma in lexicon.acts or word.i in covered:
                continue
            own = clause(result, word)
            mood = modality(word, result, lexicon, document, own)
            if mood not in (PREDICTED, HEDGED) or word.feats.get("Tense") == "Past" and mood == PREDICTED:
                continue
            statement = document.statement_at(word.start)
            if statement is not None and statement.modality == NEGATED:
                continue
            claim = _claim(own, word)
            if not claim:
                continue
            covered.update(w.i for w in own)
            forecasts.append(_forecast(document, claim, mood, statement, result.language, len(forecasts) + 1))
        document.forecasts = forecasts
        return document

    return run


def _claim(own: list[Word], verb: Word) -> list[Word]:
    words = (
        [w for w in own if w.lower not in ("что", "що", "и", "і", "та")]
        if own and own[0].lower in ("что", "що")
        else own
    )
    while words and words[0].pos in ("PUNCT", "SCONJ", "CCONJ"):
        words = words[1:]
    while words and words[-1].pos == "PUNCT":
        words = words[:-1]
    return words if len(words) >= 2 else []


def _forecast(
    document: Document, claim: list[Word], mood: str, statement: Statement | None, language: str, number: int
) -> Forecast:
    start, end = claim[0].start, claim[-1].end
    made = _made(document, statement)
    window = _window(document, start, end, made, language)
    event = next(
        (
            e.id
            for e in document.events
            if start <= e.evidence.start < end and e.modality in (HEDGED, PREDICTED, NEGATED)
        ),
        None,
    )
    return Forecast(
        id=f"f{number}",
        claim=document.text[start:end],
        evidence=document.evidence(start, end),
        by=statement.speaker if statement else None,
        statement=statement.id if statement else None,
        event=event,
        window_start=window[0] if window else None,
        window_end=window[1] if window else None,
        made=made,
        modality=mood,
    )


def _made(document: Document, statement: Statement | None) -> date | None:
    if statement is not None and statement.time is not None and statement.time.start is not None:
        return statement.time.start
    return document.published or document.published_earliest


def _window(
    document: Document, start: int, end: int, made: date | None, language: str
) -> tuple[date | None, date | None] | None:
    for expr in (t for t in document.times if start <= t.span_start < end):
        again = tag_times_slavic(expr.text, language, made) if made and expr.anchor != "absolute" else [expr]
        resolved = again[0] if again else expr
        if resolved.start is None and resolved.end is None:
            continue
        if made is not None and resolved.end is not None and resolved.end < made:
            continue  # a past date in the clause dates a premise, not the prediction
        return resolved.start, resolved.end
    return None
