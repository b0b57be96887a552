"""The one data model that flows through sitrep.

Every pipeline stage reads a :class:`Document` and returns it richer. The store,
the CLI and the API read the same objects. Character offsets always index
``Document.text`` in Python ``str`` positions, so every fact can be traced back
to the sentence it came from.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "EQUIPMENT", "UNIT", "EVENT")

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "SANCTION",
    "PROTEST",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

MODALITIES = ("asserted", "reported", "hedged", "negated", "predicted")

# How far an event concerns armed conflict and politics, so an analyst can hide the rest.
RELEVANCES = ("conflict", "politics", "other")

# The kind of an actor, as ACLED's actor columns (inter codes) classify it, plus officials and states.
ACTOR_KINDS = (
    "state_forces",
    "rebels",
    "political_militia",
    "identity_militia",
    "rioters",
    "protesters",
    "civilians",
    "external",
    "officials",
    "state",
    "organisation",
    "unknown",
)


@dataclass
class Evidence:
    """Where a fact was read: its character span and the sentence around it."""

    start: int
    end: int
    sentence: str
    sentence_start: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "sentence_start": self.sentence_start,
        }


@dataclass
class TimeExpression:
    """A temporal expression with its TIMEX3 value and the calendar interval it covers.

    ``start``/``end`` are inclusive calendar days; either may be ``None`` when the
    expression is open ("since April" has no end) or cannot be placed on the calendar.
    """

    text: str
    span_start: int
    span_end: int
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TIMEX3 value: 2022-11-03, 2022-10, 2022-W44, P2M, PRESENT_REF ...
    start: date | None = None
    end: date | None = None
    mod: str | None = None  # TIMEX3 mod: START, END, MID, APPROX, BEFORE, AFTER ...
    anchor: str | None = None  # what it was resolved against: absolute | publication | previous | speech

    def interval_dict(self) -> dict[str, Any]:
        """The short form used inside events, statements and forecasts."""
        return {"text": self.text, "value": self.value, "start": _iso(self.start), "end": _iso(self.end)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "span": {"start": self.span_start, "end": self.span_end},
            "type": self.type,
            "value": self.value,
            "start": _iso(self.start),
            "end": _iso(self.end),
            "mod": self.mod,
            "anchor": self.anchor,
        }


@dataclass
class Mention:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class ReviewState:
    """What analysts decided on a stored fact: the last accept or reject, field edits merged, notes."""

    status: str = "unreviewed"  # unreviewed | accepted | rejected | edited
    changes: dict[str, Any] = field(default_factory=dict)  # field -> corrected value, latest wins
    notes: list[dict[str, Any]] = field(default_factory=list)  # {"note", "by", "at"}
    reviewers: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "changes": dict(self.changes),
            "notes": [dict(n) for n in self.notes],
            "reviewers": list(self.reviewers),
        }


@dataclass
class Stored:
    """Where a stored fact lives and what analysts decided on it: the store's reader fills it in.

    The pipeline never sets it. ``date_start``/``date_end`` are the fact's own interval or, when the
    text gives none, its article's publication date (or range) as a bound.
    """

    key: str  # the fact key: kind, document and evidence span; it survives re-analysis
    document: str  # the document's key
    title: str | None = None
    source: str | None = None  # the outlet
    url: str | None = None
    published: date | None = None
    date_start: date | None = None
    date_end: date | None = None
    grade: str | None = None  # the outlet's Admiralty grade ("B2"), when an analyst gave one
    copy_of: str | None = None  # the document key of the first copy of this wire story, when a copy
    review: ReviewState | None = None
    dated_by: str = "text"  # text | article (no time of its own: its article's date is a bound) | analyst

    @property
    def rejected(self) -> bool:
        return self.review is not None and self.review.status == "rejected"

    def to_dict(self) -> dict[str, Any]:
        """What a stored fact adds to the analysis contract: its key, its source and its review."""
        return {
            "key": self.key,
            "date_start": _iso(self.date_start),
            "date_end": _iso(self.date_end),
            "dated_by": self.dated_by,
            "source": {
                "document": self.document,
                "title": self.title,
                "source": self.source,
                "url": self.url,
                "published": _iso(self.published),
                "grade": self.grade,
                "copy_of": self.copy_of,
            },
            "review": self.review.to_dict() if self.review else None,
        }


@dataclass
class EntityStats:
    """How often the store names an entity, and the analysts' merges that concern it."""

    documents: int = 0
    mentions: int = 0
    merged_into: str | None = None
    merged_from: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "mentions": self.mentions,
            "merged_into": self.merged_into,
            "merged_from": list(self.merged_from),
        }


class Names(Protocol):
    """Anything that finds an entity by id: a Document, or a page of stored facts."""

    def entity(self, entity_id: str | None) -> Entity | None: ...


def name_of(names: Names, entity_id: str | None, fallback: str = "") -> str:
    """The display name for an entity id; ids mean nothing to a reader."""
    entity = names.entity(entity_id)
    return entity.name if entity else (fallback or entity_id or "")


def names_of(names: Names, ids: list[str], texts: list[str]) -> list[str]:
    """Entity names for ``ids``, falling back to the surface texts when an id is unknown or absent."""
    found = [name_of(names, i, texts[n] if n < len(texts) else "") for n, i in enumerate(ids)]
    return list(dict.fromkeys(n for n in (found or texts) if n))


@dataclass
class Entity:
    """One real-world identity with every mention of it in the document."""

    id: str
    name: str
    type: str  # one of ENTITY_TYPES
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3
    lat: float | None = None
    lon: float | None = None
    kb_id: str | None = None  # key in the knowledge base, when linked
    attributes: dict[str, Any] = field(default_factory=dict)  # class, origin, nato_name ...
    mentions: list[Mention] = field(default_factory=list)
    stored: EntityStats | None = None  # set by the store's reader

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "role": self.role,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "kb_id": self.kb_id,
            "attributes": dict(self.attributes),
            "mentions": [m.to_dict() for m in self.mentions],
            **({"stored": self.stored.to_dict()} if self.stored else {}),
        }


@dataclass
class Quantity:
    """A count or amount with its bounds, attached to what it counts."""

    text: str
    start: int
    end: int
    value: float | None = None
    min: float | None = None
    max: float | None = None
    qualifier: str | None = None  # at least | at most | about | more than | range | vague ...
    unit: str | None = None  # the counted noun: munitions, wagons, tanks ...
    item: str | None = None  # entity id of the counted thing, when it is one

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": _num(self.value),
            "min": _num(self.min),
            "max": _num(self.max),
            "qualifier": self.qualifier,
            "unit": self.unit,
            "item": self.item,
            "text": self.text,
            "span": {"start": self.start, "end": self.end},
        }


@dataclass
class Statement:
    id: str
    speaker: str | None  # entity id
    speaker_text: str
    act: str  # said | claimed | warned | asserted | accused | denied | stated ...
    content: str
    evidence: Evidence
    role: str | None = None
    time: TimeExpression | None = None
    venue: str | None = None
    content_start: int | None = None
    content_end: int | None = None
    modality: str = "asserted"  # the force of the speech act: asserted | hedged | negated ...
    stored: Stored | None = None  # set by the store's reader

    def summary(self, names: Names) -> str:
        """One line: who said what."""
        return f"{name_of(names, self.speaker, self.speaker_text)}: {self.content}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "speaker": self.speaker,
            "speaker_text": self.speaker_text,
            "role": self.role,
            "act": self.act,
            "time": self.time.interval_dict() if self.time else None,
            "venue": self.venue,
            "content": self.content,
            "content_span": {"start": self.content_start, "end": self.content_end},
            "modality": self.modality,
            "evidence": self.evidence.to_dict(),
            **(self.stored.to_dict() if self.stored else {}),
        }


@dataclass
class Event:
    id: str
    type: str  # one of PLOVER_TYPES
    evidence: Evidence
    trigger: str = ""
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)  # entity ids
    recipients: list[str] = field(default_factory=list)
    actor_texts: list[str] = field(default_factory=list)  # surface text of each actor phrase
    recipient_texts: list[str] = field(default_factory=list)
    location: str | None = None
    items: list[str] = field(default_factory=list)
    item_texts: list[str] = field(default_factory=list)  # counted nouns that are no entity ("munitions")
    quantity: Quantity | None = None
    quantities: list[Quantity] = field(default_factory=list)  # every quantity of the clause
    time: TimeExpression | None = None
    modality: str = "asserted"
    statement: str | None = None  # statement id when the fact is reported inside one
    actor_kinds: list[str] = field(default_factory=list)  # ACTOR_KINDS, one per ``actor_texts``
    recipient_kinds: list[str] = field(default_factory=list)  # one per ``recipient_texts``
    acled_event_type: str | None = None  # None: ACLED would not code this event
    acled_sub_event_type: str | None = None
    # ACLED's actor columns for the event: actor1, inter1, actor2, inter2 ("Protesters (Russia)", 6,
    # "Police Forces of Russia (2000-)", 1). Not always the PLOVER actor and recipient: the police who
    # break up a protest are its actor2, although they are no recipient of the protest.
    acled_actors: dict[str, Any] = field(default_factory=dict)
    relevance: str | None = None  # one of RELEVANCES
    stored: Stored | None = None  # set by the store's reader

    def summary(self, names: Names) -> str:
        """One line, the way an analyst reads an event: who did what (→ to whom), where."""
        who = ", ".join(names_of(names, self.actors, self.actor_texts)) or "?"
        whom = names_of(names, self.recipients, self.recipient_texts)
        where = name_of(names, self.location) if self.location else ""
        negated = "not " if self.modality == "negated" else ""
        line = f"{who} {negated}{self.trigger}"
        if whom:
            line += " → " + ", ".join(whom)
        if where and where not in whom:
            line += f" in {where}"
        return line.strip()

    @property
    def acled(self) -> dict[str, Any] | None:
        if not self.acled_event_type:
            return None
        return {
            "event_type": self.acled_event_type,
            "sub_event_type": self.acled_sub_event_type or "",
            **self.acled_actors,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "mode": self.mode,
            "context": list(self.context),
            "trigger": self.trigger,
            "actors": list(self.actors),
            "recipients": list(self.recipients),
            "actor_texts": list(self.actor_texts),
            "recipient_texts": list(self.recipient_texts),
            "location": self.location,
            "items": list(self.items),
            "item_texts": list(self.item_texts),
            "quantity": self.quantity.to_dict() if self.quantity else None,
            "quantities": [q.to_dict() for q in self.quantities],
            "time": self.time.interval_dict() if self.time else None,
            "modality": self.modality,
            "statement": self.statement,
            "actor_kinds": list(self.actor_kinds),
            "recipient_kinds": list(self.recipient_kinds),
            "acled": self.acled,
            "relevance": self.relevance,
            "evidence": self.evidence.to_dict(),
            **(self.stored.to_dict() if self.stored else {}),
        }


@dataclass
class Forecast:
    id: str
    claim: str
    evidence: Evidence
    by: str | None = None  # entity id of whoever made the prediction
    statement: str | None = None
    event: str | None = None  # the predicted event, when one was typed
    window_start: date | None = None
    window_end: date | None = None
    made: date | None = None
    modality: str = "predicted"
    by_text: str | None = None  # who predicts, as written; the outlet when the article itself predicts
    window_note: str | None = None  # why there is no window, when there is none
    stored: Stored | None = None  # set by the store's reader

    def to_dict(self) -> dict[str, Any]:
        window = None
        if self.window_start or self.window_end:
            window = {"start": _iso(self.window_start), "end": _iso(self.window_end)}
        return {
            "id": self.id,
            "by": self.by,
            "statement": self.statement,
            "event": self.event,
            "claim": self.claim,
            "made": _iso(self.made),
            "window": window,
            "window_note": self.window_note,
            "by_text": self.by_text,
            "modality": self.modality,
            "evidence": self.evidence.to_dict(),
            **(self.stored.to_dict() if self.stored else {}),
        }


@dataclass
class Document:
    """An article and everything sitrep learned from it."""

    text: str
    id: str = ""
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: date | None = None
    published_earliest: date | None = None
    published_latest: date | None = None
    language: str | None = None  # ISO 639-1 code of the text ("en", "ru", "uk"), detected or given
    analysis_status: str | None = None  # None when analysed; else why not ("not analysed: language xx")
    body_start: int = 0  # offset of the text after the front matter and the title line
    front_matter_end: int = 0  # metadata header ("---" block) that is no article text
    entities: list[Entity] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    forecasts: list[Forecast] = field(default_factory=list)
    spacy_doc: Any = None  # the spaCy Doc; transient, never serialised

    def __getstate__(self) -> dict[str, Any]:
        """What crosses a process boundary: the facts, never the parse or the caches built on it.

        A sentence cache holds the spaCy ``Doc`` (megabytes pickled): a worker would send back more
        bytes than the article's facts and the parent would spend longer unpickling than analysing.
        """
        state = {k: v for k, v in self.__dict__.items() if not k.startswith("_")}
        state["spacy_doc"] = None
        return state

    @property
    def analysis_text(self) -> str:
        """The text the model reads: the front matter blanked out, so offsets stay those of ``text``."""
        if not self.front_matter_end:
            return self.text
        return " " * self.front_matter_end + self.text[self.front_matter_end :]

    # -- lookups used by the stages -------------------------------------------------
    def entity(self, entity_id: str | None) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity with a mention overlapping ``[start, end)``, preferring the widest overlap."""
        starts, mentions, longest = self._mention_index()
        best, best_overlap, best_rank = None, 0, 0
        i = bisect_right(starts, end - 1)  # mentions starting before ``end``, scanned back
        while i > 0:
            i -= 1
            m_start, m_end, rank, entity = mentions[i]
            if m_start + longest <= start:
                break  # no earlier mention can reach ``start``
            overlap = min(end, m_end) - max(start, m_start)
            # Ties go to the entity listed first, as a plain scan over ``entities`` would give.
            if overlap > best_overlap or overlap == best_overlap > 0 and rank < best_rank:
                best, best_overlap, best_rank = entity, overlap, rank
        return best

    def _mention_index(self) -> tuple[list[int], list[tuple[int, int, int, Entity]], int]:
        """Mentions sorted by offset, rebuilt only when the entities or their mentions change."""
        key = (id(self.entities), len(self.entities), sum(len(e.mentions) for e in self.entities))
        cached = self.__dict__.get("_mentions")
        if cached is None or cached[0] != key:
            mentions = sorted(
                (m.start, m.end, rank, e) for rank, e in enumerate(self.entities) for m in e.mentions
            )
            longest = max((m[1] - m[0] for m in mentions), default=0)
            cached = (key, [m[0] for m in mentions], mentions, longest)
            self.__dict__["_mentions"] = cached
        return cached[1], cached[2], cached[3]

    def statement_at(self, offset: int) -> Statement | None:
        """The statement whose reported content holds character ``offset``: facts inside it are reported."""
        for statement in self.statements:
            start, end = statement.content_start, statement.content_end
            if start is not None and end is not None and start <= offset < end:
                return statement
        return None

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for a span: the span itself plus its sentence from the spaCy parse."""
        bounds = self._sentence_starts()
        if bounds:
            i = max(bisect_right(bounds[0], start) - 1, 0)
            s_start, s_end = max(bounds[0][i], self.front_matter_end), bounds[1][i]
            sentence = self.text[s_start:s_end]
            lead = len(sentence) - len(sentence.lstrip())  # the blanked front matter and blank lines
            return Evidence(start, end, sentence.strip(), s_start + lead)
        return Evidence(start, end, self.text[start:end], start)

    def _sentence_starts(self) -> tuple[list[int], list[int]] | None:
        """Sentence offsets of the parse, computed once: spaCy walks the whole Doc for every ``.sent``."""
        doc = self.spacy_doc
        if doc is None:
            return None
        cached = self.__dict__.get("_sentences")
        if cached is None or cached[0] is not doc:
            sents = list(doc.sents)
            cached = (doc, [s.start_char for s in sents], [s.end_char for s in sents])
            self.__dict__["_sentences"] = cached
        return cached[1], cached[2]

    @property
    def published_range(self) -> tuple[date, date] | None:
        if self.published:
            return (self.published, self.published)
        if self.published_earliest and self.published_latest:
            return (self.published_earliest, self.published_latest)
        return None

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``sitrep analyze --format json``."""
        rng = None
        if self.published_earliest or self.published_latest:
            rng = {"earliest": _iso(self.published_earliest), "latest": _iso(self.published_latest)}
        return {
            "document": {
                "id": self.id,
                "title": self.title,
                "source": self.source,
                "url": self.url,
                "published": _iso(self.published),
                "published_range": rng,
                "language": self.language,
                "analysis_status": self.analysis_status,
            },
            "entities": [e.to_dict() for e in self.entities],
            "events": [e.to_dict() for e in self.events],
            "statements": [s.to_dict() for s in self.statements],
            "forecasts": [f.to_dict() for f in self.forecasts],
            "quantities": [q.to_dict() for q in self.quantities],
            "times": [t.to_dict() for t in self.times],
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _num(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x
