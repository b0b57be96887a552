"""Documents: the list, ingest (POST), the JSON contract, and the reader page."""

# ruff: noqa: B008 - FastAPI declares parameters with Depends()/Query() defaults

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import ConfigDict, Field, model_validator

from ...errors import InputError, SitrepError
from ...sources.fetch import FetchError
from ...store import facts
from .. import highlight
from ..auth import Principal, analyst, reader
from ..render import page
from ..types import Body, IsoDate
from .params import Page, paging

router = APIRouter()


MAX_TEXT_CHARS = 1_000_000  # the parser's limit (spaCy's max_length): a longer text is no article
_NOT_BLANK = r"\S"
_ONE_OF = [
    {"required": [name], "properties": {name: {"type": "string", "pattern": _NOT_BLANK}}}
    for name in ("text", "html", "url")
]


class DocumentIn(Body):
    """An article to analyse and store: its text, or an HTML page, or (with the fetcher) a URL.

    At least one of the three, not blank. A text over 1,000,000 characters is refused with 413.
    """

    model_config = ConfigDict(json_schema_extra={"anyOf": _ONE_OF})

    text: str | None = Field(
        None, description=f"Plain text of the article (at most {MAX_TEXT_CHARS:,} characters, else 413)."
    )
    html: str | None = Field(None, description="An HTML page; its main text is extracted.")
    url: str | None = Field(
        None,
        max_length=2000,
        pattern=r"^https?://[^\s/?#]+\S*$",
        description="The article's address (http or https); alone, it is fetched (404 when nothing can be).",
    )
    title: str | None = Field(None, max_length=1000)
    source: str | None = Field(None, max_length=200)
    published: IsoDate | None = None

    @model_validator(mode="after")
    def _something(self):
        if not any((v or "").strip() for v in (self.text, self.html, self.url)):
            raise ValueError("give the article as `text`, `html` or `url` (not blank)")
        return self


def _documents(request: Request, p: Page) -> dict[str, Any]:
    """Stored articles, newest ingest first, with how many facts each holds (rejected ones not counted)."""
    from sqlalchemy import func, select

    from ...store import reviews as store_reviews
    from ...store.tables import DocumentRow, EventRow, ForecastRow, StatementRow

    with request.app.state.store.sessions() as session:
        total = session.scalar(select(func.count()).select_from(DocumentRow)) or 0
        rows = list(
            session.execute(
                select(
                    DocumentRow.id,
                    DocumentRow.key,
                    DocumentRow.title,
                    DocumentRow.source,
                    DocumentRow.url,
                    DocumentRow.published,
                )
                .order_by(DocumentRow.id.desc())
                .offset(p.offset)
                .limit(p.limit)
            )
        )
        ids = [r.id for r in rows]
        counts: dict[str, dict[int, int]] = {}
        for kind, table in (("events", EventRow), ("statements", StatementRow), ("forecasts", ForecastRow)):
            query = (
                select(table.document_id, func.count())
                .where(table.document_id.in_(ids))
                .group_by(table.document_id)
            )
            fact_kind = kind[:-1]
            if store_reviews.any_rejected(session, fact_kind):
                query = query.where(table.fact_key.not_in(store_reviews.rejected_keys(fact_kind)))
            counts[kind] = dict(session.execute(query).all()) if ids else {}
    items = [
        {
            "id": r.id,
            "key": r.key,
            "title": r.title,
            "source": r.source,
            "url": r.url,
            "published": r.published.isoformat() if r.published else None,
            **{kind: counts[kind].get(r.id, 0) for kind in counts},
        }
        for r in rows
    ]
    return {"total": total, "offset": p.offset, "limit": p.limit, "items": items}


@router.get("/api/documents", tags=["documents"])
def list_documents(
    request: Request, page_: Page = Depends(paging), who: Principal = Depends(reader)
) -> dict[str, Any]:
    """Stored documents, the newest first, with their fact counts: a page and the total."""
    return _documents(request, page_)


@router.get("/", include_in_schema=False)
def home(request: Request, page_: Page = Depends(paging), who: Principal = Depends(reader)):
    return page(request, "home.html", _documents(request, page_), who, args="")


@router.post(
    "/api/documents",
    status_code=201,
    tags=["documents"],
    responses={
        200: {"description": "Already stored"},
        404: {"description": "Nothing could be fetched from `url`"},
        413: {"description": f"Body over the size limit, or text over {MAX_TEXT_CHARS:,} characters"},
        422: {"description": "Not an article"},
    },
)
def create_document(body: DocumentIn, request: Request, who: Principal = Depends(analyst)):
    """Analyse an article and store it with its facts (once: a duplicate answers 200 with its id).

    The audit names the token's holder as the one who ingested it.
    """
    from ...sources import Article
    from ...store import ingest
    from ...store.write import content_hash

    document = _document(body, request)
    if len(document.text) > MAX_TEXT_CHARS:
        raise HTTPException(
            413,
            f"text of {len(document.text):,} characters is over the limit of {MAX_TEXT_CHARS:,} characters",
        )
    app = request.app
    with app.state.pipeline_lock:
        if app.state.pipeline is None:
            from ...pipeline import Pipeline

            app.state.pipeline = Pipeline()
        stats = ingest(
            app.state.store, [Article(f"api:{who.name}", document)], pipeline=app.state.pipeline, by=who.name
        )
    if stats.failures:
        raise HTTPException(422, stats.failures[0].reason)
    from sqlalchemy import or_, select

    from ...store.tables import DocumentRow

    match = DocumentRow.content_hash == content_hash(document.text)
    if document.url:
        match = or_(match, DocumentRow.url == document.url)
    with app.state.store.sessions() as session:
        row = session.scalar(select(DocumentRow).where(match).limit(1))
        out = _contract(session, row)
    if stats.duplicates:
        return JSONResponse({"duplicate": True, **out}, status_code=200)
    return {"duplicate": False, **out}


def _document(body: DocumentIn, request: Request):
    from ...sources.reader import make_document

    try:
        if body.text is not None and body.text.strip():
            if len(body.text) > MAX_TEXT_CHARS:
                raise HTTPException(
                    413,
                    f"text of {len(body.text):,} characters is over the limit of {MAX_TEXT_CHARS:,} characters",
                )
            return make_document(
                body.text, title=body.title, published=body.published, source=body.source, url=body.url
            )
        if body.html is not None and body.html.strip():
            doc = _from_html(body)
        elif body.url:
            doc = _fetch(body.url, request)
        else:
            raise HTTPException(422, "give the article as `text`, `html` or `url`")
    except FetchError as exc:
        raise HTTPException(404, f"nothing to store from that address: {exc.message}") from None
    except SitrepError as exc:
        raise HTTPException(422, exc.message) from None
    doc.title = body.title or doc.title
    doc.source = body.source or doc.source
    doc.published = body.published or doc.published
    return doc


def _from_html(body: DocumentIn):
    """The page's main text (trafilatura); a fragment with no article structure keeps its visible text."""
    from ...sources import html_document
    from ...sources.reader import make_document

    try:
        return html_document(body.html.encode("utf-8"), "api", url=body.url)
    except InputError:
        text = _visible_text(body.html)
        if not text:
            raise
        return make_document(
            text, title=body.title, published=body.published, source=body.source, url=body.url
        )


def _visible_text(html: str) -> str:
    import lxml.html
    from lxml.etree import ParserError

    try:
        tree = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return ""
    for hidden in tree.xpath("//script|//style|//noscript|//template"):
        hidden.drop_tree()
    return " ".join(tree.text_content().split())


def _fetch(url: str, request: Request):
    """A URL through the store's guarded fetcher: public addresses only, bounded size and time."""
    from ...sources.fetch import fetch_document

    return fetch_document(url, allow_private=request.app.state.allow_private_urls)


def _row(session, ref: str):
    """A document by its numeric store id or its key."""
    from sqlalchemy import select

    from ...store.tables import DocumentRow

    if ref.isascii() and ref.isdigit() and len(ref) < 18:  # "²".isdigit() is True, int("²") fails
        row = session.get(DocumentRow, int(ref))
        if row is not None:
            return row
    return session.scalar(select(DocumentRow).where(DocumentRow.key == ref))


def _contract(session, row, document=None) -> dict[str, Any]:
    """The JSON contract of ``sitrep analyze`` plus stored ids, each fact with its key and review.

    Rejected facts stay in (marked by their review) so the reader can show what an analyst struck out.
    """
    doc = document or facts.document(session, row.key, include_rejected=True)
    out = doc.to_dict()
    out["stored"] = {
        "id": row.id,
        "key": row.key,
        "origin": row.origin,
        "ingested_at": row.ingested_at.isoformat(),
        "analyzed_at": row.analyzed_at.isoformat(),
        "pipeline_version": row.pipeline_version,
        "near_duplicate_of": row.near_duplicate_of,
        "body_start": row.body_start,
    }
    return out


@router.get("/api/documents/{ref}", tags=["documents"])
def get_document(ref: str, request: Request, who: Principal = Depends(reader)) -> dict[str, Any]:
    """The JSON contract of ``sitrep analyze`` plus stored ids, each fact with its key and review."""
    with request.app.state.store.sessions() as session:
        row = _row(session, ref)
        if row is None:
            raise HTTPException(404, f"no document {ref!r}")
        return _contract(session, row)


@router.get("/documents/{ref}", include_in_schema=False)
def reader_page(ref: str, request: Request, who: Principal = Depends(reader)):
    from .facts import editable

    with request.app.state.store.sessions() as session:
        row = _row(session, ref)
        if row is None:
            raise HTTPException(404, f"no document {ref!r}")
        doc = facts.document(session, row.key, include_rejected=True)
        data = _contract(session, row, doc)
        text, start = row.text, row.body_start
    forms = {f.stored.key: editable(f, doc) for f in (*doc.events, *doc.statements, *doc.forecasts)}
    return page(
        request,
        "reader.html",
        data,
        who,
        doc=doc,
        forms=forms,
        paragraphs=highlight.paragraphs(text, doc, start),
    )
