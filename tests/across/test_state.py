"""The stored state: built incrementally by the after-ingest hook, the same as a rebuild from scratch;
read in memory (without writing) where it was never built; scaled out on Dask with the same result."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from sqlalchemy import delete, select

from sitrep.across.clustering import cluster, clusters
from sitrep.across.keys import Count, EventKey, Place
from sitrep.across.state import built, rebuild
from sitrep.sources import read
from sitrep.store import ingest, open_store
from sitrep.store.tables import ClusterBlock, ClusterMember, ClusterRow, ContradictionRow, ForecastLink

CORPUS = Path(__file__).resolve().parent / "corpus"


def _state(store) -> tuple[set, list]:
    with store.sessions() as session:
        groups = defaultdict(set)
        for m in session.scalars(select(ClusterMember)):
            groups[m.cluster_id].add(m.event_key)
        clashes = sorted((c.kind, c.event_a, c.event_b) for c in session.scalars(select(ContradictionRow)))
    return {frozenset(g) for g in groups.values()}, clashes


def test_ingest_in_batches_builds_what_a_rebuild_builds(tmp_path, pipeline):
    store = open_store(str(tmp_path / "batches.db"))
    files = sorted(CORPUS.glob("*.txt"))
    for part in (files[::3], files[1::3], files[2::3]):  # three ingests, each updating what it touches
        assert not ingest(store, read(part), pipeline=pipeline).failures
    incremental = _state(store)
    with store.transaction() as session:
        rebuild(session)
    assert _state(store) == incremental and len(incremental[1]) == 3
    store.close()


def test_a_store_without_state_is_analysed_in_memory_without_writing(corpus):
    with corpus.transaction() as session:
        for table in (ClusterRow, ClusterMember, ClusterBlock, ContradictionRow, ForecastLink):
            session.execute(delete(table))
    with corpus.sessions() as session:
        assert not built(session)
        page = clusters(session)
        assert page.total == 7 and session.scalar(select(ClusterRow.id).limit(1)) is None


def _key(n: int, place: Place, day: int) -> EventKey:
    return EventKey(
        key=f"e{n}",
        document=f"d{n}",
        story=f"d{n}",
        outlet=f"o{n % 5}",
        kind="happening",
        type="ASSAULT",
        family="violence",
        lo=day,
        hi=day,
        own_time=True,
        precise=True,
        datable=True,
        background=False,
        actors=frozenset(),
        recipients=frozenset(),
        actor_countries=frozenset({"RUS"}),
        recipient_countries=frozenset({"UKR"}),
        place=place,
        items=frozenset(),
        count=Count(n % 3, n % 3, "killed", 1, ""),
        fingerprint=0,
    )


def test_clustering_on_dask_gives_the_same_clusters():
    from dask.distributed import Client

    from sitrep.across.scale import cluster_on_dask

    places = [Place(f"place:p{k}", 48 + k * 0.3, 30 + k * 0.4, "UKR", 25, True) for k in range(6)]
    keys = [_key(n, places[n % 6], 738400 + (n * 7) % 90) for n in range(600)]
    alone = {frozenset(m.key for m in c.members) for c in cluster(keys)}
    with Client(processes=False, n_workers=2, threads_per_worker=1, dashboard_address=None) as client:
        spread = {frozenset(m.key for m in c.members) for c in cluster_on_dask(keys, client, days=10)}
    assert spread == alone and any(len(g) > 1 for g in alone)
