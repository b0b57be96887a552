"""Turning paths into articles: text and Markdown files, HTML pages, JSON Lines and CSV rows.

Every problem becomes a :class:`Failure` with the path (and line or row) and a reason, never an
exception, so one bad file in a folder of ten thousand costs that file only.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..config import DEFAULT_MAX_BYTES
from ..errors import InputError
from ..model import Document
from .reader import decode, make_document, read_text

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
ROW_SUFFIXES = {".jsonl", ".csv"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | ROW_SUFFIXES
ROW_FIELDS = ("text", "title", "url", "published", "source")


@dataclass
class Article:
    origin: str  # path, path:line or URL: where to look when something is wrong
    document: Document


@dataclass
class Failure:
    origin: str
    reason: str


@dataclass
class Known:
    """An item already stored, found so before fetching it (a feed's old items): counted, not read."""

    origin: str


Item = Article | Failure


def expand(paths: Iterable[str | Path]) -> Iterator[Path | Failure]:
    """Files named and files in folders (recursively, sorted; hidden files and a folder's own
    documentation — README, LICENSE, NOTICE — skipped: they describe the articles, they are none)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not _hidden(child.relative_to(path)):
                    yield child
        elif path.exists():
            yield path
        else:
            yield Failure(str(path), "no such file or folder")


_FOLDER_DOCS = ("readme", "license", "licence", "notice", "copying")


def _hidden(relative: Path) -> bool:
    if relative.stem.lower() in _FOLDER_DOCS:
        return True
    return any(part.startswith(".") for part in relative.parts)


def count(paths: Iterable[str | Path]) -> int:
    """Articles the paths hold, for a progress bar (rows of JSON Lines and CSV files counted)."""
    total = 0
    for path in expand(paths):
        if isinstance(path, Failure) or path.suffix.lower() not in ROW_SUFFIXES:
            total += 1
            continue
        try:
            with path.open("rb") as fh:
                total += sum(1 for line in fh if line.strip()) - (path.suffix.lower() == ".csv")
        except OSError:
            total += 1
    return total


def read(paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    for path in expand(paths):
        if isinstance(path, Failure):
            yield path
            continue
        suffix = path.suffix.lower()
        try:
            if suffix in TEXT_SUFFIXES:
                yield Article(str(path), make_document(read_text(path, max_bytes)))
            elif suffix in HTML_SUFFIXES:
                yield Article(str(path), html_document(_read_bytes(path, max_bytes), str(path)))
            elif suffix == ".jsonl":
                yield from _jsonl(path, max_bytes)
            elif suffix == ".csv":
                yield from _csv(path, max_bytes)
            else:
                known = " ".join(sorted(SUFFIXES))
                yield Failure(str(path), f"unsupported file type {suffix or '(none)'}; sitrep reads {known}")
        except InputError as exc:
            yield Failure(str(path), exc.message.removeprefix(f"{path}: "))
        except OSError as exc:
            yield Failure(str(path), exc.strerror or str(exc))


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"{size:,} bytes is over the limit of {max_bytes:,} bytes for one article")
    return path.read_bytes()


def html_document(raw: bytes, origin: str, url: str | None = None) -> Document:
    """The main text of an HTML page (trafilatura drops navigation, ads and comments)."""
    import trafilatura

    html = decode(raw, origin)
    extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if extracted is None:
        raise InputError(f"{origin}: no article text found in the HTML")
    meta = extracted if isinstance(extracted, dict) else extracted.as_dict()
    text = (meta.get("text") or "").strip()
    if not text:
        raise InputError(f"{origin}: no article text found in the HTML")
    return make_document(
        text,
        title=meta.get("title") or None,
        published=_date(meta.get("date"), origin),
        source=meta.get("sitename") or None,
        url=url or meta.get("url") or None,
    )


def row_document(row: dict[str, Any], origin: str, max_bytes: int) -> Document:
    """One article from a JSON Lines or CSV row with text, title, url, published, source."""
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{origin}: the row has no text")
    if len(text.encode("utf-8")) > max_bytes:
        raise InputError(f"{origin}: the text is over the limit of {max_bytes:,} bytes for one article")
    return make_document(
        text,
        title=_str(row.get("title")),
        url=_str(row.get("url")),
        source=_str(row.get("source")),
        published=_date(row.get("published"), origin),
    )


def _jsonl(path: Path, max_bytes: int) -> Iterator[Item]:
    with path.open("r", encoding="utf-8", errors="strict") as fh:
        for number, line in enumerate(_safe_lines(fh, path), start=1):
            if isinstance(line, Failure):
                yield line
                return
            if not line.strip():
                continue
            origin = f"{path}:{number}"
            try:
                row = json.loads(line.rstrip("\r\n"))
                if not isinstance(row, dict):
                    raise InputError(f"{origin}: a line must hold a JSON object")
                yield Article(origin, row_document(row, origin, max_bytes))
            except json.JSONDecodeError as exc:
                yield Failure(origin, f"not valid JSON ({exc.msg} column {exc.colno})")
            except InputError as exc:
                yield Failure(origin, exc.message.removeprefix(f"{origin}: "))


def _safe_lines(fh, path: Path) -> Iterator[str | Failure]:
    try:
        yield from fh
    except UnicodeDecodeError as exc:
        yield Failure(str(path), f"not valid UTF-8 (byte {exc.start}); convert it to UTF-8 first")


def _csv(path: Path, max_bytes: int) -> Iterator[Item]:
    csv.field_size_limit(min(sys.maxsize, max_bytes + 1))
    with path.open("r", encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "text" not in reader.fieldnames:
            yield Failure(
                str(path), f"a CSV file needs a header with a 'text' column (and any of {ROW_FIELDS})"
            )
            return
        try:
            for row in reader:
                origin = f"{path}:{reader.line_num}"
                try:
                    yield Article(origin, row_document(row, origin, max_bytes))
                except InputError as exc:
                    yield Failure(origin, exc.message.removeprefix(f"{origin}: "))
        except (csv.Error, UnicodeDecodeError) as exc:
            yield Failure(
                f"{path}:{reader.line_num}", f"unreadable CSV ({exc}); the rest of the file is skipped"
            )


def _str(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _date(value: Any, origin: str) -> date | None:
    """YYYY-MM-DD or an ISO timestamp; anything else is refused rather than guessed."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10]) if len(text) <= 10 else datetime.fromisoformat(text).date()
    except ValueError:
        raise InputError(f"{origin}: published {text!r} is not a YYYY-MM-DD date") from None
