"""Admiralty grades: F/6 until graded, set and audited, corroboration raising credibility."""

from __future__ import annotations

import pytest

from sitrep.across._common import AcrossError
from sitrep.across.reliability import Grade, corroborated, grade_of, set_grade, sources
from sitrep.store.tables import AuditEntry


def test_grades_default_to_f6_and_are_set_and_audited(corpus):
    with corpus.transaction() as session:
        assert grade_of(session, source="Outlet A") == Grade("F", 6)
        assert grade_of(session, speaker="Lukashenko") == Grade("F", 6)
        assert set_grade(session, "outlet a", reliability="b", by="tester") == Grade("B", 6)
        assert set_grade(session, "Outlet A", credibility=2, by="tester") == Grade("B", 2)
        assert set_grade(session, "Lukashenko", reliability="E", by="tester") == Grade("E", 6)
    with corpus.sessions() as session:
        assert grade_of(session, source="OUTLET A") == Grade("B", 2)
        assert grade_of(session, speaker="person:alexander-lukashenko") == Grade("E", 6)
        audit = [
            (a.target_kind, a.detail["from"], a.detail["to"])
            for a in session.query(AuditEntry).filter_by(action="grade").order_by(AuditEntry.id)
        ]
        listed = {(s.kind, s.name): str(s.grade) for s in sources(session, speakers=True)}
    assert audit == [("source", "F6", "B6"), ("source", "B6", "B2"), ("speaker", "F6", "E6")]
    assert listed[("source", "Outlet A")] == "B2" and listed[("source", "Outlet B")] == "F6"
    assert listed[("speaker", "Alexander Lukashenko")] == "E6"


def test_bad_grades_are_refused(corpus):
    with corpus.sessions() as session:
        with pytest.raises(AcrossError, match="A-F"):
            set_grade(session, "Outlet A", reliability="G")
        with pytest.raises(AcrossError, match="1-6"):
            set_grade(session, "Outlet A", credibility=7)
        with pytest.raises(AcrossError, match="exactly one"):
            grade_of(session)


def test_corroboration_raises_credibility():
    assert corroborated([], 1) == 6
    assert corroborated([], 2) == 2
    assert corroborated([], 3) == 1
    assert corroborated([Grade("B", 3)], 1) == 3
    assert corroborated([], 3, contradicted=True) == 3
