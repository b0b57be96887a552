"""Time attachment: the date that dates a predicate is the one it governs, not the nearest in the text."""

from __future__ import annotations

from datetime import date


def test_event_takes_the_verbs_date_not_the_appositions(analyze):
    doc = analyze(
        "Vladimir Putin arrived in Minsk on Monday for talks with Alexander Lukashenko, "
        "his first visit to Belarus since 2019.",
        date(2022, 12, 20),
    )
    [event] = [e for e in doc.events if e.type == "CONSULT"]
    assert event.time is not None and event.time.text == "Monday"
    assert (event.time.start, event.time.end) == (date(2022, 12, 19), date(2022, 12, 19))


def test_statement_time_is_outside_its_content(analyze):
    doc = analyze(
        "On Tuesday the governor said that the bridge had been shelled on Sunday.", date(2023, 3, 10)
    )
    [statement] = doc.statements
    assert statement.time is not None and statement.time.start == date(2023, 3, 7)
    [event] = [e for e in doc.events if e.type == "ASSAULT"]
    assert event.time is not None and event.time.start == date(2023, 3, 5)
    assert event.statement == statement.id and event.modality == "reported"


def test_a_speech_date_does_not_date_a_clause_of_its_own(analyze):
    doc = analyze(
        "Zelensky said on Monday that when Russia invaded, the world looked away.", date(2022, 5, 4)
    )
    [invasion] = [e for e in doc.events if e.trigger == "invaded"]
    assert invasion.time is None


def test_a_complement_clause_keeps_its_date(analyze):
    doc = analyze(
        "The bloc agreed on Tuesday to embargo Russian oil starting later this year.", date(2022, 6, 1)
    )
    [agreement] = [e for e in doc.events if e.type == "AGREE"]
    assert agreement.time is not None and agreement.time.text == "Tuesday"


def test_coordinated_verbs_share_their_date(analyze):
    doc = analyze("Russian troops shelled Izium on Monday and captured the town.", date(2022, 4, 6))
    captured = [e for e in doc.events if e.trigger == "captured"]
    assert captured and captured[0].time is not None and captured[0].time.start == date(2022, 4, 4)


def test_a_coordinated_clause_with_its_own_subject_keeps_its_date(analyze):
    doc = analyze(
        "Kyiv rejected the offer on Monday, but Moscow attacked the city this week.", date(2022, 9, 7)
    )
    times = {e.trigger: e.time.text for e in doc.events if e.time}
    assert times == {"rejected": "Monday", "attacked": "this week"}
    doc = analyze(
        "The general does not welcome the changes, but rotations could take place this month.",
        date(2022, 9, 7),
    )
    [welcome] = [e for e in doc.events if e.trigger == "welcome"]
    assert welcome.time is None
