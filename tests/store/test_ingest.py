"""Ingest: every article once, whole documents only, failures reported, near-duplicates linked."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from sitrep.sources import read
from sitrep.store import ingest
from sitrep.store.load import load_document
from sitrep.store.tables import AuditEntry, DocumentRow, EventParticipant, EventRow, MentionRow

from .conftest import STRIKE_TEXT, strike_facts


def _count(store, table) -> int:
    with store.sessions() as s:
        return s.scalar(select(func.count()).select_from(table))


def _write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_document_round_trips_through_the_store(store, fake_pipeline, tmp_path):
    _write(tmp_path / "in", "strike.txt", STRIKE_TEXT)
    stats = ingest(store, read([tmp_path / "in"]), pipeline=fake_pipeline)
    assert (stats.stored, stats.duplicates, stats.failures) == (1, 0, [])
    expected = strike_facts(next(iter(read([tmp_path / "in"]))).document).to_dict()
    with store.sessions() as s:
        row = s.scalar(select(DocumentRow))
        assert load_document(s, row).to_dict() == expected
        assert row.pipeline_version == "sitrep 0.1.0; xx_fake fake 1; parse"
        assert row.origin == str(tmp_path / "in" / "strike.txt")
        assert (
            s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "ingest")) == 1
        )


def test_ingest_twice_stores_once(store, fake_pipeline, tmp_path):
    folder = tmp_path / "in"
    _write(folder, "a.txt", STRIKE_TEXT)
    _write(folder, "copy.md", STRIKE_TEXT + "\n\n")  # same text, other file: same content hash
    _write(folder, "b.txt", "Belarus moved troops to the border on Monday.")
    first = ingest(store, read([folder]), pipeline=fake_pipeline)
    second = ingest(store, read([folder]), pipeline=fake_pipeline)
    assert (first.stored, first.duplicates) == (2, 1)
    assert (second.stored, second.duplicates) == (0, 3)
    assert _count(store, DocumentRow) == 2
    assert _count(store, EventRow) == 3
    assert _count(store, EventParticipant) == 5


def test_same_url_is_stored_once(store, fake_pipeline, tmp_path):
    rows = [
        {
            "text": "Belarus moved troops on Monday.",
            "url": "https://example.org/a",
            "published": "2022-10-03",
        },
        {"text": "Belarus moved troops on Monday (updated).", "url": "https://example.org/a"},
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    stats = ingest(store, read([path]), pipeline=fake_pipeline)
    assert (stats.stored, stats.duplicates) == (1, 1)


def test_bad_files_are_reported_and_the_rest_stored(store, fake_pipeline, tmp_path):
    folder = tmp_path / "in"
    _write(folder, "good.txt", STRIKE_TEXT)
    _write(folder, "empty.txt", "   \n")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (folder / "latin1.md").write_bytes("Caf\xe9 in Minsk".encode("latin-1"))
    _write(folder, "image.png", "x")
    _write(
        folder,
        "rows.jsonl",
        '{"text": "Belarus held drills on Friday.", "published": "2022-10-07"}\n'
        '{"text": "broken\n{"title": "no text"}\n{"text": "Drills went on.", "published": "last week"}\n',
    )
    _write(folder, "rows.csv", "title,text,published\nOne,Belarus closed the border.,2022-10-05\nTwo,,\n")
    _write(folder, ".hidden.txt", "ignored")
    stats = ingest(store, read([folder, tmp_path / "missing.txt"]), pipeline=fake_pipeline)
    reasons = {f.origin.removeprefix(str(folder) + "/"): f.reason for f in stats.failures}
    assert reasons == {
        "binary.txt": "looks like a binary file, not text",
        "empty.txt": "the file is empty",
        "image.png": "unsupported file type .png; sitrep reads .csv .htm .html .jsonl .md .txt",
        "latin1.md": "not valid UTF-8 (byte 3); convert it to UTF-8 first",
        "rows.csv:3": "the row has no text",
        "rows.jsonl:2": "not valid JSON (Unterminated string starting at column 10)",
        "rows.jsonl:3": "the row has no text",
        "rows.jsonl:4": "published 'last week' is not a YYYY-MM-DD date",
        str(tmp_path / "missing.txt"): "no such file or folder",
    }
    assert stats.stored == 3
    with store.sessions() as s:
        published = dict(s.execute(select(DocumentRow.text, DocumentRow.published)).all())
    assert published == {
        STRIKE_TEXT: None,
        "Belarus held drills on Friday.": __import__("datetime").date(2022, 10, 7),
        "Belarus closed the border.": __import__("datetime").date(2022, 10, 5),
    }


def test_pipeline_failure_costs_one_document(store, tmp_path):
    from .conftest import FakePipeline

    def facts(document):
        if "poison" in document.text:
            raise ValueError("stage bug")
        return strike_facts(document)

    items = read(
        [_folder(tmp_path, {"a.txt": STRIKE_TEXT, "b.txt": "poison pill", "c.txt": "Belarus waited."})]
    )
    stats = ingest(store, items, pipeline=FakePipeline(facts))
    assert stats.stored == 2
    assert [(f.origin.rsplit("/", 1)[-1], f.reason) for f in stats.failures] == [
        ("b.txt", "the pipeline failed: ValueError: stage bug")
    ]


def test_near_duplicates_are_linked_not_dropped(store, fake_pipeline, tmp_path):
    story = (
        "Belarusian and Russian troops began joint exercises near Brest on Monday, the defence ministry "
        "said, adding that about 9,000 Russian servicemen had arrived in the country over the past two "
        "weeks and that the drills would last until the end of the month. "
    )
    items = read(
        [
            _folder(
                tmp_path,
                {
                    "1-agency.txt": story + "Reporting by the agency.",
                    "2-outlet.txt": "MINSK (Outlet) - " + story + "Additional reporting by the outlet staff.",
                    "3-other.txt": "Ukraine reported heavy fighting around Bakhmut and shelling of Kharkiv overnight.",
                },
            )
        ]
    )
    stats = ingest(store, items, pipeline=fake_pipeline)
    assert (stats.stored, stats.near_duplicates) == (3, 1)
    with store.sessions() as s:
        rows = {r.origin.rsplit("/", 1)[-1]: r for r in s.scalars(select(DocumentRow))}
    assert rows["2-outlet.txt"].near_duplicate_of == rows["1-agency.txt"].id
    assert rows["2-outlet.txt"].near_duplicate_score >= 0.5
    assert rows["1-agency.txt"].near_duplicate_of is None
    assert rows["3-other.txt"].near_duplicate_of is None


def test_mentions_are_stored_with_offsets(store, fake_pipeline, tmp_path):
    ingest(store, read([_folder(tmp_path, {"a.txt": STRIKE_TEXT})]), pipeline=fake_pipeline)
    with store.sessions() as s:
        spans = s.execute(
            select(MentionRow.span_start, MentionRow.span_end).where(MentionRow.entity_id == "country:BLR")
        ).all()
    assert [STRIKE_TEXT[a:b] for a, b in spans] == ["Belarus", "Belarus"]


def _folder(tmp_path, files: dict[str, str]):
    folder = tmp_path / "in"
    for name, text in files.items():
        _write(folder, name, text)
    return folder


def test_an_analysed_document_crosses_processes_without_its_parse(pipeline):
    """Workers send back facts, not the spaCy parse: a sentence cache once made that megabytes a document."""
    import pickle

    from sitrep.sources.reader import make_document

    text = "Russia struck Kyiv on Monday. " * 40
    document = pipeline(make_document(text))
    document.evidence(0, 5)  # builds the sentence cache on the parse
    blob = pickle.dumps(document)
    back = pickle.loads(blob)
    assert back.spacy_doc is None and "_sentences" not in back.__dict__
    assert [e.to_dict() for e in back.events] == [e.to_dict() for e in document.events]
    assert len(blob) < 20 * len(text)
