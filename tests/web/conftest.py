"""Web fixtures: an app over a fresh store with the hand-built strike article, and tokens per role.

The fake pipeline (from the store tests) gives exact facts, so API answers can be asserted exactly;
the browser tests use the real pipeline on the seed article.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from store.conftest import STRIKE_TEXT, FakePipeline, strike_facts  # noqa: F401

from sitrep.sources import Article
from sitrep.sources.reader import make_document
from sitrep.store import ingest, open_store
from sitrep.store.tokens import create_token
from sitrep.web import create_app


@pytest.fixture
def web_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'web.db'}"


@pytest.fixture
def fake() -> FakePipeline:
    return FakePipeline(strike_facts)


def stock(url: str, pipeline) -> None:
    """The strike article, published 2022-10-14, in the store at ``url``."""
    store = open_store(url)
    doc = make_document(STRIKE_TEXT, title="Strike on Kyiv", source="Wire", published=None)
    from datetime import date

    doc.published = date(2022, 10, 14)
    ingest(store, [Article("test", doc)], pipeline=pipeline)
    store.close()


@pytest.fixture
def app(web_url, fake):
    stock(web_url, fake)
    return create_app(web_url, pipeline=fake)


@pytest.fixture
def tokens(app) -> dict[str, str]:
    store = app.state.store
    return {role: create_token(store, f"{role}-user", role) for role in ("reader", "analyst", "admin")}


@pytest.fixture
def client(app) -> TestClient:
    return TestClient(app)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def postgres_url(request):
    """A fresh PostgreSQL schema (skipped without a server unless SITREP_REQUIRE_POSTGRES=1)."""
    from store.conftest import _postgres_schema

    yield from _postgres_schema(request.getfixturevalue("postgres_base"))


@pytest.fixture
def tokens_pg():
    return lambda app: create_token(app.state.store, "pg-analyst", "analyst")


from store.conftest import postgres_base  # noqa: E402,F401 - the store tests' fixture, shared


def twins(client, token, path: str, api: str):
    """The API answer, after checking the page's two JSON twins (``.json``, ``Accept``) give the same."""
    want = client.get(api, headers=bearer(token))
    assert want.status_code == 200, want.text
    dotted = path.replace("?", ".json?", 1) if "?" in path else path + ".json"
    assert client.get(dotted, headers=bearer(token)).json() == want.json()
    assert client.get(path, headers={**bearer(token), "Accept": "application/json"}).json() == want.json()
    return want.json()


def page_html(client, token, path: str) -> str:
    r = client.get(path, headers=bearer(token))
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), r.text
    return r.text


def app_on_copy(database, tmp_path):
    """An app over a copy of a prepared database, so each test may write freely."""
    import shutil

    path = tmp_path / "copy.db"
    shutil.copy(database, path)
    app = create_app(f"sqlite:///{path}")
    yield app
    app.state.store.close()
