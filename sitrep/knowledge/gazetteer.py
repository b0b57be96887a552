"""Finding the knowledge base's names in a parsed text with spaCy PhraseMatchers, built once.

Two matchers: one on ``ORTH`` for names whose case carries meaning (acronyms such as "US" and "KGB",
proper names, plain-word aliases such as "Patriot") and one on ``LOWER`` for designators, which writers
spell freely ("MiG-31k", "Tor-M2"). Designator and multi-word equipment names also match in the
plural ("T-72As", "Ural trucks").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ._kb import KnowledgeBase
from ._text import clean


@dataclass(frozen=True)
class Match:
    start: int  # token offsets
    end: int
    key: str  # normalised alias: KnowledgeBase.keys_for(key) gives the entries
    kind: str  # country | norp | place | equipment | org | person


class Gazetteer:
    def __init__(self, kb: KnowledgeBase, nlp: Language) -> None:
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._kinds: dict[str, str] = {}
        exact: dict[str, list[str]] = {}
        lower: dict[str, list[str]] = {}
        for p in kb.patterns():
            text = clean(p.text)
            if not text or len(text) < 2:
                continue
            self._kinds.setdefault(p.key, p.kind)
            variants = [text]
            if p.kind == "equipment" and text[-1].isalnum() and not text.endswith("s"):
                variants.append(text + "s")
            if not p.case_sensitive:
                # The tokenizer splits by case ("MiG-31K" -> "MiG-31", "K"; "MiG-31k" stays whole),
                # so a case-insensitive name needs its lower-case tokenisation too.
                variants += [v.lower() for v in variants]
            (exact if p.case_sensitive else lower).setdefault(p.key, []).extend(variants)
        for patterns, matcher in ((exact, self._exact), (lower, self._lower)):
            for key, texts in patterns.items():
                matcher.add(key, list(nlp.tokenizer.pipe(dict.fromkeys(texts))))
        self._strings = nlp.vocab.strings

    def __call__(self, doc: Doc) -> list[Match]:
        """Every name match in ``doc``, longest first where two start together."""
        found = {}
        for matcher in (self._exact, self._lower):
            for match_id, start, end in matcher(doc):
                key = self._strings[match_id]
                found[(start, end, key)] = Match(start, end, key, self._kinds.get(key, ""))
        return sorted(found.values(), key=lambda m: (m.start, -(m.end - m.start)))
