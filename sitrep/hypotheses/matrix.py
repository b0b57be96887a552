"""The ACH matrix: rows of evidence found by indicators (plus the analyst's own), scored as Heuer teaches.

Two readings of the same cells, documented in docs/hypotheses.md:

* **Weighted inconsistency** (Heuer; PARC ACH): per hypothesis, the sum over rows of I = 1, II = 2,
  each times the row's weight (credibility × relevance; high √2, medium 1, low 1/√2). The hypothesis
  with the *least* inconsistency leads: ACH looks for evidence against, not for.
* **Likelihood ratios**: each cell a likelihood ratio (CC 4, C 2, N 1, I 1/2, II 1/4), raised to the
  row's weight; from equal priors, the posterior of a hypothesis is its product over rows, normalised
  over the set (hypotheses taken as mutually exclusive and exhaustive).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..model import Event
from .indicators import Evidence

INCONSISTENCY = {"CC": 0.0, "C": 0.0, "N": 0.0, "I": 1.0, "II": 2.0}
LIKELIHOOD = {"CC": 4.0, "C": 2.0, "N": 1.0, "I": 0.5, "II": 0.25}
FACTOR = {"high": math.sqrt(2), "medium": 1.0, "low": 1 / math.sqrt(2)}


@dataclass
class Row:
    """One piece of evidence: a fact an indicator found, or a row an analyst added by hand."""

    key: str  # "<indicator>|<fact key>" or "manual:<n>": what analysts' edits refer to
    indicator: str | None
    text: str
    cells: dict[str, str]
    relevance: str = "medium"
    credibility: str = "medium"
    grade: str = "F6"
    dismissed: bool = False
    edited: list[str] = field(default_factory=list)
    fact: Evidence | None = None  # the stored event or statement an indicator found
    manual: dict[str, Any] | None = None  # an analyst's own row: its source, sentence and date
    date: date | None = None  # publication date (what --as-of compares)

    @property
    def id(self) -> str:
        """A short stable handle for the command line."""
        return "r-" + hashlib.sha1(self.key.encode()).hexdigest()[:8]

    @property
    def weight(self) -> float:
        return FACTOR[self.credibility] * FACTOR[self.relevance]

    @property
    def diagnosticity(self) -> float:
        """max/min likelihood ratio across hypotheses: 1.0 means the row tells them nothing apart."""
        lrs = [LIKELIHOOD[c] for c in self.cells.values()]
        return max(lrs) / min(lrs)

    @property
    def diagnostic(self) -> bool:
        return len(set(self.cells.values())) > 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.key,
            "indicator": self.indicator,
            "text": self.text,
            "cells": dict(self.cells),
            "relevance": self.relevance,
            "credibility": self.credibility,
            "grade": self.grade,
            "weight": round(self.weight, 4),
            "dismissed": self.dismissed,
            "edited": list(self.edited),
            "diagnostic": self.diagnostic,
            "diagnosticity": round(self.diagnosticity, 4),
            "date": _iso(self.date),
            "evidence": self.citation(),
        }

    def citation(self) -> dict[str, Any] | None:
        """Where the row's evidence was read: the fact's document and sentence, or the analyst's own."""
        if self.fact is not None and self.fact.stored is not None:
            s = self.fact.stored
            return {
                "kind": "event" if isinstance(self.fact, Event) else "statement",
                "fact_key": s.key,
                "document": s.document,
                "source": s.source,
                "title": s.title,
                "url": s.url,
                "published": _iso(s.published),
                "date": _iso(s.date_start),
                "sentence": self.fact.evidence.sentence,
            }
        if self.manual is not None:
            return {
                "kind": "manual",
                "fact_key": self.key,
                "document": "",
                "source": self.manual.get("source"),
                "title": None,
                "url": None,
                "published": _iso(self.date),
                "date": _iso(self.date),
                "sentence": self.manual.get("sentence") or self.text,
            }
        return None


@dataclass
class Scores:
    inconsistency: dict[str, float]
    log_odds: dict[str, float]  # natural log of each hypothesis' unnormalised posterior
    posterior: dict[str, float]
    ranking: list[str]

    @property
    def leading(self) -> str:
        return self.ranking[0]


@dataclass
class Matrix:
    name: str
    question: str
    hypotheses: list[tuple[str, str]]  # (id, text)
    rows: list[Row]
    scores: Scores
    sensitive: list[str]  # keys of rows whose removal alone changes the leading hypothesis
    as_of: date | None = None

    @property
    def ids(self) -> list[str]:
        return [h for h, _ in self.hypotheses]

    @property
    def leading(self) -> str:
        return self.scores.leading

    def margin(self) -> dict[str, float]:
        """How much weighted inconsistency against the leader would bring each rival level with it."""
        lead = self.scores.inconsistency[self.leading]
        return {h: round(s - lead, 4) for h, s in self.scores.inconsistency.items() if h != self.leading}

    def to_dict(self) -> dict[str, Any]:
        s = self.scores
        return {
            "name": self.name,
            "question": self.question,
            "as_of": _iso(self.as_of),
            "hypotheses": [{"id": h, "text": t} for h, t in self.hypotheses],
            "leading": self.leading,
            "ranking": list(s.ranking),
            "inconsistency": {h: round(v, 4) for h, v in s.inconsistency.items()},
            "posterior": {h: round(v, 4) for h, v in s.posterior.items()},
            "posterior_odds": {h: _odds(v) for h, v in s.posterior.items()},
            "margin": self.margin(),
            "sensitive": [r.id for r in self.rows if r.key in self.sensitive],
            "rows": [r.to_dict() for r in self.rows],
        }


def score(rows: list[Row], ids: list[str]) -> Scores:
    """Both readings of the active rows; ties in inconsistency are broken by the posterior, then order."""
    active = [r for r in rows if not r.dismissed]
    inc = {h: sum(r.weight * INCONSISTENCY[r.cells[h]] for r in active) for h in ids}
    logs = {h: sum(r.weight * math.log(LIKELIHOOD[r.cells[h]]) for r in active) for h in ids}
    top = max(logs.values())
    total = sum(math.exp(v - top) for v in logs.values())
    posterior = {h: math.exp(v - top) / total for h, v in logs.items()}
    return Scores(inc, logs, posterior, _rank(inc, logs, ids))


def sensitivity(rows: list[Row], ids: list[str], leading: str) -> list[str]:
    """Rows the leading hypothesis hangs on: take one away and another hypothesis leads.

    Each row's contribution is subtracted from the totals, so this stays linear in the rows.
    """
    full = score(rows, ids)
    out = []
    for r in rows:
        if r.dismissed:
            continue
        inc = {h: full.inconsistency[h] - r.weight * INCONSISTENCY[r.cells[h]] for h in ids}
        logs = {h: full.log_odds[h] - r.weight * math.log(LIKELIHOOD[r.cells[h]]) for h in ids}
        if _rank(inc, logs, ids)[0] != leading:
            out.append(r.key)
    return out


def _rank(inc: dict[str, float], logs: dict[str, float], ids: list[str]) -> list[str]:
    return sorted(ids, key=lambda h: (round(inc[h], 9), -round(logs[h], 9), ids.index(h)))


def build(
    name: str, question: str, hypotheses: list[tuple[str, str]], rows: list[Row], as_of: date | None = None
) -> Matrix:
    ids = [h for h, _ in hypotheses]
    scores = score(rows, ids)
    return Matrix(name, question, hypotheses, rows, scores, sensitivity(rows, ids, scores.leading), as_of)


def _odds(p: float) -> float | None:
    return None if p >= 1.0 else round(p / (1.0 - p), 4)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
