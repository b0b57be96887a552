"""Human decisions over machine facts: recording reviews, and reading facts with them applied.

The store keeps machine facts and reviews apart (``reviews`` rows keyed by fact kind and key), so a
re-analysis never loses a decision. This module is the one place that merges them: the effective
fact is the machine's, with every active review applied in order (status from the last accept or
reject, field edits merged, notes collected). Queries hide rejected facts unless asked.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints, create_model, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..model import MODALITIES, PLOVER_TYPES
from ..store import Store
from ..store.tables import AuditEntry, EventRow, ForecastRow, Review, StatementRow
from ..store.write import now
from .types import IsoDate

KINDS = {"event": EventRow, "statement": StatementRow, "forecast": ForecastRow}
_DATE = "date"
_NAMES = "names"
_TEXT = "text"
_NUMBER = "number"
EDITABLE: dict[str, dict[str, Any]] = {
    "event": {
        "type": PLOVER_TYPES,
        "mode": _TEXT,
        "actors": _NAMES,
        "recipients": _NAMES,
        "location": _TEXT,
        "date_start": _DATE,
        "date_end": _DATE,
        "quantity": _NUMBER,
        "modality": MODALITIES,
    },
    "statement": {
        "speaker": _TEXT,
        "act": _TEXT,
        "content": _TEXT,
        "modality": MODALITIES,
        "date_start": _DATE,
    },
    "forecast": {
        "by": _TEXT,
        "claim": _TEXT,
        "window_start": _DATE,
        "window_end": _DATE,
        "modality": MODALITIES,
    },
}
DECISIONS = {"accept": "confirm", "reject": "reject"}


class ReviewIn(BaseModel):
    """An analyst's decision on one fact: accept or reject it, correct fields, add a note."""

    decision: Literal["accept", "reject"] | None = None
    changes: dict[str, Any] = Field(default_factory=dict)
    note: str | None = Field(None, max_length=4000)


# The API's review bodies, one per kind: the OpenAPI schema then names every editable field and its
# type, and says that a review must hold something (a decision, a change or a note). Types are strict
# (no "12" for a number, no timestamp for a date) so the schema and the server agree on what is valid.
_TEXT_VALUE = Annotated[str, StringConstraints(max_length=2000)]
_API_TYPES: dict[str, Any] = {
    _DATE: IsoDate,
    _NUMBER: Annotated[float, Strict(), Field(allow_inf_nan=False)]
    | Annotated[str, StringConstraints(pattern=r"^-?[0-9]{1,15}(\.[0-9]{1,15})?$")],
    _NAMES: list[Annotated[str, StringConstraints(max_length=200)]] | _TEXT_VALUE,
    _TEXT: _TEXT_VALUE,
}
_SOMETHING = [
    {"required": ["decision"], "properties": {"decision": {"enum": ["accept", "reject"]}}},
    {"required": ["changes"], "properties": {"changes": {"type": "object", "minProperties": 1}}},
    {"required": ["note"], "properties": {"note": {"type": "string", "minLength": 1}}},
]


def _changes_model(kind: str) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for name, rule in EDITABLE[kind].items():
        # choices in the case the store keeps them or in lower case (normalised when recorded)
        choices = tuple(dict.fromkeys((*rule, *(c.lower() for c in rule)))) if isinstance(rule, tuple) else ()
        kind_of = Literal[choices] if choices else _API_TYPES[rule]  # type: ignore[valid-type]
        fields[name] = (kind_of | None, None)
    config = ConfigDict(extra="forbid", title=f"{kind.capitalize()}Changes")
    return create_model(f"{kind.capitalize()}Changes", __config__=config, **fields)


class _ReviewBody(BaseModel):
    """What the per-kind review bodies share: the check that there is something to record."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"anyOf": _SOMETHING})

    decision: Literal["accept", "reject"] | None = None
    note: str | None = Field(None, max_length=4000)

    @model_validator(mode="after")
    def _something(self):
        if self.decision is None and not self.changes.model_fields_set and not self.note:
            raise ValueError("nothing to record: give a decision, changes or a note")
        return self

    def plain(self) -> ReviewIn:
        """The generic review the store code takes: only the fields the client sent."""
        return ReviewIn(
            decision=self.decision, changes=self.changes.model_dump(exclude_unset=True), note=self.note
        )


def _review_model(kind: str) -> type[_ReviewBody]:
    changes = _changes_model(kind)
    return create_model(
        f"{kind.capitalize()}Review", __base__=_ReviewBody, changes=(changes, Field(default_factory=changes))
    )


EventReview = _review_model("event")
StatementReview = _review_model("statement")
ForecastReview = _review_model("forecast")


class ReviewError(ValueError):
    """A review that cannot be applied: unknown field or a value of the wrong kind."""


def validate_changes(kind: str, changes: dict[str, Any]) -> dict[str, Any]:
    """The changes, normalised (dates ISO, names a list), or ReviewError naming the bad field."""
    allowed = EDITABLE[kind]
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in allowed:
            raise ReviewError(f"{kind} field {name!r} cannot be edited; editable: {', '.join(allowed)}")
        rule = allowed[name]
        out[name] = _check(name, rule, value)
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
    if rule == _DATE:
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ReviewError(f"{name} must be a date in YYYY-MM-DD form, not {value!r}") from None
    if rule == _NUMBER:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ReviewError(f"{name} must be a number")
        try:
            number = float(value)
        except ValueError:
            raise ReviewError(f"{name} must be a number, not {value!r}") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ReviewError(f"{name} must be a finite number")
        return int(number) if number.is_integer() else number
    if rule == _NAMES:
        names = value.split(";") if isinstance(value, str) else value
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ReviewError(f"{name} must be a list of names (or one string, names separated by ';')")
        return [n.strip() for n in names if n.strip()]
    if not isinstance(value, str) or len(value) > 2000:
        raise ReviewError(f"{name} must be a string of at most 2000 characters")
    return value.strip() or None


# -- reading ------------------------------------------------------------------------------------------


def states(session: Session, kind: str, keys: list[str]) -> dict[str, dict[str, Any]]:
    """The review state of each reviewed fact among ``keys``: status, merged changes, notes."""
    out: dict[str, dict[str, Any]] = {}
    for chunk in range(0, len(keys), 500):
        query = (
            select(Review)
            .where(Review.fact_kind == kind, Review.fact_key.in_(keys[chunk : chunk + 500]), Review.active)
            .order_by(Review.id)
        )
        for r in session.scalars(query):
            state = out.setdefault(
                r.fact_key, {"status": "unreviewed", "changes": {}, "notes": [], "reviewers": []}
            )
            if r.decision == "confirm":
                state["status"] = "accepted"
            elif r.decision == "reject":
                state["status"] = "rejected"
            elif state["status"] == "unreviewed":
                state["status"] = "edited" if r.changes else state["status"]
            state["changes"].update(r.changes or {})
            if r.note:
                state["notes"].append({"note": r.note, "by": r.reviewer, "at": r.created_at.isoformat()})
            if r.reviewer and r.reviewer not in state["reviewers"]:
                state["reviewers"].append(r.reviewer)
    return out


def rejected(session: Session, kind: str) -> set[str]:
    """Keys of facts whose latest accept/reject decision is a rejection."""
    query = (
        select(Review.fact_key, Review.decision)
        .where(Review.fact_kind == kind, Review.active, Review.decision.in_(("confirm", "reject")))
        .order_by(Review.id)
    )
    last: dict[str, str] = {}
    for key, decision in session.execute(query):
        last[key] = decision
    return {k for k, d in last.items() if d == "reject"}


def apply(record: dict[str, Any], state: dict[str, Any] | None) -> dict[str, Any]:
    """A fact record (a query's ``to_dict``) with its review applied and attached under ``review``."""
    if state:
        record.update(state["changes"])
    record["review"] = state
    return record


# -- writing ------------------------------------------------------------------------------------------


def record(store: Store, kind: str, key: str, review: ReviewIn, reviewer: str, current) -> dict[str, Any]:
    """Store one review and its audit row in one transaction; return the audit detail.

    ``current(session, kind, key)`` gives the fact's effective record (None when there is no such
    fact), so before and after are what a user saw, reviews included.
    """
    changes = validate_changes(kind, review.changes)
    if review.decision is None and not changes and not review.note:
        raise ReviewError("nothing to record: give a decision, changes or a note")
    with store.transaction() as session:
        before = current(session, kind, key)
        if before is None:
            return {}
        decision = DECISIONS[review.decision] if review.decision else ("edit" if changes else "note")
        row = Review(
            fact_kind=kind,
            fact_key=key,
            decision=decision,
            changes=changes,
            note=review.note,
            reviewer=reviewer,
            created_at=now(),
            active=True,
        )
        session.add(row)
        session.flush()
        after = current(session, kind, key)
        fields = [*changes, "review"]
        detail = {
            "review_id": row.id,
            "decision": decision,
            "changes": changes,
            "note": review.note,
            "before": {f: before.get(f) for f in fields},
            "after": {f: after.get(f) for f in fields},
        }
        session.add(
            AuditEntry(
                at=now(), actor=reviewer, action="review", target_kind=kind, target_key=key, detail=detail
            )
        )
    return detail


# -- entity merges --------------------------------------------------------------------------------------
#
# "These two entities are the same": a review row of kind ``entity`` keyed by the merged entity's id,
# decision ``merge`` with ``{"merge_into": target}``, or ``unmerge`` to take it back. Entity ids come
# from the knowledge base or the entity's name, not from a run, so merges outlive ``sitrep reanalyze``.


class MergeIn(BaseModel):
    """Merge this entity into another (``merge_into``: its id), or undo a merge (``merge_into``: null)."""

    model_config = ConfigDict(extra="forbid")

    merge_into: Annotated[str, StringConstraints(min_length=1, max_length=500)] | None
    note: str | None = Field(None, max_length=4000)


def merges(session: Session) -> dict[str, str]:
    """Entity id -> the id it now stands for, following chains (a into b, b into c: a -> c)."""
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
    out = {}
    for source in direct:
        target, seen = direct[source], {source}
        while target in direct and target not in seen:
            seen.add(target)
            target = direct[target]
        out[source] = target
    return out


def record_merge(store: Store, entity_id: str, body: MergeIn, reviewer: str) -> dict[str, Any]:
    """Store a merge or an unmerge and its audit row; {} when the entity does not exist.

    ReviewError for a merge into itself, into an unknown entity, into one merged into this one
    (a cycle), or an unmerge of an entity that is not merged.
    """
    from ..store.tables import EntityRow

    with store.transaction() as session:
        if session.get(EntityRow, entity_id) is None:
            return {}
        current = merges(session)
        before = current.get(entity_id)
        if body.merge_into is None:
            if entity_id not in _direct(session):
                raise ReviewError(f"{entity_id!r} is not merged into another entity")
            decision, changes = "unmerge", {}
        else:
            target = body.merge_into
            if session.get(EntityRow, target) is None:
                raise ReviewError(f"merge_into: no entity {target!r}")
            if current.get(target, target) == entity_id:
                raise ReviewError(f"merge_into: {target!r} is (merged into) {entity_id!r} already")
            decision, changes = "merge", {"merge_into": target}
        row = Review(
            fact_kind="entity",
            fact_key=entity_id,
            decision=decision,
            changes=changes,
            note=body.note,
            reviewer=reviewer,
            created_at=now(),
            active=True,
        )
        session.add(row)
        session.flush()
        after = merges(session).get(entity_id)
        detail = {
            "review_id": row.id,
            "decision": decision,
            "changes": changes,
            "note": body.note,
            "before": {"merged_into": before},
            "after": {"merged_into": after},
        }
        session.add(
            AuditEntry(
                at=now(),
                actor=reviewer,
                action="review",
                target_kind="entity",
                target_key=entity_id,
                detail=detail,
            )
        )
    return detail


def _direct(session: Session) -> set[str]:
    """Entities that are merged themselves (not only through a chain)."""
    query = (
        select(Review.fact_key, Review.decision)
        .where(Review.fact_kind == "entity", Review.active, Review.decision.in_(("merge", "unmerge")))
        .order_by(Review.id)
    )
    last: dict[str, str] = {}
    for key, decision in session.execute(query):
        last[key] = decision
    return {k for k, d in last.items() if d == "merge"}
