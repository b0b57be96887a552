"""The matrix computed from the ingested corpus equals the one computed by hand, cell for cell."""

from __future__ import annotations

import math
from datetime import date

import pytest

from sitrep.hypotheses import brief, init_set, matrix, series, to_csv
from sitrep.sources import read
from sitrep.store import ingest, open_store

from .conftest import SET_FILE, corpus_files

# (indicator, title of the report) -> H1, H2, H3: every row the corpus gives, in indicator order,
# then by publication date. Worked out by reading the 13 reports against belarus-front.yaml.
EXPECTED = [
    ("russian-troops-arrive", "Trains in Vitebsk", "C N C"),
    ("russian-troops-arrive", "The grouping grows", "C N C"),
    ("russian-troops-arrive", "A larger force", "C N C"),
    ("russian-troops-arrive", "Winter build-up", "C N C"),
    ("russian-troops-arrive", "Year-end count", "C N C"),
    ("large-buildup", "A larger force", "CC N I"),  # 20,000
    ("large-buildup", "Winter build-up", "CC N I"),  # 30,000; 12,000 on 28 December is below the bar
    ("belarus-denies", "Minsk on the war", "N I C"),
    ("belarus-denies", "The president speaks", "N I C"),
    ("equipment-to-russia", "Rail traffic", "I II CC"),
    ("equipment-to-russia", "More rail traffic", "I II CC"),
    ("joint-exercises", "Ranges near Brest", "C C CC"),
    ("ukraine-fortifies", "Concrete and mines", "C C C"),
    ("ukraine-fortifies", "Northern border", "C C C"),
    ("belarus-mobilises", "Call-up in Minsk", "N CC I"),
]
AS_OF_NOVEMBER = date(2022, 11, 10)


def cells(m) -> list[tuple[str, str, str]]:
    return [(r.indicator, r.citation()["title"], " ".join(r.cells[h] for h in m.ids)) for r in m.rows]


def test_matrix_equals_the_hand_computed_one(store):
    with store.sessions() as s:
        m = matrix(s, "belarus-front")
    assert cells(m) == EXPECTED
    # Heuer: I = 1, II = 2, every row weight 1 (sources ungraded: F6, medium; relevance medium).
    assert {r.grade for r in m.rows} == {"F6"} and {r.weight for r in m.rows} == {1.0}
    assert m.scores.inconsistency == {"H1": 2.0, "H2": 6.0, "H3": 3.0}
    assert m.scores.ranking == ["H1", "H3", "H2"]
    assert [r.citation()["title"] for r in m.rows if not r.diagnostic] == [
        "Concrete and mines",
        "Northern border",
    ]
    # Likelihood ratios (CC 4, C 2, N 1, I 1/2, II 1/4): log2 products 10, -1, 12 from equal priors.
    total = 2**10 + 2**-1 + 2**12
    for h, power in (("H1", 10), ("H2", -1), ("H3", 12)):
        assert m.scores.posterior[h] == pytest.approx(2**power / total)
        assert m.scores.log_odds[h] == pytest.approx(power * math.log(2))
    # Without one large build-up row (or the call-up) H3 draws level at 2 and wins on the posterior.
    assert sorted((r.indicator, r.citation()["title"]) for r in m.rows if r.key in m.sensitive) == [
        ("belarus-mobilises", "Call-up in Minsk"),
        ("large-buildup", "A larger force"),
        ("large-buildup", "Winter build-up"),
    ]
    assert m.margin() == {"H2": 4.0, "H3": 1.0}


def test_ranking_as_of_two_dates_differs(store):
    with store.sessions() as s:
        early = matrix(s, "belarus-front", as_of=AS_OF_NOVEMBER)
        late = matrix(s, "belarus-front", as_of=date(2022, 12, 31))
    assert cells(early) == [
        row
        for row in EXPECTED
        if row[1]
        in {
            "Minsk on the war",
            "Trains in Vitebsk",
            "Rail traffic",
            "Ranges near Brest",
            "Concrete and mines",
            "More rail traffic",
        }
    ]
    assert early.scores.inconsistency == {"H1": 2.0, "H2": 5.0, "H3": 0.0}
    assert (early.leading, early.sensitive) == ("H3", [])
    assert late.leading == "H1"


def test_weekly_history(store):
    with store.sessions() as s:
        points = series(s, "belarus-front")
    assert [p.date for p in points][:2] == [date(2022, 10, 16), date(2022, 10, 23)]
    assert points[-1].date == date(2023, 1, 1) and len(points) == 12
    # H3 leads until the second large build-up report (15 December); on 11 December H1 and H3 tie
    # at 2 and the posterior keeps H3 ahead.
    assert [p.leading for p in points] == ["H3"] * 9 + ["H1"] * 3
    assert points[8].inconsistency == {"H1": 2.0, "H2": 6.0, "H3": 2.0}
    assert sum(p.rows for p in points[-1:]) == len(EXPECTED)


def test_exports(store):
    with store.sessions() as s:
        m = matrix(s, "belarus-front")
    csv_text = to_csv(m)
    head, *lines = csv_text.splitlines()
    assert head.startswith("row,indicator,evidence,H1,H2,H3,date,source,grade")
    assert len(lines) == len(EXPECTED) + 2
    assert lines[-2].split(",")[2:6] == ["weighted inconsistency", "2.0000", "6.0000", "3.0000"]
    md = brief(m)
    assert "**Leading hypothesis: H1 — Russia attacks Ukraine from Belarus by spring 2023**" in md
    assert "“Belarus sent 40 tanks to Russia by rail.” — Rail Watch, 2022-10-20" in md
    assert "Concrete and mines" not in md and "Ukraine has fortified" not in md  # non-diagnostic
    assert "## What would change the ranking" in md and "Belarus mobilised its reservists" in md
    assert "- H3 would draw level with 1.00 more weighted inconsistency against H1" in md


@pytest.mark.postgres
def test_same_matrix_on_postgres(pg_url, pipeline):
    store = open_store(pg_url)
    try:
        ingest(store, read(corpus_files()), pipeline=pipeline)
        with store.transaction() as s:
            init_set(s, "belarus-front", SET_FILE)
        with store.sessions() as s:
            m = matrix(s, "belarus-front")
            early = matrix(s, "belarus-front", as_of=AS_OF_NOVEMBER)
        assert cells(m) == EXPECTED
        assert (m.leading, early.leading) == ("H1", "H3")
    finally:
        store.close()
