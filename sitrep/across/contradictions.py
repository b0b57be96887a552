"""Facts that disagree across reports, each with both pieces of evidence.

Three kinds. *quantity*: two reports of one happening (a cluster) count differently ("94 tanks" vs
"120 tanks"). *date*: two reports of one happening give explicit dates a few days apart (``DATE_SLACK``).
*denial*: an event asserted or reported in one document and the same event negated in another ("Iran
denied that it supplied drones" vs "Iran supplied drones"): same type, the same actors, no conflicting
recipient or place, and the denial either undated or dated inside the assertion's window. Reports from
the same document never contradict each other here (a text that says "no ... but" is one claim).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.tables import DocumentRow, StatementRow
from .clustering import Cluster, compare, overrides, quantities_agree
from .clustering import cluster as make_clusters
from .events import EventFact, load_events


@dataclass
class Contradiction:
    kind: str  # quantity | date | denial
    a: EventFact
    b: EventFact
    detail: str
    cluster: str | None = None
    speaker: str | None = None  # who denied, for denials read from a statement

    @property
    def date(self) -> date | None:
        return min((d for d in (self.a.start, self.b.start) if d), default=None)

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "detail": self.detail,
            "cluster": self.cluster,
            "speaker": self.speaker,
            "a": _side(self.a),
            "b": _side(self.b),
        }


def _side(e: EventFact) -> dict:
    return {
        "key": e.key,
        "document": e.document,
        "source": e.source,
        "type": e.type,
        "modality": e.modality,
        "start": e.start.isoformat() if e.start else None,
        "sentence": e.sentence,
    }


def in_clusters(clusters: list[Cluster]) -> list[Contradiction]:
    """Quantities and dates that differ between reports of one happening from different documents."""
    out = []
    for c in clusters:
        evs = c.events
        for i, a in enumerate(evs):
            for b in evs[i + 1 :]:
                if a.document == b.document:
                    continue
                if (
                    a.quantity
                    and b.quantity
                    and _same_unit(a, b)
                    and not quantities_agree(a.quantity[:2], b.quantity[:2])
                ):
                    detail = (
                        f"{_num(a.quantity)} vs {_num(b.quantity)} {a.quantity[2] or b.quantity[2] or ''}"
                    )
                    out.append(Contradiction("quantity", a, b, detail.strip(), c.id))
                if a.explicit and b.explicit and a.start and b.start and _disjoint(a, b):
                    out.append(Contradiction("date", a, b, f"{_span(a)} vs {_span(b)}", c.id))
    return out


def denials(asserted: list[EventFact], negated: list[EventFact]) -> list[Contradiction]:
    """Negated events against asserted or reported ones of the same type and actors (blocked by both)."""
    index: dict[tuple[str, str], list[EventFact]] = defaultdict(list)
    for e in asserted:
        for actor in e.actors:
            index[(e.type, e.party_key(actor))].append(e)
    out = []
    for n in negated:
        seen: set[str] = set()
        for actor in n.actors:
            for e in index.get((n.type, n.party_key(actor)), []):
                if e.key in seen or e.document == n.document:
                    continue
                seen.add(e.key)
                c = compare(e, n)
                clash = [x for x in c.conflicts if x != "time"]
                if clash or "time" in c.conflicts and n.explicit:
                    continue
                out.append(Contradiction("denial", e, n, f"{e.modality} vs negated ({', '.join(c.agreed)})"))
    return out


def contradictions(
    session: Session, *, since: date | None = None, until: date | None = None
) -> list[Contradiction]:
    """Every contradiction among stored events, newest first."""
    events = load_events(session, since=since, until=until)
    found = in_clusters([c for c in make_clusters(events, overrides(session)) if len(c.documents) > 1])
    negated = load_events(session, since=since, until=until, modalities=("negated",))
    found += denials(events, negated)
    _speakers(session, found)
    found.sort(key=lambda c: (c.date or date.min, c.kind), reverse=True)
    return found


def _speakers(session: Session, found: list[Contradiction]) -> None:
    """Name who denied: the speaker of the statement the negated event was read from."""
    wanted = {(c.b.document, c.b.statement) for c in found if c.kind == "denial" and c.b.statement}
    if not wanted:
        return
    rows = session.execute(
        select(DocumentRow.key, StatementRow.fact_id, StatementRow.speaker_text)
        .join(DocumentRow, DocumentRow.id == StatementRow.document_id)
        .where(DocumentRow.key.in_({d for d, _ in wanted}))
    )
    speakers = {(k, f): s for k, f, s in rows}
    for c in found:
        if c.kind == "denial":
            c.speaker = speakers.get((c.b.document, c.b.statement))


def _same_unit(a: EventFact, b: EventFact) -> bool:
    return not (a.quantity[2] and b.quantity[2] and a.quantity[2] != b.quantity[2])


def _disjoint(a: EventFact, b: EventFact) -> bool:
    return (a.end or a.start) < b.start or (b.end or b.start) < a.start


def _span(e: EventFact) -> str:
    end = e.end or e.start
    return e.start.isoformat() if end == e.start else f"{e.start.isoformat()}..{end.isoformat()}"


def _num(q: tuple[float, float, str | None]) -> str:
    lo, hi, _ = q
    f = lambda x: f"{int(x):,}" if float(x).is_integer() else f"{x:,}"  # noqa: E731
    return f(lo) if lo == hi else f"{f(lo)}-{f(hi)}"
