"""Reading articles: text, Markdown, HTML, JSON Lines and CSV files, web pages and feeds.

Everything that turns outside input into a :class:`~sitrep.model.Document` lives here, below the
pipeline and the store: ``read(paths)`` for files and folders, ``read_urls`` for addresses (through
a fetcher that refuses private and loopback addresses unless allowed), ``read_feed`` for RSS and
Atom. Each yields :class:`Article` or :class:`Failure`, never raises for one bad input.
"""

from __future__ import annotations

from .files import Article, Failure, Item, Known, count, expand, html_document, read
from .reader import decode, make_document, read_text

__all__ = [
    "Article",
    "Failure",
    "Item",
    "Known",
    "count",
    "decode",
    "expand",
    "html_document",
    "make_document",
    "read",
    "read_text",
]
