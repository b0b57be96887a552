"""Watch: facts that newly match an indicator, recorded once each as triggers.

``scan`` is idempotent: a (set, indicator, fact) pair is recorded the first time it matches and never
again, so it can run after every ingest (``sitrep watch`` runs it before it reports). Facts already
stored when a set is loaded are recorded as ``initial`` and are not news.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.tables import DocumentRow, EventRow, HypothesisSet, HypothesisTrigger, StatementRow
from ..store.write import now
from .indicators import matches
from .schema import HypothesisSetSpec


@dataclass
class Trigger:
    set_name: str
    indicator: str
    indicator_text: str
    fact_kind: str
    fact_key: str
    detected_at: datetime
    published: date | None
    source: str | None
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["detected_at"] = self.detected_at.isoformat()
        d["published"] = self.published.isoformat() if self.published else None
        return d


def scan(session: Session, names: list[str] | None = None, initial: bool = False) -> int:
    """Record every match not recorded yet; returns how many were new."""
    query = select(HypothesisSet)
    if names is not None:
        query = query.where(HypothesisSet.name.in_(names))
    stamp, added = now(), 0
    for row in session.scalars(query):
        spec = HypothesisSetSpec.from_dict(row.spec)
        known = {
            tuple(r)
            for r in session.execute(
                select(HypothesisTrigger.indicator, HypothesisTrigger.fact_key).where(
                    HypothesisTrigger.set_name == spec.name
                )
            )
        }
        for indicator in spec.indicators:
            for fact in matches(session, indicator):
                stored = fact.stored
                if (indicator.id, stored.key) in known:
                    continue
                known.add((indicator.id, stored.key))
                session.add(
                    HypothesisTrigger(
                        set_name=spec.name,
                        indicator=indicator.id,
                        fact_kind=indicator.kind,
                        fact_key=stored.key,
                        document_key=stored.document,
                        detected_at=stamp,
                        initial=initial,
                    )
                )
                added += 1
    session.flush()
    return added


def record_triggers(session: Session, keys: list[str]) -> int:
    """The after-ingest hook (see ``sitrep.config.AFTER_INGEST``): what the new reports trigger."""
    return scan(session)


def triggers(
    session: Session,
    since: datetime | date | None = None,
    *,
    include_initial: bool = False,
    names: list[str] | None = None,
) -> list[Trigger]:
    """Recorded triggers, newest first, with the fact's sentence and document."""
    query = select(HypothesisTrigger, DocumentRow.published, DocumentRow.source).join(
        DocumentRow, DocumentRow.key == HypothesisTrigger.document_key
    )
    if not include_initial:
        query = query.where(HypothesisTrigger.initial.is_(False))
    if since is not None:
        if not isinstance(since, datetime):
            since = datetime.combine(since, datetime.min.time(), tzinfo=timezone.utc)
        query = query.where(HypothesisTrigger.detected_at >= since)
    if names:
        query = query.where(HypothesisTrigger.set_name.in_(names))
    rows = list(
        session.execute(query.order_by(HypothesisTrigger.detected_at.desc(), HypothesisTrigger.id.desc()))
    )
    texts = _indicator_texts(session)
    sentences = _sentences(session, [r[0] for r in rows])
    return [
        Trigger(
            t.set_name,
            t.indicator,
            texts.get((t.set_name, t.indicator), ""),
            t.fact_kind,
            t.fact_key,
            t.detected_at,
            published,
            source,
            sentences.get(t.fact_key, ""),
        )
        for t, published, source in rows
    ]


def _indicator_texts(session: Session) -> dict[tuple[str, str], str]:
    out = {}
    for name, spec in session.execute(select(HypothesisSet.name, HypothesisSet.spec)):
        for i in spec.get("indicators", []):
            out[(name, i["id"])] = i["text"]
    return out


def _sentences(session: Session, found: list[HypothesisTrigger]) -> dict[str, str]:
    out: dict[str, str] = {}
    for table, kind in ((EventRow, "event"), (StatementRow, "statement")):
        keys = [t.fact_key for t in found if t.fact_kind == kind]
        for i in range(0, len(keys), 500):
            out.update(
                session.execute(
                    select(table.fact_key, table.sentence).where(table.fact_key.in_(keys[i : i + 500]))
                ).all()
            )
    return out
