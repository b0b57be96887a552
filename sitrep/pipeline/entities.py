"""Stage `entities`: spaCy NER corrected and extended by the knowledge base, one identity per entity.

spaCy's small model tags "Kherson" a PERSON, "AS-24 Killjoy" a PERSON, "Belarus" an ORG and misses
most weapon designators. This stage gathers candidate spans from four sources (NER, the KB
gazetteer, designator shapes such as "T-72A", and a few phrase rules for flights, military units and
people introduced by a role), keeps the best non-overlapping set, links each span to a KB entry
(resolving ambiguous names by the countries around them), merges mentions into identities
("Lukashenko" after "Alexander Lukashenko", "Foxhound" with "MiG-31k") and reads roles from the
dependency parse. The corrected labels are written back to ``doc.ents`` so later stages reading the
parse see "1940 wagons" as a count, not a year.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..knowledge import KBEntry, KnowledgeBase, norm, slug
from ..knowledge.gazetteer import Gazetteer
from ..model import Document, Entity, Mention
from . import Resources, Stage, stage
from .long_sentences import blank_blobs
from .syntax import sentence

_NER_LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "NORP": "NORP",
    "FAC": "LOC",
    "EVENT": "EVENT",
    "PRODUCT": "EQUIPMENT",
}
_ID_PREFIX = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "NORP": "norp",
    "EQUIPMENT": "equipment",
    "UNIT": "unit",
    "EVENT": "event",
}
# Words NER tags as entities on their own that name nothing ("Western nations", "Eastern and Central Europe").
_NOT_NAMES = {"western", "eastern", "northern", "southern", "central", "today", "related posts"}
# A weapon designator: letters-digits with a hyphen ("T-72A", "MiG-31k", "Kh-47M2", "Tor-M2", "2S19").
_DESIGNATOR = re.compile(
    r"(?<![\w\-/])(?:[A-Z][A-Za-z]{0,6}-(?:[A-Z]{1,2}\d|\d)[A-Za-z0-9]{0,6}(?:-[A-Z0-9]{1,4})?"
    r"|\d[A-Z]\d{1,3}[A-Z]?\d?|[A-Z]{1,3}\d{2,4}[A-Z]?)(?![\w\-/])"
)
_FLIGHT = re.compile(r"\b(?:[A-Z][\w&]*\s){0,3}Flight\s+(?:[A-Z]{2}|[A-Z]\d|\d[A-Z])?\s?\d{1,4}\b")
_UNIT = re.compile(
    r"\b\d{1,3}(?:st|nd|rd|th)\s(?:[A-Z][\w-]*\s){0,5}"
    r"(?:Brigade|Division|Regiment|Battalion|Army|Corps|Squadron|Fleet|Detachment|Group)\b"
)
_TIME_NOUNS = {"years", "days", "months", "weeks", "decades", "centuries", "hours", "minutes", "seconds"}
_LEADING_WORDS = {"the", "a", "an", "his", "her", "its", "their", "our", "whose"}
# Parts of speech the tagger gives unknown capitalised names besides PROPN (not trusted sentence-initially).
_NAME_POS = {"NOUN", "ADJ", "X", "VERB"}
# Pieces the tokenizer splits off a place name: "'k" of "Svitlodars'k", "-" and "Siverskyi" of "Novhorod-Siverskyi".
_NAME_PIECE = re.compile(r"[’'ʼ\-]?[A-Za-zÀ-žА-яІіЇїЄєҐґ’'ʼ\-]*")
# Lower-case words that may continue a region phrase after a place ("Kharkiv oblast", "Gomel region").
_REGION_TAIL_WORDS = {"oblast", "region", "province", "krai", "voblast", "district", "raion", "republic"}
_CONTEXT_TOKENS = 6  # how far back a country word can decide an ambiguous name ("Belarus' ... KGB")


@dataclass
class _Candidate:
    start: int  # token offsets in the spaCy doc
    end: int
    label: str  # proposed entity type
    keys: list[str]  # KB keys it may link to, best first
    source: str  # ner | kb | designator | flight | unit | appos
    priority: int
    attributes: dict = field(default_factory=dict)
    key: str | None = None  # the chosen KB key after disambiguation

    @property
    def length(self) -> int:
        return self.end - self.start


@stage("entities")
def make_entities(resources: Resources) -> Stage:
    kb = resources.kb
    gazetteer = Gazetteer(kb, resources.nlp)  # built once per pipeline, reused for every document

    def run(document: Document) -> Document:
        doc = document.spacy_doc
        if doc is None:
            return document
        document.entities = _Linker(kb, gazetteer, doc, _doc_text(document)).entities()
        return document

    return run


def _doc_text(document: Document) -> str | None:
    """The text the model read (the pipeline's parse blanks blobs), without re-joining every token."""
    doc = document.spacy_doc
    text = blank_blobs(document.analysis_text)
    last = doc[-1] if len(doc) else None
    same = last is not None and text[last.idx :] == last.text_with_ws and text.startswith(doc[0].text)
    return text if same else None


class _Linker:
    """Everything the stage does for one document."""

    def __init__(self, kb: KnowledgeBase, gazetteer: Gazetteer, doc: Doc, text: str | None = None) -> None:
        self.kb, self.gazetteer, self.doc = kb, gazetteer, doc
        self.text = doc.text if text is None else text  # Doc.text re-joins every token on each access
        # Doc.ents builds every span on each access: read them once, and index what is asked per span.
        self.ents = tuple(doc.ents)
        self.ent_at = {e.start: e for e in self.ents if e.label_ in ("GPE", "ORG")}
        self.name_words = {
            w for e in self.ents if e.label_ == "PERSON" and len(e) > 1 for w in e.text.split()
        }

    def entities(self) -> list[Entity]:
        found = self._gazetteer() + self._designators()
        # Systems named unambiguously somewhere ("Shahed-136") let their plain-word names ("Shahed") count anywhere.
        self.strong = {
            k for c in found if c.label == "EQUIPMENT" and not c.attributes.get("weak") for k in c.keys
        }
        found = [c for c in found if not c.attributes.get("weak") or set(c.keys) & self.strong]
        candidates = self._ner() + found + self._phrases()
        candidates += self._places_before_regions(candidates)
        chosen = self._select(candidates)
        self._people_not_places(chosen)
        self._disambiguate(chosen)
        entities = self._build(chosen)
        self._write_back(entities)
        return entities

    # -- candidates ---------------------------------------------------------------------------
    def _ner(self) -> list[_Candidate]:
        out = []
        for ent in self.ents:
            if ent.label_ not in _NER_LABELS:
                continue
            span = _core(ent)
            if span is None or norm(span.text) in _NOT_NAMES:
                continue
            if ent.label_ == "ORG":
                span = self._with_country_complement(span)
            label, keys = self._classify(span, ent.label_)
            if label:
                out.append(_Candidate(span.start, span.end, label, keys, "ner", 3 if keys else 2))
        return out

    def _classify(self, span: Span, ner_label: str) -> tuple[str | None, list[str]]:
        """The entity type and KB keys for an NER span, correcting the model's label where the KB knows better."""
        text = span.text
        entries = self.kb.lookup(text)
        if norm(text) in self.kb.needs_context and not self._equipment_cue(span):
            entries = [
                e for e in entries if e.type != "EQUIPMENT" or e.key in self.strong
            ]  # not "a Patriot fan"
        if len(span) == 1 and not entries and self._part_of_longer_name(span):
            return "PERSON", []  # "Tertel said" tagged ORG after "Ivan Tertel"
        if ner_label == "PERSON":
            people = [e for e in entries if e.type == "PERSON"]
            if people:
                return "PERSON", [e.key for e in people]
            if len(span) > 1 and not any(e.type == "EQUIPMENT" for e in entries):
                return "PERSON", []
            # A lone capitalised word tagged PERSON that the KB knows as a country or a well-known place:
            # "after losing Kherson"; but "Boone" the person is not Boone, North Carolina.
            known = [e for e in entries if e.kind != "place" or self.kb.well_known(e)]
            if known and not self._part_of_longer_name(span) and not self._person_cue(span):
                return known[0].type, _keys_of_type(known, known[0].type)
            if _DESIGNATOR.fullmatch(text):
                return "EQUIPMENT", []
            return "PERSON", []
        place = bool(entries) and entries[0].kind == "place"
        if place and self._person_cue(span) and not any(self.kb.well_known(e) for e in entries):
            return "PERSON", []  # "Mr Boone": tagged GPE, a person
        if (entries and entries[0].kind == "place" or ner_label in ("GPE", "LOC")) and self._persons_word(
            span
        ):
            return (
                "PERSON",
                [],
            )  # "Boone" after "Daniel Boone", "Kirillov's presentation" after "Igor Kirillov"
        if entries:
            return entries[0].type, _keys_of_type(entries, entries[0].type)
        if ner_label in ("GPE", "LOC"):
            found = self.kb.resolve_place(text)  # a spelling only transliteration reaches ("Kurakhovka")
            if found is not None and found.how in ("transliteration", "alternate"):
                return found.entry.type, [found.entry.key]
        if ner_label == "ORG" or ner_label == "FAC":
            org = self.kb.organisation(text)
            if org:
                return org.type, [org.key]
            equipment = self.kb.equipment(text)
            if equipment:
                return "EQUIPMENT", [equipment.key]
            if _FLIGHT.fullmatch(text):
                return "EVENT", []
        if ner_label == "PRODUCT":
            equipment = self.kb.equipment(text) or self.kb.equipment_family(text)
            return (
                ("EQUIPMENT", [equipment.key] if self.kb.equipment(text) else [])
                if equipment or _DESIGNATOR.fullmatch(text)
                else (None, [])
            )
        if ner_label == "NORP" and self.kb.demonym_country(text):
            return "NORP", [f"norp:{self.kb.demonym_country(text)}"]
        return _NER_LABELS[ner_label], []

    def _with_country_complement(self, span: Span) -> Span:
        """ "State Emergency Service of" + "Ukraine": NER often cuts an institution before its country."""
        doc = self.doc
        end = span.end
        if doc[end - 1].lower_ == "of":
            end -= 1
        if end + 1 < len(doc) and doc[end].lower_ == "of":
            nxt = end + 2 if doc[end + 1].lower_ == "the" and end + 2 < len(doc) else end + 1
            country = self.ent_at.get(nxt)
            if country is not None and self.kb.country(country.text):
                return doc[span.start : country.end]
        return doc[span.start : end]

    def _persons_word(self, span: Span) -> bool:
        """A one-word name that is part of a person's longer name in the document, not read as a place here
        (no "in"/"near" before it, no region after it)."""
        return len(span) == 1 and self._part_of_longer_name(span) and not self._locative(span)

    def _locative(self, span: Span) -> bool:
        doc = self.doc
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        return before in self.kb.locative_prepositions or after in _REGION_TAIL_WORDS

    def _person_cue(self, span: Span) -> bool:
        """A title or role noun right before the name ("Mr", "Rep.", "Sen.", "governor"): a person."""
        i = span.start - 1
        if i >= 0 and self.doc[i].text == "." and i >= 1:
            i -= 1
        if i < 0:
            return False
        word = self.doc[i].text.rstrip(".").lower()
        return word in self.kb.person_titles or (
            word in self.kb.role_nouns and self.doc[i].ent_type_ not in ("GPE", "LOC", "NORP")
        )

    def _part_of_longer_name(self, span: Span) -> bool:
        """Whether the word also appears inside a multi-word PERSON ("Jordan" of "Michael Jordan")."""
        return span.text in self.name_words

    def _gazetteer(self) -> list[_Candidate]:
        out = []
        for m in self.gazetteer(self.doc):
            keys = self.kb.keys_for(m.key)
            entries = [self.kb.entries[k] for k in keys]
            entries = [e for e in entries if e.kind == m.kind] or entries
            if not entries:
                continue
            span = self.doc[m.start : m.end]
            if m.kind in ("place", "country", "org", "person", "norp") and not _proper(span):
                continue
            if m.kind == "place" and self._persons_word(span):
                continue  # "Vladimir" after "Vladimir Putin": the man, not the city
            weak = m.kind == "equipment" and m.key in self.kb.needs_context and not self._equipment_cue(span)
            label = entries[0].type
            out.append(
                _Candidate(m.start, m.end, label, _keys_of_type(entries, label), "kb", 3, {"weak": weak})
            )
        return out

    def _equipment_cue(self, span: Span) -> bool:
        """A noun such as "tanks" or "system" right after, or a number right before: the word names a weapon."""
        doc = self.doc
        after = [t.text for t in doc[span.end : span.end + 3] if not t.is_punct]
        if any(w.lower() in self.kb.cue_nouns or w in self.kb.cue_nouns for w in after[:2]):
            return True
        return span.start > 0 and doc[span.start - 1].like_num

    def _designators(self) -> list[_Candidate]:
        out = []
        for m in _DESIGNATOR.finditer(self.text):
            span = self.doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None or m.group().replace("-", "").upper() in {
                x.upper() for x in self.kb.not_equipment
            }:
                continue
            entry = self.kb.equipment(m.group())
            if entry:
                out.append(_Candidate(span.start, span.end, "EQUIPMENT", [entry.key], "designator", 3))
                continue
            cue = self._cue_class(span)
            prefix_class = self.kb.designator_class(m.group())
            family = self.kb.equipment_family(m.group())
            if "-" not in m.group() and not cue:
                continue  # "FR4978", "MH17": letter-digit codes name equipment only with a noun such as "howitzers"
            if cue or prefix_class or family:
                attrs = {"class": (family.attributes.get("class") if family else None) or prefix_class or cue}
                if family:
                    attrs.update({"origin": family.attributes.get("origin"), "family": family.key})
                out.append(_Candidate(span.start, span.end, "EQUIPMENT", [], "designator", 2, attrs))
        return out

    def _cue_class(self, span: Span) -> str | None:
        nxt = [t for t in self.doc[span.end : span.end + 4] if not t.is_punct]
        for t in nxt[:3]:
            if t.text in self.kb.cue_nouns or t.text.lower() in self.kb.cue_nouns:
                return self.kb.cue_nouns.get(t.text) or self.kb.cue_nouns.get(t.text.lower())
            if t.pos_ not in ("NOUN", "PROPN", "ADJ"):
                break
        return None

    def _phrases(self) -> list[_Candidate]:
        """Flights ("Ryanair Flight FR4978"), numbered units ("93rd Mechanized Brigade"), people by apposition."""
        doc, out = self.doc, []
        for regex, label, source in ((_FLIGHT, "EVENT", "flight"), (_UNIT, "UNIT", "unit")):
            for m in regex.finditer(self.text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None:
                    attrs = {"kind": "flight"} if label == "EVENT" else {}
                    out.append(_Candidate(span.start, span.end, label, [], source, 4, attrs))
        for token in doc:
            if token.pos_ == "PROPN" and any(self._role_appos(c) for c in token.children):
                start = token.i
                while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound":
                    start -= 1
                if 1 < token.i + 1 - start <= 4 and all(t.is_title for t in doc[start : token.i + 1]):
                    out.append(_Candidate(start, token.i + 1, "PERSON", [], "appos", 2))
        return out

    def _role_appos(self, token: Token) -> bool:
        return token.dep_ == "appos" and token.i > token.head.i and token.lemma_.lower() in self.kb.role_nouns

    # -- choosing among overlapping candidates ---------------------------------------------------
    def _select(self, candidates: list[_Candidate]) -> list[_Candidate]:
        """Best non-overlapping candidates: KB-linked and longer first; NER names shield the words inside them."""
        shields = [
            c
            for c in candidates
            if c.source == "ner" and not c.keys and c.label in ("PERSON", "ORG", "EVENT", "LOC")
        ]
        inside_shield = _Containment(shields)
        kept = []
        for c in candidates:
            inside = inside_shield(c)
            if c.source == "region" or c.attributes.get("region"):
                inside = False  # "Bucha, Kyiv Oblast" tagged ORG as a whole shields neither name
            if inside and not (c.label in ("EVENT", "UNIT") or _has_digit(self.doc[c.start : c.end].text)):
                continue  # "Jordan" in "Michael Jordan", "Shahed" in "Shahed Aviation Industries"
            kept.append(c)
        kept.sort(key=lambda c: (-c.priority, -c.length, c.start))
        taken: set[int] = set()
        chosen = []
        for c in kept:
            if taken.isdisjoint(range(c.start, c.end)):
                chosen.append(c)
                taken.update(range(c.start, c.end))
        return sorted(chosen, key=lambda c: c.start)

    # -- linking ---------------------------------------------------------------------------------
    def _disambiguate(self, chosen: list[_Candidate]) -> None:
        """Pick one KB key per name: places by the resolver in context (the region written after the
        name, the sentence's countries, the article's countries, size and fame); other names by a key
        already in the document, then the local country, then the salient one."""
        for c in chosen:
            if len(c.keys) == 1:
                c.key = c.keys[0]
        article = self._article_countries(chosen)
        present = {c.key for c in chosen if c.key}
        salience = Counter(
            self.kb.entries[c.key].country for c in chosen if c.key and self.kb.entries[c.key].country
        )
        by_surface: dict[str, list[_Candidate]] = {}
        for c in chosen:
            if len(c.keys) > 1 or self._place_like(c):
                by_surface.setdefault(norm(self.doc[c.start : c.end].text), []).append(c)
        for _surface, group in by_surface.items():
            if self._place_like(group[0]):
                self._link_places(group, article)
                continue
            keys = group[0].keys
            key = next((k for k in keys if k in present), None)
            if key is None:
                local = [iso for c in group for iso in self._local_countries(c)]
                key = next((k for iso in local for k in keys if self.kb.entries[k].country == iso), None)
            if key is None:
                ranked = sorted(keys, key=lambda k: -salience.get(self.kb.entries[k].country, 0))
                key = ranked[0] if salience.get(self.kb.entries[ranked[0]].country, 0) else keys[0]
            for c in group:
                c.key = key

    def _people_not_places(self, chosen: list[_Candidate]) -> None:
        """A one-word name that is part of a person's full name found anywhere in the text is that person
        ("Kirillov's presentation" after "Igor Kirillov, the head of ..."), unless it reads as a place here."""
        words = {
            t.text for c in chosen if c.label == "PERSON" and c.length > 1 for t in self.doc[c.start : c.end]
        }
        for c in chosen:
            span = self.doc[c.start : c.end]
            if (
                c.label in ("GPE", "LOC")
                and c.length == 1
                and span.text in words
                and not self._locative(span)
            ):
                entries = [self.kb.entries[k] for k in c.keys if k in self.kb.entries]
                if not any(e.kind == "country" for e in entries):
                    c.label, c.keys, c.key = "PERSON", [], None

    def _place_like(self, c: _Candidate) -> bool:
        """A name the place resolver decides: its best key is a place, or it is an unlinked GPE or LOC."""
        if c.keys:
            return c.keys[0].startswith("place:")
        return c.label in ("GPE", "LOC")

    def _link_places(self, group: list[_Candidate], article: dict[str, float]) -> None:
        """One place for every mention of a name: the region after any mention ("Kamyanka, Kharkiv Oblast")
        binds them all; else the sentence's and the article's countries with size and fame."""
        text = self.doc[group[0].start : group[0].end].text
        regions = [r for c in group if (r := self._region_after(c))]
        local = [iso for c in group[:1] for iso in self._local_countries(c)]
        found = self.kb.resolve_place(text, regions[0] if regions else None, local=local, article=article)
        for c in group:
            if found is None:
                c.key = c.key or (c.keys[0] if c.keys else None)
            elif found.how == "division" and norm(found.entry.name) != norm(text):
                c.key, c.attributes["within"] = (
                    None,
                    found.entry.key,
                )  # a place we do not know, in a known region
            else:
                c.key = found.entry.key

    def _region_after(self, c: _Candidate) -> str | None:
        """The region phrase after "<place>, ": a division or country the text names right after the place."""
        doc, i = self.doc, c.end
        if i + 1 >= len(doc) or doc[i].text != ",":
            return None
        end = i + 1
        while (
            end < len(doc) and end - i <= 4 and (doc[end].is_title or doc[end].lower_ in _REGION_TAIL_WORDS)
        ):
            end += 1
        for stop in range(end, i + 1, -1):
            phrase = doc[i + 1 : stop].text
            if self.kb.region(phrase) is not None:
                return phrase
        return None

    def _article_countries(self, chosen: list[_Candidate]) -> dict[str, float]:
        """Each country's share of the article's linked names: the countries the article is about."""
        counts: Counter = Counter()
        for c in chosen:
            entry = self.kb.get(c.key or (c.keys[0] if len(c.keys) == 1 else None))
            if entry is not None and entry.country and entry.type in ("GPE", "LOC", "NORP", "ORG"):
                counts[entry.country] += 1
        total = sum(counts.values())
        return {iso: n / total for iso, n in counts.items()} if total else {}

    def _places_before_regions(self, candidates: list[_Candidate]) -> list[_Candidate]:
        """ "Kamyanka, Kharkiv Oblast": the capitalised words before a comma and a division or country are a
        place, whatever NER made of them; it outranks NER when the region holds a place of that name."""
        out = []
        for r in candidates:
            if not r.keys or r.start < 2 or self.doc[r.start - 1].text != ",":
                continue
            if not r.keys[0].startswith(("place:", "country:")) or self._role_follows(r.end):
                continue  # "Oleh Syniehubov, Kharkiv Oblast governor" names a person
            end = r.start - 1
            start = self._name_start(end)
            if start == end:
                continue
            region = self.doc[r.start : r.end].text
            found = self.kb.resolve_place(self.doc[start:end].text, region)
            inside = found is not None and found.how != "division"
            keys = [found.entry.key] if inside else []
            out.append(_Candidate(start, end, "GPE", keys, "region", 4 if inside else 3))
            r.attributes["region"] = True  # a region phrase: no NER name shields it
        return out

    def _name_start(self, end: int) -> int:
        """Where the capitalised name ending before token ``end`` starts: up to four words, with the
        pieces the tokenizer splits off a name kept ("Svitlodars'k", "Novhorod-Siverskyi")."""
        doc, start, words = self.doc, end, 0
        while start > 0 and words < 4:
            t = doc[start - 1]
            attached = start < end and not t.whitespace_
            if t.text[:1].isupper() and (t.pos_ == "PROPN" or (t.pos_ in _NAME_POS and not t.is_sent_start)):
                words += 1
            elif not (attached and _NAME_PIECE.fullmatch(t.text)):
                break
            start -= 1
        while start < end and not doc[start].text[:1].isupper():
            start += 1  # a name starts with a capital, not with a piece
        return start

    def _role_follows(self, i: int) -> bool:
        return i < len(self.doc) and self.doc[i].lower_ in self.kb.role_nouns

    def _local_countries(self, c: _Candidate) -> list[str]:
        sent_start = sentence(self.doc[c.start]).start
        window = self.doc[max(sent_start, c.start - _CONTEXT_TOKENS) : c.end]
        return self.kb.countries_in(window.text)

    # -- identities --------------------------------------------------------------------------------
    def _build(self, chosen: list[_Candidate]) -> list[Entity]:
        entities: dict[str, Entity] = {}
        surnames: dict[str, str] = {}  # last name -> entity id, for "Tertel" after "Ivan Tertel"
        for c in sorted(chosen, key=lambda c: c.start):
            span = self.doc[c.start : c.end]
            entry = self.kb.get(c.key)
            entity_id = entry.key if entry else f"{_ID_PREFIX[c.label]}:{slug(span.text)}"
            if entry is None and c.attributes.get("within"):  # not the known place of that name elsewhere
                entity_id = f"{entity_id}-in-{c.attributes['within'].split(':', 1)[1]}"
            if c.label == "PERSON" and len(span) == 1 and not entry:
                entity_id = surnames.get(span.text, entity_id)
            entity = entities.get(entity_id)
            if entity is None:
                entity = entities[entity_id] = _new_entity(entity_id, span.text, c.label, entry, c.attributes)
                self._locate(entity, entry, c)
            entity.mentions.append(Mention(span.start_char, span.end_char, span.text))
            if c.label == "PERSON":
                if len(span) > 1:
                    surnames.setdefault(span[-1].text, entity_id)
                    if entity.name != span.text and not entry and len(span.text) > len(entity.name):
                        entity.name = span.text
                if entity.role is None or (entry and entity.role == entry.role):
                    role = self._role(span)
                    if role:
                        entity.role = role
                        entity.country = entity.country or self.kb.country_of(role)
        _merge_late_surnames(entities)
        _merge_nato_nicknames(entities, self.kb)
        self._add_bare_surnames(entities)
        for entity in entities.values():  # surface forms seen first, then the KB's other names
            seen = [m.text for m in entity.mentions]
            entity.aliases = [a for a in dict.fromkeys(seen + entity.aliases) if a != entity.name]
        return sorted(entities.values(), key=lambda e: e.mentions[0].start)

    def _locate(self, entity: Entity, entry: KBEntry | None, c: _Candidate) -> None:
        """A place's division for ACLED's admin1; an unknown place in a known region stands at the region."""
        if entity.type not in ("GPE", "LOC"):
            return
        within = self.kb.get(c.attributes.get("within"))
        if entry is None and within is not None:
            entity.lat, entity.lon, entity.country = within.lat, within.lon, within.country
            entity.attributes.update({"precision": "admin1", "within": within.key})
            division = within
        else:
            division = self.kb.division_of(entry) if entry is not None else None
        if division is not None:
            entity.attributes["admin1"] = division.name
            entity.attributes["admin1_key"] = division.key
        elif entry is not None and entry.attributes.get("precision") == "admin1":
            entity.attributes["admin1"] = entry.name
            entity.attributes["admin1_key"] = entry.key

    def _add_bare_surnames(self, entities: dict[str, Entity]) -> None:
        """ "Tertel said ..." after "Ivan Tertel": NER often misses a lone surname it tagged in the full name."""
        covered = {i for e in entities.values() for m in e.mentions for i in range(m.start, m.end)}
        surnames: dict[str, Entity] = {}
        for e in entities.values():
            if e.type == "PERSON" and " " in e.name:
                surnames.setdefault(e.name.split()[-1], e)
        if not surnames:
            return
        for token in self.doc:
            person = surnames.get(token.text)
            if person is not None and token.idx not in covered and token.pos_ == "PROPN":
                if token.i + 1 < len(self.doc) and self.doc[token.i + 1].pos_ == "PROPN":
                    continue  # "Tertel Street", another name
                person.mentions.append(Mention(token.idx, token.idx + len(token.text), token.text))
        for person in surnames.values():
            person.mentions.sort(key=lambda m: m.start)

    # -- roles -------------------------------------------------------------------------------------
    def _role(self, span: Span) -> str | None:
        """The office a text gives a person: an apposition after the name or a title before it."""
        return self._appositive_role(span) or self._title_role(span)

    def _appositive_role(self, span: Span) -> str | None:
        root = span.root
        appos = [t for t in root.children if t.dep_ == "appos" and t.i >= span.end]
        if appos and appos[0].lower_ in self.kb.role_nouns:
            start = appos[0].left_edge.i
            end = appos[0].right_edge.i + 1
            for t in appos[1:]:  # "the chief of Belarus' security service KGB" parses as two appositions
                if any(x.text == "," for x in self.doc[end : t.left_edge.i]):
                    break
                end = t.right_edge.i + 1
            return _role_text(self.doc[start:end], self.text)
        head = root.head
        if root.dep_ == "appos" and head.i < span.start and head.lower_ in self.kb.role_nouns:
            # "the head of the regional administration, Oleh Syniehubov": the words before the name
            start = span.start - 1 if self.doc[span.start - 1].text == "," else span.start
            while start > head.left_edge.i:
                t = self.doc[start - 1]
                if t.ent_type_ == "PERSON" or t.dep_ == "cc" or t.text in (",", ";", "(", ")"):
                    break
                start -= 1
            return _role_text(self.doc[start : span.start], self.text)
        return None

    def _title_role(self, span: Span) -> str | None:
        """Words before the name that form a title: "Belarusian leader", "Defence Minister", "the governor"."""
        doc, i = self.doc, span.start - 1
        if i < 0 or not self._is_role_noun(doc[i]):
            return None
        start = i
        while start - 1 >= 0:
            t = doc[start - 1]
            lower = t.text.lower()
            before = doc[start - 2] if start >= 2 else None
            possessive = (
                t.text in ("’s", "'s", "’", "'") and before is not None and self.kb.country_of(before.text)
            )
            of_phrase = (
                lower == "of" and before is not None and self._is_role_noun(before)
            )  # "Secretary of State"
            known = self._is_role_noun(t) or lower in self.kb.role_modifiers or self.kb.country_of(t.text)
            if not (known or possessive or of_phrase):
                break
            start -= 1
        return _role_text(doc[start : span.start], self.text)

    def _is_role_noun(self, token: Token) -> bool:
        return (
            token.pos_ in ("NOUN", "PROPN")
            and token.text.lower() in self.kb.role_nouns
            and token.ent_type_ != "PERSON"
        )

    # -- writing corrected labels back to the parse ------------------------------------------------
    def _write_back(self, entities: list[Entity]) -> None:
        doc = self.doc
        spans = []
        for entity in entities:
            for m in entity.mentions:
                span = doc.char_span(m.start, m.end, label=entity.type, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        for ent in doc.ents:
            if ent.label_ in _NER_LABELS:
                continue
            label = ent.label_
            if label == "DATE" and len(ent) == 1 and re.fullmatch(r"\d{4}", ent.text) and ent.end < len(doc):
                nxt = doc[ent.end]
                if nxt.tag_ == "NNS" and nxt.lower_ not in _TIME_NOUNS:
                    label = "CARDINAL"  # "1940 wagons" counts wagons, it is not the year 1940
            spans.append(Span(doc, ent.start, ent.end, label=label))
        doc.ents = filter_spans(spans)


# -- helpers -----------------------------------------------------------------------------------------


class _Containment:
    """Whether a longer span of ``spans`` contains a candidate, in log time per question."""

    def __init__(self, spans: list[_Candidate]) -> None:
        ordered = sorted((c.start, c.end) for c in spans)
        self.starts = [a for a, _ in ordered]
        self.reach = list(accumulate((b for _, b in ordered), max, initial=-1))  # furthest end so far
        self.longest_at: dict[int, int] = {}
        for a, b in ordered:
            self.longest_at[a] = max(b, self.longest_at.get(a, b))

    def __call__(self, c: _Candidate) -> bool:
        earlier = bisect_left(self.starts, c.start)  # spans starting strictly before ``c``
        return self.reach[earlier] >= c.end or self.longest_at.get(c.start, -1) > c.end


def _core(ent: Span) -> Span | None:
    """The name inside an NER span, without a leading article or a trailing possessive."""
    start, end = ent.start, ent.end
    while start < end and ent.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and (ent.doc[end - 1].text in ("’s", "'s", "’", "'") or ent.doc[end - 1].is_punct):
        end -= 1
    return ent.doc[start:end] if end > start else None


def _proper(span: Span) -> bool:
    """A gazetteer hit outside NER counts only where it looks like a name, not a sentence-initial word."""
    first = span[0]
    return first.pos_ in ("PROPN", "ADJ", "NOUN") and (first.text[:1].isupper() or first.text[:1].isdigit())


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _keys_of_type(entries: list[KBEntry], label: str) -> list[str]:
    return [e.key for e in entries if e.type == label] or [entries[0].key]


def _role_text(span: Span, text: str) -> str | None:
    tokens = list(span)
    while tokens and (tokens[0].lower_ in _LEADING_WORDS or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in ("’", "'"):
        tokens = tokens[:-1]
    if not tokens:
        return None
    return text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]


def _new_entity(entity_id: str, text: str, label: str, entry: KBEntry | None, attrs: dict) -> Entity:
    if entry is None:
        return Entity(
            id=entity_id,
            name=text,
            type=label,
            attributes={k: v for k, v in attrs.items() if v and k != "weak"},
        )
    attributes = {
        k: v
        for k, v in entry.attributes.items()
        if v is not None and k not in ("prose_name", "source", "geonameid", "centre")
    }
    entity = Entity(
        id=entry.key,
        name=entry.name,
        type=entry.type,
        # a GeoNames place's dozens of names in other languages are the gazetteer's business, not the reader's
        aliases=[a for a in entry.aliases if a != entry.name]
        if entry.curated or entry.kind != "place"
        else [],
        role=entry.role,
        country=entry.country,
        lat=entry.lat,
        lon=entry.lon,
        kb_id=entry.key,
        attributes=attributes,
    )
    if entry.type == "EQUIPMENT":
        entity.country = (
            None  # a weapon has an origin, not a nationality; who holds it is the event's business
        )
    return entity


def _merge_late_surnames(entities: dict[str, Entity]) -> None:
    """A surname seen before the full name ("Tertel ... Ivan Tertel") joins the full name's entity."""
    people = [e for e in entities.values() if e.type == "PERSON"]
    for single in [e for e in people if " " not in e.name and not e.kb_id]:
        full = [e for e in people if e is not single and e.name.split()[-1] == single.name]
        if len(full) == 1:
            full[0].mentions = sorted(full[0].mentions + single.mentions, key=lambda m: m.start)
            full[0].role = full[0].role or single.role
            del entities[single.id]


def _merge_nato_nicknames(entities: dict[str, Entity], kb: KnowledgeBase) -> None:
    """ "Foxhound" names the MiG-31 family; in a text about the MiG-31K it is that aircraft."""
    for family in [e for e in entities.values() if e.type == "EQUIPMENT" and e.kb_id]:
        nato = str(family.attributes.get("nato_name") or "")
        if not nato or any(nato.split()[-1].lower() not in m.text.lower() for m in family.mentions):
            continue
        variants = [e for e in entities.values() if e.attributes.get("family") == family.kb_id]
        if len(variants) == 1:
            variants[0].mentions = sorted(variants[0].mentions + family.mentions, key=lambda m: m.start)
            for m in family.mentions:
                if m.text not in variants[0].aliases:
                    variants[0].aliases.append(m.text)
            del entities[family.id]
