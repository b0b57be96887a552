"""Stage ``slavic.parse``: words, sentences, lemmas, grammatical case and (Russian) syntax.

Russian runs through natasha (MIT; its navec embeddings and slovnet morphology, syntax and NER
models ship inside the package): one reading per word, a dependency tree, named entities.
Ukrainian has no such model that installs from the package index, so it runs on pymorphy3's
Ukrainian dictionary: every reading of a word is kept (the union of its cases, all its lemmas),
there is no tree and no NER; the later stages read roles from case and prepositions instead.

The words go to :class:`Parsed` (what the Slavic stages read) and to a spaCy ``Doc`` built from
the same tokens, so ``Document.evidence`` and any stage that reads only sentences work unchanged.
A sentence starts after every blank line, as in the English parse.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from ...model import Document
from .. import Resources, Stage, stage

_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
# pymorphy's case names -> Universal Dependencies'.
CASES = {
    "nomn": "Nom",
    "gent": "Gen",
    "gen2": "Gen",
    "datv": "Dat",
    "accs": "Acc",
    "acc2": "Acc",
    "ablt": "Ins",
    "loct": "Loc",
    "loc2": "Loc",
    "voct": "Voc",
}
_UPOS = {
    "NOUN": "NOUN",
    "ADJF": "ADJ",
    "ADJS": "ADJ",
    "COMP": "ADJ",
    "VERB": "VERB",
    "INFN": "VERB",
    "PRTF": "VERB",
    "PRTS": "VERB",
    "GRND": "VERB",
    "NUMR": "NUM",
    "NUMB": "NUM",
    "ADVB": "ADV",
    "NPRO": "PRON",
    "PRED": "ADV",
    "PREP": "ADP",
    "CONJ": "CCONJ",
    "PRCL": "PART",
    "INTJ": "INTJ",
    "PNCT": "PUNCT",
}
_NAME_TAGS = ("Name", "Surn", "Patr", "Geox", "Orgn")
_ALL_CASES = frozenset({"Nom", "Gen", "Dat", "Acc", "Ins", "Loc"})


@dataclass(slots=True)
class Word:
    """One word with what the Slavic stages read: lemmas, part of speech, cases, tense, head."""

    i: int
    text: str
    start: int
    end: int
    lemma: str
    pos: str  # Universal POS
    sent: int
    lemmas: tuple[str, ...] = ()  # every lemma a reading gives (Ukrainian keeps them all)
    cases: frozenset[str] = frozenset()  # UD case values; Ukrainian: the union over its readings
    feats: dict[str, str] = field(default_factory=dict)  # Tense, Aspect, VerbForm, Voice, Number ...
    head: int = -1  # index of the head word (Russian syntax); -1 at the root or without a tree
    dep: str = ""

    @property
    def lower(self) -> str:
        return self.text.lower().replace("ё", "е")


@dataclass
class Parsed:
    """The words of a document, its sentences as word ranges, and NER spans (Russian) as word ranges."""

    language: str
    text: str
    words: list[Word]
    sentences: list[tuple[int, int]]
    names: list[tuple[int, int, str]] = field(default_factory=list)  # (first, end, PER|LOC|ORG)
    has_syntax: bool = False
    entity_ids: dict[int, str] = field(default_factory=dict)  # word index -> entity id (slavic.entities)

    def sentence_of(self, word: Word) -> list[Word]:
        start, end = self.sentences[word.sent]
        return self.words[start:end]

    def text_between(self, first: Word, last: Word) -> str:
        return self.text[first.start : last.end]

    def word_starting(self, offset: int) -> int:
        """Index of the word that starts at character ``offset``."""
        return self._offsets()[0][offset]

    def word_ending(self, offset: int) -> int:
        """Index of the word that ends at character ``offset``."""
        return self._offsets()[1][offset]

    def _offsets(self) -> tuple[dict[int, int], dict[int, int]]:
        cached = self.__dict__.get("_offset_index")
        if cached is None or len(cached[0]) != len(self.words):
            cached = ({w.start: w.i for w in self.words}, {w.end: w.i for w in self.words})
            self.__dict__["_offset_index"] = cached
        return cached


def parsed(document: Document) -> Parsed | None:
    """What ``slavic.parse`` left on the document, if it ran."""
    doc = document.spacy_doc
    return doc.user_data.get("slavic") if doc is not None else None


@stage("slavic.parse")
def make_parse(resources: Resources) -> Stage:
    def run(document: Document) -> Document:
        text = document.analysis_text
        if document.language == "uk" and not ukrainian_available():
            document.analysis_status = (
                "not analysed: language uk (install the Ukrainian dictionary: pip install 'sitrep[uk]')"
            )
            return document
        result = parse_ukrainian(text) if document.language == "uk" else parse_russian(text)
        document.spacy_doc = to_spacy(text, result)
        return document

    return run


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each blank-line separated block: sentences never cross one."""
    out, last = [], 0
    for m in _PARAGRAPH.finditer(text):
        out.append((last, text[last : m.start()]))
        last = m.end()
    out.append((last, text[last:]))
    return [(o, p) for o, p in out if p.strip()]


def tokenize(text: str) -> list[Any]:
    """razdel's tokens with designators rejoined: razdel cuts "Тор-М2" and "Т-72Б3" at the letter-digit seam."""
    from razdel import tokenize as razdel_tokenize

    out: list[Any] = []
    for token in _split_trailing_punctuation(razdel_tokenize(text)):
        last = out[-1] if out else None
        if (
            last is not None
            and last.stop == token.start
            and _designator_part(last.text)
            and _designator_part(token.text)
            and (any(c.isdigit() for c in last.text + token.text))
            and not (last.text.isdigit() and token.text.isdigit())
        ):
            out[-1] = type(token)(last.start, token.stop, last.text + token.text)
        else:
            out.append(token)
    return out


def _split_trailing_punctuation(tokens: Any) -> Any:
    """razdel keeps the comma of "Т-72," and "M777," on the number: give it back."""
    for token in tokens:
        text = token.text
        if len(text) > 1 and text[-1] in ",.;:" and text[-2].isdigit():
            yield type(token)(token.start, token.stop - 1, text[:-1])
            yield type(token)(token.stop - 1, token.stop, text[-1])
        else:
            yield token


def _designator_part(text: str) -> bool:
    return text.replace("-", "").isalnum() and len(text) <= 8


class _Segmenter:
    """natasha's segmenter interface over our tokenizer."""

    def tokenize(self, text: str) -> list[Any]:
        return tokenize(text)

    def sentenize(self, text: str) -> Any:
        from razdel import sentenize

        return sentenize(text)


# -- Russian: natasha ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def natasha_models() -> dict[str, Any]:
    """natasha's segmenter, morphology, syntax and NER models, loaded once per process (about a second)."""
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser

    embedding = NewsEmbedding()
    return {
        "segmenter": _Segmenter(),
        "morph": NewsMorphTagger(embedding),
        "syntax": NewsSyntaxParser(embedding),
        "ner": NewsNERTagger(embedding),
        "vocab": MorphVocab(),
    }


def parse_russian(text: str) -> Parsed:
    from natasha import Doc as NatashaDoc

    models = natasha_models()
    words: list[Word] = []
    sentences: list[tuple[int, int]] = []
    names: list[tuple[int, int, str]] = []
    spans: list[tuple[int, int, str]] = []
    for offset, block in paragraphs(text):
        ndoc = NatashaDoc(block)
        ndoc.segment(models["segmenter"])
        ndoc.tag_morph(models["morph"])
        ndoc.parse_syntax(models["syntax"])
        ndoc.tag_ner(models["ner"])
        by_id: dict[str, int] = {}
        for sent in ndoc.sents:
            first = len(words)
            for token in sent.tokens:
                by_id[token.id] = len(words)
                words.append(_russian_word(token, offset, len(words), len(sentences)))
            _attach_heads(words, first, sent.tokens, by_id)
            sentences.append((first, len(words)))
        spans += [(span.start + offset, span.stop + offset, span.type) for span in ndoc.spans]
    starts = {w.start: w.i for w in words}
    ends = {w.end: w.i + 1 for w in words}
    for start, stop, kind in spans:
        first, end = starts.get(start), ends.get(stop)
        if first is not None and end is not None:
            names.append((first, end, kind))
    return Parsed("ru", text, words, sentences, names, has_syntax=True)


def _russian_word(token: Any, offset: int, i: int, sent: int) -> Word:
    feats = dict(token.feats or {})
    lemma = _russian_lemma(token.text, token.pos, tuple(sorted(feats.items())))
    case = feats.get("Case")
    # An abbreviation does not decline ("США", "ВСУ"): the tagger's case for it is a guess.
    cases = (
        _ALL_CASES
        if token.text.isupper() and len(token.text) > 1
        else frozenset((case,))
        if case
        else frozenset()
    )
    return Word(
        i=i,
        text=token.text,
        start=token.start + offset,
        end=token.stop + offset,
        lemma=lemma,
        pos=token.pos or "X",
        sent=sent,
        lemmas=(lemma,),
        cases=cases,
        feats=feats,
        dep=token.rel or "",
    )


@functools.lru_cache(maxsize=200_000)
def _russian_lemma(text: str, pos: str, feats: tuple[tuple[str, str], ...]) -> str:
    """natasha's lemma (the pymorphy reading that agrees with the tagger); cached: news repeats words."""
    if not any(ch.isalpha() for ch in text):
        return text.lower()
    return natasha_models()["vocab"].lemmatize(text, pos, dict(feats)).replace("ё", "е")


def _attach_heads(words: list[Word], first: int, tokens: list[Any], by_id: dict[str, int]) -> None:
    """natasha's head ids to word indices; a second root hangs on the first, so a sentence has one."""
    root = None
    for token, word in zip(tokens, words[first:], strict=True):
        head = by_id.get(token.head_id)
        if head is None or head == word.i:
            if root is None:
                root = word.i
            else:
                word.head, word.dep = root, "parataxis"
        else:
            word.head = head


# -- Ukrainian: pymorphy3 ------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def ukrainian_available() -> bool:
    """Whether pymorphy3's Ukrainian dictionary (an optional dependency, see pyproject.toml) is installed."""
    import importlib.util

    return importlib.util.find_spec("pymorphy3_dicts_uk") is not None


@functools.lru_cache(maxsize=1)
def ukrainian_morphology() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="uk")


def parse_ukrainian(text: str) -> Parsed:
    from razdel import sentenize

    words: list[Word] = []
    sentences: list[tuple[int, int]] = []
    for offset, block in paragraphs(text):
        for sent in sentenize(block):
            first = len(words)
            base = offset + sent.start
            for token in tokenize(sent.text):
                initial = len(words) == first
                words.append(
                    _ukrainian_word(token.text, base + token.start, len(words), len(sentences), initial)
                )
            if len(words) > first:
                sentences.append((first, len(words)))
    return Parsed("uk", text, words, sentences)


def _ukrainian_word(text: str, start: int, i: int, sent: int, initial: bool) -> Word:
    lemma, pos, lemmas, cases, feats = _ukrainian_readings(text, initial)
    return Word(i, text, start, start + len(text), lemma, pos, sent, lemmas, cases, dict(feats))


@functools.lru_cache(maxsize=200_000)
def _ukrainian_readings(
    text: str, initial: bool
) -> tuple[str, str, tuple[str, ...], frozenset[str], tuple[tuple[str, str], ...]]:
    """Lemma, POS, all lemmas, all cases and verb features of a word, from every pymorphy3 reading.

    The dictionary scores every reading alike, so the order is ours: a capitalised word inside a
    sentence prefers a name reading ("Зеленський" the surname, not the adjective), a lower-case one
    a common-noun reading.
    """
    if not any(ch.isalpha() for ch in text):
        pos = "NUM" if any(ch.isdigit() for ch in text) else "PUNCT"
        return text.lower(), pos, (text.lower(),), frozenset(), ()
    readings = ukrainian_morphology().parse(text)
    capital = text[:1].isupper() and not initial
    readings = sorted(readings, key=lambda p: _reading_rank(p, capital))
    best = readings[0]
    pos = _upos(best)
    group = {"NOUN", "PROPN"} if pos in ("NOUN", "PROPN") else {pos}
    same = [p for p in readings if _upos(p) in group]
    cases = frozenset(CASES[p.tag.case] for p in same if p.tag.case in CASES)
    lemmas = tuple(dict.fromkeys(p.normal_form.replace("ё", "е") for p in readings))
    return lemmas[0], pos, lemmas, cases, _verb_feats(best)


_CLOSED_CLASS = {"PREP", "CONJ", "PRCL", "NPRO", "ADVB", "PRED"}


def _reading_rank(reading: Any, capital: bool) -> tuple[int, int, int]:
    """Function words first (у, до, як, що are prepositions and conjunctions before nouns), then names
    for a capitalised word inside a sentence and common words elsewhere."""
    tag = str(reading.tag)
    named = any(t in tag for t in _NAME_TAGS)
    abbreviation = "Abbr" in tag and len(reading.word) <= 2
    closed = reading.tag.POS in _CLOSED_CLASS and not capital
    return (
        int(abbreviation),
        int(not closed),
        int(named != capital) if reading.tag.POS == "NOUN" else int(capital),
    )


def _upos(reading: Any) -> str:
    pos = reading.tag.POS
    if pos == "NOUN" and any(t in str(reading.tag) for t in _NAME_TAGS):
        return "PROPN"
    if pos == "CONJ" and "subord" in str(reading.tag):
        return "SCONJ"
    return _UPOS.get(pos or "", "X")


def _verb_feats(reading: Any) -> tuple[tuple[str, str], ...]:
    tag, feats = reading.tag, []
    tenses = {"past": "Past", "pres": "Pres", "futr": "Fut"}
    if tag.tense in tenses:
        feats.append(("Tense", tenses[tag.tense]))
    if tag.aspect:
        feats.append(("Aspect", "Perf" if tag.aspect == "perf" else "Imp"))
    if tag.POS == "INFN":
        feats.append(("VerbForm", "Inf"))
    elif tag.POS in ("PRTF", "PRTS"):
        feats.append(("VerbForm", "Part"))
    elif tag.POS == "GRND":
        feats.append(("VerbForm", "Conv"))
    elif tag.POS == "VERB":
        feats.append(("VerbForm", "Fin"))
    if tag.voice == "pssv":
        feats.append(("Voice", "Pass"))
    if tag.number:
        feats.append(("Number", "Plur" if tag.number == "plur" else "Sing"))
    return tuple(feats)


# -- the spaCy Doc -------------------------------------------------------------------------------

_VOCAB = Vocab()


def to_spacy(text: str, result: Parsed) -> Doc:
    """A spaCy Doc over the same text (whitespace runs become space tokens): sentences and NER spans."""
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[bool] = []
    pos: list[str] = []
    lemmas: list[str] = []
    index: dict[int, int] = {}  # our word index -> spaCy token index
    cursor, sent = 0, -1
    for word in result.words:
        gap = text[cursor : word.start]
        if gap and not (gap == " " and words):
            if words and gap.startswith(" ") and not spaces[-1]:
                spaces[-1], gap = True, gap[1:]
            if gap:
                words.append(gap)
                spaces.append(False)
                starts.append(not words[:-1])
                pos.append("SPACE")
                lemmas.append(gap)
        elif gap == " ":
            spaces[-1] = True
        index[word.i] = len(words)
        words.append(word.text)
        spaces.append(False)
        starts.append(word.sent != sent)
        sent = word.sent
        pos.append(word.pos if word.pos != "X" else "X")
        lemmas.append(word.lemma)
        cursor = word.end
    tail = text[cursor:]
    if tail:
        if words and tail.startswith(" ") and not spaces[-1]:
            spaces[-1], tail = True, tail[1:]
        if tail:
            words.append(tail)
            spaces.append(False)
            starts.append(not words[:-1])
            pos.append("SPACE")
            lemmas.append(tail)
    if not words:
        words, spaces, starts, pos, lemmas = [text or " "], [False], [True], ["SPACE"], [text or " "]
    doc = Doc(_VOCAB, words=words, spaces=spaces, sent_starts=starts, pos=pos, lemmas=lemmas)
    labels = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"}
    doc.ents = [Span(doc, index[a], index[b - 1] + 1, labels.get(t, t)) for a, b, t in result.names]
    doc.user_data["slavic"] = result
    return doc
