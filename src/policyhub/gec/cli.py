"""CLI for the green electricity certificate registry."""

import typer

app = typer.Typer(help="绿证 registry: apply commands, state, holdings, verify, audit, report.", no_args_is_help=True)
admin_app = typer.Typer(help="Administration: API tokens and roles.", no_args_is_help=True)
