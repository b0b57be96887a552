"""The API through FastAPI's TestClient on SQLite (and PostgreSQL): auth, ingest, queries, review."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from sitrep.store import open_store, reanalyze
from sitrep.store.tables import ApiToken, AuditEntry, Review
from sitrep.store.tokens import hash_token
from sitrep.web import create_app

from .conftest import STRIKE_TEXT, FakePipeline, bearer, stock, strike_facts

ASSAULT = "event:{doc}:7-13:ASSAULT"
AID = "event:{doc}:82-86:AID"


def keys(client, token) -> dict[str, str]:
    events = client.get("/api/events", headers=bearer(token)).json()["items"]
    return {e["type"]: e["key"] for e in events}


# -- auth -----------------------------------------------------------------------------------------------


def test_reads_need_a_token_unless_public(client, tokens, web_url, fake):
    assert client.get("/api/events").status_code == 401
    assert client.get("/api/events", headers=bearer("not-a-token")).status_code == 401
    assert client.get("/api/events", headers=bearer(tokens["reader"])).status_code == 200
    public = create_app(web_url, public_read=True, pipeline=fake)
    from fastapi.testclient import TestClient

    with TestClient(public) as anon:
        assert anon.get("/api/events").status_code == 200
        assert anon.patch(f"/api/events/{ASSAULT}", json={"decision": "reject"}).status_code == 401
        assert anon.post("/api/documents", json={"text": "Russia shelled Kharkiv."}).status_code == 401


def test_roles(client, tokens):
    key = keys(client, tokens["reader"])["ASSAULT"]
    assert (
        client.patch(
            f"/api/events/{key}", json={"decision": "accept"}, headers=bearer(tokens["reader"])
        ).status_code
        == 403
    )
    assert (
        client.patch(
            f"/api/events/{key}", json={"decision": "accept"}, headers=bearer(tokens["analyst"])
        ).status_code
        == 200
    )
    assert client.get("/api/tokens", headers=bearer(tokens["analyst"])).status_code == 403
    made = client.post("/api/tokens", json={"name": "bob", "role": "reader"}, headers=bearer(tokens["admin"]))
    assert made.status_code == 201
    assert client.get("/api/events", headers=bearer(made.json()["token"])).status_code == 200


def test_token_cli_prints_once_and_stores_the_hash(web_url):
    from sitrep.cli import _register, app

    _register()
    result = CliRunner().invoke(
        app, ["token", "create", "--role", "analyst", "--name", "alice", "--db", web_url]
    )
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[0]
    with open_store(web_url).sessions() as s:
        [row] = s.scalars(select(ApiToken))
    assert (row.name, row.role, row.token_hash) == ("alice", "analyst", hash_token(token))
    assert token not in row.token_hash
    bad = CliRunner().invoke(app, ["token", "create", "--role", "boss", "--name", "x", "--db", web_url])
    assert bad.exit_code == 2


# -- ingest ---------------------------------------------------------------------------------------------


def test_post_document_analyses_and_stores_once(client, tokens):
    text = "Belarus sent 20 trucks of aid to Russia on October 12."
    h = bearer(tokens["analyst"])
    made = client.post(
        "/api/documents", json={"text": text, "title": "Aid", "published": "2022-10-13"}, headers=h
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["duplicate"] is False
    assert body["document"]["title"] == "Aid" and body["document"]["published"] == "2022-10-13"
    assert isinstance(body["stored"]["id"], int)
    again = client.post("/api/documents", json={"text": text}, headers=h)
    assert (again.status_code, again.json()["duplicate"], again.json()["stored"]["id"]) == (
        200,
        True,
        body["stored"]["id"],
    )
    got = client.get(f"/api/documents/{body['stored']['id']}", headers=h).json()
    assert got["document"] == body["document"]
    assert (
        client.get(f"/api/documents/{body['document']['id']}", headers=h).json()["stored"] == body["stored"]
    )


def test_bad_input_is_422_with_a_message(client, tokens):
    h = bearer(tokens["analyst"])
    empty = client.post("/api/documents", json={"title": "nothing"}, headers=h)
    assert empty.status_code == 422 and "text" in empty.json()["detail"]
    bad_date = client.post("/api/documents", json={"text": "x y z", "published": "yesterday"}, headers=h)
    assert bad_date.status_code == 422 and "published" in bad_date.json()["detail"]
    not_json = client.post("/api/documents", content=b"{", headers={**h, "content-type": "application/json"})
    assert not_json.status_code == 422


def test_request_size_limit_is_413(web_url, fake, tokens):
    from fastapi.testclient import TestClient

    small = create_app(web_url, pipeline=fake, max_body=1000)
    with TestClient(small) as c:
        r = c.post("/api/documents", json={"text": "x" * 2000}, headers=bearer(tokens["analyst"]))
        assert r.status_code == 413 and "limit" in r.json()["detail"]

        def chunks():  # no Content-Length: the body streams past the limit
            yield b'{"text": "' + b"x" * 800
            yield b"x" * 800 + b'"}'

        r = c.post(
            "/api/documents",
            content=chunks(),
            headers={**bearer(tokens["analyst"]), "content-type": "application/json"},
        )
        assert r.status_code == 413


# -- queries and review ----------------------------------------------------------------------------------


def types(answer) -> list[str]:
    return [e["type"] for e in answer.json()["items"]]


def test_filters_and_pagination(client, tokens):
    h = bearer(tokens["reader"])
    every = client.get("/api/events", headers=h).json()
    assert [e["type"] for e in every["items"]] == ["SUPPORT", "AID", "ASSAULT"]
    assert (every["total"], every["offset"], every["limit"]) == (3, 0, 100)
    assert every["names"]["country:BLR"] == "Belarus" and every["names"]["country:RUS"] == "Russia"
    assert types(client.get("/api/events?actor=Belarus", headers=h)) == ["SUPPORT", "AID"]
    second = client.get("/api/events?limit=1&offset=1", headers=h).json()
    assert ([e["type"] for e in second["items"]], second["total"]) == (["AID"], 3)
    assert types(client.get("/api/events?near=Kyiv&km=10", headers=h)) == ["ASSAULT"]
    assert types(client.get("/api/events?since=2022-10-11&until=2022-10-12", headers=h)) == ["AID"]
    assert client.get("/api/events?limit=100000", headers=h).status_code == 422
    assert client.get("/api/events?since=soon", headers=h).status_code == 422
    said_page = client.get("/api/statements?speaker=Lukashenko", headers=h).json()
    [said] = said_page["items"]
    assert (said["act"], said["modality"], said_page["total"]) == ("said", "negated", 1)
    assert said_page["names"][said["speaker"]] == "Lukashenko"
    forecasts = client.get("/api/forecasts", headers=h).json()
    [f] = forecasts["items"]
    assert (f["claim"], f["status"], forecasts["counts"]) == (
        "a new offensive by spring",
        "due",
        {"open": 0, "due": 1},
    )
    assert client.get("/api/forecasts?open=true", headers=h).json()["items"] == []
    assert client.get("/api/forecasts?status=due", headers=h).json()["total"] == 1
    hits = client.get("/api/search?q=trucks", headers=h).json()["items"]
    assert {h_["kind"] for h_ in hits} >= {"document", "event"}
    ent = client.get("/api/entities/country:BLR", headers=h).json()
    assert (ent["name"], [e["type"] for e in ent["events"]["items"]]) == ("Belarus", ["SUPPORT", "AID"])
    assert ent["events"]["total"] == 2 and ent["stored"]["documents"] == 1
    assert client.get("/api/entities/country:XXX", headers=h).status_code == 404
    timeline = client.get("/api/timeline", headers=h).json()
    assert [(t["date_start"], t["label"]) for t in timeline["items"]][-2:] == [
        ("2022-10-12", "AID"),
        ("2022-10-10", "ASSAULT"),
    ]
    net = client.get("/api/network?min_count=1", headers=h).json()
    assert net["edges"] == [
        {"source": "country:BLR", "target": "country:RUS", "type": "AID", "count": 1},
        {"source": "country:RUS", "target": "place:kyiv", "type": "ASSAULT", "count": 1},
    ]
    assert {n["id"]: n["name"] for n in net["nodes"]}["place:kyiv"] == "Kyiv"
    assert client.get("/api/network", headers=h).json()["edges"] == []  # each pair seen once, default is 2


def test_review_edits_rejections_and_audit(client, tokens):
    h, r = bearer(tokens["analyst"]), bearer(tokens["reader"])
    k = keys(client, tokens["reader"])
    edit = {
        "changes": {
            "type": "assault",
            "mode": "aerial",
            "actors": ["Russian Air Force"],
            "quantity": "14",
            "date_start": "2022-10-09",
        },
        "note": "drones, per the ministry",
    }
    answer = client.patch(f"/api/events/{k['ASSAULT']}", json=edit, headers=h)
    assert answer.status_code == 200, answer.text
    fact = answer.json()["fact"]
    assert (fact["mode"], fact["actor_texts"], fact["quantity"]["value"], fact["date_start"]) == (
        "aerial",
        ["Russian Air Force"],
        14,
        "2022-10-09",
    )
    assert fact["review"]["status"] == "edited" and fact["review"]["notes"][0]["by"] == "analyst-user"
    assert client.patch(f"/api/events/{k['AID']}", json={"decision": "reject"}, headers=h).status_code == 200
    listed = client.get("/api/events", headers=r).json()["items"]
    assert [e["type"] for e in listed] == ["SUPPORT", "ASSAULT"]
    assert listed[1]["mode"] == "aerial"
    every = client.get("/api/events?include_rejected=true", headers=r).json()["items"]
    assert [e["review"]["status"] if e["review"] else None for e in every] == [None, "rejected", "edited"]
    doc = client.get("/api/documents/1", headers=r).json()
    assault = next(e for e in doc["events"] if e["key"] == k["ASSAULT"])
    assert (assault["mode"], assault["actor_texts"], assault["quantity"]["value"]) == (
        "aerial",
        ["Russian Air Force"],
        14,
    )
    [audit] = client.get("/api/audit?kind=event&key=" + k["ASSAULT"], headers=r).json()["items"]
    assert audit["actor"] == "analyst-user" and audit["action"] == "review"
    assert (
        audit["detail"]["before"]["mode"] == "heavy-weapons" and audit["detail"]["after"]["mode"] == "aerial"
    )
    assert audit["detail"]["before"]["quantity"] == 12


def test_review_errors(client, tokens):
    h = bearer(tokens["analyst"])
    k = keys(client, tokens["reader"])
    bad_field = client.patch(f"/api/events/{k['AID']}", json={"changes": {"colour": "red"}}, headers=h)
    assert bad_field.status_code == 422 and "colour" in bad_field.json()["detail"]
    bad_type = client.patch(f"/api/events/{k['AID']}", json={"changes": {"type": "PARTY"}}, headers=h)
    assert bad_type.status_code == 422 and "ASSAULT" in bad_type.json()["detail"]
    assert client.patch(f"/api/events/{k['AID']}", json={}, headers=h).status_code == 422
    assert (
        client.patch("/api/events/event:nope:1-2:AID", json={"decision": "accept"}, headers=h).status_code
        == 404
    )
    assert (
        client.patch(f"/api/statements/{k['AID']}", json={"decision": "accept"}, headers=h).status_code == 404
    )


def test_statement_and_forecast_review(client, tokens):
    h, r = bearer(tokens["analyst"]), bearer(tokens["reader"])
    [said] = client.get("/api/statements", headers=r).json()["items"]
    assert (
        client.patch(
            f"/api/statements/{said['key']}", json={"changes": {"act": "denied"}}, headers=h
        ).status_code
        == 200
    )
    assert client.get("/api/statements", headers=r).json()["items"][0]["act"] == "denied"
    [f] = client.get("/api/forecasts", headers=r).json()["items"]
    assert (
        client.patch(f"/api/forecasts/{f['key']}", json={"decision": "reject"}, headers=h).status_code == 200
    )
    assert client.get("/api/forecasts", headers=r).json()["items"] == []


def test_reanalyze_keeps_every_human_decision(client, tokens, app, fake):
    h, r = bearer(tokens["analyst"]), bearer(tokens["reader"])
    k = keys(client, tokens["reader"])
    client.patch(
        f"/api/events/{k['ASSAULT']}", json={"changes": {"type": "COERCE", "mode": "seize"}}, headers=h
    )
    client.patch(f"/api/events/{k['AID']}", json={"decision": "reject", "note": "no aid"}, headers=h)
    [said] = client.get("/api/statements", headers=r).json()["items"]
    client.patch(f"/api/statements/{said['key']}", json={"decision": "accept"}, headers=h)
    before = client.get("/api/events?include_rejected=true", headers=r).json()

    stats = reanalyze(app.state.store, pipeline=FakePipeline(strike_facts, version="fake 2"))
    assert (stats.stored, stats.failures) == (1, [])

    after = client.get("/api/events?include_rejected=true", headers=r).json()
    assert after == before
    assert types(client.get("/api/events", headers=r)) == ["SUPPORT", "COERCE"]
    assert client.get("/api/statements", headers=r).json()["items"][0]["review"]["status"] == "accepted"
    with app.state.store.sessions() as s:
        assert len(list(s.scalars(select(Review)))) == 3
        assert [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))][-1] == "reanalyze"


# -- pages and their JSON twins --------------------------------------------------------------------------


def test_every_page_has_a_json_twin(client, tokens):
    h = bearer(tokens["reader"])
    assert client.get("/events.json", headers=h).json() == client.get("/api/events", headers=h).json()
    assert (
        client.get("/events", headers={**h, "Accept": "application/json"}).json()
        == client.get("/api/events", headers=h).json()
    )
    assert (
        client.get("/documents/1.json", headers=h).json() == client.get("/api/documents/1", headers=h).json()
    )
    for path in (
        "/",
        "/events",
        "/statements",
        "/forecasts",
        "/timeline",
        "/map",
        "/network",
        "/search?q=Kyiv",
        "/audit",
        "/entities/country:RUS",
        "/documents/1",
    ):
        page = client.get(path, headers=h)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html"), path
        assert "default-src 'self'" in page.headers["content-security-policy"]
        twin = path.replace("?", ".json?") if "?" in path else (path.rstrip("/") or "") + ".json"
        assert client.get(twin if twin != ".json" else "/.json", headers=h).status_code == 200, twin


def test_pages_without_token_redirect_to_login(client):
    r = client.get("/events", follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (303, "/login?next=/events")


def test_browser_forms_need_session_and_csrf(client, tokens):
    login = client.get("/login")
    csrf = login.text.split('name="csrf" value="')[1].split('"')[0]
    bad = client.post("/login", data={"token": tokens["analyst"], "csrf": "forged"}, follow_redirects=False)
    assert bad.status_code == 403
    ok = client.post(
        "/login",
        data={"token": tokens["analyst"], "csrf": csrf, "next": "/documents/1"},
        follow_redirects=False,
    )
    assert (ok.status_code, ok.headers["location"]) == (303, "/documents/1")
    k = keys(client, tokens["reader"])
    form = {"kind": "event", "key": k["AID"], "decision": "reject", "next": "https://evil.example/"}
    assert client.post("/review", data={**form, "csrf": "forged"}, follow_redirects=False).status_code == 403
    done = client.post("/review", data={**form, "csrf": csrf}, follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (303, "/")
    assert types(client.get("/api/events")) == ["SUPPORT", "ASSAULT"]
    # the session cookie alone cannot PATCH the API: it needs the CSRF header too
    assert client.patch(f"/api/events/{k['ASSAULT']}", json={"decision": "accept"}).status_code == 403
    assert (
        client.patch(
            f"/api/events/{k['ASSAULT']}", json={"decision": "accept"}, headers={"X-CSRF-Token": csrf}
        ).status_code
        == 200
    )


def test_article_markup_is_escaped(client, tokens):
    nasty = (
        'Russia struck <script>alert(1)</script> Kharkiv. <img src=x onerror="alert(2)"> '
        '<a href="javascript:alert(3)">click</a> on October 10.'
    )
    made = client.post(
        "/api/documents",
        json={"text": nasty, "title": "<b onmouseover=alert(4)>t</b>"},
        headers=bearer(tokens["analyst"]),
    )
    page = client.get(f"/documents/{made.json()['stored']['id']}", headers=bearer(tokens["reader"])).text
    assert "<script>alert" not in page and "<img" not in page and '<a href="javascript' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b onmouseover=alert(4)&gt;" in page


# -- PostgreSQL ------------------------------------------------------------------------------------------


@pytest.mark.postgres
def test_api_on_postgres(postgres_url, tokens_pg):
    from fastapi.testclient import TestClient

    fake = FakePipeline(strike_facts)
    stock(postgres_url, fake)
    with TestClient(create_app(postgres_url, pipeline=fake)) as c:
        token = tokens_pg(c.app)
        h = bearer(token)
        k = {e["type"]: e["key"] for e in c.get("/api/events", headers=h).json()["items"]}
        assert c.patch(f"/api/events/{k['AID']}", json={"decision": "reject"}, headers=h).status_code == 200
        assert types(c.get("/api/events", headers=h)) == ["SUPPORT", "ASSAULT"]
        assert c.get("/api/search?q=trucks", headers=h).json()


_ = STRIKE_TEXT
