"""What every `policyhub gec` command shares: the --db and --format options, the console, opening the registry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from policyhub.cliutil import Format

if TYPE_CHECKING:
    from .registry import Registry

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", envvar="POLICYHUB_DB", help="数据库地址 Database URL (默认 default sqlite:///policyhub.sqlite)."
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", help="输出格式 Output format.")]
AccountArg = Annotated[str, typer.Argument(help="账户 Account.")]
console = Console()


def open_registry(db: str | None, create: bool = False) -> Registry:
    """Open the registry; only commands that write (`apply`, `import-*`) may create a new database, and say so."""
    from .adapters.db import resolve_url, sqlite_file, will_create
    from .registry import Registry

    url = resolve_url(db)
    new = create and will_create(url)
    reg = Registry.open(url, create=create)
    if new:
        Console(stderr=True).print(
            f"已新建数据库 created a new database: {sqlite_file(url)}", highlight=False, soft_wrap=True
        )
    return reg
