"""CLI for the 首台（套） catalog."""

import typer

app = typer.Typer(help="首台（套）重大技术装备目录 2024: list, show, check, match, find.", no_args_is_help=True)
