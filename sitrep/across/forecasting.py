"""Forecasts that resolve: proposed evidence, an analyst's verdict, Brier scores and calibration.

A forecast's probability comes from its modality, since reports rarely give numbers: ``predicted``
("will", "is going to", "plans to") 0.8, ``negated`` ("will not") 0.8 that it will not, ``hedged``
("may", "could", "might") 0.5. The outcome is 1 when it came true, 0 when not, 0.5 when partly. The
Brier score of one forecast is (p - outcome)²; lower is better, 0.25 is what always saying 50% earns.

A forecast is never one more report of a happening: hedged and predicted events stay out of clusters.
Instead each forecast is linked to the happenings (clusters) that may settle it: reported after it was
made, inside its window, of its family, agreeing with what it foresaw as a report of it would
(``forecast_links``; kept current after every ingest). ``sitrep forecasts`` shows the link, and the
Brier score counts a linked forecast as come true unless an analyst decided otherwise (``resolve``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..model import Event, Forecast, name_of
from ..store import facts
from ..store.facts import forecast_status
from ..store.tables import DocumentRow, ForecastResolution, ForecastRow
from ..store.write import now
from ._common import AcrossError, analyst, audit
from .clustering import Cluster, ClusterIndex, compare
from .keys import EventKey, rules

PROBABILITY = {"predicted": 0.8, "negated": 0.8, "hedged": 0.5}
DEFAULT_PROBABILITY = 0.5
OUTCOMES = {"true": 1.0, "false": 0.0, "partial": 0.5}


@dataclass
class Resolution:
    forecast: str
    outcome: str
    evidence_document: str | None
    evidence_event: str | None
    note: str | None
    resolved_by: str | None
    resolved_at: object

    def to_dict(self) -> dict:
        return {
            "forecast": self.forecast,
            "outcome": self.outcome,
            "evidence_document": self.evidence_document,
            "evidence_event": self.evidence_event,
            "note": self.note,
            "resolved_by": self.resolved_by,
            "resolved_at": str(self.resolved_at),
        }


def probability(modality: str) -> float:
    return PROBABILITY.get(modality, DEFAULT_PROBABILITY)


def brier(p: float, outcome: float) -> float:
    return (p - outcome) ** 2


# -- listing ------------------------------------------------------------------------------------------------


def resolutions(session: Session, keys: list[str] | None = None) -> dict[str, Resolution]:
    """The active resolution of each forecast (by fact key)."""
    query = select(ForecastResolution).where(ForecastResolution.active)
    if keys is not None:
        query = query.where(ForecastResolution.forecast_key.in_(keys))
    return {r.forecast_key: _resolution(r) for r in session.scalars(query.order_by(ForecastResolution.id))}


def states(session: Session, found: Sequence[Forecast], today: date) -> dict[str, str]:
    """Each forecast's state by key: ``resolved: <outcome>`` where an analyst resolved it, else open or due."""
    done = resolutions(session, [f.stored.key for f in found if f.stored])
    out = {}
    for f in found:
        key = f.stored.key if f.stored else f.id
        verdict = done.get(key)
        out[key] = f"resolved: {verdict.outcome}" if verdict else forecast_status(f, today)
    return out


# -- the happenings that may settle a forecast ---------------------------------------------------------------


@dataclass
class Foreseen:
    """A cluster that may settle a forecast: a happening inside its window that agrees with it."""

    forecast: str  # forecast key
    cluster: str
    score: int
    agreed: list[str]


MAX_LINKS = 3


def forecast_links(clusters: Sequence[Cluster], foreseen: Sequence[tuple[str, EventKey]]) -> list[Foreseen]:
    """For each forecast (its key, and its predicted event's key with the forecast's window), the
    happenings that match it best, made after it, inside the window."""
    index = ClusterIndex(clusters)
    need = rules().forecast_threshold
    out = []
    for fkey, k in foreseen:
        found = []
        for c in index.candidates(k):
            best = None
            for m in c.members[:50]:
                if m.document == k.document:
                    continue
                cmp = compare(k, m)
                if (
                    cmp.same(need)
                    and "time" not in cmp.conflicts
                    and (best is None or cmp.score > best.score)
                ):
                    best = cmp
            if best is not None:
                found.append((best, c))
        found.sort(key=lambda x: (-x[0].score, -x[1].independent, x[1].start or date.max, x[1].id))
        out += [Foreseen(fkey, c.id, cmp.score, cmp.agreed) for cmp, c in found[:MAX_LINKS]]
    return out


@dataclass
class Proposal:
    """A reported happening proposed as evidence for a forecast: its best report and its cluster."""

    event: Event
    agreed: list[str]
    cluster: str
    reports: int

    def to_dict(self) -> dict:
        s = self.event.stored
        return {
            "event": s.key,
            "document": s.document,
            "source": s.source,
            "date": s.date_start.isoformat() if s.date_start else None,
            "sentence": self.event.evidence.sentence.strip(),
            "agreed": self.agreed,
            "cluster": self.cluster,
            "reports": self.reports,
        }


def proposals(session: Session, forecast_key: str, limit: int = 10) -> list[Proposal]:
    """Happenings reported later that may settle a forecast, the best matches first, each with the report
    that dates it best and the fields that agree."""
    _forecast_row(session, forecast_key)
    return settling(session, [forecast_key], limit).get(forecast_key, [])


def settling(session: Session, forecast_keys: Sequence[str], limit: int = 1) -> dict[str, list[Proposal]]:
    """For each forecast, up to ``limit`` happenings that may settle it (one query for a listing)."""
    from .state import linked_clusters

    out: dict[str, list[Proposal]] = {}
    for key, found in linked_clusters(session, forecast_keys).items():
        for link, members in found:
            if members and len(out.setdefault(key, [])) < limit:
                best = min(
                    members, key=lambda e: (e.time is None, e.stored.date_start or date.max, e.stored.key)
                )
                out[key].append(
                    Proposal(best, link.agreed, link.cluster, len({e.stored.document for e in members}))
                )
    return out


def resolve(
    session: Session,
    forecast_key: str,
    outcome: str,
    *,
    evidence: str | None = None,
    event: str | None = None,
    note: str | None = None,
    by: str | None = None,
) -> Resolution:
    """Record how a forecast turned out (audited). A new verdict supersedes the previous one."""
    if outcome not in OUTCOMES:
        raise AcrossError(f"outcome {outcome!r} is not one of true, false, partial")
    _forecast_row(session, forecast_key)
    if evidence and session.scalar(select(DocumentRow.id).where(DocumentRow.key == evidence)) is None:
        raise AcrossError(
            f"no stored document has the key {evidence!r} (see `sitrep search` or the JSON output)"
        )
    by = analyst(by)
    for old in session.scalars(
        select(ForecastResolution).where(
            ForecastResolution.forecast_key == forecast_key, ForecastResolution.active
        )
    ):
        old.active = False
    row = ForecastResolution(
        forecast_key=forecast_key,
        outcome=outcome,
        evidence_document=evidence,
        evidence_event=event,
        note=note,
        resolved_by=by,
        resolved_at=now(),
        active=True,
    )
    session.add(row)
    audit(
        session,
        by,
        "resolve",
        "forecast",
        forecast_key,
        {"outcome": outcome, "evidence": evidence, "note": note},
    )
    session.flush()
    return _resolution(row)


# -- scores ---------------------------------------------------------------------------------------------------


@dataclass
class Score:
    """Brier score of one speaker's or outlet's resolved forecasts, with a calibration table."""

    name: str
    forecasts: int
    brier: float
    calibration: list[tuple[float, int, float]]  # probability, forecasts, observed frequency

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "forecasts": self.forecasts,
            "brier": round(self.brier, 4),
            "calibration": [
                {"probability": p, "forecasts": n, "observed": round(o, 4)} for p, n, o in self.calibration
            ],
        }


@dataclass
class Scored:
    key: str
    by: str
    source: str
    probability: float
    outcome: float
    decided_by: str = "analyst"  # analyst | cluster (a reported happening inside the window settled it)

    @property
    def brier(self) -> float:
        return brier(self.probability, self.outcome)


def scored(session: Session, *, linked: bool = True) -> list[Scored]:
    """Every settled forecast with its probability, outcome, forecaster and outlet: settled by an
    analyst's verdict, else (``linked``) by a happening reported inside its window that matches it
    (it came true; a forecast that it would not happen failed). A forecast nothing settled is not scored:
    no report of a happening is no proof that it did not happen."""
    from .state import linked_clusters

    outcome = {k: OUTCOMES[r.outcome] for k, r in resolutions(session).items()}
    decided = dict.fromkeys(outcome, "analyst")
    if linked:
        for key, found in linked_clusters(session).items():
            if key not in outcome and any(members for _, members in found):
                outcome[key], decided[key] = 1.0, "cluster"
    out = []
    keys = sorted(outcome)
    for n in range(0, len(keys), 900):
        page = facts.forecasts(session, keys=keys[n : n + 900], limit=None)
        speakers = _speakers(session, page.items)
        for f in page.items:
            key = f.stored.key
            result = outcome[key]
            if decided[key] == "cluster" and f.modality == "negated":
                result = 0.0  # "will not" and it did
            who = name_of(page, f.by) if f.by else speakers.get(key, "(unattributed)")
            source = f.stored.source or f.stored.title or f.stored.document
            out.append(Scored(key, who, source, probability(f.modality), result, decided[key]))
    return out


def scores(session: Session, by: str = "speaker", *, linked: bool = True) -> list[Score]:
    """Brier score and calibration per speaker (``by="speaker"``) or per outlet (``by="source"``), best first."""
    if by not in ("speaker", "source"):
        raise AcrossError(f"scores by {by!r}: use 'speaker' or 'source'")
    groups: dict[str, list[Scored]] = defaultdict(list)
    for s in scored(session, linked=linked):
        groups[s.by if by == "speaker" else s.source].append(s)
    out = [_score(name, items) for name, items in groups.items()]
    return sorted(out, key=lambda s: (s.brier, -s.forecasts, s.name))


def calibration(items: list[Scored]) -> list[tuple[float, int, float]]:
    """For each stated probability: how many forecasts, and how often they came true."""
    bins: dict[float, list[float]] = defaultdict(list)
    for s in items:
        bins[s.probability].append(s.outcome)
    return [(p, len(v), sum(v) / len(v)) for p, v in sorted(bins.items())]


def _score(name: str, items: list[Scored]) -> Score:
    return Score(name, len(items), sum(s.brier for s in items) / len(items), calibration(items))


def _speakers(session: Session, found: list[Forecast]) -> dict[str, str]:
    """Who made each forecast with no forecaster of its own: the speaker of its statement."""
    out: dict[str, str] = {}
    for doc in {f.stored.document for f in found if not f.by and f.statement}:
        said = facts.statements(session, document=doc, limit=None)
        by_id = {s.id: name_of(said, s.speaker, s.speaker_text) for s in said.items}
        for f in found:
            if f.stored.document == doc and f.statement in by_id:
                out[f.stored.key] = by_id[f.statement]
    return out


def _forecast_row(session: Session, key: str) -> ForecastRow:
    row = session.scalar(select(ForecastRow).where(ForecastRow.fact_key == key))
    if row is None:
        raise AcrossError(f"no forecast has the key {key!r} (see `sitrep forecasts`)")
    return row


def _resolution(r: ForecastResolution) -> Resolution:
    return Resolution(
        r.forecast_key, r.outcome, r.evidence_document, r.evidence_event, r.note, r.resolved_by, r.resolved_at
    )
