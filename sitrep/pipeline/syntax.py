"""Small helpers over the spaCy parse that every stage needs."""

from __future__ import annotations

from spacy.tokens import Span, Token


def sentence(token: Token) -> Span:
    """The token's sentence, found by walking to the nearest boundaries.

    ``Token.sent`` re-reads every sentence of the Doc from the start on each call, which
    made sentence lookups the most expensive step of the events stage on long articles.
    """
    doc = token.doc
    start = token.i
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    end = token.i + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    return doc[start:end]
