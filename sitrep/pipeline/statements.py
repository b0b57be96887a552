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
        for sent in doc.sents:
            for token in sent:
                statement = _statement_at(token, sent, document, lexicon, found)
                if statement is not None:
                    statement.id = f"s{len(found) + 1}"
                    found.append(statement)
        document.statements = found
        return document

    return run


def _statement_at(
    token: Token, sent: Span, document: Document, lexicon: SpeechLexicon, found: list[Statement]
) -> Statement | None:
    """The statement anchored on ``token``, or None when it anchors none."""
    if _inside_earlier_content(token, found):
        return None
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
        after = token.doc[pobj.right_edge.i + 1 : sent.end]
        # "According to X, ..." reports what follows; "..., according to X." what precedes.
        content = _trim(after) if after.start < sent.end else None
        if content is None and token.i > sent.start:
            content = _trim(token.doc[sent.start : token.i])
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
        end = max(c.right_edge.i for c in complements) + 1
        return _extend_to_quote_end(_trim(doc[start:end]), sent, text)
    # A that-clause the parser attached elsewhere ("stated in an interview that ...").
    for tok in doc[verb.i + 1 : sent.end]:
        if tok.lower_ == "that" and tok.dep_ == "mark":
            return _extend_to_quote_end(_trim(doc[tok.i : sent.end]), sent, text)
        if tok.text in _OPEN_QUOTES or tok.text == ":":
            return _extend_to_quote_end(_trim(doc[tok.i : sent.end]), sent, text)
    # Content before the verb: "Russia fired 70 missiles, the Air Force said." / "“We will win,” he said."
    fronted = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i < verb.i]
    if fronted:
        head = fronted[0]
        start, end = head.left_edge.i, head.right_edge.i + 1
        # Direct speech keeps its quotation marks: they say the words are the speaker's own.
        if start > sent.start and doc[start - 1].text in _OPEN_QUOTES:
            start -= 1
            while end < verb.i and doc[end].text not in _CLOSE_QUOTES:
                end += 1
            end = min(end + 1, verb.i)
        return _trim(doc[start:end])
    before = doc[sent.start : verb.i]
    if any(t.text in _CLOSE_QUOTES for t in before[-4:]) and any(t.text in _OPEN_QUOTES for t in before):
        subj_start = min((c.left_edge.i for c in verb.children if c.dep_ in _SPEAKER_DEPS), default=verb.i)
        return _trim(doc[sent.start : min(subj_start, verb.i)])
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
    paragraph_end = text.find("\n\n", span.end_char)
    limit = len(text) if paragraph_end < 0 else paragraph_end
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


def _inside_earlier_content(token: Token, found: list[Statement]) -> bool:
    return any(
        s.content_start is not None and s.content_start <= token.idx < (s.content_end or 0) for s in found
    )


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
    best, best_start = None, -1
    for entity in document.entities:
        if entity.type != "PERSON":
            continue
        for m in entity.mentions:
            if best_start < m.start < offset:
                best, best_start = entity, m.start
    return best


def _statement_time(document: Document, anchor: Token, content: Span) -> TimeExpression | None:
    """The time the speech act governs most closely, never one from inside what was said."""
    outside = [t for t in document.times if not (content.start_char <= t.span_start < content.end_char)]
    return attached_time(anchor, outside)


def _venue(sent: Span, content: Span, lexicon: SpeechLexicon, document: Document) -> str | None:
    text = document.text
    if content.end_char <= sent.start_char or content.start_char >= sent.end_char:
        segments = [(sent.start_char, sent.end_char)]  # the content lies in another sentence
    else:
        segments = [(sent.start_char, content.start_char), (content.end_char, sent.end_char)]
    for start, end in segments:
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
