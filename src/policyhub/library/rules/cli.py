"""CLI for the rule checkers."""

import typer

rules_app = typer.Typer(
    help="Rules a program decides: negative-list, rd-eligibility, stamp-duty.", no_args_is_help=True
)
