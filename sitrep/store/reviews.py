"""Analysts' decisions over machine facts: what may be edited, recording a review, reading it back.

The store keeps machine facts and reviews apart (``reviews`` rows keyed by fact kind and key), so a
re-analysis never loses a decision. The effective fact is the machine's with every active review
applied in order: the status from the last accept or reject, field edits merged (the latest wins),
notes collected. :mod:`.facts` applies them for every face; this module records and reads them.

Entity merges ("these two entities are the same") are reviews too: kind ``entity``, keyed by the
merged entity's id, decision ``merge`` with ``{"merge_into": target}`` or ``unmerge``. Entity ids come
from the knowledge base or the entity's name, not from a run, so merges outlive ``sitrep reanalyze``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session, aliased

from ..errors import SitrepError
from ..model import MODALITIES, PLOVER_TYPES, ReviewState
from . import hooks
from .engine import Store
from .tables import (
    AuditEntry,
    DocumentEntity,
    DocumentRow,
    EntityRow,
    EventRow,
    ForecastRow,
    Review,
    StatementRow,
)
from .write import now

KINDS = {"event": EventRow, "statement": StatementRow, "forecast": ForecastRow}
DATE, NAMES, TEXT, NUMBER = "date", "names", "text", "number"
# Which fields of each kind an analyst may correct, and what a value must be: a choice, or one of the
# value kinds above. The API's schema and the forms are generated from this table.
EDITABLE: dict[str, dict[str, Any]] = {
    "event": {
        "type": PLOVER_TYPES,
        "mode": TEXT,
        "actors": NAMES,
        "recipients": NAMES,
        "location": TEXT,
        "date_start": DATE,
        "date_end": DATE,
        "quantity": NUMBER,
        "modality": MODALITIES,
    },
    "statement": {
        "speaker": TEXT,
        "act": TEXT,
        "content": TEXT,
        "modality": MODALITIES,
        "date_start": DATE,
    },
    "forecast": {
        "by": TEXT,
        "claim": TEXT,
        "window_start": DATE,
        "window_end": DATE,
        "modality": MODALITIES,
    },
}
DECISIONS = {"accept": "confirm", "reject": "reject"}
MAX_TEXT = 2000


class ReviewError(SitrepError):
    """A review that cannot be applied: unknown field, a value of the wrong kind, a bad reference."""

    code = "E102"


@dataclass
class ReviewIn:
    """An analyst's decision on one fact: accept or reject it, correct fields, add a note."""

    decision: str | None = None  # accept | reject
    changes: dict[str, Any] | None = None
    note: str | None = None


# -- validating -------------------------------------------------------------------------------------------


def validate_changes(kind: str, changes: dict[str, Any]) -> dict[str, Any]:
    """The changes, normalised (dates ISO, names a list), or ReviewError naming the bad field.

    A change of ``date_end`` before ``date_start`` (or of a window's end before its start) is refused
    here, against the other value given in the same review.
    """
    allowed = EDITABLE[kind]
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in allowed:
            raise ReviewError(f"{kind} field {name!r} cannot be edited; editable: {', '.join(allowed)}")
        out[name] = _check(name, allowed[name], value)
    for first, last in (("date_start", "date_end"), ("window_start", "window_end")):
        if out.get(first) and out.get(last) and out[last] < out[first]:
            raise ReviewError(f"{last} {out[last]} is before {first} {out[first]}")
    return out


def _check(name: str, rule: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(rule, tuple):
        text = str(value).strip()
        candidate = text.upper() if rule is PLOVER_TYPES else text.lower()
        if candidate not in rule:
            raise ReviewError(f"{name} must be one of {', '.join(rule)}, not {text!r}")
        return candidate
    if rule == DATE:
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ReviewError(f"{name} must be a date in YYYY-MM-DD form, not {value!r}") from None
    if rule == NUMBER:
        return _number(name, value)
    if rule == NAMES:
        names = value.split(";") if isinstance(value, str) else value
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ReviewError(f"{name} must be a list of names (or one string, names separated by ';')")
        return [n.strip() for n in names if n.strip()]
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise ReviewError(f"{name} must be a string of at most {MAX_TEXT} characters")
    return value.strip() or None


def _number(name: str, value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ReviewError(f"{name} must be a number")
    try:
        number = float(value)
    except ValueError:
        raise ReviewError(f"{name} must be a number, not {value!r}") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ReviewError(f"{name} must be a finite number")
    return int(number) if number.is_integer() else number


# -- reading ------------------------------------------------------------------------------------------------

# Reviews are only ever added (never changed or removed), so the newest review's id names the state of
# all of them. Every list of facts asks for merges, edited keys and rejections; read once per review
# state in this process, and the state itself once per session, they cost one small query, not four.
_VERSION = "sitrep:reviews_version"
_WRITING = "sitrep:reviews_written"
_DERIVED = "_sitrep_reviews_derived"  # kept on the engine: one database's answers, gone with it


def _version(session: Session) -> int | None:
    if _VERSION not in session.info:
        session.info[_VERSION] = session.scalar(select(func.max(Review.id)))
    return session.info[_VERSION]


def _derived(session: Session, name: str, compute: Callable[[], Any]) -> Any:
    """``compute()`` for this review state, remembered unless this session is writing reviews (its
    rows may yet be rolled back, and SQLite would give the next review the same id)."""
    version = _version(session)
    if session.info.get(_WRITING):
        return compute()
    engine = session.get_bind()
    derived: dict[tuple[int | None, str], Any] = engine.__dict__.setdefault(_DERIVED, {})
    key = (version, name)
    if key not in derived:
        if len(derived) > 64:
            derived.clear()
        derived[key] = compute()
    return derived[key]


def _added(session: Session, row: Review) -> None:
    session.add(row)
    session.info[_WRITING] = True
    session.info.pop(_VERSION, None)


def states(session: Session, kind: str, keys: list[str]) -> dict[str, ReviewState]:
    """The review state of each reviewed fact among ``keys``."""
    out: dict[str, ReviewState] = {}
    if _version(session) is None:
        return out  # nothing was ever reviewed
    for chunk in range(0, len(keys), 500):
        query = (
            select(Review)
            .where(Review.fact_kind == kind, Review.fact_key.in_(keys[chunk : chunk + 500]), Review.active)
            .order_by(Review.id)
        )
        for r in session.scalars(query):
            state = out.setdefault(r.fact_key, ReviewState())
            if r.decision == "confirm":
                state.status = "accepted"
            elif r.decision == "reject":
                state.status = "rejected"
            elif state.status == "unreviewed" and r.changes:
                state.status = "edited"
            state.changes.update(r.changes or {})
            if r.note:
                state.notes.append({"note": r.note, "by": r.reviewer, "at": r.created_at.isoformat()})
            if r.reviewer and r.reviewer not in state.reviewers:
                state.reviewers.append(r.reviewer)
    return out


def rejected_keys(kind: str) -> Select:
    """A subquery of the keys of ``kind`` whose latest accept/reject decision is a rejection.

    SQL, so a list leaves rejected facts out in the database and its pages and counts stay exact.
    """
    later = aliased(Review)
    overruled = exists().where(
        later.fact_kind == Review.fact_kind,
        later.fact_key == Review.fact_key,
        later.active,
        later.decision.in_(("confirm", "reject")),
        later.id > Review.id,
    )
    return select(Review.fact_key).where(
        Review.fact_kind == kind, Review.active, Review.decision == "reject", ~overruled
    )


def edited_keys(session: Session, kind: str) -> list[str]:
    """Keys of facts of ``kind`` with an active field edit: few (analysts' work), judged one by one."""

    def compute() -> list[str]:
        query = select(Review.fact_key, Review.changes).where(Review.fact_kind == kind, Review.active)
        return sorted({key for key, changes in session.execute(query) if changes})

    return list(_derived(session, f"edited:{kind}", compute))


def any_rejected(session: Session, kind: str) -> bool:
    """Whether any fact of ``kind`` was ever rejected: when none was, lists skip the filter."""

    def compute() -> bool:
        query = select(Review.id).where(Review.fact_kind == kind, Review.decision == "reject", Review.active)
        return session.scalar(query.limit(1)) is not None

    return bool(_derived(session, f"rejected:{kind}", compute))


def merges(session: Session) -> dict[str, str]:
    """Entity id -> the id it now stands for, following chains (a into b, b into c: a -> c)."""
    return dict(_derived(session, "merges", lambda: _merges(session)))


def _merges(session: Session) -> dict[str, str]:
    direct = _direct_merges(session)
    out = {}
    for source in direct:
        target, seen = direct[source], {source}
        while target in direct and target not in seen:
            seen.add(target)
            target = direct[target]
        out[source] = target
    return out


def _direct_merges(session: Session) -> dict[str, str]:
    query = (
        select(Review.fact_key, Review.decision, Review.changes)
        .where(Review.fact_kind == "entity", Review.active, Review.decision.in_(("merge", "unmerge")))
        .order_by(Review.id)
    )
    direct: dict[str, str] = {}
    for key, decision, changes in session.execute(query):
        if decision == "merge":
            direct[key] = (changes or {})["merge_into"]
        else:
            direct.pop(key, None)
    return direct


# -- writing --------------------------------------------------------------------------------------------------

# (session, kind, key) -> the fact as a face shows it (a dict), or None when there is no such fact.
Current = Callable[[Session, str, str], dict[str, Any] | None]


def record(store: Store, kind: str, key: str, review: ReviewIn, reviewer: str, current: Current) -> dict:
    """Store one review and its audit row in one transaction; return the audit detail ({} if no fact).

    ``current`` gives the fact's effective record, so before and after are what a user saw.
    """
    changes = validate_changes(kind, review.changes or {})
    if review.decision is None and not changes and not review.note:
        raise ReviewError("nothing to record: give a decision, changes or a note")
    with store.transaction() as session:
        before = current(session, kind, key)
        if before is None:
            return {}
        _check_dates_against(before, changes)
        decision = DECISIONS[review.decision] if review.decision else ("edit" if changes else "note")
        row = _review_row(kind, key, decision, changes, review.note, reviewer)
        _added(session, row)
        session.flush()
        after = current(session, kind, key) or {}
        fields = [*changes, "review"]
        detail = {
            "review_id": row.id,
            "decision": decision,
            "changes": changes,
            "note": review.note,
            "before": {f: before.get(f) for f in fields},
            "after": {f: after.get(f) for f in fields},
        }
        _audit(session, reviewer, kind, key, detail)
        table = KINDS[kind]
        documents = list(
            session.scalars(
                select(DocumentRow.key)
                .join(table, table.document_id == DocumentRow.id)
                .where(table.fact_key == key)
            )
        )
    hooks.run(store, documents)
    return detail


def _check_dates_against(before: dict[str, Any], changes: dict[str, Any]) -> None:
    """A new start after the fact's current end (or a new end before its start) is refused."""
    for first, last in (("date_start", "date_end"), ("window_start", "window_end")):
        start = changes.get(first, before.get(first))
        end = changes.get(last, before.get(last))
        if (first in changes or last in changes) and start and end and str(end) < str(start):
            raise ReviewError(f"{last} {end} would be before {first} {start}")


def record_merge(
    store: Store, entity_id: str, merge_into: str | None, note: str | None, reviewer: str
) -> dict[str, Any]:
    """Store a merge (``merge_into`` an entity id) or an unmerge (None) and its audit row.

    {} when the entity does not exist; ReviewError for a merge into itself, into an unknown entity,
    into one merged into this one (a cycle), or an unmerge of an entity that is not merged.
    """
    with store.transaction() as session:
        if session.get(EntityRow, entity_id) is None:
            return {}
        current = merges(session)
        before = current.get(entity_id)
        if merge_into is None:
            if entity_id not in _direct_merges(session):
                raise ReviewError(f"{entity_id!r} is not merged into another entity")
            decision, changes = "unmerge", {}
        else:
            if session.get(EntityRow, merge_into) is None:
                raise ReviewError(f"merge_into: no entity {merge_into!r}")
            if current.get(merge_into, merge_into) == entity_id:
                raise ReviewError(f"merge_into: {merge_into!r} is (merged into) {entity_id!r} already")
            decision, changes = "merge", {"merge_into": merge_into}
        row = _review_row("entity", entity_id, decision, changes, note, reviewer)
        _added(session, row)
        session.flush()
        detail = {
            "review_id": row.id,
            "decision": decision,
            "changes": changes,
            "note": note,
            "before": {"merged_into": before},
            "after": {"merged_into": merges(session).get(entity_id)},
        }
        _audit(session, reviewer, "entity", entity_id, detail)
        documents = list(
            session.scalars(
                select(DocumentRow.key)
                .join(DocumentEntity, DocumentEntity.document_id == DocumentRow.id)
                .where(DocumentEntity.entity_id.in_([entity_id, merge_into or before or entity_id]))
            )
        )
    hooks.run(store, documents)
    return detail


def _review_row(kind: str, key: str, decision: str, changes: dict, note: str | None, reviewer: str) -> Review:
    return Review(
        fact_kind=kind,
        fact_key=key,
        decision=decision,
        changes=changes,
        note=note,
        reviewer=reviewer,
        created_at=now(),
        active=True,
    )


def _audit(session: Session, reviewer: str, kind: str, key: str, detail: dict[str, Any]) -> None:
    session.add(
        AuditEntry(at=now(), actor=reviewer, action="review", target_kind=kind, target_key=key, detail=detail)
    )
