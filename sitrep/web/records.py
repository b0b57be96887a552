"""The store's queries with review decisions applied and offset pagination: what the API answers.

The store's queries return the newest ``limit`` facts; pages are cut here by asking for
``offset + limit`` plus the number of rejected facts, so hiding rejections never shortens a page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..store import queries
from ..store.load import load_document
from ..store.tables import (
    AuditEntry,
    DocumentRow,
    EntityRow,
    EventRow,
    ForecastRow,
    QuantityRow,
    StatementRow,
)
from . import reviews


def _page(found: list, hidden: set[str], offset: int, limit: int) -> list:
    return [r for r in found if r.key not in hidden][offset : offset + limit]


def _quantities(session: Session, keys: list[str]) -> dict[str, float | None]:
    if not keys:
        return {}
    query = (
        select(EventRow.fact_key, QuantityRow.value)
        .join(QuantityRow, QuantityRow.id == EventRow.main_quantity_id)
        .where(EventRow.fact_key.in_(keys))
    )
    return {k: (int(v) if v is not None and float(v).is_integer() else v) for k, v in session.execute(query)}


def events(
    session: Session,
    flt: queries.EventFilter,
    *,
    limit: int = 100,
    offset: int = 0,
    include_rejected: bool = False,
) -> list[dict[str, Any]]:
    hidden = set() if include_rejected else reviews.rejected(session, "event")
    found = _page(queries.events(session, flt, offset + limit + len(hidden)), hidden, offset, limit)
    keys = [e.key for e in found]
    amounts, done = _quantities(session, keys), reviews.states(session, "event", keys)
    out = _merged(session, [{**_plain(e), "quantity": amounts.get(e.key)} for e in found])
    return [reviews.apply(e, done.get(e["key"])) for e in out]


def _plain(record: Any) -> dict[str, Any]:
    """A query record as JSON-ready dict, the same as its ``to_dict`` at a fifth of the cost.

    ``dataclasses.asdict`` deep-copies every field; a page of 100 events spent half its time there.
    """
    out = {}
    for name in record.__dataclass_fields__:
        value = getattr(record, name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, list):
            value = [v.isoformat() if isinstance(v, date) else v for v in value]
        elif hasattr(value, "__dataclass_fields__"):
            value = _plain(value)
        out[name] = value
    return out


def _merged(session: Session, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Analysts' entity merges applied: a merged entity shows as the one it was merged into.

    Events change ``actor_ids``/``actors`` (and recipients), statements ``speaker_id``/``speaker``;
    an entity named twice after a merge is listed once.
    """
    into = reviews.merges(session)
    if not into or not found:
        return found
    query = select(EntityRow.id, EntityRow.name).where(EntityRow.id.in_(set(into.values())))
    names = {entity_id: name for entity_id, name in session.execute(query)}
    for f in found:
        if f.get("speaker_id") in into:
            f["speaker_id"] = into[f["speaker_id"]]
            f["speaker"] = names.get(f["speaker_id"], f["speaker_id"])
        for ids_field, names_field in (("actor_ids", "actors"), ("recipient_ids", "recipients")):
            ids = f.get(ids_field) or []
            if not any(i in into for i in ids):
                continue
            shown = f[names_field]
            new_ids: list[str] = []
            new_names: list[str] = []
            for n, i in enumerate(ids):
                target = into.get(i, i)
                if target in new_ids:
                    continue
                new_ids.append(target)
                new_names.append(
                    names.get(target, target) if target != i else (shown[n] if n < len(shown) else i)
                )
            f[ids_field], f[names_field] = new_ids, new_names
    return found


def event(session: Session, key: str) -> dict[str, Any] | None:
    event_id = session.scalar(select(EventRow.id).where(EventRow.fact_key == key))
    if event_id is None:
        return None
    [rec] = queries.event_records(session, [event_id])
    state = reviews.states(session, "event", [key]).get(key)
    [out] = _merged(session, [{**rec.to_dict(), "quantity": _quantities(session, [key]).get(key)}])
    return reviews.apply(out, state)


def statements(
    session: Session,
    *,
    speaker: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 100,
    offset: int = 0,
    include_rejected: bool = False,
) -> list[dict[str, Any]]:
    hidden = set() if include_rejected else reviews.rejected(session, "statement")
    found = queries.statements(
        session, speaker=speaker, since=since, until=until, limit=offset + limit + len(hidden)
    )
    found = _page(found, hidden, offset, limit)
    done = reviews.states(session, "statement", [s.key for s in found])
    return [reviews.apply(s, done.get(s["key"])) for s in _merged(session, [s.to_dict() for s in found])]


def forecasts(
    session: Session,
    *,
    open_only: bool = False,
    by: str | None = None,
    limit: int = 100,
    offset: int = 0,
    include_rejected: bool = False,
) -> list[dict[str, Any]]:
    hidden = set() if include_rejected else reviews.rejected(session, "forecast")
    found = queries.forecasts(session, open_only=open_only, by=by, limit=offset + limit + len(hidden))
    found = _page(found, hidden, offset, limit)
    done = reviews.states(session, "forecast", [f.key for f in found])
    return [reviews.apply(f.to_dict(), done.get(f.key)) for f in found]


def _one(session: Session, kind: str, key: str) -> dict[str, Any] | None:
    """One statement or forecast by key, through the same query code as the lists (narrowed by date)."""
    if kind == "statement":
        row = session.scalar(select(StatementRow).where(StatementRow.fact_key == key))
        if row is None:
            return None
        day = row.date_start
        found = queries.statements(session, since=day, until=day, limit=None)
    else:
        row = session.scalar(select(ForecastRow).where(ForecastRow.fact_key == key))
        if row is None:
            return None
        found = queries.forecasts(session, by=row.forecaster, limit=None)
    rec = next((r for r in found if r.key == key), None)
    if rec is None:
        return None
    [out] = _merged(session, [rec.to_dict()])
    return reviews.apply(out, reviews.states(session, kind, [key]).get(key))


def fact(session: Session, kind: str, key: str) -> dict[str, Any] | None:
    """The effective record of any reviewable fact (for reviews' before/after)."""
    return event(session, key) if kind == "event" else _one(session, kind, key)


def timeline(
    session: Session,
    *,
    actor: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Events and statements as intervals, oldest first: the latest ``limit`` of them."""
    flt = queries.EventFilter(actor=actor, since=since, until=until)
    entries = [
        {
            "kind": "event",
            "key": e["key"],
            "label": e["type"],
            "date_start": e["date_start"],
            "date_end": e["date_end"] or e["date_start"],
            "modality": e["modality"],
            "actors": e["actors"],
            "summary": _summary(e),
            "source": e["source"],
            "review": e["review"],
        }
        for e in events(session, flt, limit=limit)
    ] + [
        {
            "kind": "statement",
            "key": s["key"],
            "label": s["act"],
            "date_start": s["date_start"],
            "date_end": s["date_start"],
            "modality": s["modality"],
            "actors": [s["speaker"]],
            "summary": f"{s['speaker']}: {s['content']}",
            "source": s["source"],
            "review": s["review"],
        }
        for s in statements(session, speaker=actor, since=since, until=until, limit=limit)
    ]
    entries.sort(key=lambda t: (t["date_start"] is not None, t["date_start"] or "", t["key"]), reverse=True)
    return sorted(entries[:limit], key=lambda t: (t["date_start"] is None, t["date_start"] or "", t["key"]))


def _summary(e: dict[str, Any]) -> str:
    who, whom = ", ".join(e["actors"]) or "?", ", ".join(e["recipients"])
    negated = "not " if e["modality"] == "negated" else ""
    return f"{who} {negated}{e['trigger']} {whom}".strip()


def search(session: Session, text: str, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    hidden = {kind: reviews.rejected(session, kind) for kind in reviews.KINDS}
    extra = sum(len(v) for v in hidden.values())
    hits = queries.search(session, text, offset + limit + extra)
    kept = [h for h in hits if h.ref not in hidden.get(h.kind, ())]
    return [h.to_dict() for h in kept[offset : offset + limit]]


def entity(session: Session, entity_id: str) -> dict[str, Any] | None:
    row = session.get(EntityRow, entity_id)
    if row is None:
        return None
    [rec] = [e for e in queries.entities(session, name=row.name, limit=None) if e.id == entity_id] or [None]
    out = rec.to_dict() if rec else {"id": row.id, "name": row.name, "type": row.type}
    out.update({"role": row.role, "kb_id": row.kb_id, "attributes": row.attributes})
    into = reviews.merges(session)
    target = into.get(entity_id)
    out["merged_into"] = {"id": target, "name": session.get(EntityRow, target).name} if target else None
    out["merged_from"] = sorted(source for source, t in into.items() if t == entity_id)
    out["events"] = events(session, queries.EventFilter(actor=entity_id), limit=50)
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
    """The JSON contract of ``sitrep analyze`` plus stored ids, each fact with its key and review."""
    out = load_document(session, row).to_dict()
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
    for kind, name in (("event", "events"), ("statement", "statements"), ("forecast", "forecasts")):
        table = reviews.KINDS[kind]
        query = select(table.fact_id, table.fact_key).where(table.document_id == row.id)
        keys = {fact_id: key for fact_id, key in session.execute(query)}
        done = reviews.states(session, kind, list(keys.values()))
        for f in out[name]:
            f["key"] = keys.get(f["id"])
            state = done.get(f["key"])
            f["review"] = state
            if state:
                _apply_contract(kind, f, state["changes"])
    return out


def _apply_contract(kind: str, f: dict[str, Any], changes: dict[str, Any]) -> None:
    """Edits onto a fact of the JSON contract, whose field names differ a little from the records'."""
    for name, value in changes.items():
        if name in ("actors", "recipients"):
            f[f"{name[:-1]}_texts"] = value
        elif name in ("date_start", "date_end") and kind == "event":
            time = dict(f.get("time") or {"text": None, "value": None, "start": None, "end": None})
            time["start" if name == "date_start" else "end"] = value
            f["time"] = time
        elif name == "quantity":
            f["quantity"] = {**(f.get("quantity") or {}), "value": value}
        elif name in ("window_start", "window_end"):
            f["window"] = {**(f.get("window") or {}), name.split("_")[1]: value}
        elif name == "date_start":
            f["time"] = {**(f.get("time") or {}), "start": value}
        else:
            f[name] = value


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
