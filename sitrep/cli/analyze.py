"""``sitrep analyze ARTICLE``: one article in, its facts out."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from ..errors import SitrepError
from . import app
from .common import Format, error, parse_date


@app.command()
def analyze(
    article: Path = typer.Argument(
        ..., help="Plain-text article (UTF-8); a first line that is a title is fine."
    ),
    published: str = typer.Option(None, "--published", help="Publication date YYYY-MM-DD (else inferred)."),
    fmt: Format = typer.Option(
        Format.table, "--format", "-f", help="json: the document analysis; table: a report."
    ),
    model: str = typer.Option(
        None, "--model", help="spaCy model name or path (default: en_core_web_sm if installed)."
    ),
    lang: str = typer.Option(
        None, "--lang", help="Read the article as this language (en, ru, uk) instead of the detected one."
    ),
) -> None:
    """Analyse one article: entities, times, quantities, events, statements, forecasts."""
    from .. import Config, Pipeline
    from ..sources.reader import make_document, read_text
    from .render import render_document

    try:
        pub = parse_date(published, "--published")
        text = read_text(article)
        document = make_document(text, published=pub, language=lang)
        pipeline = Pipeline(Config(model=model, language=lang) if model else Config(language=lang))
        document = pipeline(document)
    except SitrepError as exc:
        typer.echo(f"sitrep: error: {exc}", err=True)
        raise typer.Exit(2) from None
    if fmt is Format.csv:
        raise error("--format csv is for lists; use table or json")
    if fmt is Format.json:
        json.dump(document.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        render_document(document)
