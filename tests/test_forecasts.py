"""Forecasts: future claims with their windows, resolved on the day they were made."""

from __future__ import annotations

from datetime import date

from sitrep.sources.reader import make_document

PUB = date(2023, 3, 10)


def test_window_resolved_on_statement_date(analyze):
    text = (
        "Russia might launch a new offensive in two to three months.\n\n"
        "The general made this statement on March 1 at a briefing.\n"
    )
    doc = analyze(text, PUB)
    [f] = doc.forecasts
    assert f.claim == "Russia might launch a new offensive in two to three months"
    assert f.modality == "hedged"
    assert f.made == date(2023, 3, 1)
    assert (f.window_start, f.window_end) == (date(2023, 5, 1), date(2023, 6, 1))
    assert f.statement == doc.statements[0].id


def test_will_is_predicted_with_by_speaker(analyze):
    doc = analyze("Volodymyr Zelensky said that Ukraine will retake Crimea by summer.", PUB)
    [f] = doc.forecasts
    assert f.modality == "predicted"
    assert f.by is not None and doc.entity(f.by).name == "Volodymyr Zelensky"
    assert f.claim == "Ukraine will retake Crimea by summer"


def test_hedged_assessment_of_present_is_no_forecast(analyze):
    doc = analyze("The buildup could be an attempt to tie down Ukrainian forces.", PUB)
    assert doc.forecasts == []


def test_negated_prediction(analyze):
    doc = analyze("Analysts agreed that Minsk would not send troops to Ukraine.", PUB)
    [f] = doc.forecasts
    assert f.modality == "negated"


def test_denied_intention_is_no_forecast_of_the_speaker(analyze):
    doc = analyze("He said: “I do not have any plans, and I will never send troops there.”", PUB)
    assert all(f.statement is None for f in doc.forecasts)


def test_past_modal_is_no_forecast(analyze):
    doc = analyze("Belarus shipped 500 trucks to Russia in February.", PUB)
    assert doc.forecasts == []


def test_within_counts_from_the_day_it_was_said(analyze):
    doc = analyze(
        "Western officials warned on March 1 that Russia could run out of missiles within three months.", PUB
    )
    [f] = doc.forecasts
    assert f.made == date(2023, 3, 1)
    assert (f.window_start, f.window_end) == (date(2023, 3, 1), date(2023, 6, 1))


def test_by_runs_from_the_day_it_was_said(analyze):
    doc = analyze("Germany will deliver the tanks by the end of the year, the minister said on March 8.", PUB)
    [f] = doc.forecasts
    assert (f.window_start, f.window_end) == (date(2023, 3, 8), date(2023, 12, 31))


# -- forecasts of the conflict, by whoever made them (issue 10, part 5) ------------------------------


def _forecasts_of(text: str, pipeline) -> list:
    document = make_document(text, published=date(2022, 11, 3), source="Example Outlet")
    return pipeline(document).forecasts


def test_a_procedure_of_the_text_is_no_forecast(pipeline) -> None:
    assert _forecasts_of("It will be considered for publication next week.", pipeline) == []


def test_the_article_itself_predicts_when_no_one_is_quoted(pipeline) -> None:
    [forecast] = _forecasts_of("Russia will launch a new offensive in the spring.", pipeline)
    assert (forecast.by, forecast.by_text) == (None, "Example Outlet")
    # said in November, "the spring" is the next one
    assert (forecast.window_start, forecast.window_end) == (date(2023, 3, 1), date(2023, 5, 31))


def test_the_sentences_own_speaker_predicts(pipeline) -> None:
    text = (
        "The Kremlin said the talks had failed. "
        "Russian forces will resume the offensive within two weeks, a US spokesman said."
    )
    [forecast] = _forecasts_of(text, pipeline)
    assert forecast.by_text == "a US spokesman"
    assert (forecast.window_start, forecast.window_end) == (date(2022, 11, 3), date(2022, 11, 17))


def test_a_forecast_without_a_window_says_why(pipeline) -> None:
    [forecast] = _forecasts_of("Russia will attack again, the minister warned.", pipeline)
    assert (forecast.window_start, forecast.window_end) == (None, None)
    assert forecast.window_note == "no time in the claim"
    assert forecast.to_dict()["window_note"] == "no time in the claim"
