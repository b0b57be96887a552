"""Small helpers over the spaCy parse that every stage needs."""

from __future__ import annotations

from bisect import bisect_right

import numpy as np
from spacy.attrs import SENT_START
from spacy.tokens import Span, Token

_STARTS = "sitrep:sentence_starts"  # Doc.user_data key of the sentence start indices


def sentence(token: Token) -> Span:
    """The token's sentence, from the sentence starts computed once per Doc.

    ``Token.sent`` re-reads every sentence of the Doc from the start on each call, and walking to
    the nearest boundaries costs the sentence's length: both made lookups quadratic in one long
    sentence. The starts are kept in ``Doc.user_data`` (with the Doc's length, so a changed Doc
    recomputes them).
    """
    doc = token.doc
    cached = doc.user_data.get(_STARTS)
    if cached is None or cached[0] != len(doc):
        # SENT_START is 1 where a sentence starts (one array read, no Token per word)
        starts = sorted({0, *np.flatnonzero(doc.to_array([SENT_START]).reshape(-1) == 1).tolist()})
        cached = (len(doc), starts)
        doc.user_data[_STARTS] = cached
    starts = cached[1]
    k = bisect_right(starts, token.i) - 1
    end = starts[k + 1] if k + 1 < len(starts) else len(doc)
    return doc[starts[k] : end]
