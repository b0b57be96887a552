"""Stage ``statements``: who said what, when, where, and with what force.

A statement is anchored on a speech-act verb ("said", "claimed", "denied"), a
light verb with a statement noun ("made this statement"), or an attribution
phrase ("according to X"). Its content is the reported clause, a quotation that
follows the verb, or — for an anaphoric "this statement" — the paragraph before.
Facts keep their link to the statement they were reported in: the events stage
reads ``content_start``/``content_end``.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..knowledge import load_data
from ..model import Document, Entity, Statement, TimeExpression
from . import Resources, Stage, stage
from .attach import attached_time
from .syntax import sentence

_PRONOUNS = {"he", "she", "him", "her"}
_OPEN_QUOTES = '“"«„'
_CLOSE_QUOTES = '”"»“'
_SPEAKER_DEPS = ("nsubj", "nsubjpass")
# What one statement reads around its verb: its content (a long quotation is cut here), the words
# searched for a venue, the times it may govern. One sentence of 20,000 tokens then costs each
# statement no more than an ordinary sentence does.
_MAX_CONTENT_TOKENS = 400
_WINDOW_CHARS = 2000


@dataclass(frozen=True)
class SpeechLexicon:
    acts: dict[str, dict[str, str]]
    light_verbs: frozenset[str]
    statement_nouns: dict[str, str]
    venues: tuple[tuple[str, re.Pattern[str]], ...]
    denial_nouns: frozenset[str]
    speaker_nouns: frozenset[str]


@functools.lru_cache(maxsize=1)
def load_speech_lexicon() -> SpeechLexicon:
    raw = load_data("speech_acts.yaml")
    venues = tuple(
        (name, re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.I))
        for name, phrases in raw["venues"].items()
    )
    return SpeechLexicon(
        acts=raw["acts"],
        light_verbs=frozenset(raw["light_verbs"]),
        statement_nouns=raw["statement_nouns"],
        venues=venues,
        denial_nouns=frozenset(raw["denial_nouns"]),
        speaker_nouns=frozenset(raw["speaker_nouns"]),
    )


@stage("statements")
def make_statements(resources: Resources) -> Stage:
    lexicon = load_speech_lexicon()

    def run(document: Document) -> Document:
        doc = document.spacy_doc
        if doc is None:
            return document
        found: list[Statement] = []
        covered: set[int] = set()  # token indices inside an earlier statement's content
        for sent in doc.sents:
            for token in sent:
                if token.i in covered:
                    continue
                statement = _statement_at(token, sent, document, lexicon)
                if statement is not None:
                    statement.id = f"s{len(found) + 1}"
                    found.append(statement)
                    content = doc.char_span(
                        statement.content_start or 0, statement.content_end or 0, alignment_mode="expand"
                    )
                    covered.update(range(content.start, content.end) if content is not None else ())
        document.statements = found
        return document

    return run


def _statement_at(token: Token, sent: Span, document: Document, lexicon: SpeechLexicon) -> Statement | None:
    """The statement anchored on ``token``, or None when it anchors none."""
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX") and lemma in lexicon.acts and not _is_attributive(token):
        entry = lexicon.acts[lemma]
        speaker = _subject(token)
        if speaker is None or not _can_speak(document, speaker, lexicon):
            return None
        content = _content_span(token, sent, document.text)
        if content is None:
            return None
        return _build(document, token, speaker, content, entry["act"], entry["force"], lexicon)
    if token.pos_ == "VERB" and lemma in lexicon.light_verbs:
        noun = next(
            (c for c in token.children if c.dep_ == "dobj" and c.lower_ in lexicon.statement_nouns), None
        )
        speaker = _subject(token)
        if noun is None or speaker is None:
            return None
        anaphoric = any(c.lower_ in ("this", "that", "these", "those", "the") for c in noun.children)
        content = (
            _previous_paragraph(document, sent) if anaphoric else _content_span(token, sent, document.text)
        )
        if content is None:
            return None
        return _build(
            document, token, speaker, content, lexicon.statement_nouns[noun.lower_], "asserted", lexicon
        )
    if lemma == "accord" and token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to":
        pobj = next((c for c in token.nbor(1).children if c.dep_ == "pobj"), None)
        if pobj is None:
            return None
        speaker = token.doc[pobj.left_edge.i : pobj.right_edge.i + 1]
        after = token.doc[pobj.right_edge.i + 1 : min(sent.end, pobj.right_edge.i + 1 + _MAX_CONTENT_TOKENS)]
        # "According to X, ..." reports what follows; "..., according to X." what precedes.
        content = _trim(after) if after.start < sent.end else None
        if content is None and token.i > sent.start:
            content = _trim(token.doc[max(sent.start, token.i - _MAX_CONTENT_TOKENS) : token.i])
        if content is None:
            return None
        return _build(document, token, speaker, content, "reported", "asserted", lexicon)
    return None


def _is_attributive(token: Token) -> bool:
    """'the so-called claimed victory', 'a stated aim': participles modifying nouns are no speech acts."""
    return (
        token.dep_ in ("amod", "acl")
        and token.tag_ == "VBN"
        and not any(c.dep_ in ("ccomp", "mark") for c in token.children)
    )


def _subject(verb: Token) -> Span | None:
    """The speaker phrase: the verb's subject, the subject of a coordinated verb, or a passive agent."""
    for child in verb.children:
        if child.dep_ in _SPEAKER_DEPS:
            return _phrase_without_appositions(child)
        if child.dep_ == "agent":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _phrase_without_appositions(pobj)
    if verb.dep_ == "conj":
        return _subject(verb.head)
    return None


def _phrase_without_appositions(head: Token) -> Span:
    """'Ivan Tertel, the chief of ...' -> 'Ivan Tertel' (the role is read from the entity)."""
    doc = head.doc
    end = head.right_edge.i + 1
    for child in head.children:
        if child.dep_ in ("appos", "punct", "acl", "relcl") and child.i > head.i:
            end = min(end, child.left_edge.i)
    start = head.left_edge.i
    span = doc[start:end]
    while len(span) > 1 and span[-1].is_punct:
        span = span[:-1]
    return span


def _content_span(verb: Token, sent: Span, text: str) -> Span | None:
    """The reported content: a that-clause or complement, or a quotation after the verb."""
    doc = verb.doc
    complements = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i > verb.i]
    if complements:
        head = complements[0]
        start = head.left_edge.i
        end = min(max(c.right_edge.i for c in complements) + 1, start + _MAX_CONTENT_TOKENS)
        return _extend_to_quote_end(_trim(doc[start:end]), sent, text)
    # A that-clause the parser attached elsewhere ("stated in an interview that ...").
    for tok in doc[verb.i + 1 : min(sent.end, verb.i + 1 + _MAX_CONTENT_TOKENS)]:
        end = min(sent.end, tok.i + _MAX_CONTENT_TOKENS)
        if tok.lower_ == "that" and tok.dep_ == "mark":
            return _extend_to_quote_end(_trim(doc[tok.i : end]), sent, text)
        if tok.text in _OPEN_QUOTES or tok.text == ":":
            return _extend_to_quote_end(_trim(doc[tok.i : end]), sent, text)
    # Content before the verb: "Russia fired 70 missiles, the Air Force said." / "“We will win,” he said."
    fronted = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i < verb.i]
    if fronted:
        head = fronted[0]
        start, end = max(head.left_edge.i, verb.i - _MAX_CONTENT_TOKENS), head.right_edge.i + 1
        # Direct speech keeps its quotation marks: they say the words are the speaker's own.
        if start > sent.start and doc[start - 1].text in _OPEN_QUOTES:
            start -= 1
            while end < verb.i and doc[end].text not in _CLOSE_QUOTES:
                end += 1
            end = min(end + 1, verb.i)
        return _trim(doc[start:end])
    before = doc[max(sent.start, verb.i - _MAX_CONTENT_TOKENS) : verb.i]
    if any(t.text in _CLOSE_QUOTES for t in before[-4:]) and any(t.text in _OPEN_QUOTES for t in before):
        subj_start = min((c.left_edge.i for c in verb.children if c.dep_ in _SPEAKER_DEPS), default=verb.i)
        return _trim(doc[before.start : min(subj_start, verb.i)])
    return None


def _extend_to_quote_end(span: Span | None, sent: Span, text: str) -> Span | None:
    """A quotation opened in the content runs on to its closing mark, even across sentences."""
    if span is None:
        return None

    opened = sum(text.count(q, span.start_char, span.end_char) for q in "“«")
    closed = sum(text.count(q, span.start_char, span.end_char) for q in "”»")
    straight = text.count('"', span.start_char, span.end_char)
    if opened <= closed and straight % 2 == 0:
        return span
    reach = min(len(text), span.end_char + _WINDOW_CHARS)
    paragraph_end = text.find("\n\n", span.end_char, reach)
    limit = reach if paragraph_end < 0 else paragraph_end
    close = max(text.rfind(q, span.end_char, limit) for q in '”»"')
    if close < 0:
        return span
    extended = span.doc.char_span(span.start_char, close + 1, alignment_mode="expand")
    return extended or span


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].is_space or doc[start].is_punct and doc[start].text not in _OPEN_QUOTES
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_space or doc[end - 1].is_punct and doc[end - 1].text not in _CLOSE_QUOTES
    ):
        end -= 1
    if start >= end:
        return None
    return span.doc[start:end]


def _previous_paragraph(document: Document, sent: Span) -> Span | None:
    """The content of an anaphoric 'this statement': the paragraph before the sentence."""
    text = document.text
    para_start = text.rfind("\n\n", 0, sent.start_char)
    if para_start < 0:
        return None
    prev_start = text.rfind("\n\n", 0, para_start)
    prev_start = max(prev_start + 2, document.body_start) if prev_start >= 0 else document.body_start
    chunk = text[prev_start:para_start]
    lead = len(chunk) - len(chunk.lstrip())
    tail = len(chunk.rstrip())
    if tail <= lead:
        return None
    return document.spacy_doc.char_span(prev_start + lead, prev_start + tail, alignment_mode="expand")


def _can_speak(document: Document, speaker: Span, lexicon: SpeechLexicon) -> bool:
    """A named entity, a pronoun or a person-like noun can speak; 'the disarmament' cannot."""
    head = speaker.root
    if head.lower_ in lexicon.speaker_nouns or head.lemma_.lower() in lexicon.speaker_nouns:
        return True
    return document.entity_at(head.idx, head.idx + len(head.text)) is not None or head.ent_type_ in (
        "PERSON",
        "ORG",
        "GPE",
        "NORP",
    )


def _build(
    document: Document,
    anchor: Token,
    speaker: Span,
    content: Span,
    act: str,
    force: str,
    lexicon: SpeechLexicon,
) -> Statement:
    sent = sentence(anchor)
    entity = _speaker_entity(document, speaker)
    statement = Statement(
        id="",
        speaker=entity.id if entity else None,
        speaker_text=speaker.text,
        act=act,
        content=content.text,
        content_start=content.start_char,
        content_end=content.end_char,
        evidence=document.evidence(anchor.idx, anchor.idx + len(anchor.text)),
        role=entity.role if entity else None,
        time=_statement_time(document, anchor, content),
        venue=_venue(sent, content, lexicon, document),
        modality=_force(force, content, lexicon),
    )
    return statement


def _speaker_entity(document: Document, speaker: Span) -> Entity | None:
    if len(speaker) == 1 and speaker[0].lower_ in _PRONOUNS:
        return _last_person_before(document, speaker.start_char)
    # Prefer the entity on the phrase's head ("the representative for Poland" is not Poland).
    head = speaker.root
    entity = document.entity_at(head.idx, head.idx + len(head.text))
    if entity is not None and entity.type in ("PERSON", "ORG", "GPE", "NORP"):
        return entity
    return None


def _last_person_before(document: Document, offset: int) -> Entity | None:
    """The person mentioned last before the offset ("he said"), from mentions indexed once."""
    cached = document.__dict__.get("_person_mentions")
    key = (id(document.entities), len(document.entities))  # the entities stage ran before this one
    if cached is None or cached[0] != key:
        mentions = sorted(
            (m.start, n) for n, e in enumerate(document.entities) if e.type == "PERSON" for m in e.mentions
        )
        cached = (key, [m for m, _ in mentions], [document.entities[n] for _, n in mentions])
        document.__dict__["_person_mentions"] = cached
    k = bisect_left(cached[1], offset)
    return cached[2][k - 1] if k > 0 else None


def _statement_time(document: Document, anchor: Token, content: Span) -> TimeExpression | None:
    """The time the speech act governs most closely, never one from inside what was said."""
    outside = [
        t
        for t in _times_near(document, anchor.idx)
        if not (content.start_char <= t.span_start < content.end_char)
    ]
    return attached_time(anchor, outside)


def _times_near(document: Document, offset: int) -> list[TimeExpression]:
    """The times starting within a window around an offset, by bisection over the sorted times."""
    cached = document.__dict__.get("_statement_times")
    if cached is None or cached[0] is not document.times:
        ordered = sorted(document.times, key=lambda t: t.span_start)
        cached = (document.times, ordered, [t.span_start for t in ordered])
        document.__dict__["_statement_times"] = cached
    ordered, starts = cached[1], cached[2]
    return ordered[bisect_left(starts, offset - _WINDOW_CHARS) : bisect_right(starts, offset + _WINDOW_CHARS)]


def _venue(sent: Span, content: Span, lexicon: SpeechLexicon, document: Document) -> str | None:
    text = document.text
    if content.end_char <= sent.start_char or content.start_char >= sent.end_char:
        segments = [(sent.start_char, sent.end_char)]  # the content lies in another sentence
    else:
        segments = [(sent.start_char, content.start_char), (content.end_char, sent.end_char)]
    anchor = content.start_char
    for start, end in segments:
        start, end = max(start, anchor - _WINDOW_CHARS), min(end, content.end_char + _WINDOW_CHARS)
        if start >= end:
            continue
        segment = text[start:end]
        for name, pattern in lexicon.venues:
            if pattern.search(segment):
                return name
    return None


def _force(force: str, content: Span, lexicon: SpeechLexicon) -> str:
    """A denial is a statement whose content negates a plan or an intention, whatever the verb."""
    if force != "asserted":
        return force
    for tok in content:
        if tok.dep_ == "neg" and any(c.lower_ in lexicon.denial_nouns for c in tok.head.children):
            return "negated"
        if tok.lower_ == "no" and tok.head.lower_ in lexicon.denial_nouns:
            return "negated"
    return "asserted"


__all__ = ["load_speech_lexicon"]
