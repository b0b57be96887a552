"""Nested-trigger pruning (``sitrep.pipeline.events.triggers.drop_nested``) on hand-built parses."""

from __future__ import annotations

import time

from spacy.tokens import Doc
from spacy.vocab import Vocab

from sitrep.knowledge.lexicon import Sense, load_event_lexicon
from sitrep.pipeline.events.context import Candidate
from sitrep.pipeline.events.triggers import drop_nested


def _chain(words: list[str], deps: list[str]) -> Doc:
    """A parse in which every word heads the next: "urged to ask to demand ..."."""
    heads = [max(i - 1, 0) for i in range(len(words))]
    return Doc(Vocab(), words=words, lemmas=words, heads=heads, deps=deps)


def _candidate(doc: Doc, i: int, kind: str, cue: frozenset[str] = frozenset()) -> Candidate:
    return Candidate(doc[i], Sense(type=kind, cue=cue), [doc[i]])


def test_a_complement_of_the_same_type_is_part_of_the_act() -> None:
    doc = _chain(["urged", "ask", "send", "attack"], ["ROOT", "xcomp", "xcomp", "conj"])
    kept = drop_nested(
        [
            _candidate(doc, 0, "REQUEST"),
            _candidate(doc, 1, "REQUEST"),  # xcomp under a REQUEST: one act
            _candidate(doc, 2, "AID"),  # another type: its own event
            _candidate(doc, 3, "REQUEST"),  # coordinated, not a complement: its own event
        ]
    )
    assert [c.token.text for c in kept] == ["urged", "send", "attack"]


def test_a_trigger_that_is_another_senses_cue_is_dropped() -> None:
    doc = _chain(["call", "declare", "occupied"], ["ROOT", "pcomp", "xcomp"])
    kept = drop_nested(
        [
            _candidate(doc, 0, "ACCUSE", cue=frozenset({"declare"})),
            _candidate(doc, 1, "SUPPORT"),
            _candidate(doc, 2, "ASSAULT", cue=frozenset({"occupied"})),  # its own cue does not drop it
        ]
    )
    assert [c.token.text for c in kept] == ["call", "occupied"]


def test_pruning_is_linear_in_the_tokens() -> None:
    """20,000 nested complements, each a trigger: one walk per token, not a subtree per pair."""
    n = 20_000
    doc = _chain(["ask"] * n, ["ROOT"] + ["xcomp"] * (n - 1))
    candidates = [_candidate(doc, i, "REQUEST") for i in range(n)]
    started = time.perf_counter()
    kept = drop_nested(candidates)
    assert time.perf_counter() - started < 5.0
    assert [c.token.i for c in kept] == [0]


def test_event_grammar_is_data() -> None:
    grammar = load_event_lexicon().grammar
    assert grammar.types("force") == {"ASSAULT", "COERCE"}
    assert "urge" in grammar.object_control
    assert grammar.prep("relative_time") == {"after", "following", "before"}
    assert grammar.pronoun_antecedents["he"] == ("PERSON",)
