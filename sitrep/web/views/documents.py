"""Documents: the list, ingest (POST), the JSON contract, and the reader page."""

# ruff: noqa: B008 - FastAPI declares parameters with Depends()/Query() defaults

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ...errors import SitrepError
from .. import highlight, records
from ..auth import Principal, analyst, reader
from ..render import page
from ..types import IsoDate
from .params import Page, paging

router = APIRouter()


class DocumentIn(BaseModel):
    """An article to analyse and store: its text, or an HTML page, or (with the fetcher) a URL."""

    text: str | None = Field(None, description="Plain text of the article.")
    html: str | None = Field(None, description="An HTML page; its main text is extracted.")
    url: str | None = Field(None, max_length=2000, description="The article's address; alone, it is fetched.")
    title: str | None = Field(None, max_length=1000)
    source: str | None = Field(None, max_length=200)
    published: IsoDate | None = None


@router.get("/api/documents", tags=["documents"])
def list_documents(
    request: Request, page_: Page = Depends(paging), who: Principal = Depends(reader)
) -> list[dict[str, Any]]:
    """Stored documents, the newest first, with their fact counts."""
    with request.app.state.store.sessions() as session:
        return records.documents(session, limit=page_.limit, offset=page_.offset)


@router.get("/", include_in_schema=False)
def home(request: Request, page_: Page = Depends(paging), who: Principal = Depends(reader)):
    with request.app.state.store.sessions() as session:
        docs = records.documents(session, limit=page_.limit, offset=page_.offset)
    return page(request, "home.html", {"documents": docs}, who)


@router.post(
    "/api/documents",
    status_code=201,
    tags=["documents"],
    responses={
        200: {"description": "Already stored"},
        413: {"description": "Too large"},
        422: {"description": "Not an article"},
    },
)
def create_document(body: DocumentIn, request: Request, who: Principal = Depends(analyst)):
    """Analyse an article and store it with its facts (once: a duplicate answers 200 with its id)."""
    from ...sources import Article
    from ...store import ingest
    from ...store.write import content_hash

    document = _document(body, request)
    app = request.app
    with app.state.pipeline_lock:
        if app.state.pipeline is None:
            from ...pipeline import Pipeline

            app.state.pipeline = Pipeline()
        stats = ingest(app.state.store, [Article(f"api:{who.name}", document)], pipeline=app.state.pipeline)
    if stats.failures:
        raise HTTPException(422, stats.failures[0].reason)
    from sqlalchemy import or_, select

    from ...store.tables import DocumentRow

    match = DocumentRow.content_hash == content_hash(document.text)
    if document.url:
        match = or_(match, DocumentRow.url == document.url)
    with app.state.store.sessions() as session:
        row = session.scalar(select(DocumentRow).where(match).limit(1))
        out = records.document(session, row)
    if stats.duplicates:
        return JSONResponse({"duplicate": True, **out}, status_code=200)
    return {"duplicate": False, **out}


def _document(body: DocumentIn, request: Request):
    from ...sources.reader import make_document

    try:
        if body.text is not None and body.text.strip():
            return make_document(
                body.text, title=body.title, published=body.published, source=body.source, url=body.url
            )
        if body.html is not None and body.html.strip():
            from ...sources import html_document

            doc = html_document(body.html.encode("utf-8"), "api", url=body.url)
        elif body.url:
            doc = _fetch(body.url, request)
        else:
            raise HTTPException(422, "give the article as `text`, `html` or `url`")
    except SitrepError as exc:
        raise HTTPException(422, exc.message) from None
    doc.title = body.title or doc.title
    doc.source = body.source or doc.source
    doc.published = body.published or doc.published
    return doc


def _fetch(url: str, request: Request):
    """A URL through the store's guarded fetcher: public addresses only, bounded size and time."""
    from ...sources.fetch import fetch_document

    return fetch_document(url, allow_private=request.app.state.allow_private_urls)


@router.get("/api/documents/{ref}", tags=["documents"])
def get_document(ref: str, request: Request, who: Principal = Depends(reader)) -> dict[str, Any]:
    """The JSON contract of ``sitrep analyze`` plus stored ids, each fact with its key and review."""
    with request.app.state.store.sessions() as session:
        row = records.document_row(session, ref)
        if row is None:
            raise HTTPException(404, f"no document {ref!r}")
        return records.document(session, row)


@router.get("/documents/{ref}", include_in_schema=False)
def reader_page(ref: str, request: Request, who: Principal = Depends(reader)):
    with request.app.state.store.sessions() as session:
        row = records.document_row(session, ref)
        if row is None:
            raise HTTPException(404, f"no document {ref!r}")
        data = records.document(session, row)
        text = row.text
    start = data["stored"]["body_start"]
    names = {e["id"]: e["name"] for e in data["entities"]}
    return page(
        request, "reader.html", data, who, segments=highlight.segments(text, data, start), names=names
    )
