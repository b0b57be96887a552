"""The security and input findings of issue 12, one test each: sessions, Unicode, sizes, references,
audit names, vendored API docs with a CSP everywhere, bidi controls, and the audit trail's access."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from sitrep.store.tables import AuditEntry
from sitrep.web import create_app

from .conftest import bearer

JSON = {"content-type": "application/json"}


def _login(client, token: str) -> str:
    csrf = client.get("/login").text.split('name="csrf" value="')[1].split('"')[0]
    done = client.post("/login", data={"token": token, "csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303
    return csrf


def test_signing_out_ends_the_session_on_the_server(client, tokens):
    csrf = _login(client, tokens["analyst"])
    cookie = client.cookies.get("sitrep_session")
    assert client.get("/api/whoami").json()["name"] == "analyst-user"
    assert client.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    # a copy of the old cookie, sent again, is worth nothing
    client.cookies.set("sitrep_session", cookie)
    assert client.get("/api/whoami").json()["role"] is None
    assert client.get("/api/events").status_code == 401
    assert client.get("/events", follow_redirects=False).headers["location"] == "/login?next=/events"


def test_lone_surrogates_are_422_with_a_message_not_500(client, tokens):
    h = {**bearer(tokens["analyst"]), **JSON}
    body = b'{"text": "Russia shelled Kharkiv \\ud800 on Monday.", "title": "t"}'  # valid JSON, no character
    r = client.post("/api/documents", content=body, headers=h)
    assert r.status_code == 422, r.text
    assert "lone surrogate U+D800" in r.json()["detail"] and "text" in r.json()["detail"]
    key = client.get("/api/events", headers=h).json()["items"][0]["key"]
    note = b'{"note": "\\udfff"}'
    r = client.patch(f"/api/events/{key}", content=note, headers=h)
    assert r.status_code == 422 and "note" in r.json()["detail"]


def test_text_over_the_parsers_limit_is_413_naming_it(client, tokens, monkeypatch):
    from sitrep.web.views import documents

    monkeypatch.setattr(documents, "MAX_TEXT_CHARS", 50)
    r = client.post(
        "/api/documents", json={"text": "Russia shelled Kharkiv. " * 5}, headers=bearer(tokens["analyst"])
    )
    assert r.status_code == 413
    assert r.json()["detail"] == "text of 120 characters is over the limit of 50 characters"
    assert (
        documents.MAX_TEXT_CHARS == 50
        and "1,000,000"
        in client.app.openapi()["components"]["schemas"]["DocumentIn"]["properties"]["text"]["description"]
    )


def test_review_dates_out_of_order_are_refused(client, tokens):
    h = bearer(tokens["analyst"])
    assault = next(e for e in client.get("/api/events", headers=h).json()["items"] if e["type"] == "ASSAULT")
    r = client.patch(f"/api/events/{assault['key']}", json={"changes": {"date_end": "2022-10-01"}}, headers=h)
    assert r.status_code == 422 and "before" in r.json()["detail"]


def test_api_ingest_is_audited_under_the_tokens_holder(client, tokens, app):
    r = client.post(
        "/api/documents", json={"text": "Belarus sent trucks to Russia."}, headers=bearer(tokens["analyst"])
    )
    assert r.status_code == 201
    with app.state.store.sessions() as s:
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "ingest").order_by(AuditEntry.id.desc())
        )
        latest = entry.first()
    assert (latest.actor, latest.target_key) == ("analyst-user", r.json()["stored"]["key"])


def test_api_docs_are_vendored_and_every_answer_has_a_csp(client, tokens):
    docs = client.get("/docs")
    assert docs.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    for s in sources:
        assert client.get(s).status_code == 200, s
    assert "script-src 'self'" in docs.headers["content-security-policy"]
    assert client.get("/redoc").status_code in (401, 404)
    for path in ("/openapi.json", "/static/sitrep.css", "/api/whoami", "/no-such-page", "/login"):
        answer = client.get(path, headers=bearer(tokens["reader"]))
        assert "default-src 'self'" in answer.headers["content-security-policy"], path
        assert answer.headers["x-content-type-options"] == "nosniff", path


def test_bidi_controls_are_neutralised_in_pages(client, tokens):
    text = "Russia shelled Kharkiv \u202egnirts desrever\u202c on Monday."
    made = client.post(
        "/api/documents",
        json={"text": text, "title": "Bidi \u2067title\u2069"},
        headers=bearer(tokens["analyst"]),
    )
    assert made.status_code == 201
    doc = made.json()["stored"]["id"]
    html = client.get(f"/documents/{doc}", headers=bearer(tokens["reader"])).text
    for control in ("\u202e", "\u202c", "\u2067", "\u2069"):
        assert control not in html
    assert "\ufffdgnirts desrever\ufffd" in html and "Bidi \ufffdtitle\ufffd" in html
    home = client.get("/", headers=bearer(tokens["reader"])).text
    assert "\u2067" not in home and "Bidi \ufffdtitle\ufffd" in home
    # the data itself is kept as written: the JSON contract is not a page
    assert (
        client.get(f"/api/documents/{doc}", headers=bearer(tokens["reader"])).json()["document"]["title"]
        == "Bidi \u2067title\u2069"
    )


def test_the_audit_trail_needs_a_token_even_on_a_public_server(web_url, fake, tokens):
    with TestClient(create_app(web_url, public_read=True, pipeline=fake)) as anon:
        assert anon.get("/api/events").status_code == 200
        assert anon.get("/api/audit").status_code == 401
        assert anon.get("/audit", follow_redirects=False).status_code == 303
        assert anon.get("/api/audit", headers=bearer(tokens["reader"])).status_code == 200
