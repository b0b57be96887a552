"""The analysis across reports, kept in the store and kept current.

``analyse`` is the whole computation over comparison keys: clusters of happenings, the contradictions
inside them and the denials against them, and the happenings that may settle each forecast. The store
keeps its result (tables ``clusters``, ``cluster_members``, ``cluster_blocks``, ``contradictions``,
``forecast_links``; migration 0007) so faces read pages of it in SQL.

**Incremental.** After an ingest (the ``update`` hook in ``sitrep.config.AFTER_INGEST``, for the CLI
and the API alike) the new documents' events are blocked; the stored blocks name the events they share
a block with; the clusters of those events are taken apart and, with the new events, clustered again.
Everything attached to those clusters (contradictions, forecast links) is computed again; the rest of
the store is not read. ``rebuild`` recomputes everything (``sitrep clusters --rebuild``). A store whose
state was never built (made before migration 0007) is analysed in memory on reading, without writing.

The state is an index derived from the stored events: what a face shows is read through the one reader
of facts, so an event an analyst rejected is gone from every cluster and contradiction at once.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from ..model import Event, Forecast
from ..store import facts
from ..store.tables import (
    ClusterBlock,
    ClusterMember,
    ClusterOverride,
    ClusterRow,
    ContradictionRow,
    DocumentRow,
    EventRow,
    ForecastLink,
)
from ..store.write import now
from .clustering import WIDE, Cluster, Link, cluster, dating, independent, timed_anchors
from .contradictions import Contradiction, denials, in_cluster
from .forecasting import Foreseen, forecast_links
from .keys import DENIAL, FORECAST, HAPPENING, EventKey, as_forecast, event_keys, key_of

_CHUNK = 900  # keys per IN (...)


@dataclass
class Analysis:
    clusters: list[Cluster]
    contradictions: list[Contradiction]
    links: list[Foreseen]


def analyse(
    keys: Sequence[EventKey],
    foreseen: Sequence[tuple[str, EventKey]] = (),
    overrides: Iterable[tuple[str, str, str]] = (),
) -> Analysis:
    """Clusters of the happenings among ``keys``, their contradictions (denials among ``keys`` too),
    and the clusters that may settle each forecast (``foreseen``: forecast key, its event's key)."""
    found = cluster([k for k in keys if k.kind == HAPPENING], overrides)
    clashes = [x for c in found for x in in_cluster(c)]
    clashes += denials(found, [k for k in keys if k.kind == DENIAL])
    return Analysis(found, clashes, forecast_links(found, foreseen))


# -- the hook, and rebuilding -------------------------------------------------------------------------------


def update(session: Session, document_keys: list[str]) -> int:
    """The after-ingest hook: bring the clusters the new documents touch up to date; how many clusters
    were written."""
    keys, foreseen = [], []
    for n in range(0, len(document_keys), _CHUNK):
        k, f = _document_keys(session, document_keys[n : n + _CHUNK])
        keys += k
        foreseen += f
    keys += _without_gone(session, document_keys, {k.key for k in keys})
    return _refresh(session, keys, foreseen)


def _without_gone(session: Session, document_keys: list[str], current: set[str]) -> list[EventKey]:
    """Stored events of these documents that are no longer read (an analyst rejected them) leave the
    state; the other members of their clusters come back as seeds, so those clusters are redone."""
    stored = _in_chunks(
        session,
        lambda part: (
            select(ClusterMember.event_key, ClusterMember.cluster_id)
            .join(EventRow, EventRow.fact_key == ClusterMember.event_key)
            .join(DocumentRow, DocumentRow.id == EventRow.document_id)
            .where(DocumentRow.key.in_(part))
        ),
        document_keys,
    )
    gone = [(key, cid) for key, cid in stored if key not in current]
    if not gone:
        return []
    clusters = {cid for _, cid in gone}
    others = set(_column(session, ClusterMember.event_key, ClusterMember.cluster_id, clusters))
    _forget(session, clusters, [key for key, _ in gone])
    return _event_keys(session, sorted(others - {key for key, _ in gone} - current))


def update_events(session: Session, event_keys: Sequence[str]) -> int:
    """Recluster around these events (after an analyst's merge or split)."""
    return _refresh(session, _event_keys(session, event_keys), [])


def rebuild(session: Session) -> int:
    """Recompute the whole state from the stored events; how many clusters."""
    for table in (ClusterRow, ClusterMember, ClusterBlock, ContradictionRow, ForecastLink):
        session.execute(delete(table))
    keys = []
    by_fact: dict[tuple[str, str], EventKey] = {}
    for e, k in event_keys(session):
        keys.append(k)
        if k.kind != HAPPENING:
            by_fact[(k.document, e.id)] = k
    foreseen = []
    for f in facts.forecasts(session, limit=None).items:
        k = by_fact.get((f.stored.document, f.event)) if f.event else None
        if k is not None:
            foreseen.append((f.stored.key, as_forecast(k, f)))
    result = analyse(keys, foreseen, overrides(session))
    _write(session, result, keys, foreseen)
    return len(result.clusters)


def built(session: Session) -> bool:
    """Whether the state was ever built in this store (else faces analyse in memory)."""
    if session.scalar(select(ClusterBlock.block).limit(1)) is not None:
        return True
    return not facts.events(session, limit=1).items


def in_memory(session: Session) -> Analysis:
    """The analysis of a store whose state was never built, computed without writing."""
    keys, by_fact = [], {}
    for e, k in event_keys(session):
        keys.append(k)
        by_fact[(k.document, e.id)] = k
    foreseen = [
        (f.stored.key, as_forecast(by_fact[(f.stored.document, f.event)], f))
        for f in facts.forecasts(session, limit=None).items
        if f.event and (f.stored.document, f.event) in by_fact
    ]
    return analyse(keys, foreseen, overrides(session))


def overrides(session: Session, keys: Iterable[str] | None = None) -> list[tuple[str, str, str]]:
    query = select(ClusterOverride).where(ClusterOverride.active).order_by(ClusterOverride.id)
    rows = list(session.scalars(query))
    if keys is not None:
        wanted = set(keys)
        rows = [r for r in rows if r.event_a in wanted or r.event_b in wanted]
    return [(r.event_a, r.event_b, r.decision) for r in rows]


# -- the neighbourhood of new reports ------------------------------------------------------------------------


def _refresh(session: Session, seeds: list[EventKey], seed_forecasts: list[tuple[str, EventKey]]) -> int:
    """Recluster the happenings new events share a block with; match new denials and forecasts against
    the clusters they share a block with (read, not reclustered); redo what hangs on reclustered clusters."""
    if not seeds and not seed_forecasts:
        return 0
    known = {k.key for k in seeds}
    happenings = [k for k in seeds if k.kind == HAPPENING]
    new_denials = [k for k in seeds if k.kind == DENIAL]
    # 1. happenings sharing a narrow block with new happenings, and every member of their clusters
    hits = _hits(session, {block_id(a) for k in happenings for a in timed_anchors(k) if a[1] != WIDE})
    touched = {key for key, role in hits if role == HAPPENING} | {k.key for k in happenings}
    old_ids = set(_column(session, ClusterMember.cluster_id, ClusterMember.event_key, touched))
    members = set(_column(session, ClusterMember.event_key, ClusterMember.cluster_id, old_ids))
    working = happenings + _event_keys(session, sorted((touched | members) - known))
    found = cluster(working, overrides(session, [k.key for k in working]))
    # 2. denials and forecasts around the reclustered happenings
    around = _hits(session, {block_id(a) for k in working for a in timed_anchors(k)})
    denied = new_denials + _event_keys(session, sorted({k for k, r in around if r == DENIAL} - known))
    seen_f = {f for f, _ in seed_forecasts}
    foreseen = seed_forecasts + _forecast_keys(
        session, sorted({k for k, r in around if r == FORECAST} - seen_f)
    )
    # 3. clusters new denials and forecasts may concern, as stored
    reach = _hits(
        session, {block_id(a) for k in new_denials + [k for _, k in seed_forecasts] for a in timed_anchors(k)}
    )
    other_ids = (
        set(
            _column(
                session,
                ClusterMember.cluster_id,
                ClusterMember.event_key,
                {k for k, r in reach if r == HAPPENING},
            )
        )
        - old_ids
    )
    stored = _stored_clusters(session, other_ids)
    clashes = (
        [x for c in found for x in in_cluster(c)] + denials(found, denied) + denials(stored, new_denials)
    )
    links = forecast_links(found, foreseen) + forecast_links(stored, seed_forecasts)
    result = Analysis(found, clashes, links)
    fresh = working + new_denials
    _forget(session, old_ids | {c.id for c in found}, [k.key for k in fresh] + [f for f, _ in seed_forecasts])
    _write(session, result, fresh, seed_forecasts)
    return len(found)


def _hits(session: Session, blocks: set[str]) -> list[tuple[str, str]]:
    query = lambda part: select(ClusterBlock.fact_key, ClusterBlock.role).where(ClusterBlock.block.in_(part))  # noqa: E731
    return _in_chunks(session, query, blocks)


def _column(session: Session, column, where, values) -> list:
    return _in_chunks(session, lambda part: select(column).where(where.in_(part)), values)


def _stored_clusters(session: Session, ids: set[str]) -> list[Cluster]:
    """Clusters as stored (their members' keys read anew), to match new denials and forecasts against."""
    members: dict[str, list[str]] = defaultdict(list)
    for key, cid in _in_chunks(
        session,
        lambda part: select(ClusterMember.event_key, ClusterMember.cluster_id).where(
            ClusterMember.cluster_id.in_(part)
        ),
        ids,
    ):
        members[cid].append(key)
    by_key = {k.key: k for k in _event_keys(session, sorted({k for ks in members.values() for k in ks}))}
    out = []
    for cid, keys in members.items():
        evs = [by_key[k] for k in keys if k in by_key]
        if evs:
            start, end = dating(evs)
            out.append(Cluster(cid, evs[0].family, evs[0].type, start, end, evs, []))
    return out


def _in_chunks(session: Session, query, values: Iterable) -> list:
    values = sorted(values)
    out: list = []
    for n in range(0, len(values), _CHUNK):
        rows = session.execute(query(values[n : n + _CHUNK])).all()
        out += [r[0] if len(r) == 1 else tuple(r) for r in rows]
    return out


def _document_keys(
    session: Session, documents: list[str]
) -> tuple[list[EventKey], list[tuple[str, EventKey]]]:
    """The comparison keys of these documents' events, and of their forecasts with their predicted
    events: read in one go for the batch, not document by document."""
    keys, by_id = [], {}
    for e, k in event_keys(session, facts.EventFilter(document=documents)):
        keys.append(k)
        by_id[(e.stored.document, e.id)] = k
    foreseen = [
        (f.stored.key, as_forecast(by_id[(f.stored.document, f.event)], f))
        for f in facts.forecasts(session, document=documents, limit=None).items
        if (f.stored.document, f.event) in by_id
    ]
    return keys, foreseen


def _event_keys(session: Session, keys: Sequence[str]) -> list[EventKey]:
    out = []
    for n in range(0, len(keys), _CHUNK):
        out += [k for _, k in event_keys(session, facts.EventFilter(keys=list(keys[n : n + _CHUNK])))]
    return out


def _forecast_keys(session: Session, keys: Sequence[str]) -> list[tuple[str, EventKey]]:
    out = []
    for n in range(0, len(keys), _CHUNK):
        found: list[Forecast] = facts.forecasts(session, keys=list(keys[n : n + _CHUNK]), limit=None).items
        for doc in {f.stored.document for f in found}:
            by_id = {
                e.id: k
                for e, k in event_keys(
                    session, facts.EventFilter(document=doc, modalities=("hedged", "predicted", "negated"))
                )
            }
            out += [
                (f.stored.key, as_forecast(by_id[f.event], f))
                for f in found
                if f.stored.document == doc and f.event in by_id
            ]
    return out


# -- writing -----------------------------------------------------------------------------------------------------


def block_id(anchor: tuple) -> str:
    return hashlib.blake2b(repr(anchor).encode(), digest_size=8).hexdigest()


def _forget(session: Session, cluster_ids: set[str], fact_keys: list[str]) -> None:
    ids = sorted(cluster_ids)
    for n in range(0, len(ids), _CHUNK):
        part = ids[n : n + _CHUNK]
        session.execute(delete(ClusterRow).where(ClusterRow.id.in_(part)))
        session.execute(delete(ClusterMember).where(ClusterMember.cluster_id.in_(part)))
        session.execute(delete(ContradictionRow).where(ContradictionRow.cluster_id.in_(part)))
        session.execute(delete(ForecastLink).where(ForecastLink.cluster_id.in_(part)))
    keys = sorted(set(fact_keys))
    for n in range(0, len(keys), _CHUNK):
        part = keys[n : n + _CHUNK]
        session.execute(delete(ClusterMember).where(ClusterMember.event_key.in_(part)))
        session.execute(delete(ClusterBlock).where(ClusterBlock.fact_key.in_(part)))


def _write(
    session: Session, result: Analysis, keys: Sequence[EventKey], foreseen: Sequence[tuple[str, EventKey]]
) -> None:
    stamp = now()
    clusters, members = [], []
    for c in result.clusters:
        clusters.append(
            {
                "id": c.id,
                "family": c.family,
                "type": c.type,
                "date_start": c.start,
                "date_end": c.end,
                "reports": len(c.documents),
                "independent": c.independent,
                "events": len(c.members),
                "sources": sorted({m.outlet for m in c.members}),
                "updated_at": stamp,
            }
        )
        via = _tree(c)
        for m in c.members:
            parent, link = via.get(m.key, (None, None))
            members.append(
                {
                    "event_key": m.key,
                    "cluster_id": c.id,
                    "via": parent,
                    "agreed": link.agreed if link else [],
                    "differs": link.differs if link else [],
                    "link_by": link.by if link else None,
                }
            )
    blocks = {(block_id(a), k.key): k.kind for k in keys for a in timed_anchors(k)}
    blocks |= {(block_id(a), f): FORECAST for f, k in foreseen for a in timed_anchors(k)}
    _insert(session, ClusterRow, clusters)
    _insert(session, ClusterMember, members)
    _insert(session, ClusterBlock, [{"block": b, "fact_key": f, "role": r} for (b, f), r in blocks.items()])
    _insert(
        session,
        ContradictionRow,
        [
            {
                "cluster_id": x.cluster,
                "kind": x.kind,
                "rank": x.rank,
                "detail": x.detail,
                "event_a": x.a,
                "event_b": x.b,
                "others_a": x.others_a,
                "others_b": x.others_b,
                "day": x.day,
            }
            for x in result.contradictions
        ],
    )
    _insert(
        session,
        ForecastLink,
        [
            {"forecast_key": f.forecast, "cluster_id": f.cluster, "score": f.score, "agreed": f.agreed}
            for f in result.links
        ],
    )
    session.flush()


def _tree(c: Cluster) -> dict[str, tuple[str, Link]]:
    """Each member's parent in the tree of links, from the earliest member: how it joined."""
    edges: dict[str, list[tuple[str, Link]]] = defaultdict(list)
    for link in c.links:
        edges[link.a].append((link.b, link))
        edges[link.b].append((link.a, link))
    out: dict[str, tuple[str, Link]] = {}
    seen = {c.members[0].key}
    todo = [c.members[0].key]
    while todo:
        here = todo.pop()
        for there, link in edges.get(here, ()):
            if there not in seen:
                seen.add(there)
                out[there] = (here, link)
                todo.append(there)
    return out


def _insert(session: Session, table, rows: list[dict]) -> None:
    for n in range(0, len(rows), 5000):
        if rows[n : n + 5000]:
            session.execute(insert(table), rows[n : n + 5000])


# -- reading -----------------------------------------------------------------------------------------------------


@dataclass
class StoredCluster:
    """A cluster as a face shows it: its events read through the one reader of facts (an event an analyst
    rejected is gone), the links that joined them, its independent reports and grade."""

    id: str
    family: str
    type: str
    start: date | None
    end: date | None
    events: list[Event]
    links: list[Link]
    names: facts.Page
    independent: int = 0
    grade: str = ""
    contradicted: bool = False

    @property
    def documents(self) -> list[str]:
        return list(dict.fromkeys(e.stored.document for e in self.events))

    @property
    def sources(self) -> list[str]:
        return sorted({e.stored.source or "(unknown outlet)" for e in self.events})

    @property
    def corroboration(self) -> int:
        return self.independent

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "type": self.type,
            "family": self.family,
            "start": _iso(self.start),
            "end": _iso(self.end),
            "reports": len(self.documents),
            "corroboration": self.independent,
            "grade": self.grade,
            "contradicted": self.contradicted,
            "sources": self.sources,
            "documents": self.documents,
            "events": [
                {
                    "key": e.stored.key,
                    "document": e.stored.document,
                    "source": e.stored.source,
                    "grade": e.stored.grade,
                    "modality": e.modality,
                    "type": e.type,
                    "start": _iso(e.stored.date_start),
                    "end": _iso(e.stored.date_end),
                    "time": e.time.text if e.time else None,
                    "summary": e.summary(self.names),
                    "sentence": e.evidence.sentence.strip(),
                }
                for e in self.events
            ],
            "links": [k.to_dict() for k in self.links],
        }


def memory(session: Session) -> Analysis | None:
    """The in-memory analysis when the store holds no state (computed once per session), else None."""
    if built(session):
        return None
    if "across" not in session.info:
        session.info["across"] = in_memory(session)
    return session.info["across"]


def cluster_page(
    session: Session,
    *,
    since: date | None = None,
    until: date | None = None,
    min_reports: int = 2,
    ids: Sequence[str] | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> facts.Page[StoredCluster]:
    """Clusters told by at least ``min_reports`` independent reports, newest first (undated last)."""
    mem = memory(session)
    if mem is None:
        query = select(ClusterRow).where(ClusterRow.independent >= min_reports)
        if since:
            query = query.where(ClusterRow.date_end >= since)
        if until:
            query = query.where(ClusterRow.date_start <= until)
        if ids is not None:
            query = query.where(ClusterRow.id.in_(list(ids)))
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        query = query.order_by(ClusterRow.date_start.is_(None), ClusterRow.date_start.desc(), ClusterRow.id)
        query = query.offset(offset)
        rows = list(session.scalars(query.limit(limit) if limit else query))
        heads = [(r.id, r.family, r.type, r.date_start, r.date_end) for r in rows]
        links = _stored_links([r.id for r in rows], session)
    else:
        chosen = [
            c
            for c in mem.clusters
            if c.independent >= min_reports
            and (ids is None or c.id in ids)
            and (not since or (c.end and c.end >= since))
            and (not until or (c.start and c.start <= until))
        ]
        chosen.sort(key=lambda c: (c.start is None, -(c.start or date.min).toordinal(), c.id))
        total = len(chosen)
        chosen = chosen[offset : offset + limit if limit else None]
        heads = [(c.id, c.family, c.type, c.start, c.end) for c in chosen]
        links = {c.id: ([m.key for m in c.members], c.links) for c in chosen}
    return facts.Page(_shown(session, heads, links), total=total, offset=offset, limit=limit)


def _stored_links(ids: list[str], session: Session) -> dict[str, tuple[list[str], list[Link]]]:
    out: dict[str, tuple[list[str], list[Link]]] = {i: ([], []) for i in ids}
    if not ids:
        return out
    for m in session.scalars(select(ClusterMember).where(ClusterMember.cluster_id.in_(ids))):
        keys, links = out[m.cluster_id]
        keys.append(m.event_key)
        if m.via:
            links.append(Link(m.via, m.event_key, list(m.agreed), list(m.differs), by=m.link_by or "machine"))
    return out


def _shown(
    session: Session, heads: list[tuple], links: dict[str, tuple[list[str], list[Link]]]
) -> list[StoredCluster]:
    from .contradictions import contradicted
    from .reliability import cluster_grade, grades

    keys = sorted({k for members, _ in links.values() for k in members})
    page = facts.Page([])
    for n in range(0, len(keys), _CHUNK):
        part = facts.events(session, facts.EventFilter(keys=keys[n : n + _CHUNK]), limit=None)
        page.items += part.items
        page.entities.update(part.entities)
    by_key = {e.stored.key: e for e in page.items}
    outlets = grades(session, "source")
    clashing = contradicted(session, [h[0] for h in heads])
    out = []
    for cid, family, kind, start, end in heads:
        members, made = links.get(cid, ([], []))
        events = sorted(
            (by_key[k] for k in members if k in by_key),
            key=lambda e: (e.stored.date_start or date.max, e.stored.key),
        )
        if not events:
            continue
        c = StoredCluster(cid, family, kind, start, end, events, made, page)
        c.independent = independent([key_of(e, page) for e in events])
        c.contradicted = cid in clashing
        c.grade = str(cluster_grade(c.sources, c.independent, outlets, c.contradicted))
        out.append(c)
    return out


def clusters_of(session: Session, event_keys: Sequence[str]) -> dict[str, str]:
    """The cluster of each of these events."""
    mem = memory(session)
    if mem is not None:
        wanted = set(event_keys)
        return {m.key: c.id for c in mem.clusters for m in c.members if m.key in wanted}
    rows = _in_chunks(
        session,
        lambda part: select(ClusterMember.event_key, ClusterMember.cluster_id).where(
            ClusterMember.event_key.in_(part)
        ),
        event_keys,
    )
    return dict(rows)


def linked_clusters(
    session: Session, forecast_keys: Sequence[str] | None = None
) -> dict[str, list[tuple[Foreseen, list[Event]]]]:
    """For each forecast, the clusters that may settle it, best first, with their events."""
    mem = memory(session)
    if mem is None:
        query = select(ForecastLink)
        if forecast_keys is not None:
            query = query.where(ForecastLink.forecast_key.in_(list(forecast_keys)))
        found = [
            Foreseen(r.forecast_key, r.cluster_id, r.score, list(r.agreed)) for r in session.scalars(query)
        ]
        members = _stored_links(sorted({f.cluster for f in found}), session)
    else:
        found = [f for f in mem.links if forecast_keys is None or f.forecast in forecast_keys]
        members = {c.id: ([m.key for m in c.members], c.links) for c in mem.clusters}
    keys = sorted({k for f in found for k in members.get(f.cluster, ([], []))[0]})
    by_key = {}
    for n in range(0, len(keys), _CHUNK):
        part = facts.events(session, facts.EventFilter(keys=keys[n : n + _CHUNK]), limit=None)
        by_key.update({e.stored.key: e for e in part.items})
    out: dict[str, list[tuple[Foreseen, list[Event]]]] = defaultdict(list)
    for f in sorted(found, key=lambda f: (-f.score, f.cluster)):
        events = [by_key[k] for k in members.get(f.cluster, ([], []))[0] if k in by_key]
        out[f.forecast].append((f, events))
    return dict(out)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
