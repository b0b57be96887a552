"""Analysts' edits: audited, and never undone by re-ingest, re-analysis or reloading the set."""

from __future__ import annotations

from sqlalchemy import select

from sitrep.hypotheses import HypothesisError, add_row, edit, init_set, matrix, scan, triggers
from sitrep.sources import read
from sitrep.store import ingest, reanalyze
from sitrep.store.tables import AuditEntry

from .conftest import SET_FILE, corpus_files


def _row(m, indicator: str, title: str):
    return next(r for r in m.rows if r.indicator == indicator and r.citation()["title"] == title)


def _edit_everything(store) -> None:
    with store.transaction() as s:
        m = matrix(s, "belarus-front")
        call_up = _row(m, "belarus-mobilises", "Call-up in Minsk").id
        edit(
            s,
            "belarus-front",
            call_up,
            "cell",
            hypothesis="H1",
            value={"code": "I"},
            note="reservists stay home",
        )
        edit(s, "belarus-front", _row(m, "large-buildup", "Winter build-up").id, "dismiss", note="unverified")
        edit(
            s,
            "belarus-front",
            _row(m, "belarus-denies", "Minsk on the war").id,
            "weight",
            value={"relevance": "low"},
        )
        add_row(
            s,
            "belarus-front",
            "Satellite images show no bridging equipment",
            {"H1": "II", "H3": "C"},
            day=__import__("datetime").date(2022, 12, 20),
            source="analyst imagery",
        )


def _check(store) -> None:
    with store.sessions() as s:
        m = matrix(s, "belarus-front")
    call_up = _row(m, "belarus-mobilises", "Call-up in Minsk")
    assert (call_up.cells, call_up.edited) == ({"H1": "I", "H2": "CC", "H3": "I"}, ["cell H1"])
    assert _row(m, "large-buildup", "Winter build-up").dismissed
    assert _row(m, "belarus-denies", "Minsk on the war").weight == 1 / 2**0.5
    added = m.rows[-1]
    assert (added.key, added.cells, added.citation()["source"]) == (
        "manual:1",
        {"H1": "II", "H2": "N", "H3": "C"},
        "analyst imagery",
    )
    # H1: 2 (equipment) + 1 (call-up) + 2 (added II) = 5; H2: 1/√2 + 1 (denials) + 4; H3: 2 (one build-up gone).
    assert {h: round(v, 4) for h, v in m.scores.inconsistency.items()} == {"H1": 5.0, "H2": 5.7071, "H3": 2.0}
    assert m.leading == "H3"


def test_edits_are_applied_and_audited(store):
    _edit_everything(store)
    _check(store)
    with store.sessions() as s:
        actions = list(
            s.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.target_kind == "hypothesis_set")
                .order_by(AuditEntry.id)
            )
        )
        note = s.scalar(select(AuditEntry.detail).where(AuditEntry.action == "ach.cell"))["note"]
    assert actions == ["hypotheses.init", "ach.cell", "ach.dismiss", "ach.weight", "ach.add"]
    assert note == "reservists stay home"


def test_reingest_reanalyze_and_reload_keep_edits(store, pipeline):
    _edit_everything(store)
    assert ingest(store, read(corpus_files()), pipeline=pipeline).duplicates == len(corpus_files())
    assert reanalyze(store, pipeline=pipeline).stored == len(corpus_files())
    with store.transaction() as s:
        init_set(s, "belarus-front", SET_FILE, replace=True)
    _check(store)


def test_restore_and_newest_decision_wins(store):
    with store.transaction() as s:
        row = _row(matrix(s, "belarus-front"), "large-buildup", "A larger force").id
        edit(s, "belarus-front", row, "dismiss")
        edit(s, "belarus-front", row, "restore")
        edit(s, "belarus-front", row[:6], "cell", hypothesis="H3", value={"code": "ii"})
        edit(s, "belarus-front", row, "cell", hypothesis="H3", value={"code": "N"})
    with store.sessions() as s:
        r = _row(matrix(s, "belarus-front"), "large-buildup", "A larger force")
    assert (r.dismissed, r.cells["H3"]) == (False, "N")


def test_bad_edits_are_refused(store):
    import pytest

    with store.transaction() as s:
        row = matrix(s, "belarus-front").rows[0].id
        for kwargs in (
            {"hypothesis": "H9", "value": {"code": "C"}},
            {"hypothesis": "H1", "value": {"code": "Y"}},
        ):
            with pytest.raises(HypothesisError):
                edit(s, "belarus-front", row, "cell", **kwargs)
        with pytest.raises(HypothesisError, match="no row"):
            edit(s, "belarus-front", "r-zzzz", "dismiss")
        with pytest.raises(HypothesisError, match="no hypothesis set named 'nope'"):
            matrix(s, "nope")


def test_watch_records_new_matches_once(store, pipeline, tmp_path):
    with store.sessions() as s:
        assert triggers(s) == []  # what was stored when the set was loaded is no news
        assert len(triggers(s, include_initial=True)) == 15
    report = tmp_path / "new.txt"
    report.write_text(
        "---\ntitle: More trains\nsource: Rail Watch\npublished: 2023-01-05\n---\nMore trains\n\n"
        "Belarus sent 25 tanks to Russia by rail.\n"
    )
    stats = ingest(store, read([report]), pipeline=pipeline)
    assert stats.hooks["sitrep.hypotheses.watch:record_triggers"] == 1  # recorded when stored
    with store.transaction() as s:
        assert scan(s) == 0
        [t] = triggers(s)
    assert (t.indicator, t.source, t.sentence.strip()) == (
        "equipment-to-russia",
        "Rail Watch",
        "Belarus sent 25 tanks to Russia by rail.",
    )
