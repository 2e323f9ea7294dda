"""CLI for the SME digital-level assessment."""

import typer

app = typer.Typer(help="中小企业数字化水平评测 (2024): assess, plan, batch, energy.", no_args_is_help=True)
