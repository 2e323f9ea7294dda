"""The `policyhub` command: one Typer app with a sub-command per system."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from policyhub.access.cli import admin_app
from policyhub.digital.cli import app as digital_app
from policyhub.errors import InputError
from policyhub.firstset.cli import app as firstset_app
from policyhub.gec.cli import app as gec_app
from policyhub.library.cli import app as library_app
from policyhub.library.rules.cli import rules_app
from policyhub.web.cli import serve

app = typer.Typer(
    help="policyhub: China's 2024 industrial policy compilation run as software.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(digital_app, name="digital")
app.add_typer(gec_app, name="gec")
app.add_typer(firstset_app, name="firstset")
app.add_typer(library_app, name="library")
app.add_typer(rules_app, name="rules")
app.add_typer(admin_app, name="admin")
app.command("serve")(serve)


def main() -> None:
    """Run the CLI; bad input becomes a one-line message and exit code 2, never a traceback."""
    try:
        app()
    except InputError as exc:
        Console(stderr=True).print(f"[bold red]error:[/] {exc.message}", highlight=False)
        sys.exit(2)


if __name__ == "__main__":
    main()
