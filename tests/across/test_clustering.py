"""Event merging: precision and recall on the corpus, field-by-field comparisons, blocking, the veto
of whole groups, analyst overrides, and the state kept current by the after-ingest hook."""

from __future__ import annotations

from datetime import date
from itertools import combinations

from sqlalchemy import func, select

from sitrep.across.clustering import (
    anchors,
    candidate_pairs,
    cluster,
    clusters,
    compare,
    independent,
    override,
)
from sitrep.across.keys import HAPPENING, Count, EventKey, Place, count_of, family_of
from sitrep.model import Quantity
from sitrep.store.tables import AuditEntry, ClusterMember


def _pairs(groups) -> set[tuple[str, str]]:
    return {p for docs in groups for p in combinations(sorted(set(docs)), 2)}


def test_clustering_precision_and_recall_on_the_corpus(corpus, truth, stems):
    with corpus.sessions() as session:
        found = clusters(session, min_reports=1, limit=None).items
    predicted = _pairs([stems[d] for d in c.documents] for c in found if len(c.documents) > 1)
    expected = _pairs(c["documents"] for c in truth["clusters"])
    assert predicted == expected, (predicted - expected, expected - predicted)


def test_clusters_explain_count_independent_reports_and_page(corpus):
    with corpus.sessions() as session:
        page = clusters(session, limit=3)
        found = {c.type + str(c.start): c for c in clusters(session, limit=None).items}
    assert (page.total, len(page.items), page.items[0].start) == (7, 3, date(2022, 12, 19))  # newest first
    kyiv = found["ASSAULT2022-10-10"]
    assert kyiv.sources == ["Outlet A", "Outlet B", "Outlet C"] and kyiv.independent == 3
    assert kyiv.grade == "F1"  # ungraded outlets, confirmed by three independent reports
    assert {a for link in kyiv.links for a in link.agreed} >= {"time (day)", "actors (country)", "place"}
    tanks = found["AID2022-10-20"]
    assert tanks.links[0].differs == ["count"] and tanks.grade == "F3"  # contradicted: possibly true


def _key(key, doc, **kw) -> EventKey:
    day = date(2022, 10, 10).toordinal()
    base = dict(
        story=doc,
        outlet=doc,
        kind=HAPPENING,
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
        recipient_countries=frozenset(),
        place=None,
        items=frozenset(),
        count=None,
        fingerprint=0,
    )
    base.update(kw)
    return EventKey(key=key, document=doc, **base)


KYIV = Place("place:kyiv", 50.45, 30.52, "UKR", 40, True)
IRPIN = Place("place:irpin", 50.52, 30.25, "UKR", 15, True)
KHARKIV = Place("place:kharkiv", 49.99, 36.23, "UKR", 25, True)
UKRAINE = Place("country:UKR", None, None, "UKR", float("inf"), False)


def _on(day: int) -> dict:
    d = date(2022, 10, day).toordinal()
    return {"lo": d, "hi": d}


def test_compare_weighs_what_agrees_and_vetoes_what_conflicts():
    a = _key("a", "d1", place=KYIV, count=Count(84, 84, "missiles", 2, "84 missiles"))
    near = compare(a, _key("b", "d2", place=IRPIN, count=Count(84, 84, "missiles", 2, "84 missiles")))
    assert (near.agreed, near.score, near.same()) == (
        ["time (day)", "actors (country)", "count", "place (21 km)"],
        8,
        True,
    )
    far = compare(a, _key("c", "d3", place=KHARKIV))
    assert far.conflicts == ["place (409 km)"] and not far.same()
    other_day = compare(a, _key("d", "d4", place=KYIV, **_on(12)))
    assert other_day.conflicts == ["time"]  # strikes repeat: two days, two happenings
    other_side = compare(a, _key("e", "d5", place=KYIV, actor_countries=frozenset({"UKR"})))
    assert other_side.conflicts == ["actors"]
    # actor and day only: too little to call it one strike; undated, the article's day confirms nothing
    assert not compare(a, _key("f", "d6")).same()
    undated = compare(a, _key("g", "d7", place=KYIV, own_time=False, precise=False))
    assert undated.agreed == ["time (by article)", "actors (country)", "place"] and undated.score == 4


def test_a_withdrawal_misdated_by_two_days_is_one_happening_with_a_date_difference():
    a = _key("a", "d1", type="RETREAT", family="withdrawal", place=KHARKIV, **_on(9))
    b = _key("b", "d2", type="RETREAT", family="withdrawal", place=KHARKIV, **_on(11))
    c = compare(a, b)
    assert (c.differs, c.same()) == (["date"], True)


def test_a_meeting_in_two_places_is_one_happening_when_the_people_and_the_day_agree():
    minsk = Place("place:minsk", 53.9, 27.56, "BLR", 40, True)
    sochi = Place("place:sochi", 43.6, 39.72, "RUS", 25, True)
    people = frozenset({"person:a", "person:b"})
    kw = dict(type="CONSULT", family="meeting", actors=people, actor_countries=frozenset({"RUS", "BLR"}))
    c = compare(_key("a", "d1", place=minsk, **kw), _key("b", "d2", place=sochi, **kw))
    assert (c.differs, c.same()) == (["place"], True)


def test_counts_respect_bounds_and_qualifiers():
    def q(text, value=None, lo=None, hi=None, qualifier=None, unit="troops"):
        return count_of(Quantity(text, 0, 1, value, lo, hi, qualifier, unit))

    def clash(x, y):
        return x.hi < y.lo or y.hi < x.lo

    assert clash(q("up to 9,000", hi=9000, qualifier="up to"), q("about 4,000", 4000, qualifier="about"))
    assert not clash(q("at least 10", lo=10, qualifier="at least", unit="dead"), q("12", 12, unit="killed"))
    assert clash(q("84", 84, unit="missiles"), q("75", 75, unit="cruise missiles"))
    assert not clash(q("about 40", 40, qualifier="about", unit="howitzers"), q("42", 42, unit="howitzers"))
    assert not clash(q("4,000", 4000), q("4,200", 4200))  # a round number is exact to its rounding
    assert q("dozens", lo=12, qualifier="vague", unit="drones").hi == 120
    assert q("12 killed", 12, unit="killed").thing == q("3 dead", 3, unit="dead").thing == "killed"
    assert q("5 wounded", 5, unit="wounded").thing != q("5 killed", 5, unit="killed").thing


def test_blocks_are_family_anchor_and_the_sweep_compares_only_overlapping_windows():
    e = _key("a", "d1", place=KYIV, recipient_countries=frozenset({"UKR"}))
    kinds = {a[1] for a in anchors(e)}
    assert kinds == {"@", "d", "D"} and all(a[0] == "violence" for a in anchors(e))
    keys = [
        _key("a", "d1", place=KYIV),
        _key("b", "d2", place=KYIV),
        _key("c", "d3", place=KYIV, **_on(20)),  # same place, ten days later: never compared
        _key("d", "d4", place=KHARKIV),  # another cell: never compared
        _key("e", "d1", place=KYIV),  # same document as a: never compared
    ]
    assert sorted(candidate_pairs(keys)) == [(0, 1), (1, 4)]
    assert family_of("ASSAULT") == "violence" and family_of("CONSULT") == "meeting"


def test_groups_veto_chains_of_weak_links():
    # a-b agree, b-c agree (b gives no place), but a and c are 400 km apart: c stays out.
    five, ukr = Count(5, 5, "killed", 1, "5"), frozenset({"UKR"})
    a = _key("a", "d1", place=KYIV, count=five, recipient_countries=ukr)
    b = _key("b", "d2", count=five, recipient_countries=ukr)
    c = _key("c", "d3", place=KHARKIV, count=five, recipient_countries=ukr)
    assert compare(a, b).same() and compare(b, c).same() and not compare(a, c).same()
    sizes = sorted(len(x.members) for x in cluster([a, b, c]))
    assert sizes == [1, 2]


def test_copies_of_one_story_count_once():
    a = _key("a", "d1", outlet="x", story="d1", place=KYIV, fingerprint=7)
    b = _key("b", "d2", outlet="y", story="d1", place=KYIV, fingerprint=7)  # a copy of d1 elsewhere
    c = _key("c", "d3", outlet="z", story="d3", place=KYIV, fingerprint=8)
    d = _key("d", "d4", outlet="x", story="d4", place=KYIV)  # the same outlet again
    assert independent([a, b, c, d]) == 2


def test_forecasts_and_denials_never_join_clusters():
    a, b = _key("a", "d1", place=KYIV), _key("b", "d2", place=KYIV)
    hedged = _key("c", "d3", place=KYIV, kind="forecast")
    (one,) = cluster([a, b, hedged])
    assert {m.key for m in one.members} == {"a", "b"}


def test_overrides_split_and_merge():
    a, b = _key("a", "d1", place=KYIV), _key("b", "d2", place=KYIV)
    c = _key("c", "d3", place=KHARKIV)
    assert sorted(len(x.members) for x in cluster([a, b, c])) == [1, 2]
    assert [len(x.members) for x in cluster([a, b, c], [("a", "b", "split")])] == [1, 1, 1]
    merged = cluster([a, b, c], [("a", "c", "merge")])
    assert sorted(len(x.members) for x in merged) == [3]
    assert merged[0].links[-1].by == "analyst"


def test_split_override_is_stored_audited_and_reclustered(corpus):
    with corpus.sessions() as session:
        kyiv = next(c for c in clusters(session).items if c.independent == 3)
    a, b = kyiv.events[0].stored.key, kyiv.events[1].stored.key
    with corpus.transaction() as session:
        override(session, a, b, "split", note="different salvoes", by="tester")
    with corpus.sessions() as session:
        found = clusters(session, min_reports=1, limit=None).items
        where = {e.stored.key: c.id for c in found for e in c.events}
        audit = session.query(AuditEntry).filter_by(action="cluster split").one()
    assert where[a] != where[b]
    assert audit.actor == "tester" and audit.detail == {"note": "different salvoes"}


def test_ingest_updates_only_the_clusters_new_reports_touch(corpus, tmp_path):
    from sitrep.sources import read
    from sitrep.store import ingest

    with corpus.sessions() as session:
        before = {m.event_key: m.cluster_id for m in session.scalars(select(ClusterMember))}
    report = tmp_path / "late.txt"
    report.write_text(
        "---\ntitle: Late report\nsource: Outlet F\npublished: 2022-10-12\n---\nLate report\n\n"
        "Russian missiles struck Kyiv on October 10, city officials said.\n",
        "utf-8",
    )
    stats = ingest(corpus, read([report]))
    assert stats.stored == 1 and stats.hooks["sitrep.across.state:update"] >= 1
    with corpus.sessions() as session:
        after = {m.event_key: m.cluster_id for m in session.scalars(select(ClusterMember))}
        kyiv = next(
            c for c in clusters(session).items if c.start == date(2022, 10, 10) and c.type == "ASSAULT"
        )
        assert session.scalar(select(func.count()).select_from(ClusterMember)) == len(after)
    assert kyiv.independent == 4 and "Outlet F" in kyiv.sources
    changed = {k for k in before if before[k] != after.get(k)}
    assert {k for k in changed} <= {e.stored.key for e in kyiv.events}  # nothing else moved
