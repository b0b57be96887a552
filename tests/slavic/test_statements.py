"""Statements and forecasts in Russian and Ukrainian: speaker, act, force, content, window."""

from __future__ import annotations

from datetime import date

PUB = date(2022, 11, 3)


def test_an_inverted_speech_verb_with_an_apposition(analyze):
    doc = analyze(
        "Как заявил глава ГУР Кирилл Буданов, Россия может создать новые ударные группы через два-три месяца.",
        published=PUB,
    )
    statement = doc.statements[0]
    assert (statement.speaker, statement.act, statement.modality) == (
        "person:kyrylo-budanov",
        "said",
        "asserted",
    )
    assert statement.content == "Россия может создать новые ударные группы через два-три месяца"
    forecast = doc.forecasts[0]
    assert (forecast.by, forecast.modality) == ("person:kyrylo-budanov", "hedged")
    assert (forecast.window_start, forecast.window_end) == (date(2023, 1, 3), date(2023, 2, 3))


def test_a_ukrainian_forecast_has_the_same_window(analyze):
    doc = analyze(
        "Як заявив очільник ГУР Кирило Буданов, Росія може створити нові ударні угруповання через два-три місяці.",
        published=PUB,
    )
    forecast = doc.forecasts[0]
    assert (forecast.by, forecast.window_start, forecast.window_end) == (
        "person:kyrylo-budanov",
        date(2023, 1, 3),
        date(2023, 2, 3),
    )


def test_a_denial_is_negated_and_makes_no_forecast(analyze):
    doc = analyze("Лукашенко опроверг, что белорусская армия вступит в войну.", published=PUB)
    assert [(s.act, s.modality) for s in doc.statements] == [("denied", "negated")]
    assert doc.forecasts == []


def test_according_to(analyze):
    doc = analyze("За словами Зеленського, ворог готує новий наступ.", published=PUB)
    statement = doc.statements[0]
    assert (statement.speaker, statement.content) == ("person:volodymyr-zelensky", "ворог готує новий наступ")


def test_quote_before_the_dash(analyze):
    doc = analyze("«Войска не пересекут границу», — сказал Песков.", published=PUB)
    statement = doc.statements[0]
    assert (statement.speaker, statement.content) == ("person:dmitry-peskov", "Войска не пересекут границу")
