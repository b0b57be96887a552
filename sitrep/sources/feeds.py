"""RSS and Atom feeds: every item not yet stored becomes an article.

The feed and every linked page go through the same guarded fetcher as ``--url``. An item whose
feed carries its full content (``content:encoded``, Atom ``content``) is read from the feed; one
that only links is fetched. Items whose link is already stored are skipped before any fetch, so
polling a feed every hour costs one request plus the new items.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from ..errors import SitrepError
from .fetch import MAX_BYTES, FetchError, fetch, fetch_document
from .files import Article, Failure, Item, Known
from .reader import make_document

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
        "text/plain",
    }
)


def read_feed(
    url: str,
    *,
    allow_private: bool = False,
    seen: Callable[[str], bool] | None = None,
    max_bytes: int = MAX_BYTES,
) -> Iterator[Item | Known]:
    """The feed's items as articles (or failures); ``seen(link)`` skips stored ones unfetched."""
    import feedparser

    try:
        page = fetch(url, allow_private=allow_private, accept=FEED_TYPES, max_bytes=max_bytes)
    except FetchError as exc:
        yield Failure(url, exc.message)
        return
    parsed = feedparser.parse(page.body)  # bytes, so feedparser itself never goes to the network
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        why = getattr(parsed, "bozo_exception", None) or "no items"
        yield Failure(url, f"not an RSS or Atom feed ({why})")
        return
    source = parsed.feed.get("title") or None
    for n, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link") or None
        origin = link or f"{url}#item-{n}"
        if link and seen and seen(link):
            yield Known(origin)
            continue
        try:
            yield Article(origin, _entry_document(entry, link, source, allow_private, max_bytes))
        except SitrepError as exc:
            yield Failure(origin, exc.message.removeprefix(f"{origin}: "))


def _entry_document(entry: Any, link: str | None, source: str | None, allow_private: bool, max_bytes: int):
    title = entry.get("title") or None
    published = _entry_date(entry)
    text = _content_text(entry)
    if text:
        return make_document(text, title=title, published=published, source=source, url=link)
    if not link:
        raise FetchError("the item has neither content nor a link")
    document = fetch_document(link, allow_private=allow_private, max_bytes=max_bytes)
    document.title = document.title or title
    document.published = document.published or published
    document.source = source or document.source  # the feed names the outlet; a page often only its host
    return document


def _content_text(entry: Any) -> str | None:
    """The item's full text when the feed carries it (HTML reduced to paragraphs of plain text)."""
    for content in entry.get("content") or []:
        value = (content.get("value") or "").strip()
        if not value:
            continue
        text = _html_text(value) if "html" in (content.get("type") or "") else value
        if text.strip():
            return text.strip()
    return None


def _html_text(fragment: str) -> str:
    import lxml.html

    root = lxml.html.fromstring(f"<div>{fragment}</div>")
    for block in root.iter("p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote"):
        block.tail = "\n\n" + (block.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n\n"))
    return "\n\n".join(line for line in lines if line)


def _entry_date(entry: Any) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return date(*parsed[:3]) if parsed else None
