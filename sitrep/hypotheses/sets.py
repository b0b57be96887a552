"""Hypothesis sets in the store, the analyst's edits to their matrices, and the matrix of a set.

Every change is one transaction with its ``audit`` row. Edits refer to rows by key (indicator id and
the fact's stable ``fact_key``), never by database id, so re-ingest and re-analysis cannot undo them.
"""

from __future__ import annotations

import getpass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..across.reliability import grade_of
from ..errors import SitrepError
from ..model import Statement
from ..store.tables import AuditEntry, HypothesisEdit, HypothesisSet
from ..store.write import now
from . import indicators as ind
from .matrix import Matrix, Row, build
from .schema import CODES, LEVELS, HypothesisSetSpec, load, parse

ACTIONS = ("add", "cell", "weight", "dismiss", "restore")


class HypothesisError(SitrepError):
    """A request about a hypothesis set that cannot be carried out (unknown set, row or value)."""

    code = "E702"


def user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _audit(session: Session, action: str, key: str, detail: dict[str, Any], actor: str | None) -> None:
    session.add(
        AuditEntry(
            at=now(),
            actor=actor or user(),
            action=action,
            target_kind="hypothesis_set",
            target_key=key,
            detail=detail,
        )
    )


# -- sets --------------------------------------------------------------------------------------------------


def init_set(
    session: Session,
    name: str,
    path: str | Path | None = None,
    *,
    text: str | None = None,
    replace: bool = False,
    actor: str | None = None,
) -> HypothesisSetSpec:
    """Store the set in a YAML file (or text) under ``name``; a bad file raises before anything is written."""
    spec, text = load(path) if text is None else (parse(text, str(path or "<text>")), text)
    spec.name = name
    row = session.scalar(select(HypothesisSet).where(HypothesisSet.name == name))
    if row and not replace:
        raise HypothesisError(f"a hypothesis set named {name!r} exists; --replace to load the file over it")
    stamp = now()
    if row is None:
        row = HypothesisSet(name=name, created_at=stamp)
        session.add(row)
    row.spec, row.source_text, row.origin, row.updated_at = spec.to_dict(), text, str(path or ""), stamp
    _audit(
        session,
        "hypotheses.init",
        name,
        {"origin": str(path or ""), "replace": bool(replace), "indicators": len(spec.indicators)},
        actor,
    )
    session.flush()
    from .watch import scan

    scan(session, names=[name], initial=True)  # what is already stored is no news
    return spec


def get_set(session: Session, name: str) -> HypothesisSetSpec:
    row = session.scalar(select(HypothesisSet).where(HypothesisSet.name == name))
    if row is None:
        known = ", ".join(session.scalars(select(HypothesisSet.name).order_by(HypothesisSet.name))) or "none"
        raise HypothesisError(f"no hypothesis set named {name!r} (known: {known})")
    return HypothesisSetSpec.from_dict(row.spec)


def set_names(session: Session) -> list[str]:
    return list(session.scalars(select(HypothesisSet.name).order_by(HypothesisSet.name)))


# -- the matrix ----------------------------------------------------------------------------------------------


Found = list[tuple[str, ind.Evidence]]  # (indicator id, the stored fact it found)


def matrix(session: Session, name: str, as_of: date | None = None) -> Matrix:
    spec = get_set(session, name)
    return assemble(session, spec, find(session, spec, as_of), as_of)


def find(session: Session, spec: HypothesisSetSpec, as_of: date | None = None) -> Found:
    """What every indicator of the set finds, read through the store's one reader of facts."""
    return [(i.id, fact) for i in spec.indicators for fact in ind.matches(session, i, as_of)]


def assemble(session: Session, spec: HypothesisSetSpec, found: Found, as_of: date | None) -> Matrix:
    """Rows from matches (a wire story's copies once), graded, with the analyst's edits applied."""
    grade = _Grades(session)
    seen: dict[str, set[str]] = {}
    rows: list[Row] = []
    for indicator, fact in found:
        stored = fact.stored
        assert stored is not None
        stories = seen.setdefault(indicator, set())
        if stored.copy_of in stories:
            continue
        stories.add(stored.document)
        i = spec.indicator(indicator)
        assert i is not None
        speaker = fact.speaker if isinstance(fact, Statement) else None
        letter, level = grade(stored.source, speaker)
        rows.append(
            Row(
                f"{i.id}|{stored.key}",
                i.id,
                i.text,
                dict(i.consistency),
                i.relevance,
                level,
                letter,
                fact=fact,
                date=stored.published,
            )
        )
    rows = _apply_edits(session, spec, rows, as_of)
    return build(spec.name, spec.question, [(h.id, h.text) for h in spec.hypotheses], rows, as_of)


class _Grades:
    """Admiralty grades: the outlet's as the store read it with the fact, a statement's speaker's too."""

    def __init__(self, session: Session) -> None:
        self.session, self.cache = session, {}

    def __call__(self, outlet: str | None, speaker: str | None) -> tuple[str, str]:
        """The weaker of the outlet's grade and, for a statement, its speaker's: that one counts."""
        key = (outlet, speaker)
        if key not in self.cache:
            grades = [self._one(source=outlet)] + ([self._one(speaker=speaker)] if speaker else [])
            self.cache[key] = min(grades, key=lambda g: _RANK[g[1]])
        return self.cache[key]

    def _one(self, **who: str | None) -> tuple[str, str]:
        rel, cred = "F", 6
        if any(who.values()):
            g = grade_of(self.session, **who)
            rel, cred = g.reliability, int(g.credibility)
        return f"{rel}{cred}", credibility_level(rel, cred)


_RANK = {"low": 0, "medium": 1, "high": 2}


def credibility_level(reliability: str, credibility: int) -> str:
    """Admiralty grade to ACH credibility: A/B with 1/2 high, D/E or 4/5 low, the rest (F, 6) medium."""
    if reliability in "DE" or credibility in (4, 5):
        return "low"
    if reliability in "AB" and credibility in (1, 2):
        return "high"
    return "medium"


def _edits(session: Session, name: str) -> list[HypothesisEdit]:
    query = select(HypothesisEdit).where(HypothesisEdit.set_name == name, HypothesisEdit.active.is_(True))
    return list(session.scalars(query.order_by(HypothesisEdit.id)))


def _apply_edits(session: Session, spec: HypothesisSetSpec, rows: list[Row], as_of: date | None) -> list[Row]:
    by_key = {r.key: r for r in rows}
    for e in _edits(session, spec.name):
        if e.action == "add":
            v = e.value
            day = date.fromisoformat(v["date"]) if v.get("date") else None
            if as_of is not None and (day is None or day > as_of):
                continue
            cells = {h: v.get("cells", {}).get(h, "N") for h in spec.ids}
            row = Row(
                e.row_key,
                None,
                v["text"],
                cells,
                v.get("relevance", "medium"),
                v.get("credibility", "medium"),
                v.get("grade", ""),
                date=day,
                edited=["added"],
                manual={"source": v.get("source"), "sentence": v.get("sentence") or v["text"]},
            )
            rows.append(row)
            by_key[row.key] = row
            continue
        row = by_key.get(e.row_key)
        if row is None:
            continue  # a fact not (yet, or no longer) found: the edit waits for it
        if e.action == "cell" and e.hypothesis in row.cells:
            row.cells[e.hypothesis] = e.value["code"]
            row.edited.append(f"cell {e.hypothesis}")
        elif e.action == "weight":
            row.relevance = e.value.get("relevance", row.relevance)
            row.credibility = e.value.get("credibility", row.credibility)
            row.edited.append("weight")
        elif e.action in ("dismiss", "restore"):
            row.dismissed = e.action == "dismiss"
            row.edited.append(e.action)
    return rows


# -- analysts' edits -----------------------------------------------------------------------------------------


def find_row(session: Session, name: str, handle: str) -> Row:
    """A row by its short id (``r-1a2b3c4d``), a unique prefix of it, or its full key."""
    rows = matrix(session, name).rows
    hits = [r for r in rows if handle in (r.id, r.key)] or [r for r in rows if r.id.startswith(handle)]
    if len(hits) != 1:
        raise HypothesisError(f"{'no' if not hits else 'more than one'} row {handle!r} in {name!r}")
    return hits[0]


def edit(
    session: Session,
    name: str,
    handle: str,
    action: str,
    *,
    hypothesis: str | None = None,
    value: dict[str, Any] | None = None,
    note: str | None = None,
    actor: str | None = None,
) -> HypothesisEdit:
    """Change a row: ``cell`` (hypothesis, value code), ``weight`` (relevance/credibility), ``dismiss``, ``restore``."""
    spec = get_set(session, name)
    if action not in ACTIONS[1:]:
        raise HypothesisError(f"unknown edit {action!r} (one of: {', '.join(ACTIONS[1:])})")
    row = find_row(session, name, handle)
    value = dict(value or {})
    if action == "cell":
        if hypothesis not in spec.ids:
            raise HypothesisError(f"unknown hypothesis {hypothesis!r} (one of: {', '.join(spec.ids)})")
        value["code"] = str(value.get("code", "")).upper()
        if value["code"] not in CODES:
            raise HypothesisError(f"unknown consistency {value['code']!r} (one of: {', '.join(CODES)})")
    if action == "weight":
        for k, v in value.items():
            if k not in ("relevance", "credibility") or v not in LEVELS:
                raise HypothesisError(f"weight takes relevance/credibility high|medium|low, not {k}={v}")
    # The newest decision of a kind on a row (and hypothesis) supersedes the older ones.
    kinds = ("dismiss", "restore") if action in ("dismiss", "restore") else (action,)
    for old in _edits(session, name):
        if old.row_key == row.key and old.action in kinds and old.hypothesis == hypothesis:
            old.active = False
    e = HypothesisEdit(
        set_name=name,
        row_key=row.key,
        action=action,
        hypothesis=hypothesis,
        value=value,
        note=note,
        reviewer=actor or user(),
        created_at=now(),
    )
    session.add(e)
    _audit(
        session,
        f"ach.{action}",
        f"{name}/{row.key}",
        {"hypothesis": hypothesis, "value": value, "note": note, "before": row.to_dict()["cells"]},
        actor,
    )
    return e


def add_row(
    session: Session,
    name: str,
    text: str,
    cells: dict[str, str],
    *,
    day: date | None = None,
    source: str | None = None,
    sentence: str | None = None,
    relevance: str = "medium",
    credibility: str = "medium",
    note: str | None = None,
    actor: str | None = None,
) -> str:
    """A row the analyst adds by hand (evidence sitrep did not find); returns its key."""
    spec = get_set(session, name)
    for h, c in cells.items():
        if h not in spec.ids or c.upper() not in CODES:
            raise HypothesisError(
                f"bad cell {h}={c} (hypotheses {', '.join(spec.ids)}; codes {', '.join(CODES)})"
            )
    if relevance not in LEVELS or credibility not in LEVELS:
        raise HypothesisError("relevance and credibility are high, medium or low")
    n = sum(
        1
        for e in session.scalars(
            select(HypothesisEdit).where(HypothesisEdit.set_name == name, HypothesisEdit.action == "add")
        )
    )
    key = f"manual:{n + 1}"
    value = {
        "text": text,
        "cells": {h: c.upper() for h, c in cells.items()},
        "date": day.isoformat() if day else None,
        "source": source,
        "sentence": sentence,
        "relevance": relevance,
        "credibility": credibility,
    }
    session.add(
        HypothesisEdit(
            set_name=name,
            row_key=key,
            action="add",
            value=value,
            note=note,
            reviewer=actor or user(),
            created_at=now(),
        )
    )
    _audit(session, "ach.add", f"{name}/{key}", {"value": value, "note": note}, actor)
    return key
