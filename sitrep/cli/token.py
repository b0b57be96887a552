"""``sitrep token``: API tokens for the web face (reader, analyst, admin)."""

from __future__ import annotations

import typer

from . import app
from .common import db_option, open_db

token_app = typer.Typer(
    help="API tokens: reader (GET), analyst (review, ingest), admin (tokens).", no_args_is_help=True
)
app.add_typer(token_app, name="token")


@token_app.command("create")
def create(
    role: str = typer.Option(..., "--role", help="reader | analyst | admin"),
    name: str = typer.Option(..., "--name", help="Who holds the token (shown in reviews and the audit)."),
    db: str = db_option(),
) -> None:
    """Create a token and print it once: only its SHA-256 is stored, so it cannot be shown again."""
    from ..store.tokens import ROLES, create_token

    if role not in ROLES:
        typer.echo(f"sitrep: error: --role must be one of {', '.join(ROLES)}, not {role!r}", err=True)
        raise typer.Exit(2)
    token = create_token(open_db(db), name, role)
    typer.echo(token)
    typer.echo(f"token for {name} ({role}); it is shown only this once", err=True)


@token_app.command("list")
def list_tokens(db: str = db_option()) -> None:
    """Token holders and roles (never the tokens)."""
    from ..store.tokens import list_tokens

    for t in list_tokens(open_db(db)):
        state = " (revoked)" if t.revoked else ""
        typer.echo(f"{t.id}\t{t.name}\t{t.role}\t{t.created_at:%Y-%m-%d}{state}")


@token_app.command("revoke")
def revoke(
    token_id: int = typer.Argument(..., help="The id `sitrep token list` shows."), db: str = db_option()
) -> None:
    """Revoke a token: requests with it get 401 from now on."""
    from ..store.tokens import revoke_token

    if not revoke_token(open_db(db), token_id):
        typer.echo(f"sitrep: error: no token {token_id}", err=True)
        raise typer.Exit(2)
    typer.echo(f"revoked token {token_id}")
