"""`policyhub library renewal`: renewal's command, attached to the library's group by the root CLI."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from cli_runner import run_cli
from policyhub import cli
from policyhub.renewal.cli import guide

RUNNER = CliRunner()


def _inproc(*args: str) -> str:
    """Through the root Typer app (exit codes of bad input are checked through the program's entry point)."""
    done = RUNNER.invoke(cli.app, ["library", "renewal", *args])
    assert done.exit_code == 0, done.output
    return done.output


def _inproc_json(*args: str) -> Any:
    return json.loads(_inproc(*args, "--format", "json"))


def test_renewal_lists_industries_then_shows_one() -> None:
    listed = _inproc_json()
    assert len(listed) == 31 and listed[6]["name"] == "重型机械行业"
    heavy = _inproc_json("重型机械")
    assert {"goal", "standards", "policies", "directions"} <= heavy.keys()


def test_text_output_reads_in_a_terminal() -> None:
    assert "重型机械行业" in _inproc("重型机械")


def test_an_unknown_industry_exits_2_with_a_message() -> None:
    done = run_cli("library", "renewal", "航天", "--format", "json")
    assert done.returncode == 2
    assert done.stderr.startswith("error: ")
    assert "Traceback" not in done.stderr


def test_the_library_group_lists_it_with_the_commands_own_help() -> None:
    done = RUNNER.invoke(cli.app, ["library", "--help"])
    assert done.exit_code == 0 and "renewal" in done.output
    # the listing's help is written out in cli.ATTACHED (listing imports nothing); it must say what the command says
    assert cli.ATTACHED["library"]["renewal"] == ("policyhub.renewal.cli:guide", guide.__doc__)
