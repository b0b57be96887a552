"""An analyst's decision counts in every face and every export (issue 11).

On the strike article (exact facts from the fake pipeline) an analyst rejects the AID event and edits
the ASSAULT (actor Belarus, start 2022-10-09). Then every face is asked, and each must leave the AID out
and show the ASSAULT as edited: the CLI table and JSON, each export format, the timeline, the API, the
page, clusters and the ACH matrix.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from sitrep.cli import _register, app
from sitrep.store import facts
from sitrep.store.reviews import ReviewIn, record

from .conftest import bearer

SET = """
name: decisions
question: Who struck Kyiv?
hypotheses:
  - {id: H1, text: Belarus took part}
  - {id: H2, text: Belarus stayed out}
indicators:
  - {id: belarus-strikes, text: Belarus strikes, type: ASSAULT, actor: Belarus, consistency: {H1: C, H2: I}}
  - {id: belarus-aid, text: Belarus sends aid, type: AID, actor: Belarus, consistency: {H1: C, H2: C}}
"""


@pytest.fixture
def decided(app, web_url):
    store = app.state.store
    with store.sessions() as s:
        keys = {e.type: e.stored.key for e in facts.events(s).items}

    def current(session, kind, key):
        page = facts.event(session, key)
        return page.items[0].to_dict() if page.items else None

    record(store, "event", keys["AID"], ReviewIn(decision="reject"), "alice", current)
    changes = {"actors": ["Belarus"], "date_start": "2022-10-09"}
    record(store, "event", keys["ASSAULT"], ReviewIn(changes=changes), "alice", current)
    return keys


def cli(web_url: str, *args: str) -> str:
    _register()
    result = CliRunner().invoke(app, [*args, "--db", web_url], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_cli_table_and_json(decided, web_url):
    table = cli(web_url, "events")
    assert (
        "events (1-2 of 2)" in table and "ASSAULT" in table and "Belarus" in table and "2022-10-09" in table
    )
    rows = list(csv.DictReader(io.StringIO(cli(web_url, "events", "--format", "csv"))))
    assert [(r["type"], r["actors"], r["date"]) for r in rows] == [
        ("SUPPORT", "Belarus", "2022-10-14"),
        ("ASSAULT", "Belarus", "2022-10-09"),
    ]
    found = json.loads(cli(web_url, "events", "--format", "json"))
    assert [e["type"] for e in found] == ["SUPPORT", "ASSAULT"]
    assault = found[1]
    assert (assault["actor_texts"], assault["date_start"], assault["review"]["status"]) == (
        ["Belarus"],
        "2022-10-09",
        "edited",
    )
    assert [e["type"] for e in json.loads(cli(web_url, "events", "--format", "json", "--rejected"))] == [
        "SUPPORT",
        "AID",
        "ASSAULT",
    ]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "acled", "geojson", "parquet"])
def test_every_export_format(decided, web_url, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    cli(web_url, "export", "--format", fmt, "--out", str(out))
    if fmt == "parquet":
        import pyarrow.parquet as pq

        rows = pq.read_table(out).to_pylist()
        got = [(r["type"], r["actors"], str(r["date_start"])) for r in rows]
        assert got == [("ASSAULT", "Belarus", "2022-10-09"), ("SUPPORT", "Belarus", "2022-10-14")]
    elif fmt == "jsonl":
        [doc] = [json.loads(line) for line in out.read_text().splitlines()]
        assert [e["type"] for e in doc["events"]] == ["ASSAULT", "SUPPORT"]
        assert (
            doc["events"][0]["actor_texts"] == ["Belarus"]
            and doc["events"][0]["time"]["start"] == "2022-10-09"
        )
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out.read_text())))
        assert [(r["type"], r["actors"], r["date_start"]) for r in rows] == [
            ("ASSAULT", "Belarus", "2022-10-09"),
            ("SUPPORT", "Belarus", "2022-10-14"),
        ]
    elif fmt == "acled":
        rows = list(csv.DictReader(io.StringIO(out.read_text())))
        assert [(r["event_date"], r["actor1"], r["location"]) for r in rows] == [
            ("2022-10-09", "Belarus", "Kyiv")
        ]
    else:
        features = json.loads(out.read_text())["features"]
        assert [(f["properties"]["type"], f["properties"]["actors"]) for f in features] == [
            ("ASSAULT", "Belarus")
        ]


def test_timeline(decided, web_url):
    table = cli(web_url, "timeline", "--format", "json")
    entries = [(t["label"], t["date_start"], t["summary"]) for t in json.loads(table)]
    assert ("ASSAULT", "2022-10-09", "Belarus struck → Kyiv in Kyiv") in entries or (
        "ASSAULT",
        "2022-10-09",
        "Belarus struck → Kyiv",
    ) in entries
    assert all(label != "AID" for label, _, _ in entries)


def test_api_and_page(decided, client, tokens):
    answer = client.get("/api/events", headers=bearer(tokens["reader"])).json()
    found = answer["items"]
    assert ([e["type"] for e in found], answer["total"]) == (["SUPPORT", "ASSAULT"], 2)
    assert found[1]["actor_texts"] == ["Belarus"] and found[1]["date_start"] == "2022-10-09"
    assert [answer["names"][i] for i in found[1]["actors"]] == ["Belarus"]
    html = client.get("/events", headers=bearer(tokens["reader"])).text
    assert ">AID<" not in html and ">ASSAULT<" in html and "2022-10-09" in html


def test_clusters(decided, app):
    from sitrep.across.clustering import clusters

    with app.state.store.sessions() as s:
        found = clusters(s, min_reports=1, limit=None).items
    events = [e for c in found for e in c.events]
    assert "AID" not in {e.type for e in events}
    [assault] = [e for e in events if e.type == "ASSAULT"]
    assert (assault.actors, str(assault.stored.date_start)) == (["country:BLR"], "2022-10-09")


def test_ach_matrix(decided, app, web_url):
    from sitrep.hypotheses import init_set, matrix

    with app.state.store.transaction() as s:
        init_set(s, "decisions", text=SET)
    with app.state.store.sessions() as s:
        m = matrix(s, "decisions")
    assert [r.indicator for r in m.rows] == [
        "belarus-strikes"
    ]  # the edit makes it match; the rejection drops AID
    assert m.leading == "H1"
    assert "belarus-aid" not in cli(web_url, "ach", "decisions", "--format", "json")


def test_a_review_refreshes_the_stored_clusters(app):
    """The after-ingest hooks run after a review too: the stored cluster of a rejected event is gone."""
    from sitrep.across.clustering import clusters
    from sitrep.store.tables import ClusterMember

    store = app.state.store
    with store.sessions() as s:
        aid = next(e for e in facts.events(s).items if e.type == "AID").stored.key
        assert s.get(ClusterMember, aid) is not None  # stored when ingested

    def current(session, kind, key):
        page = facts.event(session, key)
        return page.items[0].to_dict() if page.items else None

    record(store, "event", aid, ReviewIn(decision="reject"), "alice", current)
    with store.sessions() as s:
        assert s.get(ClusterMember, aid) is None
        assert all(e.type != "AID" for c in clusters(s, min_reports=1, limit=None).items for e in c.events)
