"""The memo over the model's rule components gives the model's own annotations, token for token."""

from __future__ import annotations

import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG

from sitrep.config import Config
from sitrep.nlp import ATTRIBUTE_MEMO, LEMMA_MEMO, load_model

COLUMNS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]
# Our own sentences, with what the ruler treats specially: contractions, multi-token rules
# ("gon na", "ai n't"), a regular expression ("nothin'"), blank lines (spaces with a dependency),
# determiners as pronouns, auxiliaries, and words seen twice with different tags.
TEXTS = [
    "Russian forces shelled Kherson on Tuesday, the regional governor said.\n\nThey didn't stop.",
    "We're gonna hold the line, and we ain't leaving, a soldier told reporters.",
    "That was nothin' compared to what this means: those who left won't return.",
    "The convoy was seen near Bakhmut; the convoys were seen again.   Which one moved first?",
    "Belarus shipped 65,089 munitions to Russia in 1,940 wagons between March and September 2022.",
    "I have been told that the strikes will have been completed by then, but that's not certain.",
]


@pytest.fixture(scope="module")
def models():
    candidates = Config().model_candidates()
    return load_model(candidates, False), load_model(candidates, True)


def test_the_memo_replaces_the_rule_components(models):
    plain, memo = models
    assert "attribute_ruler" in plain.pipe_names and "lemmatizer" in plain.pipe_names
    assert ATTRIBUTE_MEMO in memo.pipe_names and LEMMA_MEMO in memo.pipe_names
    assert "attribute_ruler" not in memo.pipe_names and "lemmatizer" not in memo.pipe_names


def test_annotations_are_the_models_own_twice_over(models):
    plain, memo = models
    # The second round reads every token from the memo, the first learns it.
    for _ in range(2):
        for text in TEXTS:
            expected, got = plain(text), memo(text)
            assert got.to_array(COLUMNS).tolist() == expected.to_array(COLUMNS).tolist(), text


def test_known_answers(models):
    _, memo = models
    doc = memo("We're gonna hold it, they ain't leaving and that was nothin'.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["gon"] == "go" and lemmas["na"] == "to"
    assert lemmas["ai"] == "be" and lemmas["nothin'"] == "nothing"
    assert [t.pos_ for t in memo("Russia's troops were shelling the city.")][3:5] == ["AUX", "VERB"]


def test_an_empty_text(models):
    _, memo = models
    assert len(memo("")) == 0
