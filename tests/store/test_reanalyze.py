"""Re-analysis replaces machine facts and never an analyst's decision."""

from __future__ import annotations

from sqlalchemy import func, select

from sitrep.sources import read
from sitrep.store import ingest, reanalyze
from sitrep.store.tables import AuditEntry, DocumentRow, EventRow, Review
from sitrep.store.write import now

from .conftest import STRIKE_TEXT, FakePipeline, strike_facts


def test_reanalyze_replaces_facts_and_keeps_reviews(store, fake_pipeline, tmp_path):
    (tmp_path / "a.txt").write_text(STRIKE_TEXT, encoding="utf-8")
    ingest(store, read([tmp_path / "a.txt"]), pipeline=fake_pipeline)
    with store.transaction() as s:
        assault = s.scalar(select(EventRow).where(EventRow.type == "ASSAULT"))
        s.add(
            Review(
                fact_kind="event",
                fact_key=assault.fact_key,
                decision="edit",
                changes={"mode": "aerial"},
                note="drones, per the ministry",
                reviewer="analyst",
                created_at=now(),
            )
        )
        key = assault.fact_key

    def newer(document):
        document = strike_facts(document)
        document.events = [e for e in document.events if e.type != "AID"]  # the newer pipeline drops one
        return document

    stats = reanalyze(store, pipeline=FakePipeline(newer, version="fake 2"))
    assert (stats.stored, stats.failures) == (1, [])
    with store.sessions() as s:
        assert sorted(s.scalars(select(EventRow.type))) == ["ASSAULT", "SUPPORT"]
        assert s.scalar(select(EventRow.fact_key).where(EventRow.type == "ASSAULT")) == key
        [review] = s.scalars(select(Review))
        assert (review.fact_key, review.changes, review.note) == (
            key,
            {"mode": "aerial"},
            "drones, per the ministry",
        )
        assert s.scalar(select(DocumentRow.pipeline_version)).endswith("fake 2; parse")
        actions = list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
        assert actions == ["ingest", "reanalyze"]


def test_reanalyze_outdated_only(store, fake_pipeline, tmp_path):
    (tmp_path / "a.txt").write_text(STRIKE_TEXT, encoding="utf-8")
    ingest(store, read([tmp_path / "a.txt"]), pipeline=fake_pipeline)
    assert reanalyze(store, pipeline=fake_pipeline, outdated_only=True).stored == 0
    assert reanalyze(store, pipeline=FakePipeline(strike_facts, "fake 2"), outdated_only=True).stored == 1
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(EventRow)) == 3
