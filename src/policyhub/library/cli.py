"""CLI for the policy library and the rule checkers."""

import typer

app = typer.Typer(help="政策库: list, show, search, ingest the compilation's documents.", no_args_is_help=True)
rules_app = typer.Typer(
    help="Rules a program decides: negative-list, rd-eligibility, stamp-duty.", no_args_is_help=True
)
