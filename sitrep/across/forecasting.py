"""Forecasts that resolve: proposed evidence, an analyst's verdict, Brier scores and calibration.

A forecast's probability comes from its modality, since reports rarely give numbers: ``predicted``
("will", "is going to", "plans to") 0.8, ``negated`` ("will not") 0.8 that it will not, ``hedged``
("may", "could", "might") 0.5. The outcome is 1 when it came true, 0 when not, 0.5 when partly. The
Brier score of one forecast is (p - outcome)²; lower is better, 0.25 is what always saying 50% earns.

Evidence is proposed, never decided by the machine: events stored later that match the predicted
event (same type, no conflicting actors, recipients or place, at least one of them agreeing, dated in
the forecast's window) are listed for the analyst, who resolves with ``resolve``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..model import Forecast
from ..store.facts import forecast_status
from ..store.tables import DocumentRow, EntityRow, EventRow, ForecastResolution, ForecastRow, StatementRow
from ..store.write import now
from ._common import AcrossError, analyst, audit
from .clustering import compare
from .events import EventFact, load_events

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


# -- evidence and verdicts ------------------------------------------------------------------------------


def predicted_event(session: Session, forecast_key: str) -> EventFact | None:
    """The event a forecast predicts, when the pipeline typed one."""
    f = _forecast_row(session, forecast_key)
    if not f.event_fact_id:
        return None
    key = session.scalar(
        select(EventRow.fact_key).where(
            EventRow.document_id == f.document_id, EventRow.fact_id == f.event_fact_id
        )
    )
    found = load_events(session, modalities=None, keys=[key]) if key else []
    return found[0] if found else None


def proposals(session: Session, forecast_key: str, limit: int = 10) -> list[tuple[EventFact, list[str]]]:
    """Later events that may resolve a forecast, the best matches first, with the fields that agree."""
    f = _forecast_row(session, forecast_key)
    target = predicted_event(session, forecast_key)
    if target is None:
        return []
    start = f.window_start or f.made
    candidates = load_events(session, since=start, until=f.window_end, types=(target.type,))
    window = replace(
        target, start=f.window_start or target.start, end=f.window_end or target.end, explicit=True
    )
    found = []
    for e in candidates:
        if e.document == target.document or (f.made and e.start and e.start < f.made):
            continue
        c = compare(window, e)
        agreed = [a for a in c.agreed if a != "time"]
        if not c.conflicts and agreed:
            found.append((e, c.agreed))
    found.sort(key=lambda x: (-len(x[1]), x[0].start or date.max))
    return found[:limit]


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

    @property
    def brier(self) -> float:
        return brier(self.probability, self.outcome)


def scored(session: Session) -> list[Scored]:
    """Every resolved forecast with its probability, outcome, forecaster and outlet."""
    done = resolutions(session)
    if not done:
        return []
    rows = session.execute(
        select(ForecastRow, DocumentRow.source, DocumentRow.title, DocumentRow.key)
        .join(DocumentRow, DocumentRow.id == ForecastRow.document_id)
        .where(ForecastRow.fact_key.in_(list(done)))
    ).all()
    speakers = _speakers(session, [r[0] for r in rows])
    return [
        Scored(
            f.fact_key,
            speakers.get(f.id, "(unattributed)"),
            source or title or key,
            probability(f.modality),
            OUTCOMES[done[f.fact_key].outcome],
        )
        for f, source, title, key in rows
    ]


def scores(session: Session, by: str = "speaker") -> list[Score]:
    """Brier score and calibration per speaker (``by="speaker"``) or per outlet (``by="source"``), best first."""
    if by not in ("speaker", "source"):
        raise AcrossError(f"scores by {by!r}: use 'speaker' or 'source'")
    groups: dict[str, list[Scored]] = defaultdict(list)
    for s in scored(session):
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


def _speakers(session: Session, rows: list[ForecastRow]) -> dict[int, str]:
    """Who made each forecast: its forecaster, else the speaker of the statement it was read from."""
    ids = {r.forecaster for r in rows if r.forecaster}
    statements = {
        (s.document_id, s.fact_id): s
        for s in session.scalars(
            select(StatementRow).where(StatementRow.document_id.in_({r.document_id for r in rows}))
        )
    }
    ids |= {s.speaker for s in statements.values() if s.speaker}
    names = dict(session.execute(select(EntityRow.id, EntityRow.name).where(EntityRow.id.in_(ids))).all())
    out = {}
    for r in rows:
        s = statements.get((r.document_id, r.statement_fact_id))
        who = r.forecaster or (s.speaker if s else None)
        out[r.id] = names.get(who, who) if who else (s.speaker_text if s else "(unattributed)")
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
