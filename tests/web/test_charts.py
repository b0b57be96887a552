"""Chart geometry and the reader's paragraphs, with exact numbers."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sitrep.model import Document
from sitrep.web import charts
from sitrep.web.highlight import paragraph_starts, paragraphs


def test_the_default_range_is_where_the_facts_are_and_outliers_are_clipped():
    days = Counter({date(2022, 3, d): 10 for d in range(1, 29)})
    days[date(1962, 10, 16)] = 1  # a history lesson
    days[date(2062, 1, 1)] = 1  # a misread year
    core = charts.core_range(days)
    assert (core.start, core.end) == (date(2022, 3, 1), date(2022, 3, 28))
    assert charts.core_range(Counter({date(2022, 5, 5): 3})) == charts.Range(
        date(2022, 4, 28), date(2022, 5, 12)
    )
    assert charts.core_range(Counter()) is None


def test_buckets_and_zoom():
    year = charts.Range(date(2022, 1, 1), date(2022, 12, 31))
    assert (
        charts.bucket_of(year) == "week"
        and charts.bucket_of(charts.Range(date(2022, 1, 1), date(2022, 2, 1))) == "day"
    )
    assert charts.bucket_of(charts.Range(date(2020, 1, 1), date(2022, 12, 31))) == "month"
    assert charts.bucket_start(date(2022, 3, 17), "week") == date(2022, 3, 14)
    assert charts.bucket_end(date(2022, 2, 1), "month") == date(2022, 2, 28)
    assert charts.zoom(year, 0.5) == charts.Range(date(2022, 4, 2), date(2022, 9, 30))
    axis = charts.Axis(year, left=100, width=465, right=0)
    assert (axis.x(date(2022, 1, 1)), axis.x(date(2022, 7, 2))) == (100.0, 282.0)


def test_a_text_in_one_block_gets_paragraphs_and_a_text_with_them_keeps_its_own():
    sentence = "Russia shelled the city again on Monday, officials said. "
    blob = sentence * 30
    starts = paragraph_starts(blob)
    assert starts == [0, 456, 912, 1368]  # every eighth sentence: at least PARAGRAPH_CHARS apart
    assert all(blob[s - 1] == " " and blob[s] == "R" for s in starts[1:])
    assert paragraph_starts("One.\n\nTwo.\n\n\nThree.") == [0, 6, 13]
    doc = Document(text="One.\n\nTwo.")
    assert ["".join(s.text for s in p.segments) for p in paragraphs(doc.text, doc)] == ["One.\n\n", "Two."]
