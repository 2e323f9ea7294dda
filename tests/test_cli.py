"""The root command: every system is reachable, bad input never shows a traceback."""

from __future__ import annotations

from typer.testing import CliRunner

from policyhub.cli import app

runner = CliRunner()


def test_root_help_lists_every_system() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in ("digital", "gec", "firstset", "library", "rules", "serve"):
        assert name in result.output
