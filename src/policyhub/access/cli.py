"""`policyhub admin token …`: create and revoke API tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from policyhub.access.roles import Role
from policyhub.cliutil import Format, print_json

if TYPE_CHECKING:
    from policyhub.access.tokens import TokenStore

admin_app = typer.Typer(
    add_completion=False, help="管理 API 令牌与角色 administration: API tokens and roles.", no_args_is_help=True
)
token_app = typer.Typer(
    add_completion=False,
    help="API 令牌 API tokens (stored hashed; the secret is shown once).",
    no_args_is_help=True,
)
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
    role: str = typer.Option(..., help=f"角色 One of: {ROLES}."),
    account: str | None = typer.Option(None, help="代表的账户 The account an account_holder token acts for."),
    platform: str | None = typer.Option(None, help="代表的平台 The platform a platform token acts for (e.g. BJ)."),
    label: str = typer.Option("", help="备注 A note saying who holds the token."),
    db: str | None = typer.Option(None, envvar="POLICYHUB_DB", help="数据库地址 Database URL."),
    fmt: Format = typer.Option(Format.text, "--format", help="输出格式 Output format."),
) -> None:
    """创建令牌 create a token; print its secret once (only its SHA-256 digest is stored)."""
    issued = _store(db, create=True).create(role, account=account, platform=platform, label=label)
    if fmt is Format.json:
        print_json({"id": issued.id, "token": issued.secret, "role": role, "account": account, "platform": platform})
    else:
        typer.echo(issued.secret)


@token_app.command("revoke")
def revoke(
    token_id: int = typer.Argument(..., help="令牌编号 The token's id (printed by create --format json)."),
    db: str | None = typer.Option(None, envvar="POLICYHUB_DB", help="数据库地址 Database URL."),
    format: Format = typer.Option(Format.text, "--format", help="输出格式 Output format."),
) -> None:
    """吊销令牌 revoke a token."""
    if not _store(db).revoke(token_id):
        from policyhub.errors import NotFound

        raise NotFound(f"没有编号为 {token_id} 的有效令牌 no live token with id {token_id}")
    if format == Format.json:
        print_json({"revoked": token_id})
    else:
        typer.echo(f"已吊销令牌 revoked token {token_id}")
