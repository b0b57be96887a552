"""Admiralty grades (NATO AJP-2.1 / STANAG 2511) of outlets and speakers, and how corroboration raises them.

A grade has two halves. *Reliability* judges the source from its record: A completely reliable,
B usually reliable, C fairly reliable, D not usually reliable, E unreliable, F cannot be judged.
*Credibility* judges the information: 1 confirmed by other independent sources, 2 probably true,
3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged. Until an analyst grades a source it is
F/6: nothing is assumed about an outlet nobody has looked at.

Corroboration (see :func:`corroborated`): the credibility of a happening told by several reports is the
best of the graded credibility of its sources and what independence earns it: three or more independent
sources confirm it (1), two make it probably true (2). Reports are independent when they come from
different outlets and are not copies of one wire story (``documents.near_duplicate_of``). A happening
whose reports disagree on a detail (a contradiction) is at best possibly true (3).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..store.facts import resolve
from ..store.tables import DocumentRow, EntityRow, SourceGrade, StatementRow
from ..store.write import now
from ._common import AcrossError, analyst, audit

RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
DEFAULT_RELIABILITY = "F"
DEFAULT_CREDIBILITY = 6


@dataclass(frozen=True)
class Grade:
    reliability: str = DEFAULT_RELIABILITY
    credibility: int = DEFAULT_CREDIBILITY

    def __str__(self) -> str:
        return f"{self.reliability}{self.credibility}"

    @property
    def meaning(self) -> str:
        return f"{RELIABILITY[self.reliability]}; {CREDIBILITY[self.credibility]}"


UNGRADED = Grade()


@dataclass
class GradedSource:
    """An outlet or speaker as ``sitrep sources`` lists it."""

    kind: str  # source | speaker
    name: str
    key: str
    grade: Grade
    facts: int  # documents of an outlet, statements of a speaker
    graded_by: str | None = None
    note: str | None = None

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "name": self.name,
            "key": self.key,
            "grade": str(self.grade),
            "reliability": self.grade.reliability,
            "credibility": self.grade.credibility,
            "meaning": self.grade.meaning,
            "facts": self.facts,
            "graded_by": self.graded_by,
            "note": self.note,
        }


def grade_of(session: Session, *, source: str | None = None, speaker: str | None = None) -> Grade:
    """The grade of an outlet (by name, any case) or a speaker (entity id, name or alias); F/6 if ungraded."""
    if (source is None) == (speaker is None):
        raise AcrossError("grade_of needs exactly one of source= or speaker=")
    kind, keys = (
        ("source", [_norm(source)]) if source is not None else ("speaker", _speaker_keys(session, speaker))
    )
    row = session.scalars(
        select(SourceGrade).where(SourceGrade.kind == kind, SourceGrade.name_key.in_(keys)).limit(1)
    ).first()
    return Grade(row.reliability, row.credibility) if row else UNGRADED


def grades(session: Session, kind: str) -> dict[str, Grade]:
    """Every grade of one kind by key (casefolded outlet name or speaker id): one query for a listing."""
    rows = session.scalars(select(SourceGrade).where(SourceGrade.kind == kind))
    return {r.name_key: Grade(r.reliability, r.credibility) for r in rows}


def set_grade(
    session: Session,
    source_or_speaker: str,
    *,
    reliability: str | None = None,
    credibility: int | None = None,
    by: str | None = None,
    kind: str | None = None,
    note: str | None = None,
) -> Grade:
    """Grade an outlet or a speaker (``kind`` decides; by default an outlet name seen in documents wins).

    Half a grade may be given: the other half keeps its value (F or 6 when new). Audited.
    """
    name = source_or_speaker.strip()
    if not name:
        raise AcrossError("a source or speaker name is needed")
    reliability = reliability.upper() if reliability else None
    if reliability is not None and reliability not in RELIABILITY:
        raise AcrossError(f"reliability {reliability!r} is not one of A-F")
    if credibility is not None and credibility not in CREDIBILITY:
        raise AcrossError(f"credibility {credibility!r} is not one of 1-6")
    kind = kind or _kind_of(session, name)
    if kind not in ("source", "speaker"):
        raise AcrossError(f"kind {kind!r} is not 'source' or 'speaker'")
    key = _norm(name) if kind == "source" else (_speaker_keys(session, name)[0])
    by = analyst(by)
    row = session.get(SourceGrade, (kind, key))
    before = str(Grade(row.reliability, row.credibility)) if row else str(UNGRADED)
    if row is None:
        row = SourceGrade(
            kind=kind,
            name_key=key,
            name=name,
            reliability=DEFAULT_RELIABILITY,
            credibility=DEFAULT_CREDIBILITY,
        )
        session.add(row)
    row.reliability = reliability or row.reliability
    row.credibility = credibility or row.credibility
    row.note, row.graded_by, row.graded_at = note if note is not None else row.note, by, now()
    grade = Grade(row.reliability, row.credibility)
    audit(session, by, "grade", kind, key, {"name": name, "from": before, "to": str(grade), "note": note})
    session.flush()
    return grade


def sources(session: Session, *, speakers: bool = False) -> list[GradedSource]:
    """Outlets seen in documents (and speakers, with ``speakers``) with their grades, most prolific first."""
    graded = {(r.kind, r.name_key): r for r in session.scalars(select(SourceGrade))}
    out: dict[tuple[str, str], GradedSource] = {}
    counts = session.execute(
        select(DocumentRow.source, func.count())
        .where(DocumentRow.source.is_not(None))
        .group_by(DocumentRow.source)
    )
    for name, n in counts:
        key = ("source", _norm(name))
        if key in out:
            out[key].facts += n
        else:
            out[key] = GradedSource("source", name, key[1], UNGRADED, n)
    if speakers:
        rows = session.execute(
            select(StatementRow.speaker, func.min(StatementRow.speaker_text), func.count())
            .where(StatementRow.speaker.is_not(None))
            .group_by(StatementRow.speaker)
        )
        names = dict(session.execute(select(EntityRow.id, EntityRow.name)).all())
        for sid, text, n in rows:
            out[("speaker", sid)] = GradedSource("speaker", names.get(sid, text), sid, UNGRADED, n)
    for (kind, key), r in graded.items():
        if kind == "speaker" and not speakers:
            continue
        found = out.setdefault((kind, key), GradedSource(kind, r.name, key, UNGRADED, 0))
        found.grade, found.graded_by, found.note = Grade(r.reliability, r.credibility), r.graded_by, r.note
    return sorted(out.values(), key=lambda s: (s.kind, -s.facts, s.name.casefold()))


def corroborated(base: list[Grade], independent: int, contradicted: bool = False) -> int:
    """Credibility of a happening from its sources' grades and how many independent sources tell it."""
    best = min((g.credibility for g in base), default=DEFAULT_CREDIBILITY)
    earned = 1 if independent >= 3 else 2 if independent == 2 else DEFAULT_CREDIBILITY
    credibility = min(best, earned)
    return max(credibility, 3) if contradicted else credibility


def cluster_grade(
    outlets: list[str], independent: int, graded: dict[str, Grade], contradicted: bool = False
) -> Grade:
    """A happening's grade: the best reliability among its outlets, credibility from :func:`corroborated`."""
    base = [graded[o.casefold()] for o in outlets if o.casefold() in graded]
    reliability = min((g.reliability for g in base), default=DEFAULT_RELIABILITY)
    return Grade(reliability, corroborated(base, independent, contradicted))


def _norm(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def _speaker_keys(session: Session, name: str | None) -> list[str]:
    """A speaker's entity ids when the name resolves, else the casefolded name (unlinked speakers)."""
    return resolve(session, name or "") or [_norm(name)]


def _kind_of(session: Session, name: str) -> str:
    outlet = session.scalar(
        select(DocumentRow.id).where(func.lower(DocumentRow.source) == name.casefold()).limit(1)
    )
    if outlet is not None:
        return "source"
    return "speaker" if resolve(session, name) else "source"
