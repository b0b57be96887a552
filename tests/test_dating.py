"""Stage `dating`: facts told in the past are never dated after their article (issue 10 part 5)."""

from __future__ import annotations

from datetime import date

from sitrep.model import TimeExpression
from sitrep.timex.before import latest_before


def test_past_event_with_a_yearless_date_lies_before_the_article(analyze):
    doc = analyze("Russia invaded Ukraine on 24 February, officials recalled.", date(2022, 12, 20))
    [invasion] = [e for e in doc.events if e.trigger == "invaded"]
    assert invasion.time is not None and invasion.time.value == "2022-02-24"


def test_past_event_never_takes_a_date_ahead_of_the_article(analyze):
    doc = analyze("Officials asked for an urgent meeting tomorrow.", date(2022, 8, 22))
    [request] = [e for e in doc.events if e.type == "REQUEST"]
    assert request.time is None  # 'tomorrow' is the meeting's, and lies after the article


def test_predicted_event_keeps_its_date_ahead(analyze):
    doc = analyze("The minister will meet his Polish counterpart next week.", date(2022, 4, 25))
    [meeting] = [e for e in doc.events if e.type == "CONSULT"]
    assert meeting.modality == "predicted" and meeting.time is not None
    assert meeting.time.start == date(2022, 5, 2)


def test_the_leads_date_governs_the_sentences_after_it(analyze):
    doc = analyze(
        "On 3 March 2022, Russian forces shelled the centre of Kharkiv. "
        "The strike destroyed the city hall. Rescuers pulled survivors from the rubble.\n\n"
        "On 5 March troops captured a village near Izium. Ukraine accused Moscow of war crimes.",
        date(2022, 3, 10),
    )
    by_trigger = {e.trigger: e for e in doc.events}
    assert by_trigger["shelled"].time.value == "2022-03-03"
    assert by_trigger["destroyed"].time.value == "2022-03-03"
    assert by_trigger["captured"].time.value == "2022-03-05"
    assert by_trigger["accused"].time is None  # after another date: the lead governs no further


def test_an_undated_event_says_so(analyze):
    doc = analyze("Russian troops shelled the outskirts of Kharkiv.", date(2022, 3, 10))
    [shelling] = [e for e in doc.events if e.trigger == "shelled"]
    assert shelling.time is None and shelling.to_dict()["time"] is None


def _expr(text: str, value: str, start: date, end: date, anchor: str = "publication") -> TimeExpression:
    return TimeExpression(text, 0, len(text), "DATE", value, start, end, anchor=anchor)


def test_latest_before_moves_only_what_the_tagger_chose():
    february = _expr("24 February", "2023-02-24", date(2023, 2, 24), date(2023, 2, 24))
    moved = latest_before(february, date(2022, 12, 20))
    assert moved is not None and (moved.value, moved.start) == ("2022-02-24", date(2022, 2, 24))
    friday = _expr("Friday", "2022-11-04", date(2022, 11, 4), date(2022, 11, 4))
    moved = latest_before(friday, date(2022, 11, 1))
    assert moved is not None and (moved.value, moved.start) == ("2022-10-28", date(2022, 10, 28))
    winter = _expr("winter", "2022-WI", date(2022, 12, 1), date(2023, 2, 28))
    moved = latest_before(winter, date(2022, 10, 1))
    assert moved is not None and (moved.value, moved.end) == ("2021-WI", date(2022, 2, 28))
    for fixed in (
        _expr("2024", "2024", date(2024, 1, 1), date(2024, 12, 31), anchor="absolute"),
        _expr("next week", "2022-W45", date(2022, 11, 7), date(2022, 11, 13)),
        _expr("tomorrow", "2022-11-02", date(2022, 11, 2), date(2022, 11, 2)),
    ):
        assert latest_before(fixed, date(2022, 11, 1)) is None
