"""The API's review bodies: what an analyst may send, as typed models the OpenAPI schema describes.

Recording and reading decisions is the store's (:mod:`sitrep.store.reviews`); this module only says,
per kind of fact, which fields may be edited and what a valid value is, so the schema and the server
agree on what is valid.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints, create_model, model_validator

from ..store.reviews import DATE, EDITABLE, KINDS, NAMES, NUMBER, TEXT, ReviewError, ReviewIn
from .types import Body, IsoDate

__all__ = [
    "EDITABLE",
    "KINDS",
    "EventReview",
    "ForecastReview",
    "MergeIn",
    "ReviewError",
    "ReviewIn",
    "StatementReview",
]

# Types are strict (no "12" for a number, no timestamp for a date).
_TEXT_VALUE = Annotated[str, StringConstraints(max_length=2000)]
_API_TYPES: dict[str, Any] = {
    DATE: IsoDate,
    NUMBER: Annotated[float, Strict(), Field(allow_inf_nan=False)]
    | Annotated[str, StringConstraints(pattern=r"^-?[0-9]{1,15}(\.[0-9]{1,15})?$")],
    NAMES: list[Annotated[str, StringConstraints(max_length=200)]] | _TEXT_VALUE,
    TEXT: _TEXT_VALUE,
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


class _ReviewBody(Body):
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
        """The review the store records: only the fields the client sent."""
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


class MergeIn(Body):
    """Merge this entity into another (``merge_into``: its id), or undo a merge (``merge_into``: null)."""

    model_config = ConfigDict(extra="forbid")

    merge_into: Annotated[str, StringConstraints(min_length=1, max_length=500)] | None
    note: str | None = Field(None, max_length=4000)
