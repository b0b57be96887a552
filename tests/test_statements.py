"""Statements: speaker, act, time, venue, content and force, on sentences written for these tests."""

from __future__ import annotations

from datetime import date

PUB = date(2023, 3, 10)  # a Friday


def only(items):
    assert len(items) == 1, items
    return items[0]


def test_said_with_that_clause_venue_and_date(analyze):
    doc = analyze(
        "Dmytro Kuleba, Ukraine's foreign minister, said on March 8 at a press conference that "
        "Russia had fired 81 missiles overnight.",
        PUB,
    )
    s = only(doc.statements)
    assert s.speaker_text == "Dmytro Kuleba"
    assert s.act == "said"
    assert s.venue == "press conference"
    assert s.content == "that Russia had fired 81 missiles overnight"
    assert s.time is not None and (s.time.start, s.time.end) == (date(2023, 3, 8), date(2023, 3, 8))
    assert s.modality == "asserted"
    assert doc.text[s.content_start : s.content_end] == s.content


def test_quotation_before_the_verb(analyze):
    doc = analyze("“We will not give up a single village,” the mayor said on Tuesday.", PUB)
    s = only(doc.statements)
    assert s.act == "said"
    assert s.speaker_text == "the mayor"
    assert s.content == "“We will not give up a single village,”"
    assert s.time is not None and s.time.start == date(2023, 3, 7)


def test_according_to(analyze):
    doc = analyze("According to the regional governor, two people were killed in the shelling.", PUB)
    s = only(doc.statements)
    assert (s.act, s.speaker_text) == ("reported", "the regional governor")
    assert s.content == "two people were killed in the shelling"


def test_denial_of_plans_is_negated(analyze):
    doc = analyze("The minister said on Monday that Belarus has no plans to send troops to Ukraine.", PUB)
    s = only(doc.statements)
    assert s.modality == "negated"


def test_deny_verb_is_negated(analyze):
    doc = analyze("The Kremlin denied that its forces had struck the hospital.", PUB)
    s = only(doc.statements)
    assert (s.act, s.modality) == ("denied", "negated")


def test_anaphoric_statement_takes_previous_paragraph(analyze):
    text = (
        "Russia could launch a new offensive in the east within weeks.\n\n"
        "Andriy Yusov, a spokesman for Ukrainian military intelligence, made this statement on March 9 "
        "in an interview.\n"
    )
    doc = analyze(text, PUB)
    s = only(doc.statements)
    assert s.content == "Russia could launch a new offensive in the east within weeks."
    assert (s.act, s.venue) == ("stated", "interview")
    assert s.time is not None and s.time.start == date(2023, 3, 9)


def test_inanimate_subject_is_no_speaker(analyze):
    doc = analyze("The withdrawal of the tanks suggests that the army is not ready to attack.", PUB)
    assert doc.statements == []


def test_pronoun_speaker_resolves_to_last_person(analyze):
    text = "Alexander Lukashenko met the press in Minsk. As he stressed on Thursday: “We are not at war.”"
    doc = analyze(text, PUB)
    s = only(doc.statements)
    assert s.speaker_text == "he"
    assert s.speaker is not None and doc.entity(s.speaker).name == "Alexander Lukashenko"
    assert s.content.startswith("“We are not at war")


def test_venue_as_addressee(analyze):
    doc = analyze("Poland's envoy warned the UN Security Council that the crisis would deepen.", PUB)
    s = only(doc.statements)
    assert (s.act, s.venue) == ("warned", "UN Security Council")


def test_said_after_the_content(analyze):
    doc = analyze(
        "Germany will send two more IRIS-T systems to Ukraine by the end of the year, "
        "Defence Minister Christine Lambrecht said on Thursday.",
        PUB,
    )
    s = only(doc.statements)
    assert (s.speaker_text, s.act) == ("Defence Minister Christine Lambrecht", "said")
    assert s.content == "Germany will send two more IRIS-T systems to Ukraine by the end of the year"
    assert s.time is not None and s.time.start == date(2023, 3, 9)
    [forecast] = doc.forecasts
    assert forecast.statement == s.id and doc.entity(forecast.by).name == "Christine Lambrecht"


def test_according_to_at_the_end(analyze):
    doc = analyze("Air defence units shot down 51 of the missiles, according to the Air Force.", PUB)
    s = only(doc.statements)
    assert (s.act, s.speaker_text) == ("reported", "the Air Force")
    assert s.content == "Air defence units shot down 51 of the missiles"
