"""Language detection, the --lang override, and documents in languages sitrep cannot read."""

from __future__ import annotations

import pytest

from sitrep import Config, Pipeline
from sitrep.sources.language import detect_language, normalise_language
from sitrep.sources.reader import make_document


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Российские войска обстреляли Херсон из реактивных систем залпового огня.", "ru"),
        ("Російські війська обстріляли Херсон з реактивних систем залпового вогню.", "uk"),
        ("Russian troops shelled Kherson with multiple rocket launchers on Tuesday.", "en"),
        ("Die russischen Truppen haben am Dienstag die Stadt Cherson beschossen.", "de"),
        ("Putin met Lukashenko in Minsk.", "en"),  # too short for the model: the script decides
        ("Лукашенко заявив", "uk"),  # "заявив" has no letter of its own: the model decides between the two
        ("Лукашенко объявил", "ru"),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


def test_normalise_language():
    assert [normalise_language(x) for x in ("RU", "uk-UA", " en ", "", None)] == [
        "ru",
        "uk",
        "en",
        None,
        None,
    ]


def test_front_matter_or_argument_give_the_language_else_the_pipeline_detects_it(pipeline):
    unknown = make_document("Российские войска обстреляли Херсон.")
    assert unknown.language is None  # reading never spends the detection: the worker does
    assert pipeline(unknown).language == "ru"
    assert make_document("---\nlanguage: uk\n---\nRussian troops shelled Kherson.").language == "uk"
    assert make_document("Russian troops shelled Kherson.", language="ru").language == "ru"


def test_a_language_without_front_end_is_stored_not_analysed_never_read_as_english(pipeline):
    text = "Die russischen Truppen haben am Dienstag die Stadt Cherson mit Raketen beschossen und zerstört."
    document = pipeline(make_document(text))
    assert (document.language, document.analysis_status) == ("de", "not analysed: language de")
    assert (document.events, document.entities, document.times) == ([], [], [])
    assert document.to_dict()["document"]["language"] == "de"


def test_the_configured_language_overrides_detection():
    pipeline = Pipeline(Config(language="ru"))
    document = pipeline(make_document("Российские войска обстреляли Херсон.", language="en"))
    assert document.language == "ru"
    assert [e.type for e in document.events] == ["ASSAULT"]


def test_english_and_russian_documents_in_one_batch_keep_their_order(pipeline):
    texts = [
        "Russian troops shelled Kherson.",
        "Российские войска обстреляли Херсон.",
        "Hallo Welt, wie geht es dir heute?",
    ]
    documents = list(pipeline.pipe(make_document(t) for t in texts))
    assert [d.text for d in documents] == texts
    assert [d.language for d in documents] == ["en", "ru", "de"]
