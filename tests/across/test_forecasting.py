"""A forecast made in one report, resolved by a later one, scored; the states --due and --resolved."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.across import forecasting as F
from sitrep.across._common import AcrossError
from sitrep.model import name_of
from sitrep.store import facts
from sitrep.store.tables import AuditEntry


def test_forecast_resolved_end_to_end_with_its_brier_score(corpus, truth, stems):
    want = truth["forecasts"][0]
    day = date(2022, 12, 31)
    with corpus.sessions() as session:
        page = facts.forecasts(session, today=day)
        (f,) = page.items
        assert (stems[f.stored.document], name_of(page, f.by)) == (want["made_in"], want["by"])
        assert F.states(session, [f], day) == {f.stored.key: "due"}
        proposed = F.proposals(session, f.stored.key)
        (linked,) = F.scores(session, by="speaker")  # settled by the reported strike, before any verdict
    assert (linked.forecasts, linked.brier) == (1, pytest.approx(0.04))
    (best,) = proposed  # one happening told by two reports, not two proposals
    assert {stems[best.event.stored.document]} <= {want["resolved_by"], "d3-second-wave"}
    assert best.reports == 2 and best.agreed == ["time", "actors (country)", "recipients (country)", "place"]
    with corpus.transaction() as session:
        F.resolve(
            session,
            f.stored.key,
            want["outcome"],
            evidence=best.event.stored.document,
            event=best.event.stored.key,
            note="Nov 15",
            by="t",
        )
    with corpus.sessions() as session:
        (f2,) = facts.forecasts(session, today=day).items
        assert F.states(session, [f2], day) == {f2.stored.key: "resolved: true"}
        (score,) = F.scores(session, by="speaker")
        (by_outlet,) = F.scores(session, by="source")
        assert session.query(AuditEntry).filter_by(action="resolve").one().actor == "t"
    assert score.name == "Kyrylo Budanov" and score.forecasts == 1
    assert score.brier == pytest.approx(want["brier"]) and by_outlet.name == "Outlet A"
    assert score.calibration == [(want["probability"], 1, 1.0)]


def test_brier_and_calibration_by_modality():
    items = [
        F.Scored("k1", "x", "s", F.probability("predicted"), 1.0),
        F.Scored("k2", "x", "s", F.probability("predicted"), 0.0),
        F.Scored("k3", "x", "s", F.probability("hedged"), 0.5),
    ]
    assert [round(i.brier, 4) for i in items] == [0.04, 0.64, 0.0]
    assert F.calibration(items) == [(0.5, 1, 0.5), (0.8, 2, 0.5)]


def test_resolve_refuses_bad_input(corpus):
    with corpus.sessions() as session:
        (f,) = facts.forecasts(session).items
        with pytest.raises(AcrossError, match="outcome"):
            F.resolve(session, f.stored.key, "maybe")
        with pytest.raises(AcrossError, match="no forecast"):
            F.resolve(session, "forecast:nope", "true")
        with pytest.raises(AcrossError, match="no stored document"):
            F.resolve(session, f.stored.key, "true", evidence="nope")
