"""ACH pages and API: the matrix with coloured, clickable cells, the history chart, edits, watch and its badge.

The hypotheses corpus (tests/hypotheses/corpus, set belarus-front.yaml) is ingested once per module with
the real pipeline; each test works on a fresh copy. Expected numbers are those of tests/hypotheses.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypotheses.conftest import SET_FILE, corpus_files
from sqlalchemy import select

from sitrep.hypotheses import add_row, init_set, matrix, series
from sitrep.sources import read
from sitrep.store import ingest, open_store
from sitrep.store.tables import AuditEntry
from sitrep.web import create_app

from .conftest import app_on_copy, bearer, page_html, twins

SET = "belarus-front"


@pytest.fixture(scope="module")
def ach_db(tmp_path_factory, pipeline):
    path = tmp_path_factory.mktemp("ach-web") / "corpus.db"
    store = open_store(str(path))
    assert ingest(store, read(corpus_files()), pipeline=pipeline).stored == len(corpus_files())
    with store.transaction() as session:
        init_set(session, SET, SET_FILE)
    store.close()
    return path


@pytest.fixture
def app(ach_db, tmp_path):
    """Overrides the web conftest's app: the hypotheses corpus instead of the strike article."""
    yield from app_on_copy(ach_db, tmp_path)


def login(client, token: str) -> str:
    csrf = client.get("/login").text.split('name="csrf" value="')[1].split('"')[0]
    assert (
        client.post("/login", data={"token": token, "csrf": csrf}, follow_redirects=False).status_code == 303
    )
    return csrf


def row(m: dict, title: str, indicator: str | None = None) -> dict:
    return next(
        r for r in m["rows"] if r["evidence"]["title"] == title and indicator in (None, r["indicator"])
    )


def test_matrix_page_twins_colours_and_evidence_links(client, tokens):
    m = twins(client, tokens["reader"], f"/hypotheses/{SET}", f"/api/hypotheses/{SET}")
    with client.app.state.store.sessions() as s:
        assert m == matrix(s, SET).to_dict()
    assert (m["leading"], m["inconsistency"]) == ("H1", {"H1": 2.0, "H2": 6.0, "H3": 3.0})
    assert len(m["rows"]) == 15
    html = page_html(client, tokens["reader"], f"/hypotheses/{SET}")
    cells = re.findall(r'<td class="cell c-(CC|C|N|I|II)"><a href="/documents/([^"#]+)#([^"]+)"', html)
    assert len(cells) == 15 * 3
    rail = row(m, "Rail traffic")
    e = rail["evidence"]
    assert [c for c, d, k in cells if (d, k) == (e["document"], e["fact_key"])] == ["I", "II", "CC"]
    assert e["sentence"] and f'title="{e["sentence"]}"' in html
    assert "(nd)" in html and '<th class="leading">H1</th>' in html
    assert 'class="edit-row"' not in html  # readers get no edit forms
    sets = twins(client, tokens["reader"], "/hypotheses", "/api/hypotheses")
    assert sets == [{"name": SET, "question": m["question"], "hypotheses": 3, "indicators": 7}]


def test_as_of_changes_the_ranking(client, tokens):
    early = twins(
        client,
        tokens["reader"],
        f"/hypotheses/{SET}?as_of=2022-11-10",
        f"/api/hypotheses/{SET}?as_of=2022-11-10",
    )
    assert (early["as_of"], early["leading"]) == ("2022-11-10", "H3")
    assert client.get("/api/hypotheses/nope", headers=bearer(tokens["reader"])).status_code == 404
    assert client.get("/hypotheses/nope", headers=bearer(tokens["reader"])).status_code == 404


def test_history_chart_is_server_side_svg(client, tokens):
    points = twins(client, tokens["reader"], f"/hypotheses/{SET}/history", f"/api/hypotheses/{SET}/history")
    with client.app.state.store.sessions() as s:
        assert points == [p.to_dict() for p in series(s, SET)]
    assert [p["leading"] for p in points] == ["H3"] * 9 + ["H1"] * 3
    html = page_html(client, tokens["reader"], f"/hypotheses/{SET}/history")
    assert html.count('<svg class="history"') == 2 and html.count("<polyline") == 6
    (h1,) = re.findall(r'<polyline class="line s0" points="([^"]+)"', html.split('id="chart-posterior"')[1])[
        :1
    ]
    assert len(h1.split()) == len(points)
    assert f'<a href="/hypotheses/{SET}?as_of={points[-1]["date"]}">' in html


def test_analyst_edits_persist_and_are_audited(client, tokens, app):
    m = client.get(f"/api/hypotheses/{SET}", headers=bearer(tokens["reader"])).json()
    concrete = row(m, "Concrete and mines")
    callup = row(m, "Call-up in Minsk")
    url = f"/api/hypotheses/{SET}/rows/"
    cell = {"cells": {"H2": "I"}, "note": "cuts both ways"}
    assert client.patch(url + concrete["id"], json=cell, headers=bearer(tokens["reader"])).status_code == 403
    assert client.patch(url + concrete["id"], json=cell).status_code == 401
    bad = client.patch(url + concrete["id"], json={"cells": {"H2": "X"}}, headers=bearer(tokens["analyst"]))
    assert bad.status_code == 422
    bad_h = client.patch(url + concrete["id"], json={"cells": {"H9": "I"}}, headers=bearer(tokens["analyst"]))
    assert bad_h.status_code == 422
    assert client.patch(url + "r-00000000", json=cell, headers=bearer(tokens["analyst"])).status_code == 404
    done = client.patch(url + concrete["id"], json=cell, headers=bearer(tokens["analyst"]))
    assert done.status_code == 200, done.text
    assert (done.json()["changed"], done.json()["row"]["cells"]) == (
        ["cell H2"],
        {"H1": "C", "H2": "I", "H3": "C"},
    )
    again = client.patch(url + concrete["id"], json=cell, headers=bearer(tokens["analyst"]))
    assert again.json()["changed"] == []  # nothing differs: no new edit, no audit noise
    both = {"dismissed": True, "relevance": "low"}
    assert client.patch(url + callup["id"], json=both, headers=bearer(tokens["analyst"])).json()[
        "changed"
    ] == [
        "weight",
        "dismiss",
    ]
    after = client.get(f"/api/hypotheses/{SET}", headers=bearer(tokens["reader"])).json()
    assert after["inconsistency"] == {"H1": 2.0, "H2": 7.0, "H3": 2.0}
    assert after["leading"] == "H3"  # level with H1 at 2, ahead on the posterior
    assert (
        row(after, "Call-up in Minsk")["dismissed"] and row(after, "Call-up in Minsk")["relevance"] == "low"
    )
    with app.state.store.sessions() as s:
        audit = s.scalars(
            select(AuditEntry).where(AuditEntry.action.like("ach.%")).order_by(AuditEntry.id)
        ).all()
    assert [(a.action, a.actor, a.target_key) for a in audit] == [
        ("ach.cell", "analyst-user", f"{SET}/{concrete['key']}"),
        ("ach.weight", "analyst-user", f"{SET}/{callup['key']}"),
        ("ach.dismiss", "analyst-user", f"{SET}/{callup['key']}"),
    ]
    assert audit[0].detail["note"] == "cuts both ways" and audit[0].detail["before"]["H2"] == "C"
    # a new server over the same database: the edits are stored, not held in memory
    url_db = str(app.state.store.engine.url)
    fresh = create_app(url_db)
    with fresh.state.store.sessions() as s:
        assert matrix(s, SET).to_dict() == after
    fresh.state.store.close()
    html = page_html(client, tokens["reader"], f"/hypotheses/{SET}")
    assert f'<tr id="{callup["id"]}" class="dismissed' in html


def test_edit_in_place_form_needs_session_and_csrf(client, tokens):
    m = client.get(f"/api/hypotheses/{SET}", headers=bearer(tokens["reader"])).json()
    rail = row(m, "Rail traffic")
    csrf = login(client, tokens["analyst"])
    html = client.get(f"/hypotheses/{SET}").text
    assert html.count('class="edit-row"') == 15 and f'name="row" value="{rail["id"]}"' in html
    form = {
        "row": rail["id"],
        "cell-H1": "I",
        "cell-H2": "I",
        "cell-H3": "CC",
        "relevance": "high",
        "credibility": "medium",
        "note": "",
        "action": "",
        "next": f"/hypotheses/{SET}",
    }
    assert client.post(f"/hypotheses/{SET}/edit", data=form, follow_redirects=False).status_code == 403
    done = client.post(f"/hypotheses/{SET}/edit", data={**form, "csrf": csrf}, follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (303, f"/hypotheses/{SET}")
    after = row(client.get(f"/api/hypotheses/{SET}").json(), "Rail traffic")
    assert (after["cells"], after["relevance"]) == ({"H1": "I", "H2": "I", "H3": "CC"}, "high")
    dismiss = client.post(
        f"/hypotheses/{SET}/edit",
        data={"row": rail["id"], "action": "dismiss", "csrf": csrf},
        follow_redirects=False,
    )
    assert dismiss.status_code == 303
    assert row(client.get(f"/api/hypotheses/{SET}").json(), "Rail traffic")["dismissed"] is True
    # a reader's session gets no form and cannot post one
    client.cookies.clear()
    csrf = login(client, tokens["reader"])
    assert 'class="edit-row"' not in client.get(f"/hypotheses/{SET}").text
    refused = client.post(f"/hypotheses/{SET}/edit", data={**form, "csrf": csrf}, follow_redirects=False)
    assert refused.status_code == 403


def test_watch_api_and_the_navigation_badge(client, tokens, app, pipeline, tmp_path):
    assert twins(client, tokens["reader"], "/watch", "/api/watch") == []
    assert 'id="watch-badge"' not in page_html(client, tokens["reader"], "/hypotheses")
    report = tmp_path / "new.txt"
    report.write_text(
        "---\ntitle: More trains\nsource: Rail Watch\npublished: 2023-01-05\n---\nMore trains\n\n"
        "Belarus sent 25 tanks to Russia by rail.\n"
    )
    ingest(app.state.store, read([report]), pipeline=pipeline)
    (t,) = twins(client, tokens["reader"], "/watch", "/api/watch")
    assert (t["set_name"], t["indicator"], t["source"]) == (SET, "equipment-to-russia", "Rail Watch")
    assert client.get("/api/watch?since=2999-01-01", headers=bearer(tokens["reader"])).json() == []
    assert client.get("/api/watch?set=other", headers=bearer(tokens["reader"])).json() == []
    html = page_html(client, tokens["reader"], "/hypotheses")
    assert '<span class="watch-badge" id="watch-badge" title="triggers in the last week">1</span>' in html
    assert "Belarus sent 25 tanks to Russia by rail." in page_html(client, tokens["reader"], "/watch")


def test_article_and_analyst_text_is_escaped(client, tokens, app):
    with app.state.store.transaction() as s:
        add_row(
            s,
            SET,
            "<script>alert(1)</script>",
            {"H1": "I"},
            day=date(2022, 12, 1),
            sentence="<img src=x onerror=alert(2)>",
            actor="analyst-user",
        )
    html = page_html(client, tokens["reader"], f"/hypotheses/{SET}")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert (
        "Content-Security-Policy"
        in client.get(f"/hypotheses/{SET}", headers=bearer(tokens["reader"])).headers
    )


def test_an_api_ingest_records_triggers_and_no_read_writes(client, tokens, app, pipeline):
    """The after-ingest hook runs for the API as for the CLI; reading the matrix or watch stores nothing."""
    from sitrep.store.tables import HypothesisTrigger

    app.state.pipeline = pipeline

    def stored_triggers() -> int:
        with app.state.store.sessions() as s:
            return len(list(s.scalars(select(HypothesisTrigger))))

    before = stored_triggers()
    body = {"text": "More trains\n\nBelarus sent 25 tanks to Russia by rail.", "published": "2023-01-05"}
    response = client.post("/api/documents", json=body, headers=bearer(tokens["analyst"]))
    assert response.status_code == 201, response.text
    assert stored_triggers() == before + 1
    (t,) = client.get("/api/watch", headers=bearer(tokens["reader"])).json()
    assert t["indicator"] == "equipment-to-russia"
    for path in (f"/api/hypotheses/{SET}", "/api/watch", f"/hypotheses/{SET}", "/watch"):
        assert client.get(path, headers=bearer(tokens["reader"])).status_code == 200
    assert stored_triggers() == before + 1
