"""``sitrep serve``: the REST API and the analyst's web UI over the store."""

from __future__ import annotations

import typer

from . import app
from .common import db_option, open_db


@app.command()
def serve(
    db: str = db_option(),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    public_read: bool = typer.Option(
        False, "--public-read", help="Let requests without a token read (writes always need one)."
    ),
    allow_private_urls: bool = typer.Option(
        False, "--allow-private-urls", help="Let URL ingest fetch loopback and private addresses."
    ),
) -> None:
    """Serve the API (OpenAPI at /docs) and the UI; create tokens with `sitrep token create`."""
    import uvicorn

    from ..web import create_app
    from ..web.app import settle_memory

    store = open_db(db)  # fail here, with the CLI's message, before the server starts
    store.close()
    web = create_app(store.url, public_read=public_read, allow_private_urls=allow_private_urls)
    settle_memory()
    typer.echo(f"sitrep: serving http://{host}:{port}/ (API docs at /docs)", err=True)
    uvicorn.run(web, host=host, port=port, log_level="warning")
