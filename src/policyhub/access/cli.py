"""`policyhub admin token …`: create and revoke API tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from policyhub.access.roles import Role
from policyhub.cliutil import Format, print_json

if TYPE_CHECKING:
    from policyhub.access.tokens import TokenStore

admin_app = typer.Typer(help="Administration: API tokens and roles.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens (stored hashed; the secret is shown once).", no_args_is_help=True)
admin_app.add_typer(token_app, name="token")

ROLES = ", ".join(r.value for r in Role)


def _store(db: str | None, create: bool = False) -> TokenStore:
    from policyhub.access import schema
    from policyhub.access.tokens import TokenStore
    from policyhub.gec.registry import Registry

    registry = Registry.open(db, create=create)  # only `create` may start a new database: a typo in revoke must not
    schema.upgrade(registry.engine)
    return TokenStore(registry.engine, journal=registry.apply)


@token_app.command("create")
def create(
    role: str = typer.Option(..., help=f"One of: {ROLES}."),
    account: str | None = typer.Option(None, help="The account an account_holder token acts for."),
    platform: str | None = typer.Option(None, help="The platform a platform token acts for (e.g. BJ)."),
    label: str = typer.Option("", help="A note saying who holds the token."),
    db: str | None = typer.Option(None, envvar="POLICYHUB_DB", help="Database URL."),
    fmt: Format = typer.Option(Format.text, "--format"),
) -> None:
    """Create a token; print its secret once (only its SHA-256 digest is stored)."""
    issued = _store(db, create=True).create(role, account=account, platform=platform, label=label)
    if fmt is Format.json:
        print_json({"id": issued.id, "token": issued.secret, "role": role, "account": account, "platform": platform})
    else:
        typer.echo(issued.secret)


@token_app.command("revoke")
def revoke(
    token_id: int = typer.Argument(..., help="The token's id (printed by create --format json)."),
    db: str | None = typer.Option(None, envvar="POLICYHUB_DB", help="Database URL."),
) -> None:
    """Revoke a token."""
    if not _store(db).revoke(token_id):
        from policyhub.errors import NotFound

        raise NotFound(f"no live token with id {token_id}")
    typer.echo(f"revoked token {token_id}")
