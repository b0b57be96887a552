"""Exports parse back, with exact headers, and the PLOVER -> ACLED mapping holds for every type."""

from __future__ import annotations

import csv
import io
import json

import pytest

from sitrep.sources import read
from sitrep.store import ingest
from sitrep.store.export import ACLED_COLUMNS, EVENT_COLUMNS, export

from .conftest import STRIKE_TEXT, strike_facts


@pytest.fixture
def session(store, fake_pipeline, tmp_path):
    row = {"text": STRIKE_TEXT, "published": "2022-10-14", "source": "Wire", "url": "https://example.org/s"}
    (tmp_path / "a.jsonl").write_text(json.dumps(row), encoding="utf-8")
    ingest(store, read([tmp_path / "a.jsonl"]), pipeline=fake_pipeline)
    with store.sessions() as s:
        yield s


def _export(session, fmt) -> str:
    out = io.StringIO()
    export(session, fmt, out)
    return out.getvalue()


STORED = ("key", "date_start", "date_end", "dated_by", "source", "review")


def test_jsonl_is_the_json_contract_plus_each_facts_key_and_review(session, tmp_path):
    [line] = _export(session, "jsonl").splitlines()
    got = json.loads(line)
    for name in ("events", "statements", "forecasts"):
        for fact in got[name]:
            assert fact["key"].startswith(f"{name[:-1]}:") and fact["review"] is None
            assert fact["source"]["source"] == "Wire"
            for field in STORED:
                del fact[field]
    document = next(iter(read([tmp_path / "a.jsonl"]))).document
    assert got == strike_facts(document).to_dict()


def test_csv_has_exact_header_and_one_row_per_event(session):
    rows = list(csv.reader(io.StringIO(_export(session, "csv"))))
    assert tuple(rows[0]) == EVENT_COLUMNS
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert [(r["type"], r["actors"], r["recipients"], r["date_start"]) for r in records] == [
        ("ASSAULT", "Russia", "Kyiv", "2022-10-10"),
        ("AID", "Belarus", "Russia", "2022-10-12"),
        ("SUPPORT", "Belarus", "", "2022-10-14"),
    ]


def test_acled_row_carries_the_events_own_acled_fields(session):
    rows = list(csv.reader(io.StringIO(_export(session, "acled"))))
    assert rows[0] == list(ACLED_COLUMNS)
    assert ACLED_COLUMNS[:10] == (
        "event_id_cnty",
        "event_date",
        "disorder_type",
        "event_type",
        "sub_event_type",
        "actor1",
        "inter1",
        "actor2",
        "inter2",
        "interaction",
    )
    # Only the strike has ACLED types; the AID and the negated SUPPORT have none: one row, not three.
    [row] = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert row["event_id_cnty"].startswith("event:") and row["event_id_cnty"].endswith(":ASSAULT")
    del row["event_id_cnty"]
    assert row == {
        "event_date": "2022-10-10",
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": "Military Forces of Russia (2000-)",
        "inter1": "1",
        "actor2": "Civilians (Ukraine)",
        "inter2": "7",
        "interaction": "17",
        "country": "Ukraine",
        "admin1": "",
        "location": "Kyiv",
        "latitude": "50.45",
        "longitude": "30.52",
        "source": "Wire",
        "notes": STRIKE_TEXT,
    }


def test_acled_export_leaves_out_events_without_acled_type(session):
    from sitrep.store.export import acled_row
    from sitrep.store.facts import iter_events

    records = list(iter_events(session))
    assert [(e.type, e.acled_sub_event_type) for e, _ in records] == [
        ("ASSAULT", "Shelling/artillery/missile attack"),
        ("AID", None),
        ("SUPPORT", None),
    ]
    assert [acled_row(e, page) is None for e, page in records] == [False, True, True]
    aid, page = records[1]
    aid.acled_event_type, aid.acled_sub_event_type = "Strategic developments", "Other"
    assert acled_row(aid, page)["interaction"] == 0  # no actors named: no inter codes


def test_geojson_has_located_events(session):
    data = json.loads(_export(session, "geojson"))
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [30.52, 50.45]}
    assert feature["properties"]["type"] == "ASSAULT"


def test_parquet_reads_back(session, tmp_path):
    import pyarrow.parquet as pq

    path = tmp_path / "events.parquet"
    assert export(session, "parquet", str(path)) == 3
    table = pq.read_table(path)
    assert tuple(table.column_names) == EVENT_COLUMNS
    assert table.column("type").to_pylist() == ["ASSAULT", "AID", "SUPPORT"]
    assert str(table.schema.field("date_start").type) == "date32[day]"
