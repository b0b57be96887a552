"""Modality on sentences written for these tests: the cue decides, wherever it sits in the clause."""

from __future__ import annotations

import pytest

from sitrep.config import Config
from sitrep.model import Document, Evidence, Statement
from sitrep.nlp import load_model
from sitrep.pipeline.modality import clause_modality, modality


@pytest.fixture(scope="module")
def nlp():
    return load_model(Config().model_candidates())


def _token(nlp, text: str, word: str):
    doc = nlp(text)
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Poland sent tanks to Ukraine in April.", "sent", "asserted"),
        ("Russia might send more troops to Belarus.", "send", "hedged"),
        ("Russia could attack from the north.", "attack", "hedged"),
        ("Belarus reportedly moved jets to the border.", "moved", "reported"),
        ("Ukraine will not attack.", "attack", "negated"),
        ("Russia never shelled the town.", "shelled", "negated"),
        ("Lukashenko denied that Belarusian troops would enter Ukraine.", "enter", "negated"),
        ("Minsk refused to send soldiers.", "send", "negated"),
        ("Russia will send more jets next month.", "send", "predicted"),
        ("Moscow plans to deploy more troops.", "deploy", "predicted"),
        ("The army is expected to withdraw.", "withdraw", "predicted"),
        ("If Russia attacked Poland, NATO would respond.", "attacked", "hedged"),
        ("Officials said Russia shelled Kharkiv.", "shelled", "reported"),
        ("According to the ministry, Russia shelled Kharkiv.", "shelled", "reported"),
        ("Officials said Russia might shell Kharkiv.", "shell", "hedged"),
        ("Lukashenko cannot prevent Russia from sending troops.", "sending", "hedged"),
    ],
)
def test_clause_modality(nlp, text: str, word: str, expected: str) -> None:
    assert clause_modality(_token(nlp, text, word)) == expected


def _document(nlp, text: str, content: str) -> Document:
    parsed = nlp(text)
    start = text.index(content)
    statement = Statement(
        id="s1",
        speaker=None,
        speaker_text="the minister",
        act="said",
        content=content,
        evidence=Evidence(0, len(text), text),
        content_start=start,
        content_end=start + len(content),
    )
    return Document(text=text, spacy_doc=parsed, statements=[statement])


def test_statement_content_is_reported(nlp) -> None:
    text = "The minister told reporters: Belarus moved tanks to the border."
    document = _document(nlp, text, "Belarus moved tanks to the border.")
    moved = next(t for t in document.spacy_doc if t.text == "moved")
    assert modality(moved, document) == "reported"
    assert document.statement_at(moved.idx).id == "s1"


def test_hedge_wins_over_statement(nlp) -> None:
    text = "The minister told reporters: Belarus may move tanks to the border."
    document = _document(nlp, text, "Belarus may move tanks to the border.")
    move = next(t for t in document.spacy_doc if t.text == "move")
    assert modality(move, document) == "hedged"


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Did Belarus send troops to Ukraine?", "send", "hedged"),  # a question asks
        ("Why did Poland send tanks to Ukraine?", "send", "hedged"),
        ("Russia would have attacked Kyiv without the winter.", "attacked", "hedged"),  # counterfactual
        ("Had Russia attacked Kyiv, NATO would have responded.", "attacked", "hedged"),  # inverted if
        ("Should Minsk deploy troops, Warsaw will respond.", "deploy", "hedged"),
        ("Imagine Russia attacked Poland.", "attacked", "hedged"),
        ("Russia is going to attack Kyiv.", "attack", "predicted"),
        ("A Russian attack on Kyiv would be a disaster.", "attack", "predicted"),  # event noun as subject
        ("The Russian attack on Kyiv killed nine people.", "attack", "asserted"),
        (
            "Russia will have moved its jets by May.",
            "moved",
            "predicted",
        ),  # future perfect is no counterfactual
    ],
)
def test_unreal_clauses(nlp, text: str, word: str, expected: str) -> None:
    assert clause_modality(_token(nlp, text, word)) == expected
