"""Ingest and re-analysis: articles through the pipeline into the store, exactly once each.

Crash safety comes from the transaction boundary: one document and all its facts commit together,
so a process killed at any moment leaves whole documents or nothing, and a rerun skips what is in.
Workers (processes, or a Dask cluster) only run the pipeline; the parent alone writes, in input order.
"""

from __future__ import annotations

import getpass
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..config import Config
from ..model import Document
from ..pipeline import Pipeline
from ..pipeline.parallel import Analysed, analyse, pipeline_version
from ..sources import Article, Failure, Item, Known
from . import hooks, neardup
from .engine import Store
from .tables import AuditEntry, DocumentBand, DocumentRow
from .write import (
    content_hash,
    delete_facts,
    document_row,
    update_document_row,
    write_document_search,
    write_facts,
)

# Progress callback: (outcome, origin) with outcome stored | duplicate | near_duplicate | failed.
Progress = Callable[[str, str], None]


@dataclass
class Stats:
    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0  # stored and linked to an earlier copy of the same story
    failures: list[Failure] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)
    seconds: float = 0.0
    keys: list[str] = field(default_factory=list)  # the documents stored (or re-analysed), in order
    hooks: dict[str, Any] = field(default_factory=dict)  # after-ingest hook -> what it reported

    @property
    def rate(self) -> float:
        done = self.stored + self.duplicates + len(self.failures)
        return done / self.seconds if self.seconds else 0.0


# -- ingest ----------------------------------------------------------------------------------------------


def ingest(
    store: Store,
    items: Iterable[Item | Known],
    *,
    config: Config | None = None,
    pipeline: Pipeline | None = None,
    workers: int = 1,
    dask: str | None = None,
    progress: Progress | None = None,
    by: str | None = None,
) -> Stats:
    """Analyse and store every new article among ``items``; report failures and duplicates.

    ``dask``: ``"local"`` or a scheduler address; the pipeline runs there, this process writes.
    ``by``: who the audit names as having stored them (the API's token holder); else the OS user.
    """
    config = config or (pipeline.config if pipeline else Config())
    stats = Stats()
    notify = progress or (lambda outcome, origin: None)
    fresh = _fresh(store, items, stats, notify)
    results = analyse(fresh, config, workers=workers, pipeline=pipeline, dask=dask, finish=_signature)
    pending: list[tuple[Article, Analysed]] = []
    for article, result in results:
        if isinstance(result, str):
            stats.failures.append(Failure(article.origin, result))
            notify("failed", article.origin)
            continue
        pending.append((article, result))
        if len(pending) >= config.batch_size:
            _store_batch(store, pending, stats, notify, by)
            pending = []
    _store_batch(store, pending, stats, notify, by)
    run_hooks(store, config, stats)
    stats.seconds = time.perf_counter() - stats.started
    return stats


def run_hooks(store: Store, config: Config, stats: Stats) -> None:
    """Every after-ingest hook of the configuration, once, over the documents just stored.

    A hook is ``module:function`` taking ``(session, keys)``; what it returns is kept in ``stats.hooks``
    (the number of new indicator triggers, say) for the face to report.
    """
    stats.hooks.update(hooks.run(store, stats.keys, config.after_ingest))


def _signature(document: Document) -> bytes:
    """The near-duplicate signature, computed in the worker that analysed the document."""
    return neardup.signature(document.text)


def _fresh(store: Store, items: Iterable[Item | Known], stats: Stats, notify: Progress) -> Iterator[Article]:
    """Articles not yet stored (by content hash or URL), before any pipeline time is spent on them."""
    hashes: set[str] = set()
    urls: set[str] = set()
    for item in items:
        if isinstance(item, Known):
            stats.duplicates += 1
            notify("duplicate", item.origin)
            continue
        if isinstance(item, Failure):
            stats.failures.append(item)
            notify("failed", item.origin)
            continue
        digest, url = content_hash(item.document.text), item.document.url
        if digest in hashes or (url and url in urls) or _stored(store, digest, url):
            stats.duplicates += 1
            notify("duplicate", item.origin)
            continue
        hashes.add(digest)
        if url:
            urls.add(url)
        yield item


def _stored(store: Store, digest: str, url: str | None) -> bool:
    match = DocumentRow.content_hash == digest
    if url:
        match = or_(match, DocumentRow.url == url)
    with store.engine.connect() as connection:  # a read, no ORM session needed
        return connection.scalar(select(DocumentRow.id).where(match).limit(1)) is not None


def _store_batch(store: Store, pending: list, stats: Stats, notify: Progress, by: str | None) -> None:
    """Write a batch of analysed documents in one transaction, each document whole.

    One commit per batch instead of per document: commits were a third of what the writing process
    spent. When anything in the batch fails (another writer stored the same article meanwhile), the
    batch is rolled back and each document written again in a transaction of its own, so one bad
    document costs itself only. A process killed mid-batch leaves whole documents or none of them.
    """
    if not pending:
        return
    try:
        with store.transaction() as session:
            written = [_write(session, article, result, by) for article, result in pending]
    except SQLAlchemyError:
        for article, result in pending:
            notify(_store(store, article, result, stats, by), article.origin)
        return
    for (article, _), (key, near) in zip(pending, written, strict=True):
        notify(_counted(stats, key, near), article.origin)


def _store(store: Store, article: Article, result: Analysed, stats: Stats, by: str | None = None) -> str:
    """Write one document in one transaction. Returns the outcome for the progress callback."""
    try:
        with store.transaction() as session:
            key, near = _write(session, article, result, by)
    except IntegrityError:
        # Another writer stored the same article between our check and our commit.
        if _stored(store, content_hash(result.document.text), result.document.url):
            stats.duplicates += 1
            return "duplicate"
        stats.failures.append(Failure(article.origin, "could not be stored: it conflicts with a stored fact"))
        return "failed"
    except SQLAlchemyError as exc:
        stats.failures.append(Failure(article.origin, f"could not be stored: {type(exc).__name__}"))
        return "failed"
    return _counted(stats, key, near)


def _write(session, article: Article, result: Analysed, by: str | None) -> tuple[str, bool]:
    """One document and all its facts, in the caller's transaction: (its key, a near-duplicate?)."""
    row = document_row(result.document, origin=article.origin, pipeline_version=result.version)
    row.minhash = result.extra
    near = neardup.find_near_duplicate(session, result.extra)
    if near:
        row.near_duplicate_of, row.near_duplicate_score = near
    session.add(row)
    session.flush()
    session.connection().execute(DocumentBand.__table__.insert(), neardup.band_rows(row.id, result.extra))
    write_document_search(session, row)
    write_facts(session, row, result.document)
    detail = {"origin": article.origin, "near_duplicate_of": row.near_duplicate_of}
    session.add(_audit("ingest", row, detail, by))
    return row.key, bool(near)


def _counted(stats: Stats, key: str, near: bool) -> str:
    stats.stored += 1
    stats.keys.append(key)
    if near:
        stats.near_duplicates += 1
        return "near_duplicate"
    return "stored"


def _audit(action: str, row: DocumentRow, detail: dict, by: str | None = None) -> AuditEntry:
    from .write import now

    return AuditEntry(
        at=now(),
        actor=by or _user(),
        action=action,
        target_kind="document",
        target_key=row.key,
        detail=detail,
    )


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


# -- re-analysis -------------------------------------------------------------------------------------------


def reanalyze(
    store: Store,
    *,
    config: Config | None = None,
    pipeline: Pipeline | None = None,
    workers: int = 1,
    dask: str | None = None,
    outdated_only: bool = False,
    progress: Progress | None = None,
) -> Stats:
    """Run the pipeline again over stored documents, replacing machine facts, never reviews."""
    config = config or (pipeline.config if pipeline else Config())
    if outdated_only and pipeline is None:
        pipeline = Pipeline(config)
    current = pipeline_version(pipeline) if outdated_only and pipeline else None
    stats = Stats()
    notify = progress or (lambda outcome, origin: None)
    articles = _stored_articles(store, current)
    for article, result in analyse(articles, config, workers=workers, pipeline=pipeline, dask=dask):
        if isinstance(result, str):
            stats.failures.append(Failure(article.origin, result))
            notify("failed", article.origin)
            continue
        with store.transaction() as session:
            row = session.scalar(select(DocumentRow).where(DocumentRow.key == article.document.id))
            delete_facts(session, row.id)
            update_document_row(row, result.document, result.version)
            write_facts(session, row, result.document)
            session.add(_audit("reanalyze", row, {"pipeline_version": result.version}))
        stats.stored += 1
        stats.keys.append(article.document.id)
        notify("stored", article.origin)
    run_hooks(store, config, stats)
    stats.seconds = time.perf_counter() - stats.started
    return stats


def _stored_articles(store: Store, skip_version: str | None, chunk: int = 200) -> Iterator[Article]:
    """Stored documents as fresh Documents, read in chunks so a large store never sits in memory."""
    last = 0
    while True:
        query = select(DocumentRow).where(DocumentRow.id > last).order_by(DocumentRow.id).limit(chunk)
        if skip_version:
            query = query.where(DocumentRow.pipeline_version != skip_version)
        with store.sessions() as session:
            rows = list(session.scalars(query))
        if not rows:
            return
        for row in rows:
            document = Document(
                text=row.text,
                id=row.key,
                title=row.title,
                source=row.source,
                url=row.url,
                published=row.published,
                body_start=row.body_start,
            )
            yield Article(row.origin or row.key, document)
        last = rows[-1].id


def count_documents(store: Store) -> int:
    with store.sessions() as session:
        return session.scalar(select(func.count()).select_from(DocumentRow)) or 0


def url_stored(store: Store, url: str) -> bool:
    """Whether an article from ``url`` is stored, so a feed skips it before fetching it again."""
    with store.sessions() as session:
        return session.scalar(select(DocumentRow.id).where(DocumentRow.url == url).limit(1)) is not None
