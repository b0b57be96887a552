"""Across-reports pages and API (clusters, contradictions, sources, resolution, scores) over the across corpus.

The corpus (tests/across/corpus, with its truth.yaml) is ingested once per module with the real pipeline,
plus one hostile report; each test works on a fresh copy of that database.
"""

from __future__ import annotations

from datetime import date

import pytest
from across.conftest import CORPUS
from sqlalchemy import select

from sitrep.sources import Article, read
from sitrep.sources.reader import make_document
from sitrep.store import ingest, open_store
from sitrep.store.tables import AuditEntry, DocumentRow

from .conftest import app_on_copy, bearer, page_html, twins

HOSTILE_SOURCE = "<script>alert(1)</script>Evil"
HOSTILE_TEXT = "<img src=x onerror=alert(2)> Russian forces shelled Kharkiv on 20 December 2022."


@pytest.fixture(scope="module")
def across_db(tmp_path_factory, pipeline):
    path = tmp_path_factory.mktemp("across-web") / "corpus.db"
    store = open_store(str(path))
    files = sorted(CORPUS.glob("*.txt"))
    assert ingest(store, read(files), pipeline=pipeline).stored == len(files)
    doc = make_document(
        HOSTILE_TEXT, title="<b>hostile</b>", source=HOSTILE_SOURCE, published=date(2022, 12, 21)
    )
    ingest(store, [Article("test", doc)], pipeline=pipeline)
    store.close()
    return path


@pytest.fixture
def app(across_db, tmp_path):
    """Overrides the web conftest's app: the across corpus instead of the strike article."""
    yield from app_on_copy(across_db, tmp_path)


def login(client, token: str) -> str:
    """Sign in through the form; returns the CSRF token for later forms."""
    csrf = client.get("/login").text.split('name="csrf" value="')[1].split('"')[0]
    assert (
        client.post("/login", data={"token": token, "csrf": csrf}, follow_redirects=False).status_code == 303
    )
    return csrf


def test_clusters_page_shows_sources_corroboration_and_grades(client, tokens):
    listed = twins(client, tokens["reader"], "/clusters", "/api/clusters")
    found = listed["items"]
    assert (listed["total"], listed["offset"], listed["limit"]) == (7, 0, 50)
    assert sorted(c["type"] for c in found) == [
        "AID",
        "AID",
        "ASSAULT",
        "ASSAULT",
        "CONSULT",
        "MOBILIZE",
        "RETREAT",
    ]
    kyiv = next(c for c in found if c["type"] == "ASSAULT" and c["start"] == "2022-10-10")
    assert (kyiv["reports"], kyiv["corroboration"], kyiv["grade"]) == (3, 3, "F1")
    assert kyiv["sources"] == ["Outlet A", "Outlet B", "Outlet C"]
    assert {"time (day)", "place"} <= set(kyiv["agreed"]), kyiv
    html = page_html(client, tokens["reader"], "/clusters")
    assert f'id="cluster-{kyiv["id"]}"' in html and ">F1</span>" in html
    assert f'href="/documents/{kyiv["events"][0]["document"]}#{kyiv["events"][0]["key"]}"' in html


def test_contradictions_show_both_sides(client, tokens):
    listed = twins(client, tokens["reader"], "/contradictions", "/api/contradictions")
    found = listed["items"]
    assert [c["kind"] for c in found] == ["count", "denial", "date"]  # counts of forces first
    assert (listed["total"], listed["counts"]) == (3, {"count": 1, "denial": 1, "date": 1})
    tanks = next(c for c in found if c["kind"] == "count")
    html = page_html(client, tokens["reader"], "/contradictions")
    for side in (tanks["a"], tanks["b"]):
        assert side["sentence"] and side["sentence"].replace("'", "&#39;") in html
    assert "94" in tanks["detail"] and "120" in tanks["detail"]
    denial = next(c for c in found if c["kind"] == "denial")
    assert "Amir-Abdollahian" in denial["speaker"] and "denied by <b>" in html


def test_analyst_grades_a_source_through_api_and_form_audited(client, tokens):
    sources = twins(client, tokens["reader"], "/sources", "/api/sources")["items"]
    assert {s["name"]: s["grade"] for s in sources}["Outlet A"] == "F6"
    body = {"reliability": "B", "credibility": 2, "note": "good record"}
    assert (
        client.patch("/api/sources/Outlet A", json=body, headers=bearer(tokens["reader"])).status_code == 403
    )
    assert client.patch("/api/sources/Outlet A", json=body).status_code == 401
    bad = client.patch("/api/sources/Outlet A", json={"reliability": "Z"}, headers=bearer(tokens["analyst"]))
    assert bad.status_code == 422
    r = client.patch("/api/sources/Outlet A", json=body, headers=bearer(tokens["analyst"]))
    assert (r.status_code, r.json()["grade"]) == (200, "B2")
    after = {
        s["name"]: s for s in client.get("/api/sources", headers=bearer(tokens["reader"])).json()["items"]
    }
    assert (after["Outlet A"]["grade"], after["Outlet A"]["graded_by"]) == ("B2", "analyst-user")
    kyiv = next(
        c
        for c in client.get("/api/clusters", headers=bearer(tokens["reader"])).json()["items"]
        if c["type"] == "ASSAULT" and c["start"] == "2022-10-10"
    )
    assert kyiv["grade"] == "B1"  # best graded reliability, credibility earned by three reports
    # the browser form: needs the session and its CSRF token
    csrf = login(client, tokens["analyst"])
    form = {
        "name": "Outlet C",
        "kind": "source",
        "reliability": "d",
        "credibility": "4",
        "next": "//evil.example/",
    }
    assert (
        client.post("/sources/grade", data={**form, "csrf": "forged"}, follow_redirects=False).status_code
        == 403
    )
    done = client.post("/sources/grade", data={**form, "csrf": csrf}, follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (303, "/")
    html = client.get("/sources").text
    assert 'class="grade-form"' in html and ">D4</span>" in html
    with client.app.state.store.sessions() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "grade").order_by(AuditEntry.id)).all()
    assert [(a.actor, a.target_key, a.detail["from"], a.detail["to"]) for a in rows] == [
        ("analyst-user", "outlet a", "F6", "B2"),
        ("analyst-user", "outlet c", "F6", "D4"),
    ]


def test_readers_see_no_edit_forms(client, tokens):
    csrf = login(client, tokens["reader"])
    assert 'class="grade-form"' not in client.get("/sources").text
    assert 'class="resolve-form"' not in client.get("/resolutions").text
    form = {"name": "Outlet A", "reliability": "A", "credibility": "1", "csrf": csrf}
    assert client.post("/sources/grade", data=form, follow_redirects=False).status_code == 403


def test_forecast_resolved_from_the_web_and_scored(client, tokens):
    listed = twins(client, tokens["reader"], "/resolutions?state=due", "/api/resolutions?state=due")
    assert (listed["total"], listed["counts"]) == (1, {"all": 1, "due": 1, "resolved": 0})
    assert listed["items"][0]["proposals"] is None  # the matching waits for the forecast's own page
    assert "Find evidence and resolve" in page_html(client, tokens["reader"], "/resolutions?state=due")
    path = f"/resolutions?key={listed['items'][0]['key']}"
    due = twins(client, tokens["reader"], path, "/api" + path)
    (f,) = due["items"]
    assert (
        client.get("/api/resolutions?key=forecast:nope", headers=bearer(tokens["reader"])).status_code == 404
    )
    paged = client.get("/api/resolutions?state=due&proposals=true", headers=bearer(tokens["reader"])).json()
    assert paged["items"][0]["proposals"] == f["proposals"]
    assert (f["by_name"], f["status"], f["resolution"]) == ("Kyrylo Budanov", "due", None)
    best = f["proposals"][0]
    assert best["agreed"] == ["time", "actors (country)", "recipients (country)", "place"]
    api = client.get(f"/api/forecasts/{f['key']}/evidence", headers=bearer(tokens["reader"])).json()
    assert api == f["proposals"]
    url = f"/api/forecasts/{f['key']}/resolution"
    body = {"outcome": "true", "evidence": best["document"], "event": best["event"], "note": "Nov 15"}
    assert client.post(url, json=body, headers=bearer(tokens["reader"])).status_code == 403
    assert (
        client.post(url, json={**body, "outcome": "maybe"}, headers=bearer(tokens["analyst"])).status_code
        == 422
    )
    assert (
        client.post(url, json={**body, "evidence": "nope"}, headers=bearer(tokens["analyst"])).status_code
        == 422
    )
    missing = client.post(
        "/api/forecasts/forecast:nope/resolution", json=body, headers=bearer(tokens["analyst"])
    )
    assert missing.status_code == 404
    done = client.post(url, json=body, headers=bearer(tokens["analyst"]))
    assert (done.status_code, done.json()["outcome"], done.json()["resolved_by"]) == (
        200,
        "true",
        "analyst-user",
    )
    (res,) = client.get("/api/resolutions?state=resolved", headers=bearer(tokens["reader"])).json()["items"]
    assert (res["status"], res["resolution"]["note"], res["proposals"]) == ("resolved: true", "Nov 15", [])
    assert client.get("/api/resolutions?state=due", headers=bearer(tokens["reader"])).json()["items"] == []
    scores = twins(client, tokens["reader"], "/scores", "/api/scores")
    assert scores == [
        {
            "name": "Kyrylo Budanov",
            "forecasts": 1,
            "brier": 0.04,
            "calibration": [{"probability": 0.8, "forecasts": 1, "observed": 1.0}],
        }
    ]
    (outlet,) = twins(client, tokens["reader"], "/scores?by=source", "/api/scores?by=source")
    assert outlet["name"] == "Outlet A"
    html = page_html(client, tokens["reader"], "/scores")
    assert '<td rowspan="1">0.040</td>' in html and "<td>80 %</td>" in html and "<td>100 %</td>" in html
    assert "Resolved <b>true</b> by analyst-user" in page_html(client, tokens["reader"], "/resolutions")
    with client.app.state.store.sessions() as s:
        (a,) = s.scalars(select(AuditEntry).where(AuditEntry.action == "resolve")).all()
    assert (a.actor, a.target_key, a.detail["outcome"]) == ("analyst-user", f["key"], "true")


def test_resolve_form_with_csrf(client, tokens):
    (f,) = client.get("/api/resolutions?state=due", headers=bearer(tokens["reader"])).json()["items"]
    csrf = login(client, tokens["analyst"])
    html = client.get(f"/resolutions?key={f['key']}").text
    assert 'class="resolve-form"' in html
    form = {"key": f["key"], "outcome": "partial", "note": "only Kyiv", "next": "/resolutions?state=resolved"}
    assert client.post("/resolutions", data=form, follow_redirects=False).status_code == 403
    done = client.post("/resolutions", data={**form, "csrf": csrf}, follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (303, "/resolutions?state=resolved")
    (res,) = client.get("/api/resolutions?state=resolved").json()["items"]
    assert res["resolution"]["outcome"] == "partial" and res["resolution"]["resolved_by"] == "analyst-user"


def test_stored_strings_are_escaped(client, tokens):
    with client.app.state.store.sessions() as s:
        assert s.scalar(select(DocumentRow.source).where(DocumentRow.source == HOSTILE_SOURCE))
    for path in ("/sources", "/clusters?all=true"):
        html = page_html(client, tokens["reader"], path)
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;Evil" in html
    html = page_html(client, tokens["reader"], "/clusters?all=true")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html


def test_summary_page_and_api_agree(client, tokens):
    digest = twins(client, tokens["reader"], "/summary?actor=Russia", "/api/summary?actor=Russia")
    assert digest["actor"] == "Russia" and digest["limit"] == 10
    lines = [i for w in digest["weeks"] for i in w["items"]]
    assert lines and all(i["document"] and i["key"].startswith("event:") for i in lines)
    assert all(w["total"] >= len(w["items"]) for w in digest["weeks"])
    html = page_html(client, tokens["reader"], "/summary?actor=Russia")
    assert '<article id="summary"' in html and "<pre" not in html
    for line in lines:  # every line links to its sentence in the reader
        assert f'href="/documents/{line["document"]}#{line["key"]}"' in html
    said = [i for s in digest["statements"] for i in s["items"]]
    assert all(f'href="/documents/{i["document"]}#{i["key"]}"' in html for i in said)
    one = client.get("/api/summary?actor=Russia&limit=1", headers=bearer(tokens["reader"])).json()
    assert all(len(w["items"]) <= 1 for w in one["weeks"])
    assert client.get("/api/summary", headers=bearer(tokens["reader"])).status_code == 422


def test_analyst_splits_a_cluster_and_it_is_audited(client, tokens, app):
    kyiv = next(
        c
        for c in client.get("/api/clusters", headers=bearer(tokens["reader"])).json()["items"]
        if c["type"] == "ASSAULT" and c["start"] == "2022-10-10"
    )
    a, b = kyiv["events"][0]["key"], kyiv["events"][1]["key"]
    body = {"event_a": a, "event_b": b, "decision": "split", "note": "different strikes"}
    assert (
        client.post("/api/clusters/decisions", json=body, headers=bearer(tokens["reader"])).status_code == 403
    )
    r = client.post("/api/clusters/decisions", json=body, headers=bearer(tokens["analyst"]))
    assert r.status_code == 201, r.text
    after = client.get("/api/clusters?all=true&limit=200", headers=bearer(tokens["reader"])).json()["items"]
    together = [c for c in after if {a, b} <= {e["key"] for e in c["events"]}]
    assert together == []
    with app.state.store.sessions() as s:
        actions = [e.action for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[-1] == "cluster split"
    same = {**body, "event_b": a}
    assert (
        client.post("/api/clusters/decisions", json=same, headers=bearer(tokens["analyst"])).status_code
        == 422
    )


def test_lists_page_with_totals_and_keep_their_filters(client, tokens):
    first = client.get("/api/clusters?all=true&limit=2", headers=bearer(tokens["reader"])).json()
    second = client.get("/api/clusters?all=true&limit=2&offset=2", headers=bearer(tokens["reader"])).json()
    assert first["total"] == second["total"] > 4 and len(first["items"]) == len(second["items"]) == 2
    assert {c["id"] for c in first["items"]}.isdisjoint(c["id"] for c in second["items"])
    html = page_html(client, tokens["reader"], "/clusters?all=true&limit=2&offset=2")
    assert f'of <b class="total">{first["total"]}</b>' in html
    assert 'rel="next" href="?all=true&amp;limit=2&amp;offset=4"' in html
    assert 'rel="prev" href="?all=true&amp;limit=2&amp;offset=0"' in html
    assert client.get("/api/clusters?limit=201", headers=bearer(tokens["reader"])).status_code == 422
    denials = client.get("/api/contradictions?kind=denial", headers=bearer(tokens["reader"])).json()
    assert denials["total"] == 1 and {c["kind"] for c in denials["items"]} == {"denial"}


def test_writes_refuse_unknown_references(client, tokens):
    h = bearer(tokens["analyst"])
    grade = client.patch("/api/sources/No Such Outlet", json={"reliability": "A"}, headers=h)
    assert grade.status_code == 404 and "No Such Outlet" in grade.json()["detail"]
    speaker = client.patch("/api/sources/Outlet A", json={"reliability": "A", "kind": "speaker"}, headers=h)
    assert speaker.status_code == 404
    kyiv = client.get("/api/clusters", headers=bearer(tokens["reader"])).json()["items"][0]
    real = kyiv["events"][0]["key"]
    body = {"event_a": real, "event_b": "event:nope:1-2:AID", "decision": "merge"}
    unknown = client.post("/api/clusters/decisions", json=body, headers=h)
    assert unknown.status_code == 404 and "event:nope:1-2:AID" in unknown.json()["detail"]
    with client.app.state.store.sessions() as s:
        assert not s.scalars(select(AuditEntry).where(AuditEntry.action.like("cluster%"))).all()
