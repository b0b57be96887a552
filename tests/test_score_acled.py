"""bench/score_acled.py: its comparison of exported rows with coders' rows, on rows made up here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(_BENCH))
_spec = importlib.util.spec_from_file_location("score_acled", _BENCH / "score_acled.py")
score_acled = importlib.util.module_from_spec(_spec)
sys.modules["score_acled"] = score_acled
_spec.loader.exec_module(score_acled)


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Protesters (Russia)", "RUS"),
        ("Police Forces of Russia (2000-)", "RUS"),
        ("Police Forces of Russia (2000-) Prison Guards", "RUS"),
        ("Military Forces of Ukraine (2019-)", "UKR"),
        ("Civilians (Kazakhstan)", "KAZ"),
        ("Unidentified Armed Group (Syria)", "SYR"),
        ("Protesters", None),
        ("", None),
    ],
)
def test_actor_country(name: str, country: str | None) -> None:
    assert score_acled.actor_country(name) == country


def test_weighted_f1_is_scikit_learns_weighted_average() -> None:
    gold = ["a", "a", "a", "b"]
    pred = ["a", "a", "b", "b"]
    # a: precision 1, recall 2/3 -> F1 0.8 (weight 3); b: precision 1/2, recall 1 -> F1 2/3 (weight 1)
    assert score_acled.weighted_f1(gold, pred) == pytest.approx((0.8 * 3 + 2 / 3) / 4)
    assert score_acled.weighted_f1(gold, gold) == 1.0


def _gold(note: str, sub: str, actor2: str = "", inter2: str = "0") -> dict:
    return {
        "event_id_cnty": note,
        "event_date": "06 March 2022",
        "event_type": "Protests",
        "sub_event_type": sub,
        "actor1": "Protesters (Russia)",
        "inter1": "6",
        "actor2": actor2,
        "inter2": inter2,
        "latitude": "55.0",
        "longitude": "37.0",
    }


def test_score_compares_field_by_field() -> None:
    gold = [
        _gold("X1", "Peaceful protest"),
        _gold("X2", "Protest with intervention", "Police Forces of Russia (2000-)", "1"),
        _gold("X3", "Peaceful protest"),
    ]
    rows = {
        "X1": {
            "event_type": "Protests",
            "sub_event_type": "Peaceful protest",
            "event_date": "2022-03-06",
            "latitude": "55.1",  # about 11 km off
            "longitude": "37.0",
            "actor1": "Protesters (Russia)",
            "inter1": "6",
            "actor2": "",
            "inter2": "0",
        },
        "X2": {
            "event_type": "Protests",
            "sub_event_type": "Peaceful protest",
            "event_date": "2022-03-07",
            "latitude": "",
            "longitude": "",
            "actor1": "Protesters (Russia)",
            "inter1": "6",
            "actor2": "",
            "inter2": "0",
        },
    }
    figures = score_acled.score(gold, rows)
    assert figures["event_type"] == pytest.approx(2 / 3)
    assert figures["sub_event_type"] == pytest.approx(1 / 3)
    assert figures["event_date"] == pytest.approx(1 / 3)
    assert figures["place_25km"] == pytest.approx(1 / 3)
    assert figures["actor1_kind"] == figures["actor1_country"] == pytest.approx(2 / 3)
    assert figures["actor2_kind"] == figures["actor2_country"] == 0.0  # one note names an actor2: missed
    assert figures["actor2_absent_when_coders_have_none"] == pytest.approx(1 / 2)
    assert figures["no_exported_event"] == pytest.approx(1 / 3)
