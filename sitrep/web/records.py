"""The web face's reading of stored facts: pages of :mod:`sitrep.store.facts`, shaped for the templates.

Every decision (rejections, edits, merges) is applied by the store's one reader; this module only
names entities and flattens each fact into the fields its page shows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..model import Event, Forecast, Statement, name_of, names_of
from ..store import facts
from ..store.facts import EventFilter, Page
from ..store.tables import AuditEntry, DocumentRow, EventRow, ForecastRow, StatementRow


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _source(fact: Any) -> dict[str, Any]:
    s = fact.stored
    return {
        "document": s.document,
        "title": s.title,
        "source": s.source,
        "url": s.url,
        "published": _iso(s.published),
        "grade": s.grade,
    }


def _review(fact: Any) -> dict[str, Any] | None:
    return fact.stored.review.to_dict() if fact.stored.review else None


def event_dict(e: Event, page: Page) -> dict[str, Any]:
    """An event as its page shows it: names for ids, the place's coordinates, its source and review."""
    place = page.entity(e.location)
    q = e.quantity.value if e.quantity else None
    return {
        "key": e.stored.key,
        "date_start": _iso(e.stored.date_start),
        "date_end": _iso(e.stored.date_end),
        "type": e.type,
        "mode": e.mode,
        "actors": names_of(page, e.actors, e.actor_texts),
        "recipients": names_of(page, e.recipients, e.recipient_texts),
        "location": name_of(page, e.location) if e.location else None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "country": place.country if place else None,
        "modality": e.modality,
        "trigger": e.trigger,
        "sentence": e.evidence.sentence,
        "acled": e.acled,
        "relevance": e.relevance,
        "source": _source(e),
        "actor_ids": list(e.actors),
        "recipient_ids": list(e.recipients),
        "quantity": int(q) if q is not None and float(q).is_integer() else q,
        "review": _review(e),
    }


def statement_dict(s: Statement, page: Page) -> dict[str, Any]:
    return {
        "key": s.stored.key,
        "date_start": _iso(s.stored.date_start),
        "speaker": name_of(page, s.speaker, s.speaker_text),
        "speaker_id": s.speaker,
        "role": s.role,
        "act": s.act,
        "content": s.content,
        "modality": s.modality,
        "venue": s.venue,
        "sentence": s.evidence.sentence,
        "source": _source(s),
        "review": _review(s),
    }


def forecast_dict(f: Forecast, page: Page, today: date | None = None) -> dict[str, Any]:
    return {
        "key": f.stored.key,
        "made": _iso(f.made),
        "window_start": _iso(f.window_start),
        "window_end": _iso(f.window_end),
        "by": name_of(page, f.by) or None,
        "claim": f.claim,
        "modality": f.modality,
        "status": facts.forecast_status(f, today or date.today()),
        "sentence": f.evidence.sentence,
        "source": _source(f),
        "review": _review(f),
    }


def events(
    session: Session,
    flt: EventFilter,
    *,
    limit: int = 100,
    offset: int = 0,
    include_rejected: bool = False,
) -> list[dict[str, Any]]:
    page = facts.events(session, flt, limit=limit, offset=offset, include_rejected=include_rejected)
    return [event_dict(e, page) for e in page.items]


def statements(
    session: Session, *, limit: int = 100, offset: int = 0, **filters: Any
) -> list[dict[str, Any]]:
    page = facts.statements(session, limit=limit, offset=offset, **filters)
    return [statement_dict(s, page) for s in page.items]


def forecasts(
    session: Session, *, open_only: bool = False, limit: int = 100, offset: int = 0, **filters: Any
) -> list[dict[str, Any]]:
    status = "open" if open_only else None
    page = facts.forecasts(session, status=status, limit=limit, offset=offset, **filters)
    return [forecast_dict(f, page) for f in page.items]


def fact(session: Session, kind: str, key: str) -> dict[str, Any] | None:
    """The effective record of any reviewable fact, rejected or not (for reviews' before and after)."""
    if kind == "event":
        page = facts.event(session, key)
        return event_dict(page.items[0], page) if page.items else None
    if kind == "statement":
        page = facts.statements(session, keys=[key], limit=1, include_rejected=True)
        return statement_dict(page.items[0], page) if page.items else None
    page = facts.forecasts(session, keys=[key], limit=1, include_rejected=True)
    return forecast_dict(page.items[0], page) if page.items else None


def timeline(session: Session, **filters: Any) -> list[dict[str, Any]]:
    """Events and statements as intervals, oldest first: the latest ``limit`` of them."""
    out = []
    for t in facts.timeline(session, **filters):
        d = t.to_dict()
        d["date_end"] = d["date_end"] or d["date_start"]
        out.append(d)
    return out


def search(session: Session, text: str, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    return [h.to_dict() for h in facts.search(session, text, limit=limit, offset=offset)]


def entity(session: Session, entity_id: str) -> dict[str, Any] | None:
    found = facts.entity(session, entity_id)
    if found is None:
        return None
    stats = found.stored
    out = {
        "id": found.id,
        "name": found.name,
        "type": found.type,
        "country": found.country,
        "latitude": found.lat,
        "longitude": found.lon,
        "aliases": found.aliases,
        "documents": stats.documents,
        "mentions": stats.mentions,
        "role": found.role,
        "kb_id": found.kb_id,
        "attributes": found.attributes,
    }
    target = stats.merged_into
    out["merged_into"] = {"id": target, "name": facts.entity(session, target).name} if target else None
    out["merged_from"] = stats.merged_from
    out["events"] = events(session, EventFilter(actor=entity_id), limit=50)
    out["statements"] = statements(session, speaker=entity_id, limit=50)
    return out


def documents(session: Session, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Stored documents, newest ingest first, with how many facts each holds."""
    rows = session.scalars(select(DocumentRow).order_by(DocumentRow.id.desc()).offset(offset).limit(limit))
    out = []
    for r in rows:
        n = {
            name: session.scalar(select(func.count()).select_from(t).where(t.document_id == r.id))
            for name, t in (("events", EventRow), ("statements", StatementRow), ("forecasts", ForecastRow))
        }
        out.append(
            {
                "id": r.id,
                "key": r.key,
                "title": r.title,
                "source": r.source,
                "url": r.url,
                "published": r.published.isoformat() if r.published else None,
                **n,
            }
        )
    return out


def document_row(session: Session, ref: str) -> DocumentRow | None:
    """A document by its numeric store id or its key."""
    if ref.isascii() and ref.isdigit() and len(ref) < 18:  # "²".isdigit() is True, int("²") fails
        row = session.get(DocumentRow, int(ref))
        if row is not None:
            return row
    return session.scalar(select(DocumentRow).where(DocumentRow.key == ref))


def document(session: Session, row: DocumentRow) -> dict[str, Any]:
    """The JSON contract of ``sitrep analyze`` plus stored ids, each fact with its key and review.

    Rejected facts stay in (marked by their review) so the reader can show what an analyst struck out.
    """
    doc = facts.document(session, row.key, include_rejected=True)
    assert doc is not None
    out = doc.to_dict()
    out["stored"] = {
        "id": row.id,
        "key": row.key,
        "origin": row.origin,
        "ingested_at": row.ingested_at.isoformat(),
        "analyzed_at": row.analyzed_at.isoformat(),
        "pipeline_version": row.pipeline_version,
        "near_duplicate_of": row.near_duplicate_of,
        "body_start": row.body_start,
    }
    return out


def audit(
    session: Session, *, kind: str | None = None, key: str | None = None, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if kind:
        query = query.where(AuditEntry.target_kind == kind)
    if key:
        query = query.where(AuditEntry.target_key == key)
    return [
        {
            "id": a.id,
            "at": a.at.isoformat(),
            "actor": a.actor,
            "action": a.action,
            "target_kind": a.target_kind,
            "target_key": a.target_key,
            "detail": a.detail,
        }
        for a in session.scalars(query.offset(offset).limit(limit))
    ]
