"""Property-based tests of the API against its own OpenAPI schema (schemathesis over the ASGI app).

Every operation in ``/openapi.json`` gets generated requests, valid and invalid, sent with an admin
token; schemathesis checks each answer against the schema: no 5xx, status codes and bodies that the
schema declares, invalid input refused. Examples are bounded so the whole run stays well under a minute.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from sitrep.store.tokens import create_token
from sitrep.web import create_app

from .conftest import FakePipeline, stock, strike_facts

EXAMPLES = 25


def _no_facts(document):
    """Ingest of generated text: store the article, find nothing (the fake strike facts need its text)."""
    return document


def _app() -> tuple:
    """The app over a fresh store holding the strike article, and an admin token.

    Built at import: schemathesis's ``from_fixture`` does not work under pytest 9, so the schema is
    loaded from a module-level app (a temporary directory, removed when the process ends).
    """
    url = f"sqlite:///{Path(_TMP.name) / 'web.db'}"
    stock(url, FakePipeline(strike_facts))
    app = create_app(url, pipeline=FakePipeline(_no_facts))
    return app, create_token(app.state.store, "fuzzer", "admin")


_TMP = tempfile.TemporaryDirectory(prefix="sitrep-schema-")
APP, TOKEN = _app()
# Operations from views/across.py and views/hypotheses.py that still fail (owned elsewhere; see the
# report): dates that take `0` as a Unix timestamp (use sitrep.web.types.IsoDate), and an empty review
# the schema allows but the server refuses. Remove each entry once it passes.
PENDING: list[str] = []
schema = schemathesis.openapi.from_asgi("/openapi.json", APP).exclude(name=PENDING)


@pytest.fixture(scope="module", autouse=True)
def offline() -> Iterator[None]:
    """URL ingest answers at once instead of trying the network."""
    from sitrep.sources.fetch import FetchError

    def refuse(address: str, **_: object):
        raise FetchError(f"{address}: no network in tests")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sitrep.sources.fetch.fetch_document", refuse)
        yield


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every CI run
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_api_conforms_to_its_schema(case) -> None:
    """Every default check, on every operation: the schema states what the handlers enforce (an article
    needs text, html or url; unknown references are 404), so schema-valid requests are accepted."""
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"})
