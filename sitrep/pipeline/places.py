"""Stage `places`: where each event happened, checked and completed after the events stage.

The events stage reads a location from the clause's syntax. This stage makes the answer hold:

* a location must be a place (GPE or LOC): a person or an organisation is never where an event happened;
* an event without one takes the place of a locative phrase of its own sentence ("Shelling was reported
  in Kamyanka, Kharkiv Oblast"), the one in the event's clause first, the nearest to the trigger next;
* a short report that names one place only, in its headline or dateline ("KHERSON, Ukraine (AP) -- ..."),
  locates its events there;
* a location without coordinates gets them from the knowledge base when its name resolves; a country
  stands at its capital (the knowledge base gives countries their capital's coordinates).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from ..knowledge import KnowledgeBase, load_data
from ..model import Document, Entity, Event, Mention
from . import Resources, Stage, stage

_PLACE_TYPES = ("GPE", "LOC")
# A dateline: an upper-case place (and maybe its country or region) opening a paragraph, then a dash,
# an agency in brackets or a date: "KHERSON, Ukraine (AP) —", "KYIV —", "Mariupol, March 3 (Reuters) -".
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?P<place>[A-Z][A-Z'’\-]+(?:[ \-][A-Z][A-Z'’\-]+){0,2}|[A-Z][a-z'’\-]+(?: [A-Z][a-z'’\-]+)?)"
    r"(?:,[ \t]*(?P<region>[A-Z][A-Za-z'’\- ]{2,40}?))?[ \t]*(?:\((?:[^)\n]{1,40})\)[ \t]*)?[—–-]{1,2}[ \t]"
)


@stage("places")
def make_places(resources: Resources) -> Stage:
    kb = resources.kb
    settings = load_data("gazetteer.yaml")
    prepositions = frozenset(str(p) for p in settings["locative_prepositions"])
    short_report = int(settings["short_report_sentences"])

    def run(document: Document) -> Document:
        doc = document.spacy_doc
        if doc is None or not document.events:
            return document
        _Placer(kb, document, doc, prepositions, short_report).run()
        return document

    return run


class _Placer:
    """Everything the stage does for one document."""

    def __init__(
        self, kb: KnowledgeBase, document: Document, doc: Doc, prepositions: frozenset[str], short: int
    ) -> None:
        self.kb, self.document, self.doc = kb, document, doc
        self.prepositions, self.short = prepositions, short
        self._report_place: Entity | None | bool = False  # computed on first need
        self._by_sentence: dict[int, list[tuple[int, Entity]]] = {}
        self._sentences: list[Span] | None = None
        self._starts: list[int] = []

    def run(self) -> None:
        for event in self.document.events:
            location = self.document.entity(event.location) if event.location else None
            if location is not None and location.type not in _PLACE_TYPES:
                event.location = location = None  # "Vladimir Putin" is nobody's location
            if location is None:
                found = self._sentence_place(event) or self._report_location()
                event.location = found.id if found is not None else None
                location = found
            if location is not None and location.lat is None:
                self._give_coordinates(location)

    # -- the event's own sentence -------------------------------------------------------------------
    def _sentence_place(self, event: Event) -> Entity | None:
        """The place of a locative phrase ("in", "near", "outside" ...) in the event's sentence: one in the
        trigger's clause first, then the nearest to the trigger."""
        trigger = self._trigger(event)
        if trigger is None:
            return None
        head = trigger.head if trigger.dep_ != "ROOT" else trigger
        left, right = head.left_edge.i, head.right_edge.i  # a projective parse: the clause is contiguous
        found = self._locatives(self._sentence_of(trigger))
        if not found:
            return None
        return min(found, key=lambda f: (not left <= f[0] <= right, abs(f[0] - trigger.i)))[1]

    def _sentence_of(self, token: Token) -> Span:
        """The token's sentence, by bisection over sentence starts found once (linear in the document)."""
        if self._sentences is None:
            self._sentences = list(self.doc.sents)
            self._starts = [sent.start for sent in self._sentences]
        return self._sentences[bisect_right(self._starts, token.i) - 1]

    def _locatives(self, sent: Span) -> list[tuple[int, Entity]]:
        """(token index, place) of each locative phrase of a sentence, found once per sentence."""
        cached = self._by_sentence.get(sent.start)
        if cached is None:
            cached = []
            for token in sent:
                if token.dep_ == "pobj" and token.head.lower_ in self.prepositions:
                    entity = self._place_at(token)
                    if entity is not None:
                        cached.append((token.i, entity))
            self._by_sentence[sent.start] = cached
        return cached

    def _trigger(self, event: Event) -> Token | None:
        span = self.doc.char_span(event.evidence.start, event.evidence.end, alignment_mode="expand")
        return span.root if span is not None and len(span) else None

    def _place_at(self, token: Token) -> Entity | None:
        """The place entity a noun names, the noun's compound or the first conjunct included."""
        for t in (token, *token.conjuncts):
            start = t.left_edge.idx if t.ent_type_ else t.idx
            entity = self.document.entity_at(start, t.idx + len(t.text))
            if entity is not None and entity.type in _PLACE_TYPES:
                return entity
        return None

    # -- the report's one place -------------------------------------------------------------------
    def _report_location(self) -> Entity | None:
        """The one place a short report names, when its headline or dateline names it."""
        if self._report_place is False:
            self._report_place = self._find_report_place()
        return self._report_place or None

    def _find_report_place(self) -> Entity | None:
        if self._sentences is None:
            self._sentence_of(self.doc[0])
        sentences = self._sentences or []
        if len(sentences) > self.short:
            return None
        places = [
            e for e in self.document.entities if e.type in _PLACE_TYPES and not e.id.startswith("country:")
        ]
        dateline = self._dateline()
        if dateline is not None and all(p.id == dateline.id or self._contains(p, dateline) for p in places):
            return dateline
        if len(places) != 1 or not sentences:
            return None
        headline = sentences[0]
        place = places[0]
        in_headline = any(headline.start_char <= m.start < headline.end_char for m in place.mentions)
        return place if in_headline else None

    def _contains(self, outer: Entity, inner: Entity) -> bool:
        """Whether ``outer`` is the division or country ``inner`` lies in (the dateline's "KHERSON, Ukraine")."""
        return outer.id in (inner.attributes.get("admin1_key"), f"country:{inner.country}")

    def _dateline(self) -> Entity | None:
        """The place of a dateline in the first lines, added as an entity if NER missed it."""
        head = self.document.text[:300]
        m = _DATELINE.search(head)
        if m is None:
            return None
        name = m.group("place").title() if m.group("place").isupper() else m.group("place")
        if len(name) < 3:
            return None
        found = self.kb.resolve_place(name, m.group("region"))
        if found is None or found.how not in ("name", "alternate") or found.entry.kind != "place":
            return None
        if not (m.group("region") or self.kb.well_known(found.entry)):
            return None  # "BREAKING —", "UPDATE —": only a known place or one with its region is a dateline
        entry = found.entry
        entity = self.document.entity(entry.key)
        if entity is None:
            entity = Entity(
                id=entry.key,
                name=entry.name,
                type=entry.type,
                country=entry.country,
                lat=entry.lat,
                lon=entry.lon,
                kb_id=entry.key,
                attributes={
                    k: v for k, v in entry.attributes.items() if k in ("kind", "admin1_code", "precision")
                },
            )
            division = self.kb.division_of(entry)
            if division is not None:
                entity.attributes.update({"admin1": division.name, "admin1_key": division.key})
            self.document.entities.append(entity)
        start = m.start("place")
        if not any(mn.start == start for mn in entity.mentions):
            entity.mentions.append(Mention(start, m.end("place"), m.group("place")))
            entity.mentions.sort(key=lambda x: x.start)
        return entity

    # -- coordinates ----------------------------------------------------------------------------------
    def _give_coordinates(self, location: Entity) -> None:
        found = self.kb.resolve_place(location.name)
        if found is not None and found.entry.lat is not None and found.how in ("name", "alternate"):
            location.lat, location.lon = found.entry.lat, found.entry.lon
            location.country = location.country or found.entry.country
            location.kb_id = location.kb_id or found.entry.key
