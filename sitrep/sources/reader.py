"""Reading untrusted article files into Documents: clear errors, never a traceback."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from ..config import DEFAULT_MAX_BYTES
from ..errors import InputError
from ..model import Document
from .language import normalise_language

# A title line: short, no sentence-final punctuation, followed by a blank line.
_TITLE_MAX_CHARS = 200
_FRONT_MATTER_KEYS = {"title", "source", "outlet", "url", "published", "date", "language", "lang"}


def read_text(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a UTF-8 text file, refusing what is not an article."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if not p.is_file():
        raise InputError(f"{p}: not a regular file")
    size = p.stat().st_size
    if size > max_bytes:
        raise InputError(f"{p}: {size:,} bytes is over the limit of {max_bytes:,} bytes for one article")
    raw = p.read_bytes()
    return decode(raw, str(p))


def decode(raw: bytes, name: str = "input") -> str:
    if not raw.strip():
        raise InputError(f"{name}: the file is empty")
    if b"\x00" in raw[:8192]:
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 (byte {exc.start}); convert it to UTF-8 first") from None
    if not text.strip():
        raise InputError(f"{name}: the file holds no text")
    # As Python's text mode reads files: offsets then agree with open(path).read().
    return text.replace("\r\n", "\n").replace("\r", "\n")


def make_document(
    text: str,
    *,
    title: str | None = None,
    published: date | None = None,
    source: str | None = None,
    url: str | None = None,
    doc_id: str | None = None,
    language: str | None = None,
) -> Document:
    """Build a Document, reading a front-matter header or a title line if the text has one.

    ``language`` (ISO 639-1) overrides the front matter's ``language:``. With neither, the language
    stays unknown here and the pipeline detects it, in the worker that analyses the text: detection
    costs a few milliseconds an article, which the process that reads and writes must not spend.
    """
    meta, front_matter_end = _front_matter(text)
    body_start = front_matter_end
    if title is None and "title" in meta:
        title = meta["title"]
    if source is None:
        source = meta.get("source") or meta.get("outlet")
    if url is None:
        url = meta.get("url")
    if published is None and (meta.get("published") or meta.get("date")):
        try:
            published = date.fromisoformat(meta.get("published") or meta["date"])
        except ValueError:
            raise InputError(
                f"front matter date {meta.get('published') or meta['date']!r} is not YYYY-MM-DD"
            ) from None
    line_title, after_title = _title_line(text, body_start)
    if title is None or line_title == title:
        title, body_start = title or line_title, after_title
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(
        text=text,
        id=doc_id or digest[:16],
        title=title,
        source=source,
        url=url,
        published=published,
        language=normalise_language(language or meta.get("language") or meta.get("lang")),
        body_start=body_start,
        front_matter_end=front_matter_end,
    )


def _front_matter(text: str) -> tuple[dict[str, str], int]:
    """``---``-delimited ``key: value`` lines at the top, as the bundled samples carry."""
    if not text.startswith("---\n"):
        return {}, 0
    end = text.find("\n---\n", 4)
    if end < 0:
        return {}, 0
    meta = {}
    for line in text[4:end].splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() in _FRONT_MATTER_KEYS:
            meta[key.strip().lower()] = value.strip()
    return meta, end + 5


_TITLE_RE = re.compile(rf"[ \t]*([^\n]{{1,{_TITLE_MAX_CHARS}}}?)[ \t]*\n[ \t]*\n")


def _title_line(text: str, offset: int) -> tuple[str | None, int]:
    m = _TITLE_RE.match(text, offset)
    if not m or m.group(1).rstrip()[-1:] in '.?!:;,"”':
        return None, offset
    return m.group(1), m.end()
