"""The `quantities` stage: exact bounds, qualifiers and counted nouns for each construction."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from sitrep.config import DEFAULT_MODELS
from sitrep.model import Document, Entity, Mention, TimeExpression
from sitrep.nlp import load_model
from sitrep.pipeline.quantities import extract_quantities, load_lexicon

SHARED = Path(os.environ.get("SITREP_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SEED = SHARED / "corpus" / "seed" / "belarus-trapped-in-putins-plans.txt"


@pytest.fixture(scope="module")
def nlp():
    return load_model(DEFAULT_MODELS)


def _document(nlp, text: str, entities=(), times=()) -> Document:
    document = Document(text=text, entities=list(entities), times=list(times))
    document.spacy_doc = nlp(text)
    return document


def _quantities(nlp, text: str, **kw) -> list[tuple]:
    """(text, value, min, max, qualifier, unit) of each quantity, in order."""
    document = _document(nlp, text, **kw)
    return [
        (q.text, q.value, q.min, q.max, q.qualifier, q.unit)
        for q in extract_quantities(document, load_lexicon())
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Belarus shipped 65,089 munitions.", ("65,089 munitions", 65089, None, None, None, "munitions")),
        ("They came in 1940 wagons.", ("1940 wagons", 1940, None, None, None, "wagons")),
        (
            "It sent at least 94 T-72A tanks.",
            ("at least 94 T-72A tanks", None, 94, None, "at least", "tanks"),
        ),
        ("It sent 36–44 Ural trucks.", ("36–44 Ural trucks", None, 36, 44, "range", "trucks")),
        ("It sent 36-44 Ural trucks.", ("36-44 Ural trucks", None, 36, 44, "range", "trucks")),
        ("It sent 36 to 44 trucks.", ("36 to 44 trucks", None, 36, 44, "range", "trucks")),
        ("Between 36 and 44 trucks arrived.", ("Between 36 and 44 trucks", None, 36, 44, "range", "trucks")),
        ("Two or three tanks burned.", ("Two or three tanks", None, 2, 3, "range", "tanks")),
        (
            "They said 2 to 3 million people fled.",
            ("2 to 3 million people", None, 2e6, 3e6, "range", "people"),
        ),
        ("Russia massed thousands of troops.", ("thousands of troops", None, 1000, None, "vague", "troops")),
        ("Hundreds of tanks were lost.", ("Hundreds of tanks", None, 100, None, "vague", "tanks")),
        ("Dozens of drones struck.", ("Dozens of drones", None, 12, None, "vague", "drones")),
        ("Hundreds were killed.", ("Hundreds", None, 100, None, "vague", None)),
        (
            "Tens of thousands of people fled.",
            ("Tens of thousands of people", None, 1e4, None, "vague", "people"),
        ),
        (
            "Several hundred soldiers died.",
            ("Several hundred soldiers", None, 300, None, "vague", "soldiers"),
        ),
        (
            "It sent a ton of military equipment.",
            ("a ton of military equipment", None, None, None, "vague", "equipment"),
        ),
        ("More than 300 people died.", ("More than 300 people", None, 300, None, "more than", "people")),
        ("About 2,000 soldiers crossed.", ("About 2,000 soldiers", 2000, None, None, "about", "soldiers")),
        ("Some 400 soldiers crossed.", ("Some 400 soldiers", 400, None, None, "about", "soldiers")),
        ("Nearly 50 villages burned.", ("Nearly 50 villages", 50, None, 50, "nearly", "villages")),
        ("Up to 10 missiles hit.", ("Up to 10 missiles", None, None, 10, "up to", "missiles")),
        ("No more than 5 tanks moved.", ("No more than 5 tanks", None, None, 5, "at most", "tanks")),
        (
            "Over 1.5 million refugees fled.",
            ("Over 1.5 million refugees", None, 1.5e6, None, "more than", "refugees"),
        ),
        ("Two battalions arrived.", ("Two battalions", 2, None, None, None, "battalions")),
        ("A dozen helicopters landed.", ("A dozen helicopters", 12, None, None, None, "helicopters")),
        ("They saw half a dozen tanks.", ("half a dozen tanks", 6, None, None, None, "tanks")),
        ("They saw five tanks.", ("five tanks", 5, None, None, None, "tanks")),
        ("They saw twenty-six trucks.", ("twenty-six trucks", 26, None, None, None, "trucks")),
        (
            "They had three hundred and fifty tanks.",
            ("three hundred and fifty tanks", 350, None, None, None, "tanks"),
        ),
        ("Prices rose 15%.", ("15%", 15, None, None, None, "percent")),
        ("Prices rose 2.5 per cent.", ("2.5 per cent", 2.5, None, None, None, "percent")),
        ("The US gave $1.5 billion.", ("$1.5 billion", 1.5e9, None, None, None, "USD")),
        ("The EU gave €200 million.", ("€200 million", 2e8, None, None, None, "EUR")),
        ("It cost $2bn.", ("$2bn", 2e9, None, None, None, "USD")),
        ("It cost 300 rubles.", ("300 rubles", 300, None, None, None, "RUB")),
        ("They sent 5 tons of ammunition.", ("5 tons", 5, None, None, None, "tons")),
        ("Russia launched 12 Kh-101 missiles.", ("12 Kh-101 missiles", 12, None, None, None, "missiles")),
        ("It sent 2 Su-25s.", ("2 Su-25s", 2, None, None, None, "Su-25s")),
        ("He said it a thousand times.", ("a thousand times", None, None, None, "vague", "times")),
    ],
)
def test_construction(nlp, text, expected):
    assert _quantities(nlp, text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "It will take two to three months.",  # a duration: the times stage owns it
        "He spoke on November 3 and on 3 November.",
        "Protests began in 2020.",
        "The 2022 invasion failed.",
        "The first battalion and the 3rd brigade moved.",
        "Russia fired S-300 missiles, Su-25 jets and MiG-31 fighters at T-72 tanks.",
        "Ryanair Flight FR4978 was forced down; Flight 17 too.",
        "Article 5 applies.",
        "The 72-year-old man led a 1,000-strong force.",
        "They fired 155mm shells and 155 mm rounds.",
        "It began at 10:30 a.m. and ended at 5 pm.",
        "One of them said no one came.",
        "At one point they stopped.",
        "He served 3 years.",
    ],
)
def test_not_a_quantity(nlp, text):
    assert _quantities(nlp, text) == []


def test_a_time_expression_of_the_times_stage_blocks_numbers_inside_it(nlp):
    text = "It took two to three months."
    times = [TimeExpression("two to three months", 8, 27, "DURATION", "P2M")]
    assert _quantities(nlp, text, times=times) == []


def test_a_wrong_time_over_the_number_still_lets_the_count_through(nlp):
    # Were the times stage to read "1940" as a year, the wagons outside it are still counted.
    text = "They came in 1940 wagons."
    times = [TimeExpression("1940", 13, 17, "DATE", "1940", date(1940, 1, 1), date(1940, 12, 31))]
    assert _quantities(nlp, text, times=times) == [("1940 wagons", 1940, None, None, None, "wagons")]


def test_item_is_the_equipment_entity_of_the_counted_phrase(nlp):
    text = "Belarus provided at least 94 T-72A tanks."
    entities = [
        Entity("belarus", "Belarus", "GPE", mentions=[Mention(0, 7, "Belarus")]),
        Entity("t-72a", "T-72A", "EQUIPMENT", mentions=[Mention(29, 34, "T-72A")]),
    ]
    document = _document(nlp, text, entities=entities)
    (q,) = extract_quantities(document, load_lexicon())
    assert (q.item, q.start, q.end, q.text) == ("t-72a", 17, 40, "at least 94 T-72A tanks")


def test_a_country_in_the_phrase_is_not_the_item(nlp):
    text = "It sent 5,000 Russian troops."
    entities = [Entity("rus", "Russia", "GPE", mentions=[Mention(14, 21, "Russian")])]
    (q,) = extract_quantities(_document(nlp, text, entities=entities), load_lexicon())
    assert (q.value, q.unit, q.item) == (5000, "troops", None)


def test_offsets_index_the_document_text(nlp):
    text = "Title\n\nBelarus shipped 65,089 munitions to Russia in 1940 wagons."
    document = _document(nlp, text)
    for q in extract_quantities(document, load_lexicon()):
        assert text[q.start : q.end] == q.text


@pytest.mark.skipif(not SEED.exists(), reason="seed article not in ../shared")
def test_seed_article(nlp):
    got = _quantities(nlp, SEED.read_text(encoding="utf-8"))
    assert got == [
        ("65,089 munitions", 65089, None, None, None, "munitions"),
        ("1940 wagons", 1940, None, None, None, "wagons"),
        ("a ton of military equipment", None, None, None, "vague", "equipment"),
        ("at least 94 T-72A tanks", None, 94, None, "at least", "tanks"),
        ("36–44 Ural trucks", None, 36, 44, "range", "trucks"),
        ("a thousand times", None, None, None, "vague", "times"),
        ("thousands of troops", None, 1000, None, "vague", "troops"),
    ]
