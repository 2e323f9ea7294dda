"""CLI for the policy library."""

import typer

app = typer.Typer(help="政策库: list, show, search, ingest the compilation's documents.", no_args_is_help=True)
