"""When an event happened: the time its predicate governs, or the time of an earlier event it is
placed after or before ("shortly after this conference")."""

from __future__ import annotations

from datetime import timedelta

from spacy.tokens import Token

from ...model import Event, TimeExpression
from ..attach import attached_time
from .context import Context

_NEAR = timedelta(days=30)  # "shortly after X" reaches this far past X


def _predicate(token: Token) -> Token:
    """The verb a nominal trigger hangs from; a verb is its own."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


class EventTimes:
    """Dates events; remembers the latest dated event per kind so later ones can refer back to it."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.dated: dict[str, Event] = {}  # latest dated event per kind, for "after this conference"

    def time(self, token: Token) -> TimeExpression | None:
        """The time the trigger's clause governs most closely, else one relative to an earlier event."""
        return self._own_time(token) or self._relative_time(token)

    def _own_time(self, token: Token) -> TimeExpression | None:
        """The time the trigger's clause governs most closely; a nominal trigger takes its verb's.

        attach.py is handed the times around the predicate only, so a long sentence full of dates
        costs each event no more than an ordinary sentence does.
        """
        if not self.ctx.document.times:
            return None
        predicate = _predicate(token)
        return attached_time(predicate, self.ctx.times_near(predicate))

    def _relative_time(self, token: Token) -> TimeExpression | None:
        """ "shortly after this conference": the time of the earlier event the phrase refers back to.

        Only a definite phrase ("this", "that", "the") refers back; "after a meeting" names a new one.
        """
        ctx, grammar = self.ctx, self.ctx.grammar
        for prep, near in self._relative_preps(_predicate(token)):
            noun = next((c for c in prep.children if c.dep_ in ("pobj", "dobj")), None)
            if noun is None or not any(
                c.dep_ == "det" and c.lower_ in grammar.referring_determiners for c in noun.children
            ):
                continue
            lemma = noun.lemma_.lower()
            if lemma not in ctx.lex.anaphora and lemma not in ctx.lex.nominals:
                continue
            earlier = self._referent(lemma, prep.idx)
            if earlier is None or earlier.time is None:
                continue
            after = prep.lower_ not in grammar.prep("relative_time_before")
            start, end = self._relative_interval(after, near is not None, earlier.time)
            if start is None and end is None:
                continue
            first = min(prep.left_edge.i, prep.i, near.i if near is not None else prep.i)
            span_start, span_end = ctx.doc[first].idx, noun.idx + len(noun)
            value = (
                f"{start.isoformat() if start else 'XXXX-XX-XX'}/{end.isoformat() if end else 'XXXX-XX-XX'}"
            )
            text = ctx.document.text[span_start:span_end]
            return TimeExpression(text, span_start, span_end, "DATE", value, start, end, anchor="previous")
        return None

    def _relative_preps(self, predicate: Token) -> list[tuple[Token, Token | None]]:
        """Each "after/before/following" phrase of the predicate, with the word that makes it close.

        "shortly after X" (advmod of the preposition or just before it), "Days before X" (the parser
        hangs the preposition on "Days").
        """
        near_words, relative = self.ctx.lex.near, self.ctx.grammar.prep("relative_time")
        found: list[tuple[Token, Token | None]] = []
        for child in predicate.children:
            if child.dep_ in ("advmod", "npadvmod") and child.lower_ in near_words:
                found += [(p, child) for p in child.children if p.dep_ == "prep" and p.lower_ in relative]
            if child.dep_ != "prep" or child.lower_ not in relative:
                continue
            near = next(
                (c for c in child.children if c.dep_ in ("advmod", "npadvmod") and c.lower_ in near_words),
                None,
            )
            before = self.ctx.doc[child.i - 1] if child.i > 0 else None
            if near is None and before is not None and before.lower_ in near_words and before.pos_ == "ADV":
                near = before
            found.append((child, near))
        return found

    def _referent(self, lemma: str, before: int) -> Event | None:
        """The most recent earlier event of the same kind with a date, else the most recent dated one.

        Looked up in the indexes `remember` keeps, so the cost per event stays constant.
        """
        lex = self.ctx.lex
        nominal = lex.nominals.get(lemma)
        keys = [f"class:{lex.anaphora[lemma]}"] if lemma in lex.anaphora else []
        keys.append(f"lemma:{lemma}")
        keys += [f"type:{nominal.sense.type}"] if nominal is not None and lemma not in lex.anaphora else []
        for key in keys:
            event = self.dated.get(key)
            if event is not None and event.evidence.start < before:
                return event
        event = self.dated.get("any")
        return event if event is not None and event.evidence.start < before else None

    def remember(self, event: Event, head: str) -> None:
        """Index a dated event under its kind, its trigger lemma and its type for later references."""
        if event.time is None or (event.time.start is None and event.time.end is None):
            return
        kind = self.ctx.lex.anaphora.get(head)
        for key in (f"class:{kind}" if kind else "", f"lemma:{head}", f"type:{event.type}", "any"):
            self.dated[key] = event

    def _relative_interval(self, after: bool, near: bool, anchor: TimeExpression) -> tuple:
        """after X: X's end to a month later (shortly after) or to publication; before X: the mirror."""
        if after:
            if anchor.end is None:
                return None, None
            document = self.ctx.document
            published = document.published or document.published_latest
            return anchor.end, (anchor.end + _NEAR if near else published)
        if anchor.start is None:
            return None, None
        return (anchor.start - _NEAR if near else None), anchor.start
