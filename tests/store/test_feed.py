"""``sitrep ingest --feed``: every new item once, from the feed's content or its fetched link."""

from __future__ import annotations

import sys

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from sitrep.cli import _register, app
from sitrep.sources import Article, Failure, Known
from sitrep.sources.feeds import read_feed
from sitrep.store import ingest
from sitrep.store.ingest import url_stored
from sitrep.store.tables import DocumentRow

from .test_fetch import PAGE, _Handler, serve

FULL_TEXT = "Belarus moved 40 trucks of ammunition to Gomel on Monday.\n\nOfficials in Minsk gave no reason."

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Border Watch</title><link>{base}/</link><description>News</description>
<item><title>Trucks to Gomel</title><link>{base}/story-1</link>
  <pubDate>Tue, 04 Oct 2022 08:00:00 GMT</pubDate>
  <content:encoded><![CDATA[<p>Belarus moved 40 trucks of ammunition to Gomel on Monday.</p>
  <p>Officials in Minsk gave no reason.</p>]]></content:encoded></item>
<item><title>Strike (feed title)</title><link>{base}/page.html</link>
  <pubDate>Mon, 10 Oct 2022 18:00:00 GMT</pubDate><description>A short teaser.</description></item>
<item><title>Gone</title><link>{base}/missing.html</link></item>
</channel></rss>"""


@pytest.fixture
def feed_server(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    with serve(tmp_path) as base:
        (tmp_path / "feed.xml").write_text(RSS.format(base=base), encoding="utf-8")
        (tmp_path / "junk.xml").write_text("<html><body>not a feed</body></html>", encoding="utf-8")
        yield base


def test_feed_items_from_content_or_link(feed_server):
    items = list(read_feed(f"{feed_server}/feed.xml", allow_private=True))
    first, second, third = items
    assert isinstance(first, Article) and isinstance(second, Article) and isinstance(third, Failure)
    assert first.document.text == FULL_TEXT  # from content:encoded, not fetched
    assert (
        first.document.title,
        str(first.document.published),
        first.document.source,
        first.document.url,
    ) == ("Trucks to Gomel", "2022-10-04", "Border Watch", f"{feed_server}/story-1")
    assert "Russia struck Kyiv with 12 missiles" in second.document.text  # the fetched page
    assert (second.document.title, str(second.document.published), second.document.source) == (
        "Strike on Kyiv",
        "2022-10-11",
        "Border Watch",
    )
    assert (third.origin, third.reason) == (f"{feed_server}/missing.html", "the server answered HTTP 404")


def test_feed_refused_without_allow_private_and_junk_reported(feed_server):
    [refused] = read_feed(f"{feed_server}/feed.xml")
    assert refused.reason.startswith("refused: 127.0.0.1 is a loopback address")
    [junk] = read_feed(f"{feed_server}/junk.xml", allow_private=True)
    assert junk.reason.startswith("not an RSS or Atom feed")


def test_feed_ingested_twice_fetches_and_stores_only_new_items(store, fake_pipeline, feed_server):
    seen = lambda link: url_stored(store, link)  # noqa: E731
    first = ingest(
        store, read_feed(f"{feed_server}/feed.xml", allow_private=True, seen=seen), pipeline=fake_pipeline
    )
    assert (first.stored, first.duplicates, len(first.failures)) == (2, 0, 1)
    _Handler.requests.clear()
    again = list(read_feed(f"{feed_server}/feed.xml", allow_private=True, seen=seen))
    assert [type(i) for i in again] == [Known, Known, Failure]
    assert _Handler.requests == ["/feed.xml", "/missing.html"]  # stored items are not fetched again
    second = ingest(store, iter(again), pipeline=fake_pipeline)
    assert (second.stored, second.duplicates, len(second.failures)) == (0, 2, 1)
    with store.sessions() as s:
        urls = sorted(s.scalars(select(DocumentRow.url)))
    assert urls == [f"{feed_server}/page.html", f"{feed_server}/story-1"]


def test_cli_feed(feed_server, tmp_path, fake_pipeline, monkeypatch):
    _register()
    monkeypatch.setattr(sys.modules["sitrep.pipeline.parallel"], "Pipeline", lambda config: fake_pipeline)
    args = [
        "ingest",
        "--feed",
        f"{feed_server}/feed.xml",
        "--allow-private",
        "--db",
        str(tmp_path / "f.db"),
        "-q",
    ]
    runner = CliRunner()
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.stderr
    assert f"skipped {feed_server}/missing.html: the server answered HTTP 404" in first.stderr
    assert "2 stored (0 near-duplicates linked), 0 already stored, 1 failed" in first.stderr
    second = runner.invoke(app, args)
    assert "0 stored (0 near-duplicates linked), 2 already stored, 1 failed" in second.stderr
